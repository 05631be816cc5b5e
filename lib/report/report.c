/*
 * report: the report model of tgt-report: copy of the input, --group
 * subtotals with ratios recomputed from sums, --sort, --top, --rank.  The
 * renderers are report_text.c (text, markdown, CSV) and report_html.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fmt.h"
#include "num.h"
#include "report.h"
#include "util.h"

/* A sort key: a column, descending or not. */
struct sortkey {
	int	 col;
	bool	 desc;
};

struct sortspec {
	struct sortkey	*key;
	size_t		 n;
	char		 decimal;
};

static char *
xstrdup_or_empty(const char *s)
{
	return xstrdup(s != NULL ? s : "");
}

int
report_col(const struct report *r, const char *name)
{
	for (size_t j = 0; j < r->ncols; j++)
		if (ascii_casecmp(r->cols[j], name) == 0)
			return (int)j;
	return -1;
}

/* A column of the input table by name (aliases too), as a report index. */
static int
require_col(const struct report *r, const struct table *t,
    const struct tgt_conf *conf, const char *name)
{
	int j = report_col(r, name);

	if (j >= 0)
		return j;
	return table_col_req(t, conf, name);
}

/* Aggregates of the input: the TOTAL row of tgt-variance, the "*" rows of
 * tgt-track --rollup. */
static bool
is_input_agg(const struct report *r, char *const *cell)
{
	if (r->ncols > 0 && ascii_casecmp(cell[0], "TOTAL") == 0)
		return true;
	for (size_t j = 0; j < r->ncols; j++)
		if (r->kind[j] == FK_TEXT && strcmp(cell[j], "*") == 0)
			return true;
	return false;
}

static void
free_row(struct report_row *row, size_t ncols)
{
	if (row->cell == NULL)
		return;
	for (size_t j = 0; j < ncols; j++)
		free(row->cell[j]);
	free(row->cell);
	row->cell = NULL;
}

static void
copy_table(struct report *r, const struct table *t,
    const struct tgt_conf *conf, bool rank)
{
	size_t extra = rank ? 1 : 0;

	r->file = xstrdup(t->file != NULL ? t->file : "<stdin>");
	r->ncols = t->ncols + extra;
	r->cols = xcalloc(r->ncols, sizeof(*r->cols));
	r->kind = xcalloc(r->ncols, sizeof(*r->kind));
	for (size_t j = 0; j < t->ncols; j++) {
		r->cols[j] = xstrdup(fmt_column_canon(table_canon(conf,
		    t->cols[j])));
		r->kind[j] = fmt_column_kind(r->cols[j]);
	}
	r->rank = -1;
	if (rank) {
		r->rank = (int)t->ncols;
		r->cols[r->rank] = xstrdup("rank");
		r->kind[r->rank] = FK_COUNT;
	}
	r->nrows = t->nrows;
	r->rows = xcalloc(t->nrows, sizeof(*r->rows));
	for (size_t i = 0; i < t->nrows; i++) {
		struct report_row *row = &r->rows[i];

		row->cell = xcalloc(r->ncols, sizeof(*row->cell));
		for (size_t j = 0; j < r->ncols; j++)
			row->cell[j] = xstrdup_or_empty(j < t->ncols ?
			    t->rows[i][j] : "");
		row->line = t->lines != NULL ? t->lines[i] : 0;
		row->kind = is_input_agg(r, row->cell) ? RR_INPUT_AGG : RR_DATA;
		if (row->kind == RR_DATA)
			r->ndata++;
	}
}

/*
 * Subtotals.  Sums are exact (num_t); ratios are recomputed from the sums,
 * never averaged; key cells of the rows summed are "*" (all), as in a
 * targets file or tgt-track --rollup.
 */
struct sums {
	num_t	*v;
	bool	*has;
	bool	*same;		/* every row had the same cell */
	bool	 series;	/* the rows are distinct periods of a series */
	num_t	 days;		/* remaining_days of the rows summed */
	bool	 has_days;
};

static bool
sum_get(const struct report *r, const struct sums *s, const char *name,
    num_t *v)
{
	int j = report_col(r, name);

	if (j < 0 || !s->has[j])
		return false;
	*v = s->v[j];
	return true;
}

static void
sum_column(const struct report *r, struct report_row **rows, size_t n,
    size_t j, char decimal, struct sums *s)
{
	for (size_t i = 0; i < n; i++) {
		const char *c = rows[i]->cell[j];
		num_t v;

		switch (num_parse(c, strlen(c), decimal, &v)) {
		case NUM_EMPTY:
			continue;
		case NUM_OK:
			break;
		default:
			die_at(r->file, rows[i]->line,
			    "column \"%s\": cannot read \"%s\" as a number",
			    r->cols[j], c);
		}
		if (num_add(s->v[j], v, &s->v[j]) != 0)
			die_at(r->file, rows[i]->line,
			    "column \"%s\": sum overflows", r->cols[j]);
		s->has[j] = true;
	}
}

static char *
num_cell(num_t v)
{
	char buf[NUM_FMT_MAX];

	return xstrdup(num_format(v, NUM_DIGITS, 0, buf, sizeof(buf)));
}

/* 100 * a / b as a _pct cell, empty when b is 0. */
static char *
pct_cell(num_t a, num_t b, bool absb)
{
	char buf[64];
	double d;

	if (b == 0)
		return xstrdup("");
	d = num_to_double(b);
	d = 100.0 * num_to_double(a) / (absb ? fabs(d) : d);
	return xstrdup(pct_format(d, buf, sizeof(buf)));
}

static const char *
same_cell(const struct report *r, size_t j, const struct report_row *first,
    const struct sums *s)
{
	(void)r;
	return s->same[j] && first != NULL ? first->cell[j] : "";
}

/* The status of a subtotal, by tgt-track's precedence (DESIGN.md). */
static char *
status_cell(const struct report *r, const struct sums *s,
    const struct report_row *first, const struct report_opts *o)
{
	int je = report_col(r, "elapsed_pct");
	num_t target, actual, expected;
	double elapsed, pace;

	if (!sum_get(r, s, "target", &target) ||
	    !sum_get(r, s, "actual", &actual))
		return xstrdup(same_cell(r, (size_t)report_col(r, "status"),
		    first, s));
	if (actual >= target && target > 0)
		return xstrdup("achieved");
	if (je >= 0 && s->same[je] && first != NULL &&
	    fmt_to_double(first->cell[je], '.', &elapsed)) {
		if (elapsed >= 100)
			return xstrdup("missed");
		if (elapsed <= 0)
			return xstrdup("not_started");
	}
	if (!sum_get(r, s, "expected", &expected) || expected == 0)
		return xstrdup(same_cell(r, (size_t)report_col(r, "status"),
		    first, s));
	pace = 100.0 * num_to_double(actual) / num_to_double(expected);
	if (pace < o->behind)
		return xstrdup("behind");
	if (pace > o->ahead)
		return xstrdup("ahead");
	return xstrdup("on_track");
}

/*
 * The forecast of rows of one period (elapsed_pct alike) is the sum of
 * their run-rates.  Rows of different periods (a daily series, months of
 * a year) have no common elapsed fraction: their actual is projected by
 * the expected curve instead, actual * target / expected.
 */
static char *
forecast_cell(const struct report *r, size_t j, const struct sums *s)
{
	int je = report_col(r, "elapsed_pct");
	num_t a, t, e, f;

	if (je < 0 || s->same[je])
		return s->has[j] ? num_cell(s->v[j]) : xstrdup("");
	if (!sum_get(r, s, "actual", &a) || !sum_get(r, s, "target", &t) ||
	    !sum_get(r, s, "expected", &e) || e == 0 ||
	    num_muldiv(a, t, e, &f) != 0)
		return xstrdup("");
	return num_cell(f);
}

static char *
ratio_cell(const struct report *r, size_t j, const struct sums *s,
    const struct report_row *first, const struct report_opts *o)
{
	const char *name = r->cols[j];
	num_t a, b, c;

	if (strcmp(name, "achievement_pct") == 0)
		return sum_get(r, s, "actual", &a) &&
		    sum_get(r, s, "target", &b) ? pct_cell(a, b, false) :
		    xstrdup("");
	if (strcmp(name, "pace_pct") == 0)
		return sum_get(r, s, "actual", &a) &&
		    sum_get(r, s, "expected", &b) ? pct_cell(a, b, false) :
		    xstrdup("");
	if (strcmp(name, "forecast_pct") == 0)
		return sum_get(r, s, "forecast", &a) &&
		    sum_get(r, s, "target", &b) ? pct_cell(a, b, false) :
		    xstrdup("");
	if (strcmp(name, "variance_pct") == 0) {
		if (!sum_get(r, s, "variance", &a))
			return xstrdup("");
		if (sum_get(r, s, "plan", &b) || sum_get(r, s, "target", &b) ||
		    sum_get(r, s, "base", &b))
			return pct_cell(a, b, true);
		return xstrdup("");
	}
	if (strcmp(name, "remaining") == 0) {
		if (sum_get(r, s, "target", &a) &&
		    sum_get(r, s, "actual", &b)) {
			if (num_sub(a, b, &c) != 0)
				die("column \"remaining\": sum overflows");
			return num_cell(c > 0 ? c : 0);
		}
		return s->has[j] ? num_cell(s->v[j]) : xstrdup("");
	}
	if (strcmp(name, "remaining_days") == 0)
		return s->has_days ? xasprintf("%ld", (long)(s->days /
		    NUM_SCALE)) : xstrdup("");
	if (strcmp(name, "forecast") == 0)
		return forecast_cell(r, j, s);
	if (strcmp(name, "required_per_day") == 0) {
		double days;

		if (!s->has_days || s->days <= 0)
			return xstrdup("");
		days = num_to_double(s->days);
		if (!sum_get(r, s, "target", &a) ||
		    !sum_get(r, s, "actual", &b))
			return xstrdup("");
		if (num_sub(a, b, &c) != 0)
			die("column \"required_per_day\": sum overflows");
		if (c < 0)
			c = 0;
		if (num_from_double(num_to_double(c) / days, &a) != 0)
			return xstrdup("");
		return num_cell(a);
	}
	if (strcmp(name, "status") == 0)
		return status_cell(r, s, first, o);
	return xstrdup(same_cell(r, j, first, s));
}

/* Whether every non-empty cell of column j in rows is a number. */
static bool
all_numbers(struct report_row **rows, size_t n, size_t j, char decimal)
{
	bool any = false;

	for (size_t i = 0; i < n; i++) {
		const char *c = rows[i]->cell[j];
		num_t v;
		enum num_status st = num_parse(c, strlen(c), decimal, &v);

		if (st == NUM_EMPTY)
			continue;
		if (st != NUM_OK)
			return false;
		any = true;
	}
	return any;
}

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Whether rows (two or more) all have different periods: a series. */
static bool
distinct_periods(const struct report *r, struct report_row **rows, size_t n)
{
	int jp = report_col(r, "period");
	char **v;
	bool ok = true;

	if (jp < 0)
		jp = report_col(r, "date");
	if (jp < 0 || n < 2)
		return false;
	v = xcalloc(n, sizeof(*v));
	for (size_t i = 0; i < n; i++)
		v[i] = rows[i]->cell[jp];
	qsort(v, n, sizeof(*v), cmp_str);
	for (size_t i = 1; i < n && ok; i++)
		ok = strcmp(v[i - 1], v[i]) != 0;
	free(v);
	return ok;
}

/* Days left for the rows: the common value for rows of one period, the
 * sum over a series (each day or month counts its own). */
static void
sum_days(const struct report *r, struct report_row **rows, size_t n,
    const struct report_opts *o, struct sums *s)
{
	int jd = report_col(r, "remaining_days");
	num_t v;

	s->has_days = false;
	s->days = 0;
	if (jd < 0 || n == 0)
		return;
	for (size_t i = 0; i < n; i++) {
		const char *c = rows[i]->cell[jd];

		if (num_parse(c, strlen(c), o->decimal, &v) != NUM_OK)
			return;
		if (i == 0 || s->series) {
			if (num_add(s->days, v, &s->days) != 0)
				return;
		} else if (v != s->days) {
			return;		/* one period, yet different days */
		}
	}
	s->has_days = true;
}

static void
aggregate(const struct report *r, struct report_row **rows, size_t n,
    const bool *keep, const struct report_opts *o, struct report_row *out)
{
	struct sums s;
	const struct report_row *first = n > 0 ? rows[0] : NULL;

	s.v = xcalloc(r->ncols, sizeof(*s.v));
	s.has = xcalloc(r->ncols, sizeof(*s.has));
	s.same = xcalloc(r->ncols, sizeof(*s.same));
	out->cell = xcalloc(r->ncols, sizeof(*out->cell));
	for (size_t j = 0; j < r->ncols; j++) {
		s.same[j] = true;
		for (size_t i = 1; i < n; i++)
			if (strcmp(rows[i]->cell[j], first->cell[j]) != 0)
				s.same[j] = false;
		if (fmt_column_agg(r->cols[j]) == FA_SUM)
			sum_column(r, rows, n, j, o->decimal, &s);
	}
	s.series = distinct_periods(r, rows, n);
	sum_days(r, rows, n, o, &s);
	for (size_t j = 0; j < r->ncols; j++) {
		enum fmt_agg agg = fmt_column_agg(r->cols[j]);

		if (keep != NULL && keep[j])
			out->cell[j] = xstrdup(first != NULL ?
			    first->cell[j] : "");
		else if ((int)j == r->rank || agg == FA_NONE)
			out->cell[j] = xstrdup("");
		else if (agg == FA_SUM)
			out->cell[j] = s.has[j] ? num_cell(s.v[j]) :
			    xstrdup("");
		else if (agg == FA_RATIO)
			out->cell[j] = ratio_cell(r, j, &s, first, o);
		else if (agg == FA_MAX) {
			const char *m = "";

			/* Canonical dates compare as strings. */
			for (size_t i = 0; i < n; i++)
				if (strcmp(rows[i]->cell[j], m) > 0)
					m = rows[i]->cell[j];
			out->cell[j] = xstrdup(m);
		} else if (r->kind[j] == FK_TEXT &&
		    !all_numbers(rows, n, j, o->decimal))
			out->cell[j] = xstrdup("*");
		else
			out->cell[j] = xstrdup(same_cell(r, j, first, &s));
	}
	free(s.v);
	free(s.has);
	free(s.same);
}

/* Sorting: a stable merge sort over row pointers, with a context. */
static int
cmp_cells(const char *a, const char *b, enum fmt_kind kind, char decimal)
{
	num_t x, y;
	bool ea = *a == '\0', eb = *b == '\0';

	if (ea || eb)
		return ea - eb;
	if (fmt_kind_numeric(kind) || kind == FK_TEXT) {
		bool na = num_parse(a, strlen(a), decimal, &x) == NUM_OK;
		bool nb = num_parse(b, strlen(b), decimal, &y) == NUM_OK;

		if (na && nb)
			return num_cmp(x, y);
		if (na != nb)
			return na ? -1 : 1;
	}
	return strcmp(a, b);
}

static int
cmp_rows(const struct report *r, const struct sortspec *ss,
    const struct report_row *a, const struct report_row *b)
{
	for (size_t k = 0; k < ss->n; k++) {
		int j = ss->key[k].col;
		const char *x = a->cell[j], *y = b->cell[j];
		int c;

		/* Empty cells go last in both directions. */
		if ((*x == '\0') != (*y == '\0'))
			return *x == '\0' ? 1 : -1;
		c = cmp_cells(x, y, r->kind[j], ss->decimal);
		if (c != 0)
			return ss->key[k].desc ? -c : c;
	}
	return 0;
}

static void
merge_sort(const struct report *r, const struct sortspec *ss,
    struct report_row **v, struct report_row **tmp, size_t n)
{
	size_t h = n / 2, i = 0, j = h, k = 0;

	if (n < 2)
		return;
	merge_sort(r, ss, v, tmp, h);
	merge_sort(r, ss, v + h, tmp, n - h);
	while (i < h && j < n)
		tmp[k++] = cmp_rows(r, ss, v[j], v[i]) < 0 ? v[j++] : v[i++];
	while (i < h)
		tmp[k++] = v[i++];
	while (j < n)
		tmp[k++] = v[j++];
	memcpy(v, tmp, n * sizeof(*v));
}

static void
sort_rows(const struct report *r, const struct sortspec *ss,
    struct report_row **v, size_t n)
{
	struct report_row **tmp;

	if (ss->n == 0 || n < 2)
		return;
	tmp = xcalloc(n, sizeof(*tmp));
	merge_sort(r, ss, v, tmp, n);
	free(tmp);
}

static void
parse_sort(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const char *spec, struct sortspec *ss)
{
	size_t n;
	char **names = split_list(spec, &n);

	ss->key = xcalloc(n ? n : 1, sizeof(*ss->key));
	ss->n = 0;
	for (size_t i = 0; i < n; i++) {
		const char *name = names[i];
		bool desc = false;

		if (*name == '-' || *name == '+') {
			desc = *name == '-';
			name++;
		}
		if (*name == '\0')
			die_usage("--sort: empty column name");
		ss->key[ss->n].col = require_col(r, t, conf, name);
		ss->key[ss->n].desc = desc;
		ss->n++;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

/* --rank without --sort ranks by achievement, else by actual. */
static const char *
default_rank_sort(const struct report *r)
{
	if (report_col(r, "achievement_pct") >= 0)
		return "-achievement_pct";
	if (report_col(r, "actual") >= 0)
		return "-actual";
	die_usage("--rank needs --sort: no achievement_pct or actual column");
}

/* Competition ranking (1, 2, 2, 4) over v, already sorted. */
static void
assign_ranks(const struct report *r, const struct sortspec *ss,
    struct report_row **v, size_t n)
{
	char buf[32];

	for (size_t i = 0; i < n; i++) {
		v[i]->rank = (long)i + 1;
		if (i > 0 && cmp_rows(r, ss, v[i - 1], v[i]) == 0)
			v[i]->rank = v[i - 1]->rank;
		snprintf(buf, sizeof(buf), "%ld", v[i]->rank);
		free(v[i]->cell[r->rank]);
		v[i]->cell[r->rank] = xstrdup(buf);
	}
}

struct group {
	char		**value;	/* cells of a row: is_group ones count */
	struct report_row **rows;
	size_t		  n;
	size_t		  cap;
	struct report_row sub;
};

/* Groups by their key cells: an open-addressing hash of group indexes. */
struct gindex {
	size_t	*slot;		/* index + 1, 0 = empty */
	size_t	 nslot;		/* a power of two */
};

/* Sort, cut to --top and rank one list of data rows; returns the count
 * kept.  Rows cut are freed. */
static size_t
order_rows(struct report *r, const struct sortspec *ss,
    const struct report_opts *o, struct report_row **v, size_t n)
{
	sort_rows(r, ss, v, n);
	if (o->top > 0 && (size_t)o->top < n) {
		for (size_t i = (size_t)o->top; i < n; i++) {
			free_row(v[i], r->ncols);
			free(v[i]);
		}
		n = (size_t)o->top;
	}
	if (r->rank >= 0)
		assign_ranks(r, ss, v, n);
	return n;
}

/* Rows are handled as pointers while ordering; this puts them back. */
static void
set_rows(struct report *r, struct report_row **v, size_t n)
{
	free(r->rows);
	r->rows = xcalloc(n ? n : 1, sizeof(*r->rows));
	for (size_t i = 0; i < n; i++) {
		r->rows[i] = *v[i];
		free(v[i]);
	}
	r->nrows = n;
}

static struct report_row *
box_row(const struct report_row *row)
{
	struct report_row *p = xmalloc(sizeof(*p));

	*p = *row;
	return p;
}

static bool
same_group(const struct report *r, char *const *a, char *const *b)
{
	for (size_t j = 0; j < r->ncols; j++)
		if (r->is_group[j] && strcmp(a[j], b[j]) != 0)
			return false;
	return true;
}

static uint64_t
group_hash(const struct report *r, char *const *cell)
{
	uint64_t h = UINT64_C(1469598103934665603);

	for (size_t j = 0; j < r->ncols; j++) {
		if (!r->is_group[j])
			continue;
		for (const unsigned char *p = (const unsigned char *)cell[j];
		    *p != '\0'; p++)
			h = (h ^ *p) * UINT64_C(1099511628211);
		h = (h ^ 0x1f) * UINT64_C(1099511628211);
	}
	return h;
}

/* The index of the group of cell, or ng when it is new. */
static size_t
gindex_find(const struct report *r, const struct gindex *gi,
    const struct group *g, size_t ng, char *const *cell)
{
	size_t i;

	if (gi->nslot == 0)
		return ng;
	i = group_hash(r, cell) & (gi->nslot - 1);
	for (; gi->slot[i] != 0; i = (i + 1) & (gi->nslot - 1))
		if (same_group(r, g[gi->slot[i] - 1].value, cell))
			return gi->slot[i] - 1;
	return ng;
}

/* Index group ng - 1, growing the table to keep it at most half full. */
static void
gindex_add(const struct report *r, struct gindex *gi, const struct group *g,
    size_t ng)
{
	size_t from = ng - 1;

	if (2 * ng > gi->nslot) {
		free(gi->slot);
		gi->nslot = gi->nslot ? gi->nslot * 2 : 64;
		gi->slot = xcalloc(gi->nslot, sizeof(*gi->slot));
		from = 0;
	}
	for (size_t k = from; k < ng; k++) {
		size_t i = group_hash(r, g[k].value) & (gi->nslot - 1);

		while (gi->slot[i] != 0)
			i = (i + 1) & (gi->nslot - 1);
		gi->slot[i] = k + 1;
	}
}

/* --summary: rank and cut the groups by their subtotals. */
static size_t
order_groups(struct report *r, const struct sortspec *ss,
    const struct report_opts *o, struct group *g, size_t ng)
{
	if (o->top > 0 && (size_t)o->top < ng) {
		for (size_t k = (size_t)o->top; k < ng; k++) {
			for (size_t i = 0; i < g[k].n; i++) {
				free_row(g[k].rows[i], r->ncols);
				free(g[k].rows[i]);
			}
			free(g[k].rows);
			free_row(&g[k].sub, r->ncols);
		}
		ng = (size_t)o->top;
	}
	if (r->rank >= 0) {
		struct report_row **subs = xcalloc(ng + 1, sizeof(*subs));

		for (size_t k = 0; k < ng; k++)
			subs[k] = &g[k].sub;
		assign_ranks(r, ss, subs, ng);
		free(subs);
	}
	return ng;
}

/* A copy of the grand total, as the table's last row. */
static struct report_row *
grand_row(const struct report *r)
{
	struct report_row total = { 0 };

	total.cell = xcalloc(r->ncols, sizeof(*total.cell));
	for (size_t j = 0; j < r->ncols; j++)
		total.cell[j] = xstrdup(r->grand.cell[j]);
	total.kind = RR_TOTAL;
	return box_row(&total);
}

/* Groups are ordered by their subtotals, by the same keys; frees g. */
static struct group *
sort_groups(const struct report *r, const struct sortspec *ss,
    struct group *g, size_t ng)
{
	struct report_row **subs = xcalloc(ng, sizeof(*subs));
	struct group *sorted = xcalloc(ng, sizeof(*sorted));

	/* An added row has no line: it holds the group meanwhile. */
	for (size_t k = 0; k < ng; k++) {
		g[k].sub.line = (long)k;
		subs[k] = &g[k].sub;
	}
	sort_rows(r, ss, subs, ng);
	for (size_t i = 0; i < ng; i++)
		sorted[i] = g[subs[i]->line];
	for (size_t i = 0; i < ng; i++)
		sorted[i].sub.line = 0;
	free(g);
	free(subs);
	return sorted;
}

static void
build_groups(struct report *r, const struct sortspec *ss,
    const struct report_opts *o)
{
	struct group *g = NULL;
	size_t ng = 0, nagg = 0, nout = 0;
	struct report_row **out;

	struct gindex gi = { NULL, 0 };
	size_t cap = 0;

	for (size_t i = 0; i < r->nrows; i++) {
		struct report_row *row = &r->rows[i];
		size_t k;

		if (row->kind != RR_DATA) {
			nagg++;
			free_row(row, r->ncols);
			continue;
		}
		k = gindex_find(r, &gi, g, ng, row->cell);
		if (k == ng) {
			if (ng == cap) {
				cap = cap ? cap * 2 : 16;
				g = xreallocarray(g, cap, sizeof(*g));
			}
			memset(&g[ng], 0, sizeof(g[ng]));
			g[ng].value = row->cell;
			ng++;
			gindex_add(r, &gi, g, ng);
		}
		if (g[k].n == g[k].cap) {
			g[k].cap = g[k].cap ? g[k].cap * 2 : 8;
			g[k].rows = xreallocarray(g[k].rows, g[k].cap,
			    sizeof(*g[k].rows));
		}
		g[k].rows[g[k].n++] = box_row(row);
	}
	free(gi.slot);
	if (nagg > 0)
		warning("%s: left out %zu total row%s of the input: --group "
		    "recomputes the totals", r->file, nagg,
		    nagg == 1 ? "" : "s");
	for (size_t k = 0; k < ng; k++) {
		aggregate(r, g[k].rows, g[k].n, r->is_group, o, &g[k].sub);
		g[k].sub.kind = RR_SUBTOTAL;
	}
	if (ss->n > 0 && ng > 1)
		g = sort_groups(r, ss, g, ng);
	out = xcalloc(r->ndata + ng + 1, sizeof(*out));
	if (o->summary)
		ng = order_groups(r, ss, o, g, ng);
	for (size_t k = 0; k < ng; k++) {
		size_t n = g[k].n;

		if (o->summary)
			sort_rows(r, ss, g[k].rows, n);
		else
			n = order_rows(r, ss, o, g[k].rows, n);
		for (size_t i = 0; i < n; i++) {
			g[k].rows[i]->hidden = o->summary;
			out[nout++] = g[k].rows[i];
		}
		out[nout++] = box_row(&g[k].sub);
		free(g[k].rows);
	}
	free(g);
	if (r->has_grand)
		out[nout++] = grand_row(r);
	set_rows(r, out, nout);
	free(out);
}

/* The input's own grand total: tgt-variance's TOTAL row. */
static bool
has_input_total(const struct report *r)
{
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].kind == RR_INPUT_AGG && r->ncols > 0 &&
		    ascii_casecmp(r->rows[i].cell[0], "TOTAL") == 0)
			return true;
	return false;
}

static void
build_flat(struct report *r, const struct sortspec *ss,
    const struct report_opts *o, bool add_total)
{
	struct report_row **data, **out;
	size_t nd = 0, nout = 0, ncut = 0;

	/*
	 * --total over a table that has one already would show it twice
	 * (unless --top leaves the input's out, below).
	 */
	if (add_total && o->top <= 0 && has_input_total(r))
		add_total = false;
	data = xcalloc(r->nrows + 1, sizeof(*data));
	out = xcalloc(r->nrows + 2, sizeof(*out));
	for (size_t i = 0; i < r->nrows; i++) {
		if (r->rows[i].kind == RR_DATA) {
			data[nd++] = box_row(&r->rows[i]);
		} else if (o->top > 0) {
			/* A top N list is N rows, not N plus the rollups. */
			free_row(&r->rows[i], r->ncols);
			ncut++;
		}
	}
	if (ncut > 0)
		warning("%s: left out %zu total row%s of the input (TOTAL or "
		    "a \"*\" key cell) of --top", r->file, ncut,
		    ncut == 1 ? "" : "s");
	nd = order_rows(r, ss, o, data, nd);
	if (ss->n > 0) {
		/* Sorted: the input's own totals follow the ranked rows. */
		for (size_t i = 0; i < nd; i++)
			out[nout++] = data[i];
		for (size_t i = 0; i < r->nrows; i++)
			if (r->rows[i].kind != RR_DATA &&
			    r->rows[i].cell != NULL)
				out[nout++] = box_row(&r->rows[i]);
	} else {
		size_t k = 0;

		for (size_t i = 0; i < r->nrows; i++) {
			if (r->rows[i].kind != RR_DATA) {
				if (r->rows[i].cell != NULL)
					out[nout++] = box_row(&r->rows[i]);
			} else if (k < nd) {
				/* Unsorted: data[] is in input order. */
				out[nout++] = data[k++];
			}
			/* else cut by --top: order_rows() freed it */
		}
	}
	if (add_total)
		out[nout++] = grand_row(r);
	free(data);
	set_rows(r, out, nout);
	free(out);
}

static void
choose_columns(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const struct report_opts *o)
{
	bool bars = o->format != RF_CSV;

	r->pct = report_col(r, "achievement_pct");
	r->show = xcalloc(r->ncols + 2, sizeof(*r->show));
	r->nshow = 0;
	if (o->columns != NULL) {
		size_t n;
		char **names = split_list(o->columns, &n);
		bool has_rank = false;

		for (size_t i = 0; i < n; i++)
			has_rank |= ascii_casecmp(names[i], "rank") == 0;
		r->show = xreallocarray(r->show, n + 2, sizeof(*r->show));
		/* --rank shows its column first unless --columns places it. */
		if (r->rank >= 0 && !has_rank)
			r->show[r->nshow++].col = r->rank;
		for (size_t i = 0; i < n; i++) {
			int j;

			if (ascii_casecmp(names[i], "progress") == 0) {
				if (r->pct < 0)
					die("%s: column \"progress\" needs "
					    "achievement_pct", r->file);
				j = -1;
			} else if (ascii_casecmp(names[i], "rank") == 0 &&
			    r->rank < 0) {
				die_usage("--columns: rank needs --rank");
			} else {
				j = require_col(r, t, conf, names[i]);
			}
			if (j == -1 && !bars)
				continue;
			r->show[r->nshow++].col = j;
		}
		for (size_t i = 0; i < n; i++)
			free(names[i]);
		free(names);
		return;
	}
	if (r->rank >= 0)
		r->show[r->nshow++].col = r->rank;
	for (size_t j = 0; j < r->ncols; j++) {
		if ((int)j == r->rank)
			continue;
		r->show[r->nshow++].col = (int)j;
		if ((int)j == r->pct && bars)
			r->show[r->nshow++].col = -1;
	}
}

static void
set_groups(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const char *list)
{
	size_t n = 0;
	char **names = list != NULL ? split_list(list, &n) : NULL;

	r->group = -1;
	r->is_group = xcalloc(r->ncols, sizeof(*r->is_group));
	for (size_t i = 0; i < n; i++) {
		int j = require_col(r, t, conf, names[i]);

		r->is_group[j] = true;
		if (r->group < 0)
			r->group = j;
		free(names[i]);
	}
	free(names);
}

void
report_build(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const struct report_opts *o)
{
	struct sortspec ss = { NULL, 0, o->decimal };
	struct report_row **all;
	const char *sort = o->sort;
	size_t n = 0;

	memset(r, 0, sizeof(*r));
	copy_table(r, t, conf, o->rank);
	set_groups(r, t, conf, o->group);
	if (o->summary && r->group < 0)
		die_usage("--summary needs --group");
	if (sort == NULL && o->rank)
		sort = default_rank_sort(r);
	if (sort != NULL)
		parse_sort(r, t, conf, sort, &ss);
	choose_columns(r, t, conf, o);

	all = xcalloc(r->nrows + 1, sizeof(*all));
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].kind == RR_DATA)
			all[n++] = &r->rows[i];
	aggregate(r, all, n, NULL, o, &r->grand);
	r->grand.kind = RR_TOTAL;
	r->has_grand = true;
	free(all);

	if (r->group >= 0)
		build_groups(r, &ss, o);
	else
		build_flat(r, &ss, o, o->total);
	free(ss.key);
}

void
report_free(struct report *r)
{
	for (size_t i = 0; i < r->nrows; i++)
		free_row(&r->rows[i], r->ncols);
	free_row(&r->grand, r->ncols);
	free(r->rows);
	for (size_t j = 0; j < r->ncols; j++)
		free(r->cols[j]);
	free(r->cols);
	free(r->kind);
	free(r->is_group);
	free(r->show);
	free(r->file);
	memset(r, 0, sizeof(*r));
}
