/*
 * growth: the weights rows --growth reads (DESIGN.md "tgt-split",
 * --growth).  A weights table with a date or period column holds several
 * years of history; summing all of them would make the base (and so the
 * target) the total of every year.  Only the base year counts: --base, or
 * the last full year before the period being planned.
 */
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "util.h"

/* The date or period column of the weights: --date, else "date", else
 * "period"; -1 when there is none. */
static int
when_col(const struct table *w, const struct tgt_conf *conf,
    const char *date_col)
{
	int c;

	if (date_col != NULL)
		return table_col_req(w, conf, date_col);
	if ((c = table_col(w, conf, "date")) >= 0)
		return c;
	return table_col(w, conf, "period");
}

/* The last full year before p: the year that ends the day before p's year
 * starts (2024 for 2025-Q3). */
static struct period
last_full_year(const struct period *p, const struct fiscal *fy)
{
	struct period y = period_of(p->start, G_YEAR, fy);

	return period_of(y.start - 1, G_YEAR, fy);
}

static struct period
row_when(const struct table *w, size_t r, int col,
    const struct tgt_conf *conf)
{
	const char *c = w->rows[r][col], *why;
	struct period p;

	if ((why = period_parse(c, strlen(c), &conf->fy, conf->date_order,
	    &p)) != NULL)
		die_at(w->file, w->lines[r], "column \"%s\": cannot read \"%s\" "
		    "as a date or period: %s", w->cols[col], c, why);
	return p;
}

const struct table *
split_growth_rows(const struct table *w, const struct tgt_conf *conf,
    const char *date_col, const struct period *target,
    const struct period *base, struct table *view)
{
	int col = when_col(w, conf, date_col);
	struct period b;
	char bl[PERIOD_FMT_MAX], tl[PERIOD_FMT_MAX];
	size_t left = 0;

	memset(view, 0, sizeof(*view));
	if (col < 0)
		return w;
	b = base != NULL ? *base : last_full_year(target, &conf->fy);
	period_format(&b, &conf->fy, bl);
	period_format(target, &conf->fy, tl);
	*view = *w;
	view->nrows = 0;
	view->rows = xcalloc(w->nrows + 1, sizeof(*view->rows));
	view->lines = xcalloc(w->nrows + 1, sizeof(*view->lines));
	for (size_t r = 0; r < w->nrows; r++) {
		struct period p = row_when(w, r, col, conf);

		if (!period_within(&p, &b)) {
			left++;
			continue;
		}
		view->rows[view->nrows] = w->rows[r];
		view->lines[view->nrows++] = w->lines[r];
	}
	if (view->nrows == 0) {
		split_view_free(view);
		if (base != NULL)
			die_at(w->file, 0, "--growth: no weights rows within "
			    "--base %s", bl);
		die_at(w->file, 0, "--growth: no weights rows in %s, the last "
		    "full year before %s (name the base year with --base)", bl,
		    tl);
	}
	if (left > 0)
		warn_at(w->file, 0, "--growth: weights and base from %s (%s); "
		    "left out %zu row%s of other periods", bl, base != NULL ?
		    "--base" : "the last full year before --period", left,
		    left == 1 ? "" : "s");
	return view;
}

void
split_view_free(struct table *view)
{
	free(view->rows);
	free(view->lines);
	memset(view, 0, sizeof(*view));
}
