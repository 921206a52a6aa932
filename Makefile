# Makefile - the single-neuron report. `make report`, `make test`, `make bench`.
.DELETE_ON_ERROR:
.SUFFIXES:

VERSION   := 0.1.0
CC        ?= cc
PREFIX    ?= /usr/local
DESTDIR   ?=
BUILD     ?= build
CFLAGS    ?= -O3 -g
# -ffp-contract=off: no fused multiply-add, so sums round exactly as the
# article's Python does; never -ffast-math.
NR_CFLAGS  = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Werror -ffp-contract=off
CPPFLAGS  += -MMD -MP -D_GNU_SOURCE -DNR_VERSION='"$(VERSION)"' \
             -DNR_DATADIR='"$(PREFIX)/share/neuron"'
LDLIBS     = -lcsv -lm

SRC       := $(wildcard src/*.c)
LIB_OBJ   := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/main.c,$(SRC)))
TEST_OBJ  := $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(wildcard tests/*.c))

# make report FORMAT=svg ITERS=20000 SEED=7 GRADIENT=article LRS=1e-4,5e-4
FORMAT    ?= png
ITERS     ?= 10000
SEED      ?= 42
GRADIENT  ?= exact
OUT       ?= output
REPORT_OPTS = --format $(FORMAT) --iters $(ITERS) --seed $(SEED) \
              --gradient $(GRADIENT) --out $(OUT) $(if $(LRS),--lrs $(LRS))

.PHONY: all deps report test test-sanitize bench install uninstall clean
all: $(BUILD)/neuron

deps:
	@CC="$(CC)" tools/deps.sh

$(BUILD)/neuron: $(BUILD)/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/test_neuron: $(TEST_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcunit $(LDLIBS)

$(BUILD)/bench: $(BUILD)/tools/bench.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tools/%.o: tools/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Isrc $(NR_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/%.o: src/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(NR_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -Isrc -DNEURON_BIN='"$(BUILD)/neuron"' $(NR_CFLAGS) $(CFLAGS) -c -o $@ $<

report: $(BUILD)/neuron
	$(BUILD)/neuron report $(REPORT_OPTS)

# The document test opens report.html in headless Chromium.
test: $(BUILD)/neuron $(BUILD)/test_neuron
	@CC="$(CC)" tools/deps.sh chromium
	$(BUILD)/test_neuron

bench: $(BUILD)/neuron $(BUILD)/bench
	$(BUILD)/bench $(BUILD)/neuron

# The test suite once more under AddressSanitizer + UndefinedBehaviorSanitizer.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
test-sanitize:
	$(MAKE) test BUILD=$(BUILD)/san CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)"

install: $(BUILD)/neuron
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/neuron/scripts
	install -m 755 $(BUILD)/neuron $(DESTDIR)$(PREFIX)/bin/neuron
	install -m 644 scripts/*.gp $(DESTDIR)$(PREFIX)/share/neuron/scripts/

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/neuron
	rm -rf $(DESTDIR)$(PREFIX)/share/neuron

clean:
	rm -rf $(BUILD)

-include $(wildcard $(BUILD)/*.d $(BUILD)/tests/*.d $(BUILD)/tools/*.d)
