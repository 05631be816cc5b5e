#!/bin/sh
# bench/profile.sh: where tgt-track spends its time (bench/RESULTS.md).
#
#	bench/profile.sh [N]		default N: 200000
#
# Counts instructions with valgrind --tool=callgrind (exact and repeatable,
# unlike timings on a shared machine) for tgt-track and for the two parse
# floors on the same N-row file (libcsv alone; parse-floor -f, a quote-free
# fast path), and prints per row the instructions of each phase of
# tgt-track (inclusive costs of its main functions) next to the floors'.
# With perf, also samples tgt-track on the 1M-row file (cpu-clock, as VMs
# often lack hardware counters).
#
# Environment: B (build directory, as for make; default the repo).

LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
case ${B:-.} in
/*)	bin=$B/bin ;;
*)	bin=$top/${B:-.}/bin ;;
esac
data=$here/data
n=${1:-200000}
out=$data/profile
asof=2025-12-31

die() { printf 'profile: %s\n' "$*" >&2; exit 2; }

command -v valgrind >/dev/null 2>&1 || die "valgrind is needed"
[ -x "$bin/tgt-track" ] || die "no $bin/tgt-track: run make first"
mkdir -p "$out" || exit 2
for p in gen parse-floor; do
	[ -x "$data/$p" ] && [ -z "$(find "$here/$p.c" -newer "$data/$p")" ] ||
	    die "no $data/$p, or older than $p.c: run bench/run.sh first"
done
if [ ! -s "$data/total-$n" ]; then
	"$data/gen" "$n" "$data/orders-$n.csv" "$data/targets-$n.csv" \
	    >"$data/total-$n" || die "gen $n failed"
fi

cg() {	# name command...
	name=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file="$out/cg.$name" \
	    "$@" >/dev/null 2>"$out/cg.$name.log" || die "$name failed"
	callgrind_annotate --inclusive=yes "$out/cg.$name" \
	    >"$out/cg.$name.incl" 2>/dev/null
	callgrind_annotate "$out/cg.$name" >"$out/cg.$name.self" 2>/dev/null
}

# Inclusive instructions of function $2 in profile $1 (first match).
incl() {
	awk -v f="$2" '
	{ gsub(/,/, "", $1) }
	$0 ~ (":" f " ") || $0 ~ (":" f "$") { print $1; exit }' \
	    "$out/cg.$1.incl"
}

# One thread: the same work, attributed to one call tree.
TGT_THREADS=1
export TGT_THREADS
cg track "$bin/tgt-track" -t "$data/targets-$n.csv" --asof $asof \
    "$data/orders-$n.csv"
unset TGT_THREADS
cg floor "$data/parse-floor" "$data/orders-$n.csv"
cg fast "$data/parse-floor" -f "$data/orders-$n.csv"

total=$(awk '/PROGRAM TOTALS/ { gsub(/,/, "", $1); print $1; exit }' \
    "$out/cg.track.incl")
floor=$(incl floor main)
echo "instructions per order row, $n rows (callgrind, TGT_THREADS=1" \
    "$bin/tgt-track), inclusive; setup and output are fixed costs, shown / N:"
printf '  %-14s %8.0f  100.0%%\n' total "$(echo "$total $n" |
    awk '{ print $1 / $2 }')"
# Names of the current lib/ code: setup; reading (csvio: the fast path
# fast_row, libcsv for lines with a quote); counting (feed_row: date, value,
# matching, accumulating); output.
for f in tracker_new tracker_feed csvin_next next_line fast_row csv_parse \
    on_field feed_row row_day date_parse row_value num_parse matcher_find \
    matcher_find_cached \
    acc_add tracker_write pct_format; do
	v=$(incl track "$f")
	[ -n "$v" ] || { printf '  %-14s (inlined or absent)\n' "$f"; continue; }
	printf '  %-14s %8.0f  %5.1f%%\n' "$f" "$(echo "$v $n" |
	    awk '{ print $1 / $2 }')" "$(echo "$v $total" |
	    awk '{ print 100 * $1 / $2 }')"
done
printf '  %-14s %8.0f  (libcsv csv_parse alone, counting callbacks)\n' \
    floor "$(echo "$floor $n" | awk '{ print $1 / $2 }')"
printf '  %-14s %8.0f  (parse-floor -f: memchr split of quote-free lines)\n' \
    fast-floor "$(echo "$(incl fast main) $n" | awk '{ print $1 / $2 }')"
echo "self cost, top functions:"
sed -n '/file:function/,$p' "$out/cg.track.self" | sed -n '3,22p'

if command -v perf >/dev/null 2>&1 && [ -s "$data/orders-1000000.csv" ]; then
	perf record -q -e cpu-clock -F 1999 -o "$out/perf.data" \
	    "$bin/tgt-track" -t "$data/targets-1000000.csv" --asof $asof \
	    "$data/orders-1000000.csv" >/dev/null 2>"$out/perf.log" &&
	    { echo "perf (cpu-clock samples, 1000000 rows):"
	      perf report -i "$out/perf.data" --no-children --stdio \
	      2>/dev/null | grep -E '^ +[0-9]' | head -n 20; }
fi
