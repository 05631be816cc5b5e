#!/bin/sh
# The daily pipeline on the example data (make demo): set targets from last
# year's history, track this year's GBK export against them, raise alerts,
# explain the gap by region, and render the report.  Writes examples/out/.
set -e
bin=$(cd "${1:-../bin}" && pwd)
cd "$(dirname "$0")"
PATH="$bin:$PATH"
export TGT_CONFIG=tgt.ini	# maps the Chinese headers, China's holidays
asof=2025-05-20
rm -rf out
mkdir -p out

step() { printf '\n$ %s\n' "$*"; }

step "# 1. set: 5.3M for 2025 -> regions by 2024 sales -> reps -> months"
tgt-split --total 5300000 --by region --weight amount --period 2025 \
    --round 1000 history.csv |
tgt-split --by rep --within region --weights reps.csv --weight weight \
    --factor ramp --round 100 |
tgt-split --into month --seasonality history.csv --date month -k region \
    --round 100 -o out/targets-2025.csv
head -n 4 out/targets-2025.csv
echo "... $(($(wc -l < out/targets-2025.csv) - 1)) rep-month targets"

step "# 2. track the GBK export against those targets, with region subtotals"
tgt-track -t out/targets-2025.csv --rollup region --asof $asof orders.csv \
    -o out/tracked.csv
tgt-report -f csv --in 2025-05 \
    --columns region,rep,period,target,actual,achievement_pct,expected,pace_pct,forecast,status \
    out/tracked.csv

step "# 3. alerts (exit 1 when any): what a cron job would mail"
tgt-alert -f text --asof $asof --state out/alerts.state < out/tracked.csv || [ $? -eq 1 ]
tgt-alert --asof $asof -o out/alerts.csv < out/tracked.csv || [ $? -eq 1 ]

step "# 4. the May gap by region, Pareto order"
tgt-variance -k region --in 2025-05 < out/tracked.csv | tee out/variance.csv

step "# 5. the May report by region, for people"
tgt-report -t "May 2025 by region, as of $asof" --in 2025-05 --leaves -g region \
    --columns region,rep,target,actual,achievement_pct,progress,pace_pct,status \
    out/tracked.csv

# The HTML report paces each rep by working days: split May into days.
grep -e '^region' -e ',2025-05,' out/targets-2025.csv |
    tgt-split --into day --workdays > out/days.csv
tgt-track -t out/days.csv --asof $asof orders.csv 2>/dev/null |
    tgt-report -f html --in 2025-05 -g region,rep --summary --asof $asof \
    --alerts out/alerts.csv -t "Daily sales report · $asof" \
    --columns region,rep,target,actual,achievement_pct,progress,expected,pace_pct,forecast,required_per_day,status \
    -o out/daily.html
step "# wrote examples/out/daily.html"
