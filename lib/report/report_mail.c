/*
 * report_mail: tgt-report --mail, the page for mail clients.  Desktop
 * Outlook (Word's renderer) and many webmail clients drop <style>, flexbox,
 * grid, positioning and SVG, so this page is tables and inline styles
 * only: the cards are cells, the ranking's bars are coloured cells, the
 * detail table keeps the columns a person reads first.  No script, no
 * external asset; well-formed XML like the page of report_html.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "num.h"
#include "report.h"
#include "report_html.h"
#include "util.h"

#define FONT	"font-family:-apple-system,'Segoe UI',Roboto,Arial," \
		"'PingFang SC','Microsoft YaHei','Noto Sans CJK SC'," \
		"sans-serif;"
#define TD	"padding:4px 6px;border-bottom:1px solid #e1e4e8;"
#define H2	"<h2 style=\"" FONT "font-size:14px;color:#424a53;" \
		"margin:18px 0 6px;text-transform:uppercase;" \
		"letter-spacing:.05em\">"

static void
badge(FILE *fp, const char *st, const char *label, bool crit)
{
	const struct st_style *s = report_st_style(st);

	if (s == NULL) {
		html_esc(fp, label);
		return;
	}
	fprintf(fp, "<span style=\"color:%s;background:%s;border:1px solid %s;"
	    "border-radius:10px;padding:1px 6px;font-size:12px;"
	    "font-weight:bold;white-space:nowrap\">%s ",
	    crit ? CRIT_FG : s->fg, crit ? CRIT_BG : s->bg,
	    crit ? "#82071e" : s->fg, crit ? "‼" : s->icon);
	html_esc(fp, label);
	fputs("</span>", fp);
}

/* The cards, three to a row. */
static void
mail_kpis(FILE *fp, const struct report *r, const struct report_opts *o)
{
	struct html_kpi k[HTML_KPI_MAX];
	size_t n = html_kpis(r, o, k);

	if (n == 0)
		return;
	fputs("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
	    "cellspacing=\"6\" style=\"border-collapse:separate\">\n", fp);
	for (size_t i = 0; i < n; i++) {
		if (i % 3 == 0)
			fputs("<tr>", fp);
		fprintf(fp, "<td width=\"33%%\" valign=\"top\" style=\"" FONT
		    "border:1px solid #d0d7de;border-top:4px solid %s;"
		    "padding:6px 10px\"><div style=\"font-size:12px;"
		    "color:#57606a\">", k[i].color);
		html_esc(fp, k[i].k);
		fprintf(fp, "</div><div style=\"font-size:20px;font-weight:bold;"
		    "color:%s\">", k[i].neg ? "#a40e26" : "#1f2328");
		html_esc(fp, k[i].v);
		fputs("</div><div style=\"font-size:12px;color:#57606a\">", fp);
		html_esc(fp, k[i].d);
		fputs("</div></td>", fp);
		if (i % 3 == 2 || i + 1 == n)
			fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
}

static void
mail_alerts(FILE *fp, const struct report *r, const struct report_opts *o)
{
	size_t shown = r->nalerts_on_page > 0 ? r->nalerts_on_page :
	    r->nalerts;

	if (o->alerts == NULL)
		return;
	fprintf(fp, H2 "%s (%zu)</h2>\n", html_l(o, "Alerts", "预警"), shown);
	fputs("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
	    "cellspacing=\"0\">\n", fp);
	for (size_t i = 0; i < r->nalerts; i++) {
		const struct report_alert *a = &r->alerts[i];
		const char *label = fmt_status_label(a->severity, o->lang);
		char *subj;

		if (r->nalerts_on_page > 0 && !a->on_page)
			continue;
		fputs("<tr><td valign=\"top\" style=\"" TD "\">", fp);
		badge(fp, a->severity, label != NULL ? label : a->severity,
		    false);
		fputs("</td><td valign=\"top\" style=\"" TD FONT
		    "font-size:13px\">", fp);
		subj = report_alert_subject(r, a);
		html_esc(fp, subj);
		free(subj);
		fputs("</td><td valign=\"top\" style=\"" TD FONT
		    "font-size:13px\">", fp);
		html_esc(fp, a->message);
		fputs("</td></tr>\n", fp);
	}
	fputs("</table>\n", fp);
	if (shown < r->nalerts)
		fprintf(fp, "<p style=\"" FONT "font-size:12px;color:#57606a\">"
		    "%s %zu %s</p>\n", html_l(o, "and", "另有"),
		    r->nalerts - shown, html_l(o, "more about rows not in this "
		    "mail (other periods)", "条预警涉及本邮件以外的行（其他期间）"));
}

/* A bar as two table cells: the achievement (capped at 100 %) in the
 * status colour, the rest grey. */
static void
bar_cells(FILE *fp, double pct, const char *fill)
{
	int w = pct <= 0 ? 0 : pct >= 100 ? 100 : (int)(pct + 0.5);

	fputs("<table role=\"presentation\" width=\"100%\" cellpadding=\"0\" "
	    "cellspacing=\"0\"><tr>", fp);
	if (w > 0)
		fprintf(fp, "<td width=\"%d%%\" height=\"10\" bgcolor=\"%s\" "
		    "style=\"background:%s;font-size:0;line-height:0\">&#160;"
		    "</td>", w, fill, fill);
	if (w < 100)
		fputs("<td height=\"10\" bgcolor=\"#e1e4e8\" style=\"background:"
		    "#e1e4e8;font-size:0;line-height:0\">&#160;</td>", fp);
	fputs("</tr></table>", fp);
}

static void
mail_ranking(FILE *fp, const struct report *r, const struct report_opts *o)
{
	struct html_bar *v;
	size_t n, left;
	char pct[48];

	if (report_col(r, "actual") < 0 || html_plan_col(r) < 0)
		return;
	n = html_collect_bars(r, o, -1, &v, &left);
	if (n > 0) {
		fprintf(fp, H2 "%s</h2>\n", html_l(o, "Ranking", "排名"));
		fputs("<table role=\"presentation\" width=\"100%\" "
		    "cellpadding=\"0\" cellspacing=\"0\">\n", fp);
	}
	for (size_t i = 0; i < n; i++) {
		double p = v[i].has_plan && v[i].plan != 0 ?
		    100.0 * v[i].actual / v[i].plan : 0;

		fprintf(fp, "<tr><td width=\"24\" align=\"right\" style=\"" TD
		    FONT "font-size:13px;color:#57606a\">%zu</td><td style=\""
		    TD FONT "font-size:13px;white-space:nowrap\">", i + 1);
		html_esc(fp, v[i].label);
		fputs("</td><td width=\"50%\" style=\"" TD "\">", fp);
		bar_cells(fp, p, v[i].fill);
		fprintf(fp, "</td><td align=\"right\" style=\"" TD FONT
		    "font-size:13px;font-weight:bold\">%s%s</td></tr>\n",
		    v[i].has_plan && v[i].plan != 0 ? pct_format(p, pct,
		    sizeof(pct)) : "", v[i].has_plan && v[i].plan != 0 ?
		    "%" : "");
	}
	if (n > 0)
		fputs("</table>\n", fp);
	html_free_bars(v, n);
}

/* The columns a mail shows: those a person reads first (keys, period,
 * target, actual, achievement, pace, status); the count of the others. */
static bool
mail_col(const struct report *r, size_t i, const struct report_opts *o)
{
	static const char *const first[] = {
		"period", "target", "plan", "actual", "achievement_pct",
		"pace_pct", "message"
	};
	int j = r->show[i].col;

	if (j < 0)
		return false;
	if (j == r->rank || r->kind[j] == FK_STATUS ||
	    (r->kind[j] == FK_TEXT && !report_right_aligned(r, i, o)))
		return true;
	for (size_t k = 0; k < sizeof(first) / sizeof(first[0]); k++)
		if (strcmp(r->cols[j], first[k]) == 0)
			return true;
	return false;
}

static void
mail_table(FILE *fp, const struct report *r, const struct report_opts *o)
{
	size_t left = 0;

	fprintf(fp, H2 "%s</h2>\n<table role=\"presentation\" width=\"100%%\" "
	    "cellpadding=\"0\" cellspacing=\"0\">\n<tr>", fmt_word("detail",
	    o->lang));
	for (size_t i = 0; i < r->nshow; i++) {
		char *h;

		if (!mail_col(r, i, o)) {
			left++;
			continue;
		}
		h = report_header(r, i, o);
		fprintf(fp, "<th align=\"%s\" style=\"" TD FONT "font-size:12px;"
		    "color:#424a53;border-bottom:2px solid #1f2328\">",
		    report_right_aligned(r, i, o) ? "right" : "left");
		html_esc(fp, h);
		fputs("</th>", fp);
		free(h);
	}
	fputs("</tr>\n", fp);
	for (size_t k = 0; k < r->nrows; k++) {
		const struct report_row *row = &r->rows[k];
		bool strong = row->kind == RR_TOTAL || row->kind == RR_INPUT_AGG ||
		    (row->kind == RR_SUBTOTAL && !o->summary);

		if (row->hidden)
			continue;
		fputs("<tr>", fp);
		for (size_t i = 0; i < r->nshow; i++) {
			int j = r->show[i].col;
			char *s;

			if (!mail_col(r, i, o))
				continue;
			s = report_human_cell(r, row, i, o);
			fprintf(fp, "<td align=\"%s\" style=\"" TD FONT
			    "font-size:13px;white-space:nowrap%s%s\">",
			    report_right_aligned(r, i, o) ? "right" : "left",
			    strong ? ";font-weight:bold" : "",
			    row->alert >= 3 ? ";background:#fff5f5" : "");
			if (r->kind[j] == FK_STATUS)
				badge(fp, row->cell[j], s, row->alert >= 3);
			else
				html_esc(fp, s);
			fputs("</td>", fp);
			free(s);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</table>\n", fp);
	if (left > 0)
		fprintf(fp, "<p style=\"" FONT "font-size:12px;color:#57606a\">"
		    "%zu %s</p>\n", left, html_l(o, "more columns in the full "
		    "report (tgt-report -f html)", "列见完整报告（tgt-report -f "
		    "html）"));
}

void
report_mail(FILE *fp, const struct report *r, const struct report_opts *o)
{
	const char *title = o->title != NULL ? o->title :
	    fmt_word("report", o->lang);
	char buf[DATE_FMT_MAX];

	fprintf(fp, "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n"
	    "<meta charset=\"utf-8\"/>\n<meta name=\"viewport\" "
	    "content=\"width=device-width, initial-scale=1\"/>\n<title>",
	    o->lang == LANG_ZH ? "zh-CN" : "en");
	html_esc(fp, title);
	fputs("</title>\n</head>\n<body style=\"margin:0;padding:0;"
	    "background:#eef1f4\">\n<table role=\"presentation\" "
	    "width=\"100%\" cellpadding=\"0\" cellspacing=\"0\" "
	    "bgcolor=\"#eef1f4\"><tr><td align=\"center\">\n"
	    "<table role=\"presentation\" width=\"680\" cellpadding=\"0\" "
	    "cellspacing=\"0\" bgcolor=\"#ffffff\" style=\"width:680px;"
	    "max-width:100%;background:#ffffff;color:#1f2328\">\n"
	    "<tr><td style=\"padding:16px 14px\">\n<h1 style=\"" FONT
	    "font-size:22px;margin:0 0 2px\">", fp);
	html_esc(fp, title);
	fputs("</h1>\n<p style=\"" FONT "font-size:13px;color:#57606a;"
	    "margin:0 0 10px;border-bottom:3px solid #1f2328;"
	    "padding-bottom:8px\">", fp);
	if (o->has_asof)
		fprintf(fp, "%s %s", fmt_word("asof", o->lang),
		    date_format(o->asof, buf));
	fputs("</p>\n", fp);
	mail_kpis(fp, r, o);
	mail_alerts(fp, r, o);
	mail_ranking(fp, r, o);
	mail_table(fp, r, o);
	fputs("<p style=\"" FONT "font-size:12px;color:#8c959f\">tgt-report"
	    "</p>\n</td></tr>\n</table>\n</td></tr></table>\n</body>\n"
	    "</html>\n", fp);
}
