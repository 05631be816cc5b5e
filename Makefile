# tgt — sales target toolkit.  Plain make; see README.md.
#
#   make            build bin/tgt and bin/tgt-*
#   make test       unit + CLI tests, normal build and under ASan/UBSan
#   make demo       the example daily pipeline on examples/
#   make install    PREFIX=/usr/local DESTDIR= (binaries and man pages)
#   make bench      benchmark against peers (see bench/README)
#
# B is the build directory (objects in $(B)/obj, programs in $(B)/bin), so
# a sanitizer build can sit beside the normal one: make B=build/asan SAN=1.

VERSION	= 0.1.0
PREFIX	?= /usr/local
MANPREFIX ?= $(PREFIX)/share/man
DESTDIR	?=

CC	?= cc
B	?= .
SAN	?=
OPT	?= -O2
CFLAGS	?= $(OPT) -g
WARN	= -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes
STD	= -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE
INCS	= -Ilib -I/usr/include/iniparser
LIBS	= -lcsv -liniparser -luchardet -lxlsxwriter -lm -lpthread
ifneq ($(SAN),)
CFLAGS	= -O1 -g -fno-omit-frame-pointer -fsanitize=address,undefined \
	  -fno-sanitize-recover=undefined
LDFLAGS	+= -fsanitize=address,undefined
endif
# TSAN=1: ThreadSanitizer instead (make test-tsan).
TSAN	?=
ifneq ($(TSAN),)
CFLAGS	= -O1 -g -fno-omit-frame-pointer -fsanitize=thread
LDFLAGS	+= -fsanitize=thread
endif
ALL_CFLAGS = $(STD) $(WARN) $(INCS) $(CFLAGS)

OBJ	= $(B)/obj
BIN	= $(B)/bin
TBIN	= $(B)/obj/tests

# lib/*.c is the shared model; lib/NAME/*.c is the engine of tgt-NAME.
LIB_SRC	= $(sort $(wildcard lib/*.c lib/*/*.c))
LIB_HDR	= $(wildcard lib/*.h lib/*/*.h)
LIB_OBJ	= $(LIB_SRC:lib/%.c=$(OBJ)/lib/%.o)
LIBA	= $(OBJ)/libtgt.a
CMD_SRC	= $(sort $(wildcard cmd/*.c))
# cmd/tgt.c is the dispatcher bin/tgt; cmd/NAME.c is bin/tgt-NAME.
CMD_BIN	= $(patsubst cmd/%.c,$(BIN)/tgt-%,$(filter-out cmd/tgt.c,$(CMD_SRC))) \
	  $(BIN)/tgt
UNIT_SRC = $(sort $(wildcard tests/unit/test_*.c))
UNIT_BIN = $(UNIT_SRC:tests/unit/%.c=$(TBIN)/%)
MAN	= $(sort $(wildcard man/*.[157]))

.PHONY: all units test test-fast demo install uninstall clean deps lint-man \
	bench check-deps fuzz test-valgrind lint test-tsan

all: $(CMD_BIN)

# Keep objects make would treat as intermediate (no rebuild on every run).
.SECONDARY:

$(OBJ)/lib/%.o: lib/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(OBJ)/cmd/%.o: cmd/%.c $(LIB_HDR)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	@mkdir -p $(@D)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(BIN)/tgt: $(OBJ)/cmd/tgt.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS)

$(BIN)/tgt-%: $(OBJ)/cmd/%.o $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS)

$(TBIN)/test_%: tests/unit/test_%.c $(LIBA)
	@mkdir -p $(@D)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $< $(LIBA) $(LIBS) -lcmocka

units: $(UNIT_BIN)

# Installs the Debian packages the build needs (or says which are missing).
check-deps:
	@scripts/deps

# The whole suite twice: a normal build, then ASan/UBSan.  tests/run.sh
# prints the closing "N passed, M failed" line.
test: check-deps lint
	$(MAKE) all units
	$(MAKE) B=build/asan SAN=1 all units
	tests/run.sh $(B) build/asan

# One quick pass without sanitizers, for the edit-test loop.
test-fast: all units
	tests/run.sh $(B)

# tgt-track's two-thread paths under ThreadSanitizer: every tgt-track CLI
# test (they run with two threads, TGT_THREADS=1 aside) in build/tsan.
test-tsan: check-deps
	$(MAKE) B=build/tsan TSAN=1 all
	TESTS=track/ tests/run.sh build/tsan

demo: check-deps all
	examples/demo.sh $(BIN)

# The layout rule (README "Layout"): lib/*.[ch] never includes an engine,
# an engine includes lib/ and its own folder only, cmd/NAME.c only its own.
lint:
	@scripts/lint-layout

lint-man:
	mandoc -Tlint -W warning $(MAN)

install: all
	mkdir -p $(DESTDIR)$(PREFIX)/bin
	cp -f $(CMD_BIN) $(DESTDIR)$(PREFIX)/bin/
	for m in $(MAN); do \
		s=$${m##*.}; mkdir -p $(DESTDIR)$(MANPREFIX)/man$$s; \
		cp -f $$m $(DESTDIR)$(MANPREFIX)/man$$s/; \
	done

uninstall:
	for b in $(notdir $(CMD_BIN)); do rm -f $(DESTDIR)$(PREFIX)/bin/$$b; done
	for m in $(notdir $(MAN)); do \
		rm -f $(DESTDIR)$(MANPREFIX)/man$${m##*.}/$$m; done

bench: check-deps all
	bench/run.sh

# libFuzzer targets (clang): each runs FUZZ_SECONDS (default 60).
fuzz:
	$(MAKE) -f fuzz/fuzz.mk run

# The CLI suite under valgrind (slow; not part of make test).
test-valgrind: all
	tests/valgrind.sh $(B)

clean:
	rm -rf obj bin tests/bin build examples/out
