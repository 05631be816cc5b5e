/*
 * targets: the targets table of a run (lib/track/tracker.h): its columns
 * (keys, period, target, metric, stretch, --carry; nothing else), the
 * metric of each row, the matcher over the rows, and the periods
 * no_target rows are kept under.
 */
#include <stdlib.h>
#include <string.h>

#include "tracker.h"
#include "util.h"

static bool
same_period(const struct period *a, const struct period *b)
{
	return a->start == b->start && a->end == b->end;
}

/* A trimmed cell of a loaded table. */
static struct match_key
tcell(const struct table *t, size_t row, int col)
{
	struct match_key k;

	k.len = strlen(t->rows[row][col]);
	k.s = trim_span(t->rows[row][col], &k.len);
	return k;
}

static bool
is_named(const char *canon, const char *name)
{
	return name != NULL && ascii_casecmp(canon, name) == 0;
}

static void
add_key(struct tracker *tr, int col)
{
	for (size_t i = 0; i < tr->nkeys; i++)
		if (tr->tcol[i] == col)
			return;		/* named twice */
	if (tr->nkeys >= MATCH_MAX_KEYS)
		die("%s: too many key columns (at most %d)", tr->t->file,
		    MATCH_MAX_KEYS);
	tr->keys = xreallocarray(tr->keys, tr->nkeys + 1, sizeof(*tr->keys));
	tr->tcol = xreallocarray(tr->tcol, tr->nkeys + 1, sizeof(*tr->tcol));
	tr->keys[tr->nkeys] = xstrdup(table_canon(tr->conf, tr->t->cols[col]));
	tr->tcol[tr->nkeys] = col;
	tr->nkeys++;
}

/* Whether column j of the targets is period, target, metric, stretch or
 * carried; used[] marks them. */
static void
mark_named(struct tracker *tr, bool *used, int pcol, int vcol, int mcol)
{
	used[pcol] = used[vcol] = true;
	if (mcol >= 0)
		used[mcol] = true;
	if (tr->scol >= 0)
		used[tr->scol] = true;
	for (size_t i = 0; i < tr->ncarry; i++)
		used[tr->ccol[i]] = true;
}

/*
 * The key columns: -k, or the targets' columns the actuals also have.
 * Every other column of the targets must be named (period, target,
 * metric, stretch, --carry): a column nobody reads is an error.
 */
static void
find_keys(struct tracker *tr, const struct csv_row *hdr, int pcol, int vcol,
    int mcol)
{
	const struct table *t = tr->t;
	bool *used = xcalloc(t->ncols ? t->ncols : 1, sizeof(*used));

	mark_named(tr, used, pcol, vcol, mcol);
	if (tr->o.keys != NULL) {
		size_t n;
		char **names = split_list(tr->o.keys, &n);

		for (size_t i = 0; i < n; i++) {
			int c = table_col_req(t, tr->conf, names[i]);

			add_key(tr, c);
			used[c] = true;
			free(names[i]);
		}
		free(names);
	} else {
		for (size_t j = 0; j < t->ncols; j++) {
			const char *canon = table_canon(tr->conf, t->cols[j]);

			if (used[j] || is_named(canon, tr->o.date_col) ||
			    is_named(canon, tr->o.value_col) ||
			    is_named(canon, tr->o.distinct_col))
				continue;
			if (table_find(hdr, tr->conf, canon) >= 0) {
				add_key(tr, (int)j);
				used[j] = true;
			}
		}
	}
	for (size_t j = 0; j < t->ncols; j++)
		if (!used[j]) {
			free(used);	/* die() frees nothing: no leak report */
			die("%s: column \"%s\" is not used: it is no key "
			    "(%s), nor period, target, metric or stretch; "
			    "name it in --carry to copy it to the output",
			    t->file, t->cols[j], tr->o.keys != NULL ?
			    "not in -k" : "the actuals have no such column");
		}
	free(used);
}

static void
find_carry(struct tracker *tr)
{
	char **names;

	tr->scol = table_col(tr->t, tr->conf, "stretch");
	if (tr->o.carry == NULL)
		return;
	names = split_list(tr->o.carry, &tr->ncarry);
	tr->ccol = xcalloc(tr->ncarry ? tr->ncarry : 1, sizeof(*tr->ccol));
	tr->carry = names;
	for (size_t i = 0; i < tr->ncarry; i++)
		tr->ccol[i] = table_col_req(tr->t, tr->conf, names[i]);
}

/* The metric of row r (an empty cell: amount), marked used. */
static size_t
row_metric(struct tracker *tr, size_t r, int mcol)
{
	struct match_key c;
	long i;

	if (mcol < 0)
		return 0;
	c = tcell(tr->t, r, mcol);
	if (c.len == 0)
		c.s = "amount", c.len = 6;
	i = metric_find(&tr->ms, c.s, c.len);
	if (i < 0)
		die_at(tr->t->file, tr->t->lines[r], "column \"metric\": no "
		    "metric named \"%.*s\" (built in: amount, orders, "
		    "customers, new_customers, aov; others are [metric.NAME] "
		    "sections of %s)", (int)c.len, c.s, tr->conf->path ?
		    tr->conf->path : "tgt.ini");
	metric_set_use(&tr->ms, (size_t)i);
	return (size_t)i;
}

static void
add_top(struct tracker *tr, size_t metric)
{
	const struct metric *m = &tr->ms.m[metric];

	for (size_t i = 0; i < tr->ntops; i++)
		if (tr->tops[i] == metric)
			return;
	tr->tops[tr->ntops++] = metric;
	for (size_t j = 0; j < m->nleaf; j++)
		tr->tops_of[m->leaf[j]] |= UINT64_C(1) << metric;
}

static num_t
parse_target(const struct tracker *tr, size_t r, int col, const char *what)
{
	struct match_key c = tcell(tr->t, r, col);
	num_t v;

	if (num_parse(c.s, c.len, tr->conf->decimal, &v) != NUM_OK)
		die_at(tr->t->file, tr->t->lines[r], "column \"%s\": cannot "
		    "read \"%.*s\" as a number", what, (int)c.len, c.s);
	return v;
}

static void
pack_rows(struct tracker *tr)
{
	size_t n = tr->t->nrows;

	if (tr->nacc >= UINT32_MAX)
		die("%s: too many target rows", tr->t->file);
	tr->row = xcalloc(n ? n : 1, sizeof(*tr->row));
	for (size_t r = 0; r < n; r++) {
		const struct metric *m = &tr->ms.m[tr->rmetric[r]];

		tr->row[r].acc = (uint32_t)tr->acc_off[r];
		tr->row[r].metric = (uint32_t)tr->rmetric[r];
		for (size_t j = 0; j < m->nleaf; j++)
			tr->row[r].leaves |= UINT64_C(1) << m->leaf[j];
	}
	for (size_t i = 0; i < tr->ms.n; i++)
		if (tr->ms.m[i].kind == METRIC_DISTINCT)
			tr->distinct |= UINT64_C(1) << i;
}

static void
load_targets(struct tracker *tr, int pcol, int vcol, int mcol)
{
	const struct table *t = tr->t;
	const struct tgt_conf *conf = tr->conf;
	struct match_key cells[MATCH_MAX_KEYS];
	size_t n = t->nrows ? t->nrows : 1;

	tr->m = matcher_new(tr->nkeys);
	tr->target = xcalloc(n, sizeof(*tr->target));
	tr->stretch = xcalloc(n, sizeof(*tr->stretch));
	tr->has_stretch = xcalloc(n, sizeof(*tr->has_stretch));
	tr->rmetric = xcalloc(n, sizeof(*tr->rmetric));
	tr->acc_off = xcalloc(n, sizeof(*tr->acc_off));
	for (size_t r = 0; r < t->nrows; r++) {
		struct match_key pc = tcell(t, r, pcol);
		struct period p;
		const char *why;

		why = period_parse(pc.s, pc.len, &conf->fy, conf->date_order,
		    &p);
		if (why != NULL)
			die_at(t->file, t->lines[r], "column \"period\": "
			    "cannot read \"%.*s\" as a period: %s", (int)pc.len,
			    pc.s, why);
		tr->target[r] = parse_target(tr, r, vcol, "target");
		if (tr->scol >= 0 && tcell(t, r, tr->scol).len > 0) {
			tr->stretch[r] = parse_target(tr, r, tr->scol,
			    "stretch");
			tr->has_stretch[r] = true;
		}
		tr->rmetric[r] = row_metric(tr, r, mcol);
		add_top(tr, tr->rmetric[r]);
		tr->acc_off[r] = tr->nacc;
		tr->nacc += tr->ms.m[tr->rmetric[r]].nleaf;
		for (size_t i = 0; i < tr->nkeys; i++)
			cells[i] = tcell(t, r, tr->tcol[i]);
		matcher_add(tr->m, cells, &p);
	}
	matcher_build(tr->m);
	pack_rows(tr);
}

static int
cmp_period_len(const void *a, const void *b)
{
	const struct period *p = a, *q = b;
	long lp = period_days(p), lq = period_days(q);

	if (lp != lq)
		return lp < lq ? -1 : 1;
	if (p->start != q->start)
		return p->start < q->start ? -1 : 1;
	return 0;
}

/*
 * The periods no_target rows may take: the distinct target periods,
 * shortest first, and a map from each day they cover to the shortest one
 * containing it.
 */
static void
index_periods(struct tracker *tr)
{
	size_t n = matcher_nrows(tr->m), k = 0;

	tr->fine = -1;
	tr->tp = xcalloc(n ? n : 1, sizeof(*tr->tp));
	for (size_t r = 0; r < n; r++) {
		const struct period *p = matcher_period(tr->m, r);

		tr->tp[r] = *p;
		if (p->gran != G_RANGE && (tr->fine < 0 || (int)p->gran <
		    tr->fine))
			tr->fine = (int)p->gran;
	}
	qsort(tr->tp, n, sizeof(*tr->tp), cmp_period_len);
	for (size_t r = 0; r < n; r++)
		if (k == 0 || !same_period(&tr->tp[k - 1], &tr->tp[r]))
			tr->tp[k++] = tr->tp[r];
	tr->ntp = k;
	if (k == 0)
		return;
	tr->daylo = tr->tp[0].start;
	tr->dayhi = tr->tp[0].end;
	for (size_t i = 1; i < k; i++) {
		if (tr->tp[i].start < tr->daylo)
			tr->daylo = tr->tp[i].start;
		if (tr->tp[i].end > tr->dayhi)
			tr->dayhi = tr->tp[i].end;
	}
	if ((long)tr->dayhi - tr->daylo >= DAYMAP_MAX)
		return;
	tr->daymap = xcalloc((size_t)(tr->dayhi - tr->daylo) + 1,
	    sizeof(*tr->daymap));
	for (day_t d = tr->daylo; d <= tr->dayhi; d++)
		tr->daymap[d - tr->daylo] = -1;
	/* Longest first, so the shortest period containing a day wins. */
	for (size_t i = k; i-- > 0;)
		for (day_t d = tr->tp[i].start; d <= tr->tp[i].end; d++)
			tr->daymap[d - tr->daylo] = (int32_t)i;
}

/*
 * The period of a no_target row dated day: the shortest target period
 * containing day (the finest granularity present there), else the period
 * of the finest granularity of the targets file containing day, else the
 * day itself.
 */
struct period
notarget_period(const struct tracker *tr, day_t day)
{
	struct period p;

	if (tr->daymap != NULL) {
		if (day >= tr->daylo && day <= tr->dayhi &&
		    tr->daymap[day - tr->daylo] >= 0)
			return tr->tp[tr->daymap[day - tr->daylo]];
	} else {
		for (size_t i = 0; i < tr->ntp; i++)
			if (period_contains(&tr->tp[i], day))
				return tr->tp[i];
	}
	if (tr->fine >= 0)
		return period_of(day, (enum gran)tr->fine, &tr->conf->fy);
	p.start = p.end = day;
	p.gran = G_DAY;
	return p;
}

static void
find_rollup(struct tracker *tr)
{
	size_t n;
	char **names;

	if (tr->o.rollup == NULL)
		return;
	names = split_list(tr->o.rollup, &n);
	tr->rollup = xcalloc(n ? n : 1, sizeof(*tr->rollup));
	for (size_t i = 0; i < n; i++) {
		size_t k;

		for (k = 0; k < tr->nkeys; k++)
			if (ascii_casecmp(tr->keys[k], names[i]) == 0 ||
			    ascii_casecmp(table_canon(tr->conf, names[i]),
			    tr->keys[k]) == 0)
				break;
		if (k == tr->nkeys)
			die_usage("--rollup: \"%s\" is not a key column",
			    names[i]);
		tr->rollup[tr->nrollup++] = k;
		free(names[i]);
	}
	free(names);
}

/* The metrics: the built-ins and tgt.ini's with a metric column, else
 * the one --value, --count or --distinct say. */
static void
init_metrics(struct tracker *tr, int mcol)
{
	if (mcol < 0) {
		if (tr->o.measure == TRACK_COUNT)
			metric_set_single(&tr->ms, METRIC_COUNT, NULL);
		else if (tr->o.measure == TRACK_DISTINCT)
			metric_set_single(&tr->ms, METRIC_DISTINCT,
			    tr->o.distinct_col);
		else
			metric_set_single(&tr->ms, METRIC_SUM,
			    tr->o.value_col);
		return;
	}
	if (tr->o.measure != TRACK_SUM)
		die_usage("%s has a metric column: name the metric there "
		    "(orders, customers, ...) instead of --count or "
		    "--distinct", tr->t->file);
	metric_set_init(&tr->ms, tr->conf, tr->o.value_col);
}

/* Every named input is read by a metric, every metric's input given. */
static void
check_inputs(const struct tracker *tr)
{
	for (size_t i = 0; i < tr->ms.n; i++) {
		const struct metric *m = &tr->ms.m[i];
		size_t k;

		if (!m->used || m->kind == METRIC_RATIO || m->input == NULL)
			continue;
		for (k = 0; k < tr->o.ninputs; k++)
			if (ascii_casecmp(tr->o.inputs[k].name, m->input) == 0)
				break;
		if (k == tr->o.ninputs)
			die_at(tr->ms.conf_path, m->line, "metric \"%s\" reads "
			    "input \"%s\", which was not given (-a %s=FILE)",
			    m->name, m->input, m->input);
	}
	for (size_t k = 0; k < tr->o.ninputs; k++)
		if (!tracker_reads(tr, tr->o.inputs[k].name))
			die("%s: no metric of %s reads input \"%s\" (input = "
			    "%s in a [metric.NAME])", tr->o.inputs[k].file,
			    tr->t->file, tr->o.inputs[k].name,
			    tr->o.inputs[k].name);
}

bool
tracker_reads(const struct tracker *tr, const char *input)
{
	for (size_t i = 0; i < tr->ms.n; i++) {
		const struct metric *m = &tr->ms.m[i];

		if (!m->used || m->kind == METRIC_RATIO)
			continue;
		if (input == NULL ? m->input == NULL : m->input != NULL &&
		    ascii_casecmp(m->input, input) == 0)
			return true;
	}
	return false;
}

struct tracker *
tracker_new(const struct table *t, const struct csv_row *hdr,
    const struct track_opts *o)
{
	struct tracker *tr = xcalloc(1, sizeof(*tr));
	int pcol, vcol, mcol;

	tr->t = t;
	tr->o = *o;
	tr->conf = o->conf;
	if (tr->o.date_col == NULL)
		tr->o.date_col = "date";
	if (tr->o.value_col == NULL)
		tr->o.value_col = "amount";
	pcol = table_col_req(t, tr->conf, "period");
	vcol = table_col_req(t, tr->conf, "target");
	mcol = table_col(t, tr->conf, "metric");
	tr->metric_col = mcol >= 0;
	init_metrics(tr, mcol);
	find_carry(tr);
	find_keys(tr, hdr, pcol, vcol, mcol);
	load_targets(tr, pcol, vcol, mcol);
	if (!tr->o.merge)
		check_inputs(tr);	/* --merge reads partials, not inputs */
	index_periods(tr);
	find_rollup(tr);
	tr->main = tracker_part_new(tr);
	return tr;
}

void
tracker_free(struct tracker *tr)
{
	if (tr == NULL)
		return;
	tracker_part_free(tr, tr->main);
	for (size_t i = 0; i < tr->nkeys; i++)
		free(tr->keys[i]);
	free(tr->keys);
	free(tr->tcol);
	free(tr->ccol);
	if (tr->carry != NULL)
		free_list(tr->carry);
	matcher_free(tr->m);
	free(tr->target);
	free(tr->stretch);
	free(tr->has_stretch);
	free(tr->rmetric);
	free(tr->acc_off);
	free(tr->row);
	free(tr->tp);
	free(tr->daymap);
	free(tr->rollup);
	metric_set_free(&tr->ms);
	free(tr);
}
