/*
 * report_funnel: the funnel chart (SVG); see report_funnel.h.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "num.h"
#include "report_funnel.h"

#define FUNNEL_W	960.0
#define LABEL_X		190.0	/* right edge of the stage names */
#define BAR_X0		210.0	/* the bars' area */
#define BAR_SPAN	540.0
#define ROW_H		34.0
#define TOP		8.0

/* Whether a code point may appear in XML 1.0 text. */
static bool
xml_char(uint32_t cp)
{
	return cp == 0x9 || cp == 0xA || cp == 0xD ||
	    (cp >= 0x20 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
	    (cp >= 0x10000 && cp <= 0x10FFFF);
}

/* s as XML text: & < > " ' escaped, tab and line ends as spaces,
 * anything not valid as U+FFFD. */
static void
xml_text(FILE *fp, const char *s)
{
	size_t len = strlen(s);

	while (len > 0) {
		uint32_t cp;
		int k = fmt_utf8_next(s, len, &cp);

		/* fmt_utf8_next gives U+FFFD for a byte that is not UTF-8:
		 * write the character, never the byte. */
		if (cp == 0x9 || cp == 0xA || cp == 0xD)
			fputc(' ', fp);
		else if (!xml_char(cp) || cp == 0xFFFD)
			fputs("\xEF\xBF\xBD", fp);
		else if (cp == '&')
			fputs("&amp;", fp);
		else if (cp == '<')
			fputs("&lt;", fp);
		else if (cp == '>')
			fputs("&gt;", fp);
		else if (cp == '"')
			fputs("&quot;", fp);
		else if (cp == '\'')
			fputs("&#39;", fp);
		else
			fwrite(s, 1, (size_t)k, fp);
		s += k;
		len -= (size_t)k;
	}
}

static void
text_at(FILE *fp, double x, double y, const char *anchor, const char *fill,
    bool bold, const char *s)
{
	fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\" "
	    "fill=\"%s\"%s>", x, y, anchor, fill,
	    bold ? " font-weight=\"700\"" : "");
	xml_text(fp, s);
	fputs("</text>\n", fp);
}

/* A count as people read it: whole numbers without decimals. */
static void
count_text(double v, char *buf, size_t size)
{
	if (v == floor(v) && v < 1e15)
		snprintf(buf, size, "%.0f", v);
	else
		snprintf(buf, size, "%.1f", v);
}

static bool
counts_ok(const double *count, size_t n, double *max)
{
	*max = 0;
	for (size_t i = 0; i < n; i++) {
		if (!isfinite(count[i]) || count[i] < 0)
			return false;
		if (count[i] > *max)
			*max = count[i];
	}
	return true;
}

/* One stage: its name, a centred bar, the count and the conversion. */
static void
stage_row(FILE *fp, const char *name, const double *count, size_t i,
    double max)
{
	double y = TOP + ROW_H * (double)i;
	double w = max > 0 ? BAR_SPAN * count[i] / max : 0;
	char num[48], pct[48], buf[96];
	char *label = fmt_truncate(name, 26, "…");

	if (count[i] > 0 && w < 2)
		w = 2;		/* a stage with a few still shows */
	text_at(fp, LABEL_X, y + 17, "end", "#1f2328", false, label);
	free(label);
	fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"24\" "
	    "rx=\"3\" fill=\"%s\"/>\n", BAR_X0 + (BAR_SPAN - w) / 2, y, w,
	    i == 0 ? "#0969da" : "#218bff");
	count_text(count[i], num, sizeof(num));
	text_at(fp, BAR_X0 + BAR_SPAN + 16, y + 17, "start", "#1f2328", true,
	    num);
	if (i > 0 && count[i - 1] > 0) {
		snprintf(buf, sizeof(buf), "%s%%", pct_format(100.0 *
		    count[i] / count[i - 1], pct, sizeof(pct)));
		text_at(fp, BAR_X0 + BAR_SPAN + 86, y + 17, "start", "#57606a",
		    false, buf);
	}
}

bool
report_funnel_svg(FILE *fp, const char *const *stage, const double *count,
    size_t n, const char *title)
{
	double max;

	if (n == 0 || !counts_ok(count, n, &max))
		return false;
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
	    "%.0f %.0f\" role=\"img\"", FUNNEL_W, TOP * 2 + ROW_H * (double)n);
	if (title != NULL) {
		fputs(" aria-label=\"", fp);
		xml_text(fp, title);
		fputs("\">\n<title>", fp);
		xml_text(fp, title);
		fputs("</title>\n", fp);
	} else {
		fputs(">\n", fp);
	}
	/* The text attributes once, inherited (no stylesheet: mail). */
	fputs("<g font-family=\"-apple-system,'Segoe UI',Roboto,Arial,"
	    "'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',sans-serif\" "
	    "font-size=\"12\">\n", fp);
	for (size_t i = 0; i < n; i++)
		stage_row(fp, stage[i] != NULL ? stage[i] : "", count, i, max);
	fputs("</g>\n</svg>\n", fp);
	return !ferror(fp);
}
