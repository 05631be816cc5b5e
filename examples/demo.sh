#!/bin/sh
# The daily pipeline on the example data (make demo): set targets from last
# year's history, track this year's GBK export against them, raise alerts,
# explain the gap by region, and render the report.  Writes examples/out/.
set -e
bin=$(cd "${1:-bin}" && pwd)
cd "$(dirname "$0")"
PATH="$bin:$PATH"
export TGT_CONFIG=tgt.ini
asof=2025-05-20
mkdir -p out

have() { [ -x "$bin/tgt-$1" ]; }
step() { printf '\n\033[1m$ %s\033[0m\n' "$*" | sed 's/\x1b\[[0-9;]*m//g'; }

if have split; then
	step "tgt-split: company 7,000,000 -> regions by 2024 sales -> reps -> months"
	tgt-split --total 7000000 --by region --period 2025 --weight amount \
	    --weights history.csv \
	| tgt-split --by rep --within region --weights reps.csv --weight weight \
	    --factor ramp \
	| tgt-split --into month --seasonality history.csv --date month \
	    --round 100 -o out/targets.csv
	head -n 5 out/targets.csv
fi

if have track; then
	step "tgt-track -t targets.csv --asof $asof orders.csv (GBK export)"
	tgt-track -t targets.csv --asof $asof orders.csv -o out/tracked.csv
	grep -e '^region' -e ',\*,' out/tracked.csv | cut -d, -f1-9,21
fi

if have alert; then
	step "tgt-alert -f text < tracked.csv"
	tgt-alert -f text --asof $asof < out/tracked.csv || [ $? -eq 1 ]
fi

if have variance; then
	step "tgt-variance -k region < tracked.csv"
	tgt-variance -k region < out/tracked.csv -o out/variance.csv
	cat out/variance.csv
fi

if have report; then
	step "tgt-report (text, then HTML to examples/out/daily.html)"
	grep -v ',\*,' out/tracked.csv | tgt-report --title "Sales 2025-05-20" \
	    --columns region,rep,period,target,actual,achievement_pct,pace_pct,status \
	    --sort -achievement_pct
	tgt-report -f html --title "Daily sales report $asof" \
	    < out/tracked.csv > out/daily.html
	echo "wrote examples/out/daily.html"
fi
