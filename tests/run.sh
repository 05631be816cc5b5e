#!/bin/sh
# Run the unit tests (cmocka) and the CLI tests once per build directory
# given (default "."), and end with one line "N passed, M failed".
#
# A CLI test is a directory under tests/cli holding a file `cmd`: a shell
# script run in that directory with the build's bin/ first on PATH and $T a
# fresh empty temporary directory.  Beside it: `stdout` (expected output;
# absent = must be empty), `stderr` (likewise), `exit` (expected status;
# absent = 0).  Everything else in the directory is input.
#
# Environment: TESTS=pattern runs only the CLI tests whose path matches.

top=$(cd "$(dirname "$0")/.." && pwd)
[ $# -gt 0 ] || set -- .
pass=0
fail=0
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tgt-test.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

# Sanitizer reports fail a test through stderr and the exit status.
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export LC_ALL=C.UTF-8 TZ=UTC
unset TGT_CONFIG NO_COLOR XDG_CONFIG_HOME

run_units() {
	b=$1
	for t in "$b"/obj/tests/test_*; do
		[ -x "$t" ] || continue
		out=$tmp/unit.out
		CMOCKA_MESSAGE_OUTPUT=stdout "$t" >"$out" 2>&1
		rc=$?
		p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
		f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$out" | tail -n 1)
		p=${p:-0}
		f=${f:-0}
		if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
			f=1	# crashed or failed outside a test
		fi
		pass=$((pass + p))
		fail=$((fail + f))
		if [ "$f" -ne 0 ]; then
			echo "FAIL unit $t"
			grep -v '^\[ \(RUN\|       OK\) ' "$out" | head -n 60
		fi
	done
}

run_cli() {
	bin=$(cd "$1/bin" && pwd)
	for cmd in $(find "$top/tests/cli" -name cmd -type f | sort); do
		dir=$(dirname "$cmd")
		name=${dir#"$top"/tests/cli/}
		case "$name" in *${TESTS:-}*) ;; *) continue ;; esac
		T=$tmp/t
		rm -rf "$T"
		mkdir -p "$T"
		(cd "$dir" && PATH="$bin:$PATH" T="$T" sh ./cmd \
		    >"$tmp/out" 2>"$tmp/err" </dev/null)
		rc=$?
		want_rc=0
		[ -f "$dir/exit" ] && want_rc=$(cat "$dir/exit")
		ok=1
		for s in stdout stderr; do
			exp=$dir/$s
			[ -f "$exp" ] || exp=/dev/null
			got=$tmp/out
			[ $s = stderr ] && got=$tmp/err
			if ! cmp -s "$exp" "$got"; then
				[ $ok = 1 ] && echo "FAIL $name ($(basename "$1"))"
				ok=0
				echo "--- $s differs (expected, got):"
				diff "$exp" "$got" | head -n 40
			fi
		done
		if [ "$rc" != "$want_rc" ]; then
			[ $ok = 1 ] && echo "FAIL $name ($(basename "$1"))"
			ok=0
			echo "--- exit status $rc, expected $want_rc"
		fi
		if [ $ok = 1 ]; then
			pass=$((pass + 1))
		else
			fail=$((fail + 1))
		fi
	done
}

for b in "$@"; do
	run_units "$b"
	run_cli "$b"
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
