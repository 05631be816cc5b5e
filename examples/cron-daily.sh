#!/bin/sh
# The daily cron job: track the orders against the targets, raise alerts,
# render the report, and mail the alerts only when tgt-alert printed
# something new or escalated (exit 1).  Without mail(1) the mail is printed.
#
#   crontab:  30 7 * * 1-5  cd /srv/sales && examples/cron-daily.sh
#
# Settings from the environment (defaults: the example data):
#   TGT_BIN   directory of the tgt programs (default: found on PATH)
#   TARGETS   targets file            ORDERS  orders export
#   STATE     alert state file        OUT     directory for the outputs
#   MAILTO    where the mail goes     ASOF    the day (default: today)
# Exit: 0 nothing new (no mail), 1 alerts mailed, 2 a step failed.
set -u
here=$(cd "$(dirname "$0")" && pwd)
[ -n "${TGT_BIN:-}" ] && PATH="$TGT_BIN:$PATH"
TGT_CONFIG=${TGT_CONFIG:-$here/tgt.ini}
export TGT_CONFIG
targets=${TARGETS:-$here/targets.csv}
orders=${ORDERS:-$here/orders.csv}
out=${OUT:-$here/out}
state=${STATE:-$out/alerts.state}
mailto=${MAILTO:-sales@example.com}
asof=${ASOF:-$(date +%Y-%m-%d)}

# Notes on stderr (skipped total rows, ...) go to $out/log, so that cron,
# which mails any output, stays quiet on days without news.
fail() {
	[ -s "$out/log" ] && cat "$out/log" >&2
	echo "cron-daily: $*" >&2
	exit 2
}

mkdir -p "$out" || { echo "cron-daily: cannot create $out" >&2; exit 2; }
: >"$out/log"
tgt-track -t "$targets" --asof "$asof" "$orders" -o "$out/tracked.csv" \
    2>>"$out/log" || fail "tgt-track failed"
tgt-alert -f text --state "$state" --repeat-after 7 --asof "$asof" \
    -o "$out/alerts.txt" "$out/tracked.csv" 2>>"$out/log"
case $? in
0)	exit 0 ;;	# nothing new: no mail
1)	;;
*)	fail "tgt-alert failed" ;;
esac
tgt-report -f html --title "Daily sales report $asof" \
    <"$out/tracked.csv" >"$out/daily.html" 2>>"$out/log" ||
    fail "tgt-report failed"

subject="sales alerts $asof: $(wc -l <"$out/alerts.txt" | tr -d ' ') new"
{
	cat "$out/alerts.txt"
	echo
	echo "report: $out/daily.html"
} >"$out/mail.txt"
if command -v mail >/dev/null 2>&1; then
	mail -s "$subject" "$mailto" <"$out/mail.txt" || fail "mail failed"
else
	echo "To: $mailto"
	echo "Subject: $subject"
	echo
	cat "$out/mail.txt"
fi
exit 1
