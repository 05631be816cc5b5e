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
#include "keymap.h"
#include "num.h"
#include "report.h"
#include "report_impl.h"
#include "util.h"

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
int
report_require_col(const struct report *r, const struct table *t,
    const struct tgt_conf *conf, const char *name)
{
	int j = report_col(r, name);

	if (j >= 0)
		return j;
	return table_col_req(t, conf, name);
}

/* Aggregates of the input: the TOTAL row of tgt-variance, the "*" rows of
 * tgt-track --rollup. */
bool
report_is_input_agg(const struct report *r, char *const *cell)
{
	if (r->ncols > 0 && ascii_casecmp(cell[0], "TOTAL") == 0)
		return true;
	for (size_t j = 0; j < r->ncols; j++)
		if (r->kind[j] == FK_TEXT && strcmp(cell[j], "*") == 0)
			return true;
	return false;
}

void
report_free_row(struct report_row *row, size_t ncols)
{
	if (row->cell == NULL)
		return;
	for (size_t j = 0; j < ncols; j++)
		free(row->cell[j]);
	free(row->cell);
	row->cell = NULL;
}

void
report_copy_table(struct report *r, const struct table *t,
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
		row->kind = report_is_input_agg(r, row->cell) ? RR_INPUT_AGG : RR_DATA;
		if (row->kind == RR_DATA)
			r->ndata++;
	}
}



/* Sort, cut to --top and rank one list of data rows; returns the count
 * kept.  Rows cut are freed. */
static size_t
order_rows(struct report *r, const struct sortspec *ss,
    const struct report_opts *o, struct report_row **v, size_t n)
{
	report_sort_rows(r, ss, v, n);
	if (o->top > 0 && (size_t)o->top < n) {
		for (size_t i = (size_t)o->top; i < n; i++) {
			report_free_row(v[i], r->ncols);
			free(v[i]);
		}
		n = (size_t)o->top;
	}
	if (r->rank >= 0)
		report_assign_ranks(r, ss, v, n);
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

/* --summary: rank and cut the groups by their subtotals. */
static size_t
order_groups(struct report *r, const struct sortspec *ss,
    const struct report_opts *o, struct group *g, size_t ng)
{
	if (o->top > 0 && (size_t)o->top < ng) {
		for (size_t k = (size_t)o->top; k < ng; k++) {
			for (size_t i = 0; i < g[k].n; i++) {
				report_free_row(g[k].rows[i], r->ncols);
				free(g[k].rows[i]);
			}
			free(g[k].rows);
			report_free_row(&g[k].sub, r->ncols);
		}
		ng = (size_t)o->top;
	}
	if (r->rank >= 0) {
		struct report_row **subs = xcalloc(ng + 1, sizeof(*subs));

		for (size_t k = 0; k < ng; k++)
			subs[k] = &g[k].sub;
		report_assign_ranks(r, ss, subs, ng);
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
	report_sort_rows(r, ss, subs, ng);
	for (size_t i = 0; i < ng; i++)
		sorted[i] = g[subs[i]->line];
	for (size_t i = 0; i < ng; i++)
		sorted[i].sub.line = 0;
	free(g);
	free(subs);
	return sorted;
}

/* The --group cells of a row, as a keymap key. */
static void
group_key(const struct report *r, char *const *cell, const char **key)
{
	size_t n = 0;

	for (size_t j = 0; j < r->ncols; j++)
		if (r->is_group[j])
			key[n++] = cell[j];
}

static void
build_groups(struct report *r, const struct sortspec *ss,
    const struct report_opts *o)
{
	struct group *g = NULL;
	size_t ng = 0, nagg = 0, nkey = 0;
	struct keymap gi;
	const char **key;
	size_t cap = 0;

	for (size_t j = 0; j < r->ncols; j++)
		nkey += r->is_group[j];
	key = xcalloc(nkey + 1, sizeof(*key));
	keymap_init(&gi, nkey);
	for (size_t i = 0; i < r->nrows; i++) {
		struct report_row *row = &r->rows[i];
		size_t k;
		bool added;

		if (row->kind != RR_DATA) {
			nagg++;
			report_free_row(row, r->ncols);
			continue;
		}
		group_key(r, row->cell, key);
		k = keymap_add(&gi, key, NULL, &added);
		if (added) {
			if (ng == cap) {
				cap = cap ? cap * 2 : 16;
				g = xreallocarray(g, cap, sizeof(*g));
			}
			memset(&g[ng], 0, sizeof(g[ng]));
			g[ng].value = row->cell;
			ng++;
		}
		if (g[k].n == g[k].cap) {
			g[k].cap = g[k].cap ? g[k].cap * 2 : 8;
			g[k].rows = xreallocarray(g[k].rows, g[k].cap,
			    sizeof(*g[k].rows));
		}
		g[k].rows[g[k].n++] = box_row(row);
	}
	keymap_free(&gi);
	free(key);
	for (size_t k = 0; k < ng; k++) {
		report_aggregate(r, g[k].rows, g[k].n, r->is_group, o, &g[k].sub);
		g[k].sub.kind = RR_SUBTOTAL;
	}
	report_emit_groups(r, ss, o, g, ng, nagg);
}

/* Sort, cut and rank the groups (their subtotals made), and lay out the
 * rows: each group's rows, its subtotal, the grand total.  Frees g. */
void
report_emit_groups(struct report *r, const struct sortspec *ss,
    const struct report_opts *o, struct group *g, size_t ng, size_t nagg)
{
	struct report_row **out;
	size_t nout = 0, nrows = 0;

	if (nagg > 0)
		warning("%s: left out %zu total row%s of the input: --group "
		    "recomputes the totals", r->file, nagg,
		    nagg == 1 ? "" : "s");
	for (size_t k = 0; k < ng; k++)
		nrows += g[k].n;
	if (ss->n > 0 && ng > 1)
		g = sort_groups(r, ss, g, ng);
	out = xcalloc(nrows + ng + 1, sizeof(*out));
	if (o->summary)
		ng = order_groups(r, ss, o, g, ng);
	for (size_t k = 0; k < ng; k++) {
		size_t n = g[k].n;

		if (o->summary)
			report_sort_rows(r, ss, g[k].rows, n);
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
			report_free_row(&r->rows[i], r->ncols);
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
	bool bars = o->format != RF_CSV && o->format != RF_XLSX;

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
				j = report_require_col(r, t, conf, names[i]);
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
		int j = report_require_col(r, t, conf, names[i]);

		r->is_group[j] = true;
		if (r->group < 0)
			r->group = j;
		free(names[i]);
	}
	free(names);
}

/* The kinds of the metrics the config defines ([metric.NAME]). */
static void
load_metric_kinds(struct report *r, const struct tgt_conf *conf)
{
	const struct conf_entry *e;
	size_t iter = 0;

	while ((e = conf_section(conf, "metric.", &iter)) != NULL) {
		const char *name = e->section + strlen("metric.");

		if (conf_get(conf, e->section, "ratio", NULL) != NULL) {
			r->ratio_metrics = xreallocarray(r->ratio_metrics,
			    r->nratio + 1, sizeof(*r->ratio_metrics));
			r->ratio_metrics[r->nratio++] = xstrdup(name);
		} else if (conf_get(conf, e->section, "count", NULL) != NULL ||
		    conf_get(conf, e->section, "distinct", NULL) != NULL ||
		    conf_get(conf, e->section, "new", NULL) != NULL) {
			r->count_metrics = xreallocarray(r->count_metrics,
			    r->ncount + 1, sizeof(*r->count_metrics));
			r->count_metrics[r->ncount++] = xstrdup(name);
		}
	}
}

enum metric_kind
report_metric_kind(const struct report *r, const char *name)
{
	static const char *const counts[] = {
		"orders", "customers", "new_customers"
	};

	for (size_t i = 0; i < r->nratio; i++)
		if (ascii_casecmp(r->ratio_metrics[i], name) == 0)
			return MK_RATIO;
	for (size_t i = 0; i < r->ncount; i++)
		if (ascii_casecmp(r->count_metrics[i], name) == 0)
			return MK_COUNT;
	if (ascii_casecmp(name, "aov") == 0)
		return MK_RATIO;
	for (size_t i = 0; i < sizeof(counts) / sizeof(counts[0]); i++)
		if (ascii_casecmp(name, counts[i]) == 0)
			return MK_COUNT;
	return MK_SUM;
}

enum metric_kind
report_row_metric(const struct report *r, const struct report_row *row)
{
	if (r->metric < 0)
		return MK_SUM;
	return report_metric_kind(r, row->cell[r->metric]);
}

/*
 * Rows of several metrics (amount next to orders) never add up: --group
 * subtotals go per metric (metric joins the --group columns) and the grand
 * total has no sums.  Says so on stderr.
 */
static void
split_metrics(struct report *r, const struct report_opts *o)
{
	const char *first = NULL;
	bool mixed = false;

	if (r->metric < 0)
		return;
	for (size_t i = 0; i < r->nrows && !mixed; i++) {
		if (r->rows[i].kind != RR_DATA)
			continue;
		if (first == NULL)
			first = r->rows[i].cell[r->metric];
		else
			mixed = strcmp(first, r->rows[i].cell[r->metric]) != 0;
	}
	if (!mixed)
		return;
	if (r->group >= 0 && !r->is_group[r->metric]) {
		r->is_group[r->metric] = true;
		warnx_("%s: rows of several metrics: subtotals per metric, and "
		    "the total has no sums (amounts and counts never add up)",
		    r->file);
	} else if (r->group >= 0 || o->total) {
		warnx_("%s: rows of several metrics: the total has no sums "
		    "(amounts and counts never add up)", r->file);
	}
}

/* Everything of a report but its rows: columns, groups, metrics, sort,
 * the columns shown.  The rows are r's already (copy_table). */
void
report_setup(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const struct report_opts *o,
    struct sortspec *ss)
{
	const char *sort = o->sort;

	set_groups(r, t, conf, o->group);
	r->metric = report_col(r, "metric");
	load_metric_kinds(r, conf);
	if (o->summary && r->group < 0)
		die_usage("--summary needs --group");
	if (sort == NULL && o->rank)
		sort = report_default_rank_sort(r);
	if (sort != NULL)
		report_parse_sort(r, t, conf, sort, ss);
	choose_columns(r, t, conf, o);
}

void
report_build(struct report *r, const struct table *t,
    const struct tgt_conf *conf, const struct report_opts *o)
{
	struct sortspec ss = { NULL, 0, o->decimal };
	struct report_row **all;
	size_t n = 0, nt = 0;

	memset(r, 0, sizeof(*r));
	report_copy_table(r, t, conf, o->rank);
	report_filter(r, t, conf, o);
	if (o->pick_current && o->where == NULL && o->in == NULL &&
	    !o->leaves)
		report_pick_current(r, conf, o);
	report_setup(r, t, conf, o, &ss);
	split_metrics(r, o);

	all = xcalloc(r->nrows + 1, sizeof(*all));
	for (size_t i = 0; i < r->nrows; i++)
		if (r->rows[i].kind == RR_DATA) {
			all[n++] = &r->rows[i];
			nt += report_row_no_target(r, &r->rows[i]);
		}
	report_note_no_target(r, nt);
	report_aggregate(r, all, n, NULL, o, &r->grand);
	r->grand.kind = RR_TOTAL;
	r->has_grand = true;
	free(all);

	if (r->group >= 0)
		build_groups(r, &ss, o);
	else
		build_flat(r, &ss, o, o->total);
	free(ss.key);
	report_cache_layout(r, o);
}

void
report_free(struct report *r)
{
	for (size_t i = 0; i < r->nrows; i++)
		report_free_row(&r->rows[i], r->ncols);
	report_free_row(&r->grand, r->ncols);
	free(r->rows);
	for (size_t j = 0; j < r->ncols; j++)
		free(r->cols[j]);
	free(r->cols);
	free(r->kind);
	free(r->is_group);
	free(r->show);
	free(r->right);
	free(r->file);
	for (size_t i = 0; i < r->nalerts; i++) {
		free(r->alerts[i].severity);
		free(r->alerts[i].rule);
		free(r->alerts[i].subject);
		free(r->alerts[i].period);
		free(r->alerts[i].message);
	}
	free(r->alerts);
	for (size_t i = 0; i < r->nratio; i++)
		free(r->ratio_metrics[i]);
	free(r->ratio_metrics);
	for (size_t i = 0; i < r->ncount; i++)
		free(r->count_metrics[i]);
	free(r->count_metrics);
	memset(r, 0, sizeof(*r));
}
