#!/bin/sh
# bench/run.sh: tgt-track against Miller, GNU datamash, sqlite3 and DuckDB
# on the same job, sum and count of amount per rep and month (bench/README).
#
#	bench/run.sh [N...]		default: 1000000 10000000
#
# Environment:
#	B	build directory as for make (default: the repo, so bin/)
#	ROUNDS	rounds per size (default 3); tools alternate within a round
#	TOOLS	the tools to run (default: all, in the order below)
#	THREADS	DuckDB threads (default 2)
#
# Run as root on a machine without the peers, it installs them (apt-get:
# miller datamash sqlite3 time nodejs npm; npm: @duckdb/node-api into
# bench/node_modules).  Data is generated once per N into bench/data/.
# Every run of every tool is checked: its grand total of amount must equal,
# to the cent, the total bench/gen wrote, and its count must equal N.

LC_ALL=C
export LC_ALL
here=$(cd "$(dirname "$0")" && pwd)
top=$(dirname "$here")
case ${B:-.} in
/*)	bin=$B/bin ;;
*)	bin=$top/${B:-.}/bin ;;
esac
data=$here/data
rounds=${ROUNDS:-3}
threads=${THREADS:-2}
sizes=${*:-1000000 10000000}
tools=${TOOLS:-tgt-track tgt-track-1t duckdb sqlite3 datamash mlr libcsv-floor fast-floor cat}
asof=2025-12-31
tmp=$(mktemp -d "${TMPDIR:-/tmp}/tgt-bench.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT
trap 'exit 2' INT TERM

say() { printf '%s\n' "$*" >&2; }
die() { say "bench: $*"; exit 2; }

# --- Dependencies ----------------------------------------------------------

# Install the Debian packages of the missing peers when we are root.
install_peers() {
	need=
	command -v mlr >/dev/null 2>&1 || need="$need miller"
	command -v datamash >/dev/null 2>&1 || need="$need datamash"
	command -v sqlite3 >/dev/null 2>&1 || need="$need sqlite3"
	[ -x /usr/bin/time ] || need="$need time"
	command -v node >/dev/null 2>&1 || need="$need nodejs"
	command -v npm >/dev/null 2>&1 || need="$need npm"
	[ -z "$need" ] && return 0
	if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
		say "bench: installing$need"
		DEBIAN_FRONTEND=noninteractive
		export DEBIAN_FRONTEND
		apt-get update -qq >/dev/null &&
		    apt-get install -y -qq --no-install-recommends $need \
		    >/dev/null || say "bench: apt-get failed"
	else
		say "bench: missing:$need (run as root to install them)"
	fi
}

# DuckDB comes from npm, into bench/node_modules (gitignored).
install_duckdb() {
	[ -d "$here/node_modules/@duckdb/node-api" ] && return 0
	command -v npm >/dev/null 2>&1 || return 1
	say "bench: npm install @duckdb/node-api into bench/node_modules"
	(cd "$here" && npm install --no-audit --no-fund --no-package-lock \
	    --loglevel=error >&2)
}

# Drop the tools whose programs are missing, saying so.
usable_tools() {
	for t in $tools; do
		case $t in
		tgt-track*)	p=$bin/tgt-track ;;
		duckdb)		p=node ;;
		datamash)	p=datamash ;;
		*)		p=$t ;;
		esac
		case $t in
		libcsv-floor|fast-floor|cat) ;;
		*)	if ! command -v "$p" >/dev/null 2>&1; then
				say "bench: skipping $t: $p not found"
				continue
			fi ;;
		esac
		if [ "$t" = duckdb ] && ! install_duckdb; then
			say "bench: skipping duckdb: @duckdb/node-api not installed"
			continue
		fi
		printf '%s ' "$t"
	done
}

# --- Data ------------------------------------------------------------------

cc_if_stale() {	# out src libs...
	out=$1 src=$2
	shift 2
	[ -x "$out" ] && [ -z "$(find "$src" -newer "$out")" ] && return 0
	${CC:-cc} -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -o "$out" "$src" "$@" ||
	    die "cannot compile $src"
}

# Generate orders-N.csv, targets-N.csv and total-N ("N TOTAL") once.
gen_data() {
	n=$1
	[ -s "$data/total-$n" ] && [ -s "$data/orders-$n.csv" ] && return 0
	# About 64 bytes a row; keep 1 GiB spare besides.
	need=$((n / 16 + 1048576))
	avail=$(df -Pk "$data" | awk 'NR == 2 { print $4 }')
	[ "$avail" -gt "$need" ] ||
	    die "not enough disk for $n rows in $data: need ${need}K"
	say "bench: generating $n rows"
	"$data/gen" "$n" "$data/orders-$n.tmp" "$data/targets-$n.csv" \
	    >"$data/total-$n.tmp" &&
	    mv "$data/orders-$n.tmp" "$data/orders-$n.csv" &&
	    mv "$data/total-$n.tmp" "$data/total-$n" || die "gen $n failed"
}

# --- Running and checking --------------------------------------------------

# The command line of tool $1 on size $2, for sh -c.
tool_cmd() {
	f=$data/orders-$2.csv
	case $1 in
	tgt-track)
		echo "'$bin/tgt-track' -t '$data/targets-$2.csv' --asof $asof '$f'" ;;
	tgt-track-1t)
		# The same in one thread (no parse/count pipeline).
		echo "TGT_THREADS=1 '$bin/tgt-track'" \
		    "-t '$data/targets-$2.csv' --asof $asof '$f'" ;;
	duckdb)
		echo "node '$here/duckdb.mjs' '$f' $threads" ;;
	sqlite3)
		# Timed: .import into an in-memory table, then GROUP BY.
		printf '%s\n' '.mode csv' ".import '$f' orders" '.headers on' \
		    "SELECT rep, substr(date, 1, 7) AS month," \
		    "    sum(amount) AS amount_sum, count(*) AS amount_count" \
		    "FROM orders GROUP BY rep, month;" >"$tmp/sqlite.sql"
		echo "sqlite3 -batch :memory: <'$tmp/sqlite.sql'" ;;
	datamash)
		# datamash splits on every comma and cannot take a month out
		# of a date: sed drops the quoted customer cell and cuts the
		# date to its month, then datamash -s sorts and groups.
		echo "sed -E 's/\"[^\"]*\"//; s/^([0-9]{4}-[0-9]{2})-[0-9]{2}/\\1/'" \
		    "'$f' | datamash -t, -s -H -g 3,1 sum 8 count 8" ;;
	mlr)
		echo "mlr --icsv --ocsv put '\$month = substr(\$date, 0, 6)'" \
		    "then stats1 -a sum,count -f amount -g rep,month '$f'" ;;
	libcsv-floor)
		echo "'$data/parse-floor' '$f'" ;;
	fast-floor)
		echo "'$data/parse-floor' -f '$f'" ;;
	cat)
		echo "cat '$f' >/dev/null" ;;
	esac
}

# "COUNT TOTAL" of a result CSV: the sum of column cnt and the exact sum of
# column val, each cell rounded to the cent first (Miller, datamash and
# sqlite3 sum in binary floating point).  With key, only the rows whose key
# cell is "*" (star=1) or is not (star=0).  Totals are kept in integer cents
# (exact in a double below 2^53) and printed as a decimal string.
sum_result() {
	awk -F, -v val="$2" -v cnt="$3" -v key="${4:-}" -v star="${5:-0}" '
	NR == 1 {
		for (i = 1; i <= NF; i++) {
			if ($i == val) vi = i
			if ($i == cnt) ci = i
			if ($i == key) ki = i
		}
		if (!vi || !ci) { print "no-columns"; bad = 1; exit }
		next
	}
	ki && (($ki == "*") != star) { next }
	{ c += $ci; cents += sprintf("%.0f", $vi * 100) }
	END {
		if (bad) exit
		t = sprintf("%.0f", cents)
		while (length(t) < 3) t = "0" t
		printf "%.0f %s.%s\n", c, substr(t, 1, length(t) - 2),
		    substr(t, length(t) - 1)
	}' "$1"
}

# Check the output of tool $1 on size $2 against total-N: "ok" or why not.
check() {
	want=$(cat "$data/total-$2")
	out=$tmp/out
	case $1 in
	tgt-track*)
		got=$(sum_result "$out" actual count rep 0)
		reg=$(sum_result "$out" actual count rep 1)
		[ "$got" = "$want" ] || { echo "rep-month rows: $got"; return; }
		# The region-quarter rows see every order once more.
		[ "$reg" = "$want" ] || { echo "region-quarter rows: $reg"; return; } ;;
	duckdb|sqlite3|mlr)
		got=$(sum_result "$out" amount_sum amount_count)
		[ "$got" = "$want" ] || { echo "got $got"; return; } ;;
	datamash)
		got=$(sum_result "$out" 'sum(amount)' 'count(amount)')
		[ "$got" = "$want" ] || { echo "got $got"; return; } ;;
	libcsv-floor|fast-floor)
		got=$(cat "$out")
		[ "$got" = "$(($2 + 1)) $((($2 + 1) * 8))" ] ||
		    { echo "parsed $got"; return; } ;;
	esac
	echo ok
}

# Run tool $1 on size $2 (round $3); append "TOOL N ROUND WALL_MS CPU_MS
# RSS_KB CHECK" to $tmp/runs.
run_one() {
	cmd=$(tool_cmd "$1" "$2")
	t0=$(date +%s%N)
	/usr/bin/time -f '%U %S %M' -o "$tmp/time" sh -c "$cmd" \
	    >"$tmp/out" 2>"$tmp/err"
	rc=$?
	t1=$(date +%s%N)
	if [ "$rc" -ne 0 ]; then
		ok="exit $rc: $(head -c 200 "$tmp/err" | tr '\n' ' ')"
	else
		ok=$(check "$1" "$2")
	fi
	read -r u s m <"$tmp/time" 2>/dev/null || { u=0 s=0 m=0; }
	cpu=$(echo "$u $s" | awk '{ printf "%.0f", ($1 + $2) * 1000 }')
	wall=$(((t1 - t0) / 1000000))
	printf '%s %s %s %s %s %s %s\n' "$1" "$2" "$3" "$wall" "$cpu" "$m" \
	    "$ok" >>"$tmp/runs"
	say "  round $3: $1: ${wall} ms, cpu ${cpu} ms, ${m} KB: $ok"
}

# Median of the numbers on stdin (lower middle for an even count).
median() {
	sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}

# The markdown table of size $1 from $tmp/runs.
report() {
	n=$1
	bytes=$(wc -c <"$data/orders-$n.csv")
	mb=$(echo "$bytes" | awk '{ printf "%.0f", $1 / 1e6 }')
	base=$(awk -v n="$n" '$1 == "tgt-track" && $2 == n { print $4 }' \
	    "$tmp/runs" | median)
	cbase=$(awk -v n="$n" '$1 == "tgt-track" && $2 == n { print $5 }' \
	    "$tmp/runs" | median)
	echo
	echo "### $n rows ($mb MB), median of $rounds rounds"
	echo
	echo "| tool | wall s | MB/s | CPU s | peak RSS MiB | wall / tgt-track |" \
	    "CPU / tgt-track | check |"
	echo "|---|---:|---:|---:|---:|---:|---:|---|"
	for t in $run_tools; do
		col() {
			awk -v t="$t" -v n="$n" -v c="$1" \
			    '$1 == t && $2 == n { print $c }' "$tmp/runs" |
			    median
		}
		w=$(col 4)
		[ -n "$w" ] || continue
		c=$(col 5)
		r=$(col 6)
		ok=$(awk -v t="$t" -v n="$n" '$1 == t && $2 == n {
			$1 = $2 = $3 = $4 = $5 = $6 = ""; sub(/^ +/, "")
			if ($0 != "ok") bad = $0 } END { print bad ? bad : "ok" }' \
		    "$tmp/runs")
		echo "$t $w $c $r $bytes ${base:-0} ${cbase:-0}" |
		    awk -v ok="$ok" '{
			ratio = $6 > 0 ? sprintf("%.2f", $2 / $6) : "-"
			cratio = $7 > 0 ? sprintf("%.2f", $3 / $7) : "-"
			mbs = $2 > 0 ? $5 / 1e6 / ($2 / 1000) : 0
			printf "| %s | %.2f | %.0f | %.2f | %.1f | %s | %s | %s |\n",
			    $1, $2 / 1000, mbs, $3 / 1000, $4 / 1024, ratio,
			    cratio, ok }'
	done
}

# --- Main ------------------------------------------------------------------

install_peers
[ -x /usr/bin/time ] || die "GNU time (/usr/bin/time) is needed"
[ -x "$bin/tgt-track" ] || die "no $bin/tgt-track: run make first"
mkdir -p "$data" || die "cannot create $data"
cc_if_stale "$data/gen" "$here/gen.c" -lm
cc_if_stale "$data/parse-floor" "$here/parse-floor.c" -lcsv
run_tools=$(usable_tools)
for n in $sizes; do
	case $n in
	''|*[!0-9]*)	die "bad size \"$n\"" ;;
	esac
	gen_data "$n"
done

echo "## tgt-track benchmark, $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
echo "Machine: $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)," \
    "$(nproc) CPUs, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' \
    /proc/meminfo) RAM; load average at start:" \
    "$(cut -d' ' -f1-3 /proc/loadavg)."
echo "Tools: $run_tools"
echo "Versions: mlr $(mlr --version 2>/dev/null | cut -d' ' -f2)," \
    "datamash $(datamash --version 2>/dev/null | sed -n '1s/.* //p')," \
    "sqlite3 $(sqlite3 --version 2>/dev/null | cut -d' ' -f1)," \
    "node $(node --version 2>/dev/null)," \
    "duckdb $(sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' \
    "$here/node_modules/@duckdb/node-api/package.json" 2>/dev/null)" \
    "(threads=$threads)."

: >"$tmp/runs"
for n in $sizes; do
	say "bench: $n rows"
	# Warm the page cache: every tool reads the file from memory.
	cat "$data/orders-$n.csv" >/dev/null
	r=1
	while [ "$r" -le "$rounds" ]; do
		for t in $run_tools; do
			run_one "$t" "$n" "$r"
		done
		r=$((r + 1))
	done
	report "$n"
done
echo
echo "Load average at end: $(cut -d' ' -f1-3 /proc/loadavg)."
cp "$tmp/runs" "$data/last-runs.txt"
if grep -qv ' ok$' "$tmp/runs"; then
	say "bench: some runs failed their check (see the check column)"
	exit 1
fi
