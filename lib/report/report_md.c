/*
 * report_md: tgt-report -f markdown (a GitHub table, an icon beside each
 * status, the alerts as a list) and -f csv (plain numbers for a
 * spreadsheet).  The cells come from report_text.c's report_human_cell.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fmt.h"
#include "report.h"
#include "report_impl.h"
#include "sbuf.h"
#include "util.h"

/*
 * Markdown characters that would change a cell: "|" ends it, "\\" escapes
 * the next character, "*", "_", "`", "<", "[" start emphasis, code, HTML
 * or links.  Each gets a backslash (CommonMark: any ASCII punctuation may
 * be escaped), so a cell shows exactly its text.  Control characters were
 * already made visible (safe_text (lib/safetext.h)).
 */
static bool
md_special(char c)
{
	return c != '\0' && strchr("|\\*_`<>[]", c) != NULL;
}

static void
md_cell(struct sbuf *b, const char *s, bool strong)
{
	bool wrap = strong && *s != '\0';

	sbuf_adds(b, wrap ? " **" : " ");
	for (; *s != '\0'; s++) {
		if (md_special(*s))
			sbuf_add(b, "\\", 1);
		sbuf_add(b, s, 1);
	}
	sbuf_adds(b, wrap ? "** |" : " |");
}

static void
md_text(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		if (md_special(*s))
			fputc('\\', fp);
		fputc(*s, fp);
	}
}

/* An icon beside the word, so status never rests on colour alone. */
static const char *
md_icon(const char *st)
{
	static const struct {
		const char *st, *icon;
	} icons[] = {
		{ "achieved",	"✅" },
		{ "ahead",	"🔵" },
		{ "on_track",	"🟢" },
		{ "behind",	"🟡" },
		{ "missed",	"🔴" },
		{ "not_started", "⚪" },
		{ "no_target",	"❔" },
		{ "critical",	"🔴" },
		{ "warning",	"🟡" },
		{ "info",	"🔵" }
	};

	for (size_t i = 0; i < sizeof(icons) / sizeof(icons[0]); i++)
		if (strcmp(icons[i].st, st) == 0)
			return icons[i].icon;
	return NULL;
}

/* --alerts under the table, as a list: icon, severity, subject, message. */
static void
md_alerts(FILE *fp, const struct report *r, const struct report_opts *o)
{
	size_t shown = 0;

	if (o->alerts == NULL)
		return;
	for (size_t i = 0; i < r->nalerts; i++)
		shown += report_alert_listed(r, &r->alerts[i]);
	fprintf(fp, "\n### %s (%zu)\n\n", o->lang == LANG_ZH ? "预警" :
	    "Alerts", shown);
	for (size_t i = 0; i < r->nalerts; i++) {
		const struct report_alert *a = &r->alerts[i];
		const char *icon = o->ascii ? NULL : md_icon(a->severity);
		char *subj, *s, *m;

		if (!report_alert_listed(r, a))
			continue;
		subj = report_alert_subject(r, a);
		s = report_safe(subj);
		m = report_safe(a->message);
		fprintf(fp, "- %s%s**", icon ? icon : "", icon ? " " : "");
		md_text(fp, report_alert_word(a, o));
		fputs("** ", fp);
		md_text(fp, s);
		fputs(": ", fp);
		md_text(fp, m);
		fputc('\n', fp);
		free(subj);
		free(s);
		free(m);
	}
	if (shown < r->nalerts) {
		fputc('\n', fp);
		report_alerts_more(fp, r, shown, o);
	}
}

void
report_markdown(FILE *fp, const struct report *r, const struct report_opts *o)
{
	struct sbuf b = { NULL, 0, 0 };

	if (o->title != NULL) {
		char *t = report_safe(o->title);

		fputs("## ", fp);
		md_text(fp, t);
		fputs("\n\n", fp);
		free(t);
	}
	sbuf_adds(&b, "|");
	for (size_t i = 0; i < r->nshow; i++) {
		char *h = report_header(r, i, o);

		md_cell(&b, h, false);
		free(h);
	}
	report_sb_line(&b, fp);
	sbuf_adds(&b, "|");
	for (size_t i = 0; i < r->nshow; i++)
		sbuf_adds(&b, report_right_aligned(r, i, o) ? " ---: |" :
		    " --- |");
	report_sb_line(&b, fp);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];
		bool strong = (row->kind == RR_SUBTOTAL && !o->summary) ||
		    row->kind == RR_TOTAL;

		if (row->hidden)
			continue;
		sbuf_adds(&b, "|");
		for (size_t i = 0; i < r->nshow; i++) {
			int j = r->show[i].col;
			char *s = report_human_cell(r, row, i, o);
			const char *icon = NULL;

			if (j >= 0 && r->kind[j] == FK_STATUS && !o->ascii)
				icon = md_icon(row->cell[j]);
			if (j < 0) {
				/* Bars without their blank tail. */
				size_t n = strlen(s);

				while (n > 0 && s[n - 1] == ' ')
					s[--n] = '\0';
			}
			if (icon != NULL && *s != '\0') {
				char *t = xasprintf("%s %s", icon, s);

				free(s);
				s = t;
			}
			md_cell(&b, s, strong);
			free(s);
		}
		report_sb_line(&b, fp);
	}
	free(b.s);
	md_alerts(fp, r, o);
}

void
report_csv(struct csvout *out, const struct report *r,
    const struct report_opts *o)
{
	struct report_opts plain = *o;
	char buf[FMT_NUM_MAX];

	plain.thousands = 0;
	for (size_t i = 0; i < r->nshow; i++) {
		int j = r->show[i].col;

		if (j >= 0)
			csvout_cell(out, o->lang == LANG_EN ? r->cols[j] :
			    fmt_label(r->cols[j], o->lang));
	}
	csvout_end(out);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];

		if (row->hidden)
			continue;
		for (size_t i = 0; i < r->nshow; i++) {
			int j = r->show[i].col;
			const char *cell;

			if (j < 0)
				continue;
			cell = row->cell[j];
			if (r->kind[j] == FK_STATUS && o->lang == LANG_EN)
				csvout_cell(out, cell);
			else
				csvout_cell(out, report_cell_text(r, j, cell,
				    &plain, buf));
		}
		csvout_end(out);
	}
}
