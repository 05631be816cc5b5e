#!/bin/sh
# bench/funnel.sh: tgt-funnel against DuckDB and sqlite3 on the same job
# (bench/README, "tgt-funnel"): per rep x month x stage the counts,
# conversions, team benchmark, gap, bottleneck, average days and amount of
# the won ones, and the open ones stalled for more than 30 days.
#
#	bench/funnel.sh [N]		default 1000000 opportunities
#
# Environment: B (build directory, as for make), ROUNDS (3), THREADS
# (DuckDB's, 2), TOOLS (default "tgt-funnel duckdb sqlite3").  The data is
# made once per N by bench/gen-funnel.sh into bench/data/.  Every run is
# checked: after normalising the numbers, its rows must equal
# tgt-funnel's, byte for byte (sorted).  DuckDB is @duckdb/node-api from
# bench/node_modules (bench/run.sh installs it), sqlite3 the Debian one; a
# peer that is missing is skipped with a message.

LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
case ${B:-.} in
/*)	bin=$B/bin ;;
*)	bin=$top/${B:-.}/bin ;;
esac
n=${1:-1000000}
rounds=${ROUNDS:-3}
threads=${THREADS:-2}
tools=${TOOLS:-tgt-funnel duckdb sqlite3}
data=$here/data
file=$data/funnel-$n.csv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tgt-fbench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

say() { printf '%s\n' "$*" >&2; }

[ -x "$bin/tgt-funnel" ] || { say "bench: no $bin/tgt-funnel (make first)"; exit 2; }
[ -x /usr/bin/time ] || { say "bench: GNU time (/usr/bin/time) is needed"; exit 2; }
mkdir -p "$data"
[ -s "$file" ] || "$here/gen-funnel.sh" "$n" >"$file" || exit 2

# One script per tool, so GNU time times the whole of it.
write_scripts() {
	cat >"$tmp/run-tgt-funnel" <<-END
	exec "$bin/tgt-funnel" --stages 线索,商机,方案,报价,成交 -k rep \
	    --by month --stalled 30 --asof 2025-12-31 "$file"
	END
	cat >"$tmp/run-duckdb" <<-END
	exec node "$here/duckdb-funnel.mjs" "$file" "$threads"
	END
	cat >"$tmp/run-sqlite3" <<-END
	{ printf '.import --csv %s opps\n' "$file"
	  cat "$here/sqlite-funnel.sql"; } | sqlite3 :memory:
	END
}

usable() {
	case $1 in
	tgt-funnel)	return 0 ;;
	duckdb)		command -v node >/dev/null 2>&1 &&
			    [ -d "$here/node_modules/@duckdb/node-api" ] ;;
	sqlite3)	command -v sqlite3 >/dev/null 2>&1 ;;
	*)		return 1 ;;
	esac
}

# Rows with the numbers in one spelling (54.8 / 54.80 / "54.8"), sorted.
normal() {
	tr -d '"\r' <"$1" | awk -F, 'NR > 1 {
		for (i = 5; i <= 8; i++) if ($i != "") $i = sprintf("%.1f", $i)
		if ($10 != "") $10 = sprintf("%.1f", $10)
		if ($11 != "") $11 = sprintf("%.2f", $11)
		print }' OFS=, | sort
}

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

use=
for t in $tools; do
	if usable "$t"; then use="$use $t"; else say "bench: $t not found, skipped"; fi
done
write_scripts
say "bench: $n opportunities, $(wc -c <"$file") bytes; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
fail=0
r=1
while [ "$r" -le "$rounds" ]; do
	for t in $use; do
		/usr/bin/time -f '%e %U %S %M' -o "$tmp/time" \
		    sh "$tmp/run-$t" >"$tmp/out-$t" 2>"$tmp/err-$t" ||
		    { say "bench: $t failed:"; cat "$tmp/err-$t" >&2; fail=1; }
		read -r wall user sys rss <"$tmp/time"
		echo "$wall" >>"$tmp/wall-$t"
		echo "$user $sys" | awk '{ print $1 + $2 }' >>"$tmp/cpu-$t"
		echo "$rss" >>"$tmp/rss-$t"
		normal "$tmp/out-$t" >"$tmp/norm-$t"
		if [ "$t" != tgt-funnel ] && [ -f "$tmp/norm-tgt-funnel" ]; then
			if cmp -s "$tmp/norm-tgt-funnel" "$tmp/norm-$t"; then
				echo ok >"$tmp/check-$t"
			else
				echo DIFF >"$tmp/check-$t"; fail=1
			fi
		else
			echo "$(wc -l <"$tmp/norm-$t") rows" >"$tmp/check-$t"
		fi
	done
	r=$((r + 1))
done
say "bench: load after: $(cut -d' ' -f1-3 /proc/loadavg)"
base_wall=$(median <"$tmp/wall-tgt-funnel")
base_cpu=$(median <"$tmp/cpu-tgt-funnel")
printf '| tool | wall s | CPU s | peak RSS MB | wall / tgt-funnel | CPU / tgt-funnel | check |\n'
printf '|---|---:|---:|---:|---:|---:|---|\n'
for t in $use; do
	w=$(median <"$tmp/wall-$t")
	c=$(median <"$tmp/cpu-$t")
	m=$(median <"$tmp/rss-$t")
	awk -v t="$t" -v w="$w" -v c="$c" -v m="$m" -v bw="$base_wall" \
	    -v bc="$base_cpu" -v k="$(cat "$tmp/check-$t")" 'BEGIN {
		printf "| %s | %.2f | %.2f | %.1f | %.2f | %.2f | %s |\n",
		    t, w, c, m / 1024, w / bw, c / bc, k }'
done
exit $fail
