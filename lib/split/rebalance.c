/*
 * rebalance: tgt-split --rebalance on tracked rows (tgt-track output).
 *
 * Rows are grouped by their key cells and the parent period (the quarter
 * or year) their period lies in.  In each group, periods ending by asof
 * keep their actual as target and the parent's remaining gap is re-split
 * over the open ones (split_rebalance() does the arithmetic).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "split.h"
#include "util.h"

enum { REBALANCE_CHILD, REBALANCE_PARENT, REBALANCE_OTHER };

/* A row, numbered as in the output set. */
struct rebalance_row {
	struct period	 parent;	/* the parent period it lies in */
	num_t		 actual;
	int		 kind;		/* REBALANCE_CHILD, _PARENT, _OTHER */
	size_t		 next;		/* next row of its group + 1, or 0 */
};

struct rebalance_group {
	size_t		 head;		/* first row */
	size_t		 tail;		/* last row */
};

struct rebalance {
	const struct table *t;
	const struct tgt_conf *conf;
	struct split_set *out;
	enum gran	 gran;		/* --parent */
	struct rebalance_row *rows;
	struct rebalance_group *groups;
	struct keymap	 map;		/* (keys, parent start) -> group */
	const char	**cell;		/* scratch: nkeys + 1 cells */
};

/* A number cell; *empty is set for an empty one. */
static num_t
rebalance_num(const struct table *t, size_t r, int col,
    const struct tgt_conf *conf, bool *empty)
{
	const char *c = t->rows[r][col];
	num_t v = 0;

	*empty = false;
	switch (num_parse(c, strlen(c), conf->decimal, &v)) {
	case NUM_OK:
		return v;
	case NUM_EMPTY:
		*empty = true;
		return 0;
	default:
		die_at(t->file, t->lines[r], "column \"%s\": cannot read \"%s\" "
		    "as a number", t->cols[col], c);
	}
}

/* Put row i in its group, the rows of its key cells and parent period,
 * creating the group on first sight. */
static void
rebalance_join(struct rebalance *reb, size_t i)
{
	const struct split_row *o = &reb->out->rows[i];
	size_t nk = reb->out->nkeys, g;
	char start[32];
	bool added;

	for (size_t j = 0; j < nk; j++)
		reb->cell[j] = o->keys[j];
	snprintf(start, sizeof(start), "%ld", (long)reb->rows[i].parent.start);
	reb->cell[nk] = start;
	g = keymap_add(&reb->map, reb->cell, NULL, &added);
	if (added) {
		reb->groups[g].head = reb->groups[g].tail = i;
		return;
	}
	reb->rows[reb->groups[g].tail].next = i + 1;
	reb->groups[g].tail = i;
}

/* What a row is to its parent period: a child, the parent itself, or a
 * longer period passed through.  A period across two parents is an error. */
static int
rebalance_kind(const struct period *p, const struct period *parent,
    const struct rebalance *reb, size_t r)
{
	char a[PERIOD_FMT_MAX];

	if (p->start == parent->start && p->end == parent->end)
		return REBALANCE_PARENT;
	if (period_within(p, parent))
		return REBALANCE_CHILD;
	if (p->start <= parent->start && p->end >= parent->end)
		return REBALANCE_OTHER;
	die_at(reb->t->file, reb->t->lines[r], "period %s lies in more than one "
	    "%s", period_format(p, &reb->conf->fy, a), gran_name(reb->gran));
}

/* Read table row r into the output set; false when it has no target. */
static bool
rebalance_load(struct rebalance *reb, size_t r, const int *kc, int pcol,
    int tcol, int acol)
{
	const struct table *t = reb->t;
	struct split_set *out = reb->out;
	const char *c = t->rows[r][pcol], *why;
	struct split_row *o;
	struct rebalance_row *x;
	struct period p;
	num_t target;
	bool empty;

	target = rebalance_num(t, r, tcol, reb->conf, &empty);
	if (empty)
		return false;
	if ((why = period_parse(c, strlen(c), &reb->conf->fy,
	    reb->conf->date_order, &p)) != NULL)
		die_at(t->file, t->lines[r], "column \"%s\": cannot read \"%s\" "
		    "as a period: %s", t->cols[pcol], c, why);
	x = &reb->rows[out->n];
	x->actual = rebalance_num(t, r, acol, reb->conf, &empty);
	x->parent = period_of(p.start, reb->gran, &reb->conf->fy);
	x->kind = rebalance_kind(&p, &x->parent, reb, r);
	o = &out->rows[out->n];
	memset(o, 0, sizeof(*o));
	o->keys = xcalloc(out->nkeys + 1, sizeof(*o->keys));
	for (size_t j = 0; j < out->nkeys; j++)
		o->keys[j] = split_key_cell(t, r, kc[j], out->names[j]);
	o->period = p;
	o->target = o->original = target;
	o->file = t->file;
	o->line = t->lines[r];
	o->src[1] = t;
	o->srcrow[1] = r;
	out->n++;
	return true;
}

/* "rep "A", 2025-Q2" for messages about group g. */
static char *
rebalance_desc(const struct rebalance *reb, const struct rebalance_group *g,
    char *buf, size_t size)
{
	const struct split_row *r = &reb->out->rows[g->head];
	char pb[PERIOD_FMT_MAX];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t j = 0; j < reb->out->nkeys && len < size; j++)
		if (strcmp(r->keys[j], "*") != 0)
			len += (size_t)snprintf(buf + len, size - len,
			    "%s \"%s\", ", reb->out->names[j], r->keys[j]);
	if (len < size)
		snprintf(buf + len, size - len, "%s",
		    period_format(&reb->rows[g->head].parent, &reb->conf->fy, pb));
	return buf;
}

static void
rebalance_apply(struct rebalance *reb, const struct rebalance_group *g,
    day_t asof, num_t unit)
{
	struct split_row *rows = reb->out->rows;
	size_t m = 0, k = 0;
	num_t parent = 0, sum = 0, *orig, *act, *res;
	bool *closed, have_parent = false, over;
	char desc[512];
	int st;

	for (size_t i = g->head + 1; i != 0; i = reb->rows[i - 1].next) {
		if (reb->rows[i - 1].kind == REBALANCE_PARENT) {
			parent = rows[i - 1].original;
			have_parent = true;
		}
		m += reb->rows[i - 1].kind == REBALANCE_CHILD;
	}
	if (m == 0)
		return;
	orig = xcalloc(m, sizeof(*orig));
	act = xcalloc(m, sizeof(*act));
	res = xcalloc(m, sizeof(*res));
	closed = xcalloc(m, sizeof(*closed));
	for (size_t i = g->head + 1; i != 0; i = reb->rows[i - 1].next) {
		if (reb->rows[i - 1].kind != REBALANCE_CHILD)
			continue;
		orig[k] = rows[i - 1].original;
		act[k] = reb->rows[i - 1].actual;
		closed[k] = rows[i - 1].period.end <= asof;
		if (num_add(sum, orig[k++], &sum) != 0)
			die("sum of targets is out of range");
	}
	st = split_rebalance(have_parent ? parent : sum, orig, act, closed, m,
	    unit, res, &over);
	k = 0;
	for (size_t i = g->head + 1; st == SPLIT_OK && i != 0;
	    i = reb->rows[i - 1].next)
		if (reb->rows[i - 1].kind == REBALANCE_CHILD)
			rows[i - 1].target = res[k++];
	free(orig);
	free(act);
	free(res);
	free(closed);
	if (st != SPLIT_OK)
		die_at(rows[g->head].file, rows[g->head].line, "%s: %s",
		    rebalance_desc(reb, g, desc, sizeof(desc)), st == SPLIT_ZERO ?
		    "every open period has a zero target" : split_strerror(st));
	if (over)
		warning("%s: actuals of closed periods exceed the target: open "
		    "periods get 0", rebalance_desc(reb, g, desc, sizeof(desc)));
}

/* The key columns: the named ones, or those before the period column. */
static int *
rebalance_keys(const struct table *t, char **keys, const struct tgt_conf *conf,
    int pcol, struct split_set *out)
{
	size_t nk = 0;
	int *kc, mc = table_col(t, conf, "metric");
	bool has_metric = false;

	while (keys != NULL && keys[nk] != NULL)
		nk++;
	if (keys == NULL)
		nk = (size_t)pcol;
	kc = xcalloc(nk + 2, sizeof(*kc));
	out->names = xcalloc(nk + 2, sizeof(*out->names));
	out->nkeys = nk;
	for (size_t j = 0; j < nk; j++) {
		kc[j] = keys != NULL ? table_col_req(t, conf, keys[j]) : (int)j;
		out->names[j] = xstrdup(table_canon(conf, t->cols[kc[j]]));
		has_metric = has_metric || kc[j] == mc;
	}
	/* The gap of one metric is never re-split over another's periods:
	 * metric is a key even when -k leaves it out. */
	if (mc >= 0 && !has_metric) {
		kc[nk] = mc;
		out->names[nk] = xstrdup(table_canon(conf, t->cols[mc]));
		out->nkeys = ++nk;
	}
	return kc;
}

void
split_rebalance_table(const struct table *t, char **keys, enum gran parent,
    day_t asof, num_t unit, const struct tgt_conf *conf,
    struct split_set *out)
{
	int pcol = table_col_req(t, conf, "period");
	int tcol = table_col_req(t, conf, "target");
	int acol = table_col_req(t, conf, "actual");
	struct rebalance reb;
	long skipped = 0;
	int *kc;

	memset(&reb, 0, sizeof(reb));
	reb.t = t;
	reb.conf = conf;
	reb.out = out;
	reb.gran = parent;
	split_set_init(out);
	kc = rebalance_keys(t, keys, conf, pcol, out);
	keymap_init(&reb.map, out->nkeys + 1);
	reb.cell = xcalloc(out->nkeys + 2, sizeof(*reb.cell));
	out->has_period = out->has_original = true;
	out->cap = t->nrows + 1;
	out->rows = xcalloc(out->cap, sizeof(*out->rows));
	reb.rows = xcalloc(out->cap, sizeof(*reb.rows));
	reb.groups = xcalloc(out->cap, sizeof(*reb.groups));
	for (size_t r = 0; r < t->nrows; r++) {
		if (!rebalance_load(&reb, r, kc, pcol, tcol, acol))
			skipped++;
		else
			rebalance_join(&reb, out->n - 1);
	}
	for (size_t g = 0; g < reb.map.count; g++)
		rebalance_apply(&reb, &reb.groups[g], asof, unit);
	if (skipped > 0)
		warn_at(t->file, 0, "skipped %ld row%s without a target",
		    skipped, skipped == 1 ? "" : "s");
	free(kc);
	free(reb.rows);
	free(reb.groups);
	free(reb.cell);
	keymap_free(&reb.map);
}
