# fuzz/fuzz.mk: libFuzzer targets (issue 8).  Run from the top directory.
#
#   make fuzz                         build, then run every target FUZZ_SECONDS
#   make -f fuzz/fuzz.mk all          build only
#   make -f fuzz/fuzz.mk run FUZZ_SECONDS=10 FUZZ_TARGETS="num csv"
#   make -f fuzz/fuzz.mk repro FUZZ_TARGETS=csv FILE=crash-...
#
# Each fuzz/fuzz_NAME.c is a target $(FB)/fuzz_NAME.  The library is
# compiled again with clang and the fuzzer's coverage instrumentation into
# $(FB), so the normal build is untouched.  Needs clang with libFuzzer
# (Debian: clang and libclang-rt-dev, i.e. libclang-rt-14-dev for clang 14).
#
# A run works on $(FB)/corpus/NAME, seeded from fuzz/corpus/NAME and the
# test and example files (CSV, tgt.ini); the committed seeds are not
# modified.  Crashes go to $(FB)/artifacts/; the executions of each target
# are appended to $(FB)/summary.txt.  A crash fails the run at the end.

FUZZ_CC	?= clang
FB	?= build/fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= $(patsubst fuzz/fuzz_%.c,%,$(sort $(wildcard fuzz/fuzz_*.c)))

SANFLAGS = -fsanitize=address,undefined -fno-sanitize-recover=undefined
FCFLAGS	= -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
	  -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
	  -Ilib -Ifuzz -I/usr/include/iniparser \
	  -g -O1 -fno-omit-frame-pointer $(SANFLAGS)
# die() exits; targets that reach it catch the exit (fuzz/fuzz.h).
FLDFLAGS = -fsanitize=fuzzer $(SANFLAGS) \
	  -Wl,--wrap=exit,--wrap=fopen,--wrap=fclose
LIBS	= -lcsv -liniparser -luchardet -lxlsxwriter -lm -lpthread

LIB_SRC	= $(sort $(wildcard lib/*.c lib/*/*.c))
LIB_OBJ	= $(LIB_SRC:lib/%.c=$(FB)/obj/lib/%.o)
LIBA	= $(FB)/obj/libtgt-fuzz.a
TARGETS	= $(FUZZ_TARGETS:%=$(FB)/fuzz_%)

# Targets that go through die() leak what the dying call allocated, so
# they run without leak detection and under -fork (fuzz/tool.h): a worker
# can still reach the RSS limit by what earlier inputs leaked (conf after
# 1.8 million inputs, the tools after a few thousand), and an OOM artifact
# that runs clean on its own is such a one, not a bug.
NOLEAK	= conf track report split variance alerttool funnel
FORK	= $(NOLEAK)

.PHONY: all run repro check

all: check $(TARGETS)

check:
	@command -v $(FUZZ_CC) >/dev/null 2>&1 || { \
	    echo "fuzz: $(FUZZ_CC) not found: fuzzing needs clang and" \
	        "libFuzzer (apt-get install clang libclang-rt-dev)" >&2; \
	    exit 1; }
	@mkdir -p $(FB)
	@printf 'int LLVMFuzzerTestOneInput(const char *d, unsigned long n)%s\n' \
	    '{ (void)d; (void)n; return 0; }' >$(FB)/check.c
	@$(FUZZ_CC) -fsanitize=fuzzer -o $(FB)/check $(FB)/check.c \
	    >/dev/null 2>&1 || { \
	    echo "fuzz: $(FUZZ_CC) cannot link -fsanitize=fuzzer: install" \
	        "libclang-rt-dev (clang 14: libclang-rt-14-dev)" >&2; \
	    exit 1; }

$(FB)/obj/lib/%.o: lib/%.c $(wildcard lib/*.h lib/*/*.h)
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FCFLAGS) -fsanitize=fuzzer-no-link -c -o $@ $<

$(FB)/obj/common.o: fuzz/common.c fuzz/fuzz.h
	@mkdir -p $(@D)
	$(FUZZ_CC) $(FCFLAGS) -c -o $@ $<

$(LIBA): $(LIB_OBJ)
	rm -f $@
	ar rcs $@ $(LIB_OBJ)

$(FB)/fuzz_%: fuzz/fuzz_%.c fuzz/fuzz.h $(FB)/obj/common.o $(LIBA)
	$(FUZZ_CC) $(FCFLAGS) $(FLDFLAGS) -o $@ $< $(FB)/obj/common.o \
	    $(LIBA) $(LIBS)

# Seeds: the committed ones, plus CSV and ini files from tests/ and
# examples/ behind a mode byte 0 (auto encoding, detected delimiter).
define seed
	rm -rf $(FB)/corpus/$(1); mkdir -p $(FB)/corpus/$(1); \
	cp fuzz/corpus/$(1)/* $(FB)/corpus/$(1)/ 2>/dev/null; \
	case $(1) in \
	conf) for f in $$(find tests examples -name '*.ini'); do \
		cp $$f $(FB)/corpus/$(1)/$$(echo $$f | tr / _); done ;; \
	csv|track|variance|alerttool|report|split|funnel) \
	    for f in $$(find tests examples -name '*.csv'); do \
		{ printf '\000'; cat $$f; } \
		    >$(FB)/corpus/$(1)/$$(echo $$f | tr / _); done ;; \
	esac
endef

run: all
	@mkdir -p $(FB)/artifacts
	@echo "# $$(date -u '+%Y-%m-%d %H:%M') UTC, $(FUZZ_SECONDS) s each" \
	    >>$(FB)/summary.txt
	@failed=; \
	for t in $(FUZZ_TARGETS); do \
	    $(call seed,$$t); \
	    leaks=1; case " $(NOLEAK) " in *" $$t "*) leaks=0 ;; esac; \
	    fork=; case " $(FORK) " in *" $$t "*) \
	        fork="-fork=1 -ignore_ooms=1 -rss_limit_mb=1024" ;; esac; \
	    echo "fuzz: $$t for $(FUZZ_SECONDS) s"; \
	    ASAN_OPTIONS=detect_leaks=$$leaks $(FB)/fuzz_$$t \
	        -max_total_time=$(FUZZ_SECONDS) -timeout=10 -print_final_stats=1 \
	        -close_fd_mask=3 -detect_leaks=$$leaks $$fork \
	        -artifact_prefix=$(FB)/artifacts/$$t- \
	        $(FB)/corpus/$$t >$(FB)/$$t.log 2>&1; \
	    rc=$$?; note=; \
	    if [ $$rc -ne 0 ] && [ -n "$$fork" ]; then \
	        otc=$$(sed -n 's|.*oom/timeout/crash: \([0-9/]*\).*|\1|p' \
	            $(FB)/$$t.log | tail -n 1); \
	        case $$otc in *[1-9]*/0/0) \
	            clean=1; \
	            for a in $(FB)/artifacts/$$t-oom-*; do \
	                ASAN_OPTIONS=detect_leaks=0 $(FB)/fuzz_$$t \
	                    -rss_limit_mb=1024 -close_fd_mask=3 $$a \
	                    >/dev/null 2>&1 || clean=0; \
	            done; \
	            if [ $$clean = 1 ]; then rc=0; \
	                note=" ($${otc%%/*} OOM from leaks, clean alone)"; \
	                rm -f $(FB)/artifacts/$$t-oom-*; fi ;; \
	        esac; \
	    fi; \
	    execs=$$(sed -n 's/^stat::number_of_executed_units: *//p' \
	        $(FB)/$$t.log | tail -n 1); \
	    [ -n "$$execs" ] || execs=$$(sed -n 's/^#\([0-9]*\): cov.*/\1/p' \
	        $(FB)/$$t.log | tail -n 1); \
	    cov=$$(grep -o 'cov: [0-9]*' $(FB)/$$t.log | tail -n 1); \
	    if [ $$rc -eq 0 ]; then res=ok; else res="CRASH (rc $$rc)"; \
	        failed="$$failed $$t"; tail -n 40 $(FB)/$$t.log; fi; \
	    echo "$$t: $$res, $${execs:-?} executions, $$cov$$note" | \
	        tee -a $(FB)/summary.txt; \
	done; \
	if [ -n "$$failed" ]; then \
	    echo "fuzz: crashed:$$failed (see $(FB)/artifacts, $(FB)/*.log)"; \
	    exit 1; fi

# Run one target on one input, printing what the code under test says.
repro: all
	$(FB)/fuzz_$(FUZZ_TARGETS) $(FILE)
