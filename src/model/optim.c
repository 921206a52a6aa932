/* optim.c - the optimizers' names and default settings (the updates are
 * inline in optim.h). */
#include "model/optim.h"

#include <string.h>

static const char *const names[OPTIMIZERS] = {
	[OPTIM_GD] = "gd",
	[OPTIM_MOMENTUM] = "momentum",
	[OPTIM_NESTEROV] = "nesterov",
	[OPTIM_ADAM] = "adam",
};

struct optim_params optim_params_default(void)
{
	return (struct optim_params){
		.kind = OPTIM_GD,
		.momentum = DEFAULT_MOMENTUM,
		.beta1 = DEFAULT_BETA1,
		.beta2 = DEFAULT_BETA2,
		.epsilon = DEFAULT_EPSILON,
	};
}

const char *optimizer_name(enum optimizer kind)
{
	return (unsigned)kind < OPTIMIZERS ? names[kind] : "unknown";
}

int optimizer_from_name(const char *name, enum optimizer *kind)
{
	for (int i = 0; i < OPTIMIZERS; i++)
		if (!strcmp(name, names[i])) {
			*kind = (enum optimizer)i;
			return 0;
		}
	return -1;
}
