#!/bin/sh
# tests/visual.sh: look at an HTML report as a person would, with headless
# Chromium (the tests under tests/cli/report-visual call it).
#
#   visual.sh pdf HTML OUT.pdf      print on A4 (as from the print dialog
#                                   with A4 paper: an @page size is added
#                                   to a copy, Chromium has no paper flag)
#   visual.sh layout HTML WIDTH     lay the page out WIDTH px wide and
#                                   print what a phone user would see
#   visual.sh png HTML OUT.png WIDTH   a WIDTH x 1200 px screenshot
#
# A headless window is at least 500 px wide, so WIDTH (420) is the width
# of an iframe holding the page: the page's viewport, media queries
# included, is then WIDTH.  The layout probe is a script in the frame
# page, never in the report itself (which has none).
#
# Chromium takes 1-3 s a run and the suite runs twice (normal and ASan
# builds).  Results are kept in $VISUAL_CACHE (default: beside $T, in the
# temporary directory tests/run.sh removes at its end), keyed by the
# checksum of the page and the command: the second build renders only if
# its page differs from the first build's.  TGT_VISUAL_OUT=DIR keeps a
# copy of every PDF and PNG for a person to look at.
#
# Chromium, pdftotext and the CJK fonts missing fail the test (CI
# installs chromium, poppler-utils and fonts-noto-cjk).
set -u
cmd=$1 html=$2
out=${3:-}
[ -n "${T:-}" ] || { echo "visual.sh: \$T is not set" >&2; exit 2; }
command -v chromium >/dev/null 2>&1 ||
    { echo "visual.sh: chromium is not installed" >&2; exit 2; }
cache=${VISUAL_CACHE:-$(dirname "$T")/visual-cache}
mkdir -p "$cache" "$T/visual" || exit 2
html=$(cd "$(dirname "$html")" && pwd)/$(basename "$html")
width=${4:-}
[ "$cmd" = layout ] && width=$out
key=$(printf '%s %s %s %s\n' "$(cksum < "$html")" "$cmd" "$width" \
    "$(cksum < "$(dirname "$0")/visual-probe.js")" |
    cksum | tr ' ' _)

chrome() {
	# A profile of its own: other chromium runs on the machine, or a
	# second test at once, never share a lock.
	chromium --headless --no-sandbox --disable-gpu --no-first-run \
	    --user-data-dir="$T/visual/profile" --no-pdf-header-footer \
	    --allow-file-access-from-files "$@" 2>"$T/visual/chromium.log"
	rc=$?
	[ $rc -eq 0 ] || { cat "$T/visual/chromium.log" >&2; exit 2; }
}

# A frame page holding the report in a WIDTH px iframe; with probe, a
# script that writes what is seen into <pre id="layout">.
frame_page() {	# WIDTH PROBE
	cat <<EOF
<!DOCTYPE html>
<html><head><meta charset="utf-8"/>
<style>body{margin:0}iframe{border:0;width:$1px;height:1200px;display:block}</style>
</head><body><iframe id="f" src="file://$html"></iframe>
EOF
	[ "$2" = probe ] && cat "$(dirname "$0")/visual-probe.js"
	echo '</body></html>'
}

case $cmd in
pdf)
	if [ ! -f "$cache/$key.pdf" ]; then
		sed 's|</style>|@page{size:A4}</style>|' "$html" \
		    >"$T/visual/a4.html"
		chrome --print-to-pdf="$T/visual/out.pdf" "$T/visual/a4.html" \
		    >/dev/null
		cp "$T/visual/out.pdf" "$cache/$key.pdf"
	fi
	cp "$cache/$key.pdf" "$out"
	;;
layout)
	if [ ! -f "$cache/$key.txt" ]; then
		frame_page "$out" probe >"$T/visual/frame.html"
		chrome --window-size=500,1300 --dump-dom \
		    "$T/visual/frame.html" >"$T/visual/dom.html"
		sed -n '/<pre id="layout">/,/<\/pre>/p' "$T/visual/dom.html" |
		    sed 's/<pre id="layout">//; s|</pre>.*||' \
		    >"$cache/$key.txt"
	fi
	cat "$cache/$key.txt"
	;;
png)
	if [ ! -f "$cache/$key.png" ]; then
		frame_page "${4:-420}" none >"$T/visual/frame.html"
		chrome --window-size="${4:-420},1200" \
		    --screenshot="$T/visual/out.png" "$T/visual/frame.html" \
		    >/dev/null
		cp "$T/visual/out.png" "$cache/$key.png"
	fi
	cp "$cache/$key.png" "$out"
	;;
*)
	echo "visual.sh: unknown command $cmd" >&2
	exit 2
	;;
esac
if [ -n "${TGT_VISUAL_OUT:-}" ] && [ "$cmd" != layout ]; then
	mkdir -p "$TGT_VISUAL_OUT" && cp "$out" "$TGT_VISUAL_OUT/"
fi
exit 0
