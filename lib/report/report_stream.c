/*
 * report_stream: tgt-report's reports that need not hold the input's rows
 * (issue 17: a million rows in a few MiB).  --group --summary reads the
 * rows one at a time into their group's aggregate (report_agg) and forgets
 * them; --top N without --sort keeps the first N rows and sums the rest
 * into the total.  The result is the report report_build() makes of the
 * loaded table, byte for byte.
 */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "keymap.h"
#include "report.h"
#include "report_impl.h"
#include "table.h"
#include "util.h"

/* --top N in input order: no --sort, no --rank (both order all rows). */
static bool
first_n(const struct report_opts *o)
{
	return o->top > 0 && o->group == NULL && o->sort == NULL && !o->rank &&
	    !o->pick_current;
}

bool
report_can_stream(const struct report_opts *o)
{
	/* The HTML page draws its charts from the rows themselves. */
	if (o->format == RF_HTML || o->pick_current)
		return false;
	return (o->summary && o->group != NULL) || first_n(o);
}

/*
 * --group --summary over rows read one at a time: every row goes into
 * its group's aggregate (report_agg) and the grand total's, and is then
 * forgotten, so memory grows with the groups, not the rows.  When the
 * input has a metric column that is not a --group column, each row also
 * goes into a (group, metric) aggregate: if the rows turn out to mix
 * metrics, those are the subtotals (as split_metrics() decides for a
 * loaded table).
 */
struct stream_groups {
	struct keymap	 km;
	struct report_agg *agg;
	size_t		 cap;
	const char	**key;
	bool		 with_metric;
};

static void
sg_init(struct stream_groups *sg, const struct report *r, bool with_metric)
{
	size_t nkey = 0;

	for (size_t j = 0; j < r->ncols; j++)
		nkey += r->is_group[j] || (with_metric && (int)j == r->metric);
	memset(sg, 0, sizeof(*sg));
	keymap_init(&sg->km, nkey);
	sg->key = xcalloc(nkey + 1, sizeof(*sg->key));
	sg->with_metric = with_metric;
}

static void
sg_add(struct stream_groups *sg, const struct report *r,
    const struct report_opts *o, const struct report_row *row)
{
	size_t n = 0, k;
	bool added;

	for (size_t j = 0; j < r->ncols; j++)
		if (r->is_group[j] || (sg->with_metric && (int)j == r->metric))
			sg->key[n++] = row->cell[j];
	k = keymap_add(&sg->km, sg->key, NULL, &added);
	if (added) {
		if (k == sg->cap) {
			sg->cap = sg->cap ? 2 * sg->cap : 64;
			sg->agg = xreallocarray(sg->agg, sg->cap,
			    sizeof(*sg->agg));
		}
		report_agg_init(&sg->agg[k], r, o);
	}
	report_agg_add(&sg->agg[k], row);
}

/* The groups' subtotals (frees sg). */
static struct group *
sg_finish(struct stream_groups *sg, struct report *r, size_t *ng)
{
	struct group *g = xcalloc(sg->km.count + 1, sizeof(*g));

	for (size_t k = 0; k < sg->km.count; k++) {
		report_agg_finish(&sg->agg[k], r->is_group, &g[k].sub);
		g[k].sub.kind = RR_SUBTOTAL;
	}
	*ng = sg->km.count;
	keymap_free(&sg->km);
	free(sg->agg);
	free(sg->key);
	return g;
}

static void
sg_free(struct stream_groups *sg, const struct report *r)
{
	struct report_row dummy;

	for (size_t k = 0; k < sg->km.count; k++) {
		report_agg_finish(&sg->agg[k], NULL, &dummy);
		report_free_row(&dummy, r->ncols);
	}
	keymap_free(&sg->km);
	free(sg->agg);
	free(sg->key);
}

/* A csv row as a report row: the cells are the fields (not copied), the
 * rank cell empty. */
static void
view_row(const struct report *r, const struct csv_row *in, char **cells,
    struct report_row *row)
{
	static char empty[] = "";

	for (size_t j = 0; j < r->ncols; j++)
		cells[j] = j < in->n ? in->field[j] : empty;
	if (r->rank >= 0)
		cells[r->rank] = empty;
	memset(row, 0, sizeof(*row));
	row->cell = cells;
	row->line = in->line;
	row->kind = report_is_input_agg(r, cells) ? RR_INPUT_AGG : RR_DATA;
}

/* Keep a copy of row v (its cells are the csv reader's). */
static void
keep_copy(struct report *r, const struct report_row *v, size_t *cap)
{
	struct report_row *row;

	if (r->nrows == *cap) {
		*cap = *cap ? 2 * *cap : 64;
		r->rows = xreallocarray(r->rows, *cap, sizeof(*r->rows));
	}
	row = &r->rows[r->nrows++];
	*row = *v;
	row->cell = xcalloc(r->ncols + 1, sizeof(*row->cell));
	for (size_t j = 0; j < r->ncols; j++)
		row->cell[j] = xstrdup(v->cell[j]);
}

/* --top N in input order: the first N rows, then the total of all. */
static void
finish_top(struct report *r, const struct report_opts *o, size_t ncut,
    bool mixed)
{
	if (ncut > 0)
		warning("%s: left out %zu total row%s of the input (TOTAL or "
		    "a \"*\" key cell) of --top", r->file, ncut,
		    ncut == 1 ? "" : "s");
	if (mixed && o->total)
		warning("%s: rows of several metrics: the total has no sums "
		    "(amounts and counts never add up)", r->file);
	if (!o->total)
		return;
	r->rows = xreallocarray(r->rows, r->nrows + 1, sizeof(*r->rows));
	memset(&r->rows[r->nrows], 0, sizeof(r->rows[r->nrows]));
	r->rows[r->nrows].cell = xcalloc(r->ncols + 1, sizeof(char *));
	for (size_t j = 0; j < r->ncols; j++)
		r->rows[r->nrows].cell[j] = xstrdup(r->grand.cell[j]);
	r->rows[r->nrows].kind = RR_TOTAL;
	r->nrows++;
}

/* A table of just the header, for column lookups by name and alias. */
static void
header_table(struct table *t, struct csvin *in)
{
	const struct csv_row *hdr;

	memset(t, 0, sizeof(*t));
	if (csvin_header(in, &hdr) < 0)
		die("%s", csvin_error(in));
	t->file = xstrdup(csvin_name(in));
	t->ncols = hdr->n;
	t->cols = xcalloc(hdr->n + 1, sizeof(*t->cols));
	for (size_t i = 0; i < hdr->n; i++)
		t->cols[i] = xstrdup(hdr->field[i]);
}

void
report_build_stream(struct report *r, const char *path,
    const struct csvin_opts *io, const struct tgt_conf *conf,
    const struct report_opts *o)
{
	struct sortspec ss = { NULL, 0, o->decimal };
	struct csvin *in = csvin_open(path, io);
	struct stream_groups plain, split;
	struct report_rowfilter f;
	struct report_agg grand;
	const struct csv_row *row;
	struct table t;
	struct group *g = NULL;
	size_t ng = 0, nagg = 0, cap = 0, nt = 0;
	char **cells;
	bool mixed = false, top = first_n(o);
	int rc;

	memset(r, 0, sizeof(*r));
	header_table(&t, in);
	report_copy_table(r, &t, conf, o->rank);
	report_setup(r, &t, conf, o, &ss);
	report_rowfilter_init(&f, r, &t, conf, o);
	cells = xcalloc(r->ncols + 1, sizeof(*cells));
	sg_init(&plain, r, false);
	sg_init(&split, r, r->metric >= 0 && !r->is_group[r->metric]);
	report_agg_init(&grand, r, o);
	while ((rc = csvin_next(in, &row)) > 0) {
		struct report_row v;

		view_row(r, row, cells, &v);
		if (f.active && !report_rowfilter_keep(&f, r, &v, conf, o))
			continue;
		if (v.kind != RR_DATA) {
			nagg++;
			continue;
		}
		r->ndata++;
		nt += report_row_no_target(r, &v);
		report_agg_add(&grand, &v);
		if (top) {
			if (r->nrows < (size_t)o->top)
				keep_copy(r, &v, &cap);
			if (r->metric >= 0)
				mixed |= strcmp(v.cell[r->metric],
				    grand.first[r->metric]) != 0;
			continue;
		}
		sg_add(&plain, r, o, &v);
		if (split.with_metric) {
			sg_add(&split, r, o, &v);
			mixed |= strcmp(v.cell[r->metric], grand.first[r->metric])
			    != 0;
		}
	}
	if (rc < 0)
		die("%s", csvin_error(in));
	report_note_no_target(r, nt);
	csvin_report_skips(in);
	csvin_close(in);
	report_rowfilter_free(&f);
	free(cells);
	report_agg_finish(&grand, NULL, &r->grand);
	r->grand.kind = RR_TOTAL;
	r->has_grand = true;
	if (top) {
		finish_top(r, o, nagg, mixed);
		sg_free(&plain, r);
		sg_free(&split, r);
	} else if (mixed) {
		r->is_group[r->metric] = true;
		warning("%s: rows of several metrics: subtotals per metric, "
		    "and the total has no sums (amounts and counts never add "
		    "up)", r->file);
		sg_free(&plain, r);
		g = sg_finish(&split, r, &ng);
	} else {
		sg_free(&split, r);
		g = sg_finish(&plain, r, &ng);
	}
	if (!top)
		report_emit_groups(r, &ss, o, g, ng, nagg);
	free(ss.key);
	table_free(&t);
	report_cache_layout(r, o);
}

