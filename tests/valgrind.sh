#!/bin/sh
# Run the unit and CLI tests of a build (default ".") with every program
# under valgrind: tests/run.sh is pointed at a shadow build directory whose
# bin/tgt* and obj/tests/test_* are wrappers that exec
#
#	valgrind --error-exitcode=1 --leak-check=full -q PROGRAM ARGS
#
# A memory error or a definite or possible leak makes valgrind print to
# stderr and exit 1, so the test fails on its stderr or exit status.  What
# is still reachable at exit (die() does not free) is not an error.  One
# suppression: a process killed by a signal (SIGPIPE in hostile/broken-pipe)
# after starting threads leaves glibc's cached thread stacks, whose TLS
# blocks valgrind counts as "possibly lost".
# Slow: not part of `make test`.  TESTS=pattern filters as in tests/run.sh.
#
# tgt/dispatch fails here by design: it copies bin/tgt (the wrapper) and
# checks which tgt-split the copy runs.  A tool run through the dispatcher
# is not itself under valgrind (its own tests are).

top=$(cd "$(dirname "$0")/.." && pwd)
b=$(cd "${1:-.}" && pwd) || exit 2
command -v valgrind >/dev/null 2>&1 || {
	echo "tests/valgrind.sh: valgrind not found (apt-get install valgrind)" >&2
	exit 2
}
[ -x "$b/bin/tgt-track" ] || {
	echo "tests/valgrind.sh: no programs in $b/bin (make all first)" >&2
	exit 2
}
shadow=$(mktemp -d "${TMPDIR:-/tmp}/tgt-vg.XXXXXX")
trap 'rm -rf "$shadow"' EXIT
trap 'exit 2' INT TERM
mkdir -p "$shadow/bin" "$shadow/obj/tests"

cat >"$shadow/tgt.supp" <<'SUPP'
{
   glibc-cached-thread-tls
   Memcheck:Leak
   match-leak-kinds: possible
   fun:calloc
   ...
   fun:_dl_allocate_tls
   ...
}
SUPP

# wrap PROGRAM WRAPPER [DIR]: with DIR, valgrind finds PROGRAM's name in
# DIR through PATH, so the program sees the bare name as argv[0], as it
# does in a normal run (getopt's messages print argv[0]).
wrap() {
	if [ $# -eq 3 ]; then
		run="PATH=\"$3:\$PATH\" exec valgrind"
		prog=$(basename "$1")
	else
		run="exec valgrind"
		prog=$1
	fi
	cat >"$2" <<WRAP
#!/bin/sh
$run --error-exitcode=1 --leak-check=full -q \\
    --suppressions="$shadow/tgt.supp" "$prog" "\$@"
WRAP
	chmod +x "$2"
}

mkdir -p "$shadow/real"
for p in "$b"/bin/tgt*; do
	[ -x "$p" ] || continue
	ln -s "$p" "$shadow/real/$(basename "$p")"
	wrap "$p" "$shadow/bin/$(basename "$p")" "$shadow/real"
done
for t in "$b"/obj/tests/test_*; do
	[ -x "$t" ] && wrap "$t" "$shadow/obj/tests/$(basename "$t")"
done
"$top/tests/run.sh" "$shadow"
