# Makefile - the single-neuron report. `make report`, `make test`, `make bench`.
.DELETE_ON_ERROR:
.SUFFIXES:

VERSION   := 0.1.0
CC        ?= cc
PREFIX    ?= /usr/local
DESTDIR   ?=
MANDIR    ?= $(PREFIX)/share/man
BUILD     ?= build
CFLAGS    ?= -O3 -g
# -ffp-contract=off: no fused multiply-add, so sums round exactly as the
# article's Python does; never -ffast-math.
NR_CFLAGS  = -std=c11 -Wall -Wextra -Wshadow -Wstrict-prototypes \
             -Wmissing-prototypes -Werror -ffp-contract=off
# The exact gradient fuses its multiply-adds (src/model/neuron.h) when the
# machine that builds has FMA instructions; FMA=1 or FMA=0 chooses. A build
# gives the same bits on every machine: a fused one on a processor without
# FMA gets them from C's fma(), slowly.
ifeq ($(origin FMA),undefined)
FMA       := $(shell grep -qsw fma /proc/cpuinfo && echo 1 || echo 0)
endif
CPPFLAGS  += -MMD -MP -Isrc -D_GNU_SOURCE -DNR_VERSION='"$(VERSION)"' -DNEURON_FMA=$(FMA) \
             -DNR_DATADIR='"$(PREFIX)/share/neuron"' -DNR_LIBDIR='"$(PREFIX)/lib/neuron"'
LDLIBS     = -lcsv -lm -pthread

# src/<layer>/<module>.c, layers from the bottom up: base, model, output,
# report, app (see README.md). src/preload/ is not linked into the program.
SRC       := $(filter-out src/preload/%,$(wildcard src/*/*.c))
LIB_OBJ   := $(patsubst src/%.c,$(BUILD)/%.o,$(filter-out src/app/main.c,$(SRC)))
TEST_OBJ  := $(patsubst tests/%.c,$(BUILD)/tests/%.o,$(wildcard tests/*.c))
# What neuron preloads into gnuplot (src/preload/: how PNGs are packed, how
# the GIF's text is drawn): found beside the program, or in
# $(PREFIX)/lib/neuron once installed.
PRELOAD   := $(BUILD)/neuron-gnuplot.so

# make report FORMAT=svg ITERS=20000 SEED=7 GRADIENT=article LRS="1e-4, 5e-4"
#             THEME=dark SIZE=1920x1080 FONT_SCALE=1.4 DATA=km.csv REPORT_LANG=de
# (REPORT_LANG, not LANG: that one is the locale of the environment.)
# Every value reaches the program as one word, whatever it contains.
FORMAT    ?= png
ITERS     ?= 10000
SEED      ?= 42
GRADIENT  ?= exact
OUT       ?= output
quote      = '$(subst ','\'',$(1))'
opt        = $(if $(2),$(1) $(call quote,$(2)))
REPORT_OPTS = $(call opt,--format,$(FORMAT)) $(call opt,--iters,$(ITERS)) \
              $(call opt,--seed,$(SEED)) $(call opt,--gradient,$(GRADIENT)) \
              $(call opt,--out,$(OUT)) $(call opt,--lrs,$(LRS)) \
              $(call opt,--theme,$(THEME)) $(call opt,--size,$(SIZE)) \
              $(call opt,--font-scale,$(FONT_SCALE)) $(call opt,--data,$(DATA)) \
              $(call opt,--lang,$(REPORT_LANG))

.PHONY: all deps deps-latex report test test-sanitize fuzz bench install uninstall clean print-fma FORCE
all: $(BUILD)/neuron $(PRELOAD)

deps:
	@CC="$(CC)" tools/deps.sh

# report.pdf and slides.pdf: LaTeX (beamer draws with pgf, which is in
# texlive-pictures) and latexmk; the tests read the PDFs back with poppler's
# pdfinfo and pdftotext; report.html's MathML names DejaVu Math TeX Gyre
# first (fonts-lmodern, which texlive brings, has Latin Modern Math).
LATEX_DEPS = texlive-latex-recommended texlive-pictures latexmk poppler-utils \
             fonts-dejavu-extra
deps-latex:
	@CC="$(CC)" tools/deps.sh $(LATEX_DEPS)

$(BUILD)/neuron: $(BUILD)/app/main.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# Never built with sanitizers (CFLAGS, LDFLAGS): it runs inside gnuplot.
$(PRELOAD): $(wildcard src/preload/*.c)
	@mkdir -p $(@D)
	$(CC) -std=c11 -O2 -Wall -Wextra -Werror -D_GNU_SOURCE -fPIC -shared -o $@ $^ -ldl

$(BUILD)/test_neuron: $(TEST_OBJ) $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ -lcunit $(LDLIBS)

$(BUILD)/bench: $(BUILD)/tools/bench.o $(LIB_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

$(BUILD)/tools/%.o: tools/%.c | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(NR_CFLAGS) $(CFLAGS) -c -o $@ $<

# PREFIX and FMA are compiled in (NR_DATADIR, NEURON_FMA): rebuild when
# they change, so that `make install PREFIX=...` never installs a binary
# looking elsewhere, nor FMA=0 keeps the fused order.
$(BUILD)/config: FORCE
	@mkdir -p $(@D)
	@echo '$(PREFIX) $(FMA)' | cmp -s - $@ || echo '$(PREFIX) $(FMA)' > $@

$(BUILD)/%.o: src/%.c $(BUILD)/config | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(NR_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/tests/%.o: tests/%.c $(BUILD)/config | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DNEURON_BIN='"$(BUILD)/neuron"' $(NR_CFLAGS) $(CFLAGS) -c -o $@ $<

report: $(BUILD)/neuron $(PRELOAD)
	$(BUILD)/neuron report $(REPORT_OPTS)

# The document tests open report.html and slides.html in headless Chromium,
# check them with HTML Tidy, and compile report.tex and slides.tex with
# pdflatex. `make test SUITE=data` runs one suite.
SUITE ?=
test: $(BUILD)/neuron $(PRELOAD) $(BUILD)/test_neuron
	@CC="$(CC)" tools/deps.sh chromium tidy $(LATEX_DEPS)
	$(BUILD)/test_neuron $(SUITE)

bench: $(BUILD)/neuron $(PRELOAD) $(BUILD)/bench $(BUILD)/neuron-without-optimizers
	$(BUILD)/bench $(BUILD)/neuron tools/reference_train.py $(BUILD)/neuron-without-optimizers

# The program without its optimizers section, for bench to measure what
# the section costs (report.c leaves it out of the table).
$(BUILD)/report/report-without-optimizers.o: src/report/report.c $(BUILD)/config | deps
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) -DNR_WITHOUT_OPTIMIZERS $(NR_CFLAGS) $(CFLAGS) -c -o $@ $<

$(BUILD)/neuron-without-optimizers: $(BUILD)/app/main.o $(BUILD)/report/report-without-optimizers.o \
                                    $(filter-out $(BUILD)/report/report.o,$(LIB_OBJ))
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $^ $(LDLIBS)

# The test suite once more under AddressSanitizer + UndefinedBehaviorSanitizer.
SAN_FLAGS = -O1 -g -fsanitize=address,undefined -fno-sanitize-recover=all \
            -fno-omit-frame-pointer
test-sanitize:
	$(MAKE) test BUILD=$(BUILD)/san CFLAGS="$(SAN_FLAGS)" LDFLAGS="$(SAN_FLAGS)"

# libFuzzer targets for the data reader and the option parser, built with
# clang under ASan + UBSan, each run for FUZZ_SECONDS from the seed corpus in
# tests/fuzz/ (new inputs go to $(BUILD)/fuzz/, the seeds stay as they are).
# Inputs reach FUZZ_MAX_LEN bytes, or FUZZ_MAX_LEN_<target>: the data
# reader's reach 20000, so that lines and records longer than CSV_LINE_MAX
# (4096) are explored and every seed fits whole.
FUZZ_CC      ?= clang
FUZZ_SECONDS ?= 60
FUZZ_FLAGS    = -O1 -g -fsanitize=fuzzer,address,undefined \
                -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_TARGETS  = data cli math
FUZZ_MAX_LEN ?= 4096
FUZZ_MAX_LEN_data ?= 20000
fuzz: $(FUZZ_TARGETS:%=$(BUILD)/fuzz/fuzz_%)
	@$(foreach t,$(FUZZ_TARGETS), \
		mkdir -p $(BUILD)/fuzz/corpus_$(t) && \
		echo "fuzz: $(t) for $(FUZZ_SECONDS) s" && \
		$(BUILD)/fuzz/fuzz_$(t) -max_total_time=$(FUZZ_SECONDS) \
			-max_len=$(or $(FUZZ_MAX_LEN_$(t)),$(FUZZ_MAX_LEN)) \
			-timeout=10 -close_fd_mask=3 -print_final_stats=1 \
			-artifact_prefix=$(BUILD)/fuzz/$(t)- \
			$(BUILD)/fuzz/corpus_$(t) tests/fuzz/corpus_$(t) || exit 1;)

$(BUILD)/fuzz/fuzz_%: tests/fuzz/fuzz_%.c $(filter-out src/app/main.c,$(SRC))
	@CC="$(FUZZ_CC)" tools/deps.sh clang libclang-rt-dev
	@mkdir -p $(@D)
	$(FUZZ_CC) $(filter-out -MMD -MP,$(CPPFLAGS)) $(NR_CFLAGS) $(FUZZ_FLAGS) \
		-o $@ $^ $(LDLIBS)

install: $(BUILD)/neuron $(PRELOAD)
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/neuron/scripts \
	           $(DESTDIR)$(PREFIX)/share/neuron/lang $(DESTDIR)$(MANDIR)/man1 \
	           $(DESTDIR)$(PREFIX)/lib/neuron
	install -m 755 $(BUILD)/neuron $(DESTDIR)$(PREFIX)/bin/neuron
	install -m 644 $(PRELOAD) $(DESTDIR)$(PREFIX)/lib/neuron/neuron-gnuplot.so
	install -m 644 scripts/*.gp $(DESTDIR)$(PREFIX)/share/neuron/scripts/
	install -m 644 lang/*.txt $(DESTDIR)$(PREFIX)/share/neuron/lang/
	install -m 644 docs/neuron.1 $(DESTDIR)$(MANDIR)/man1/neuron.1

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/neuron $(DESTDIR)$(MANDIR)/man1/neuron.1
	rm -rf $(DESTDIR)$(PREFIX)/share/neuron $(DESTDIR)$(PREFIX)/lib/neuron

clean:
	rm -rf $(BUILD)

print-fma:
	@echo $(FMA)

-include $(wildcard $(BUILD)/*/*.d)
