/*
 * report_alerts: tgt-report --alerts FILE.  The alerts (tgt-alert's CSV:
 * severity, rule, keys..., period, message, then the columns the rule
 * read) are listed on the page, critical first, and every report row an
 * alert names (same key cells, same period) carries the alert's
 * severity, so a critical row is shown in a red tier of its status.
 */
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "table.h"
#include "util.h"

static int
severity_rank(const char *s)
{
	if (ascii_casecmp(s, "critical") == 0)
		return 3;
	if (ascii_casecmp(s, "warning") == 0)
		return 2;
	return 1;
}

/* The key columns of the alerts: those between rule and period (or
 * message), as tgt-alert writes them. */
struct alert_cols {
	int	 sev, rule, period, msg;
	int	 first_key, end_key;	/* [first_key, end_key) */
};

static void
alert_cols(const struct table *a, const struct tgt_conf *conf,
    struct alert_cols *c)
{
	c->sev = table_col_req(a, conf, "severity");
	c->rule = table_col_req(a, conf, "rule");
	c->msg = table_col_req(a, conf, "message");
	c->period = table_col(a, conf, "period");
	c->first_key = c->rule + 1;
	c->end_key = c->period >= 0 ? c->period : c->msg;
	if (c->end_key < c->first_key)
		die("%s: --alerts: the key columns must stand between rule "
		    "and period, as tgt-alert writes them", a->file);
}

static char *
subject(const struct table *a, size_t i, const struct alert_cols *c)
{
	char *s = xstrdup("");

	for (int j = c->first_key; j < c->end_key; j++) {
		const char *cell;
		char *t;

		cell = a->rows[i][j];
		if (*cell == '\0')
			continue;
		t = *s == '\0' ? xstrdup(cell) : xasprintf("%s · %s", s, cell);
		free(s);
		s = t;
	}
	return s;
}

/* Whether report row row is the one alert i names. */
static bool
names_row(const struct report_row *row,
    const struct table *a, size_t i, const int *rcol, size_t nk)
{
	for (size_t k = 0; k < nk; k++)
		if (rcol[k] >= 0 && strcmp(row->cell[rcol[k]],
		    a->rows[i][k]) != 0)
			return false;
	return true;
}

/* Marks the rows each alert names; returns per alert whether it named
 * one (on[i], for the alerts in file order). */
static void
mark_rows(struct report *r, const struct table *a, const struct alert_cols *c,
    const struct tgt_conf *conf, bool *on)
{
	size_t nk = (size_t)a->ncols;
	int *rcol = xcalloc(nk, sizeof(*rcol));
	bool any = false;

	/* Columns compared: the keys and the period, found in the report. */
	for (size_t k = 0; k < nk; k++) {
		bool key = (int)k >= c->first_key && ((int)k < c->end_key ||
		    (int)k == c->period);

		rcol[k] = key ? report_col(r, table_canon(conf, a->cols[k])) :
		    -1;
		any |= rcol[k] >= 0;
	}
	for (size_t i = 0; any && i < a->nrows; i++) {
		int sev = severity_rank(a->rows[i][c->sev]);

		for (size_t k = 0; k < r->nrows; k++) {
			struct report_row *row = &r->rows[k];

			if (row->kind == RR_SUBTOTAL || row->kind == RR_TOTAL ||
			    !names_row(row, a, i, rcol, nk))
				continue;
			on[i] = true;
			if (row->alert < sev)
				row->alert = sev;
		}
	}
	free(rcol);
}

void
report_load_alerts(struct report *r, const char *path,
    const struct csvin_opts *in, const struct tgt_conf *conf)
{
	struct table a;
	struct alert_cols c;
	size_t n = 0;
	bool *on;

	table_load(&a, path, in);
	alert_cols(&a, conf, &c);
	on = xcalloc(a.nrows + 1, sizeof(*on));
	mark_rows(r, &a, &c, conf, on);
	r->alerts = xcalloc(a.nrows + 1, sizeof(*r->alerts));
	/* Critical first, then warning, then the rest, each in file order. */
	for (int sev = 3; sev >= 1; sev--) {
		for (size_t i = 0; i < a.nrows; i++) {
			struct report_alert *al = &r->alerts[n];

			if (severity_rank(a.rows[i][c.sev]) != sev)
				continue;
			al->sev = sev;
			al->severity = xstrdup(a.rows[i][c.sev]);
			al->rule = xstrdup(a.rows[i][c.rule]);
			al->subject = subject(&a, i, &c);
			al->period = xstrdup(c.period >= 0 ?
			    a.rows[i][c.period] : "");
			al->message = xstrdup(a.rows[i][c.msg]);
			al->on_page = on[i];
			r->nalerts_on_page += on[i];
			n++;
		}
	}
	r->nalerts = n;
	free(on);
	table_free(&a);
}

/* Whether every data row has the same cell in column jp. */
static bool
constant_period(const struct report *r, int jp)
{
	const char *v = NULL;

	for (size_t k = 0; k < r->nrows; k++) {
		if (r->rows[k].kind != RR_DATA)
			continue;
		if (v == NULL)
			v = r->rows[k].cell[jp];
		else if (strcmp(v, r->rows[k].cell[jp]) != 0)
			return false;
	}
	return v != NULL;
}

void
report_alerts_more(FILE *fp, const struct report *r, size_t shown,
    const struct report_opts *o)
{
	if (shown < r->nalerts)
		fprintf(fp, o->lang == LANG_ZH ? "另有 %zu 条预警涉及本表以外的"
		    "行（其他期间）\n" : "and %zu more about rows not in this "
		    "table (other periods)\n", r->nalerts - shown);
}

char *
report_alert_subject(const struct report *r, const struct report_alert *a)
{
	int jp = report_col(r, "period");
	bool same = false;

	if (*a->period == '\0')
		return xstrdup(a->subject);
	if (jp >= 0 && r->ndata > 0 && constant_period(r, jp))
		for (size_t k = 0; k < r->nrows && !same; k++)
			if (r->rows[k].kind == RR_DATA)
				same = strcmp(r->rows[k].cell[jp],
				    a->period) == 0;
	if (same)
		return xstrdup(a->subject);
	return *a->subject == '\0' ? xstrdup(a->period) :
	    xasprintf("%s · %s", a->subject, a->period);
}

bool
report_alert_listed(const struct report *r, const struct report_alert *a)
{
	return r->nalerts_on_page == 0 || a->on_page;
}
