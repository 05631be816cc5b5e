#!/bin/sh
# The daily cron job: track the orders against the targets, raise alerts,
# render the report, and mail it only when tgt-alert raised something new
# or escalated (exit 1).  The mail is MIME: the HTML report with a plain
# text alternative (the alerts and the report as text), and the tracked
# CSV attached; it goes out through sendmail -t.
#
#   crontab:  30 7 * * 1-5  cd /srv/sales && examples/cron-daily.sh
#
# The alert state only moves on once the mail is out: tgt-alert --pending
# writes the new state beside the old one and tgt-alert --commit makes it
# current after sendmail succeeded.  When a step fails the state stays, so
# the next run mails the same alerts again.  Two runs at once are
# serialised by a lock ($OUT/cron-daily.lock), so they never mail the same
# alerts twice.
#
# Settings from the environment (defaults: the example data):
#   TGT_BIN   directory of the tgt programs (default: found on PATH)
#   TARGETS   targets file            ORDERS   orders export
#   STATE     alert state file        OUT      directory for the outputs
#   MAILTO    where the mail goes     MAILFROM its From: (default: none,
#   ASOF      the day (default today)          sendmail sets it)
#   SENDMAIL  the sendmail program (default: sendmail on PATH or in
#             /usr/sbin, /usr/lib); "-" or none found: the text of the
#             mail is printed instead (cron mails what a job prints)
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

mkdir -p "$out" || { echo "cron-daily: cannot create $out" >&2; exit 2; }

# One run at a time: the whole run holds the lock, from reading the state
# to committing it.  flock -o keeps the lock in flock itself, so that a
# sendmail that forks into the background does not hold it.
lock=$out/cron-daily.lock
if [ -z "${CRON_DAILY_LOCKED:-}" ] && command -v flock >/dev/null 2>&1; then
	CRON_DAILY_LOCKED=1 exec flock -o "$lock" sh "$0" "$@"
elif [ -z "${CRON_DAILY_LOCKED:-}" ]; then
	# No flock(1): a lock directory (mkdir is atomic).
	until mkdir "$lock.d" 2>/dev/null; do sleep 1; done
	trap 'rmdir "$lock.d"' EXIT
	trap 'exit 2' HUP INT TERM
fi

# Notes on stderr (skipped total rows, ...) go to $out/log, so that cron,
# which mails any output, stays quiet on days without news.
fail() {
	[ -s "$out/log" ] && cat "$out/log" >&2
	echo "cron-daily: $*" >&2
	exit 2
}

find_sendmail() {
	if [ -n "${SENDMAIL:-}" ]; then
		[ "$SENDMAIL" != - ] && echo "$SENDMAIL"
		return
	fi
	for s in "$(command -v sendmail 2>/dev/null)" /usr/sbin/sendmail \
	    /usr/lib/sendmail; do
		[ -n "$s" ] && [ -x "$s" ] && { echo "$s"; return; }
	done
}

# base64 in lines of 76 (RFC 2045), with GNU or BSD base64 or openssl.
b64() {
	if command -v base64 >/dev/null 2>&1; then
		base64 | fold -w 76
	else
		openssl base64 | fold -w 76
	fi
}

# mime SUBJECT TEXT HTML CSV: the message on stdout.
mime() {
	mixed="tgt-mixed-$$-$(date +%s)"
	alt="tgt-alt-$$-$(date +%s)"
	printf 'To: %s\n' "$mailto"
	[ -n "${MAILFROM:-}" ] && printf 'From: %s\n' "$MAILFROM"
	printf 'Subject: %s\n' "$1"
	printf 'Date: %s\n' "$(LC_ALL=C date '+%a, %d %b %Y %H:%M:%S %z')"
	printf 'MIME-Version: 1.0\n'
	printf 'Content-Type: multipart/mixed; boundary="%s"\n\n' "$mixed"
	printf 'This is a MIME message: the daily sales report.\n\n'
	printf -- '--%s\n' "$mixed"
	printf 'Content-Type: multipart/alternative; boundary="%s"\n\n' "$alt"
	printf -- '--%s\n' "$alt"
	printf 'Content-Type: text/plain; charset=utf-8\n'
	printf 'Content-Transfer-Encoding: base64\n\n'
	b64 <"$2"
	printf -- '--%s\n' "$alt"
	printf 'Content-Type: text/html; charset=utf-8\n'
	printf 'Content-Transfer-Encoding: base64\n\n'
	b64 <"$3"
	printf -- '--%s--\n\n' "$alt"
	printf -- '--%s\n' "$mixed"
	printf 'Content-Type: text/csv; charset=utf-8; name="%s"\n' \
	    "tracked-$asof.csv"
	printf 'Content-Transfer-Encoding: base64\n'
	printf 'Content-Disposition: attachment; filename="%s"\n\n' \
	    "tracked-$asof.csv"
	b64 <"$4"
	printf -- '--%s--\n' "$mixed"
}

: >"$out/log"
tgt-track -t "$targets" --asof "$asof" "$orders" -o "$out/tracked.csv" \
    2>>"$out/log" || fail "tgt-track failed"
tgt-alert -f text --state "$state" --pending --repeat-after 7 \
    --asof "$asof" -o "$out/alerts.txt" "$out/tracked.csv" 2>>"$out/log"
case $? in
0)	# Nothing new, but resolved alerts leave the state: keep it.
	tgt-alert --commit "$state" 2>>"$out/log" ||
	    fail "tgt-alert --commit failed"
	exit 0 ;;
1)	;;
*)	fail "tgt-alert failed" ;;
esac
title="Daily sales report $asof"
# A tgt-report that knows --mail writes HTML for mail clients (tables and
# inline styles only).
mail_html=
tgt-report --help 2>/dev/null | grep -q -e '--mail' && mail_html=--mail
tgt-report -f html $mail_html --title "$title" <"$out/tracked.csv" \
    >"$out/daily.html" 2>>"$out/log" || fail "tgt-report failed"
{
	cat "$out/alerts.txt"
	echo
	tgt-report -f text --no-color -w 100 --title "$title" \
	    <"$out/tracked.csv" 2>>"$out/log" || exit 1
} >"$out/mail.txt" || fail "tgt-report failed"

subject="sales alerts $asof: $(wc -l <"$out/alerts.txt" | tr -d ' ') new"
sendmail=$(find_sendmail)
if [ -n "$sendmail" ]; then
	mime "$subject" "$out/mail.txt" "$out/daily.html" "$out/tracked.csv" \
	    >"$out/mail.eml" || fail "cannot write $out/mail.eml"
	"$sendmail" -t <"$out/mail.eml" 2>>"$out/log" ||
	    fail "sendmail failed: the alerts stay pending for the next run"
else
	echo "To: $mailto"
	echo "Subject: $subject"
	echo
	cat "$out/mail.txt" || fail "cannot print the mail"
fi
tgt-alert --commit "$state" 2>>"$out/log" || fail "tgt-alert --commit failed"
exit 1
