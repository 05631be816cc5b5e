/*
 * splitrebal: tgt-split --rebalance on tracked rows (tgt-track output).
 *
 * Rows are grouped by their key cells and the parent period (the quarter
 * or year) their period lies in.  In each group, periods ending by asof
 * keep their actual as target and the parent's remaining gap is re-split
 * over the open ones (split_rebalance() does the arithmetic).
 */
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "util.h"

enum { RB_CHILD, RB_PARENT, RB_OTHER };

/* A row, numbered as in the output set. */
struct rb_row {
	struct period	 parent;	/* the parent period it lies in */
	num_t		 actual;
	int		 kind;		/* RB_CHILD, RB_PARENT, RB_OTHER */
	size_t		 next;		/* next row of its group + 1, or 0 */
};

struct rb_group {
	uint64_t	 hash;
	size_t		 head;		/* first row */
	size_t		 tail;		/* last row */
};

struct rb {
	const struct table *t;
	const struct tgt_conf *conf;
	struct split_set *out;
	enum gran	 gran;		/* --parent */
	struct rb_row	*rows;
	struct rb_group	*groups;
	size_t		 ngroups;
	size_t		*index;		/* open addressing: group + 1 */
	size_t		 isize;
};

/* A number cell; *empty is set for an empty one. */
static num_t
rb_num(const struct table *t, size_t r, int col, const struct tgt_conf *conf,
    bool *empty)
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

static uint64_t
rb_hash(const struct split_row *o, size_t nkeys, const struct period *p)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t j = 0; j < nkeys; j++) {
		for (const char *c = o->keys[j]; *c != '\0'; c++)
			h = (h ^ (unsigned char)*c) * 1099511628211ULL;
		h = (h ^ 0xff) * 1099511628211ULL;
	}
	return (h ^ (uint64_t)(uint32_t)p->start) * 1099511628211ULL;
}

static bool
rb_same(const struct rb *rb, size_t a, size_t b)
{
	const struct split_row *x = &rb->out->rows[a], *y = &rb->out->rows[b];

	if (rb->rows[a].parent.start != rb->rows[b].parent.start)
		return false;
	for (size_t j = 0; j < rb->out->nkeys; j++)
		if (strcmp(x->keys[j], y->keys[j]) != 0)
			return false;
	return true;
}

/* Put row i in its group, creating the group on first sight. */
static void
rb_join(struct rb *rb, size_t i)
{
	uint64_t hash = rb_hash(&rb->out->rows[i], rb->out->nkeys,
	    &rb->rows[i].parent);
	size_t h = hash & (rb->isize - 1);
	struct rb_group *g;

	for (; rb->index[h] != 0; h = (h + 1) & (rb->isize - 1)) {
		g = &rb->groups[rb->index[h] - 1];
		if (g->hash == hash && rb_same(rb, g->head, i)) {
			rb->rows[g->tail].next = i + 1;
			g->tail = i;
			return;
		}
	}
	g = &rb->groups[rb->ngroups];
	g->hash = hash;
	g->head = g->tail = i;
	rb->index[h] = ++rb->ngroups;
}

/* What a row is to its parent period: a child, the parent itself, or a
 * longer period passed through.  A period across two parents is an error. */
static int
rb_kind(const struct period *p, const struct period *parent,
    const struct rb *rb, size_t r)
{
	char a[PERIOD_FMT_MAX];

	if (p->start == parent->start && p->end == parent->end)
		return RB_PARENT;
	if (period_within(p, parent))
		return RB_CHILD;
	if (p->start <= parent->start && p->end >= parent->end)
		return RB_OTHER;
	die_at(rb->t->file, rb->t->lines[r], "period %s lies in more than one "
	    "%s", period_format(p, &rb->conf->fy, a), gran_name(rb->gran));
}

/* Read table row r into the output set; false when it has no target. */
static bool
rb_load(struct rb *rb, size_t r, const int *kc, int pcol, int tcol, int acol)
{
	const struct table *t = rb->t;
	struct split_set *out = rb->out;
	const char *c = t->rows[r][pcol], *why;
	struct split_row *o;
	struct rb_row *x;
	struct period p;
	num_t target;
	bool empty;

	target = rb_num(t, r, tcol, rb->conf, &empty);
	if (empty)
		return false;
	if ((why = period_parse(c, strlen(c), &rb->conf->fy,
	    rb->conf->date_order, &p)) != NULL)
		die_at(t->file, t->lines[r], "column \"%s\": cannot read \"%s\" "
		    "as a period: %s", t->cols[pcol], c, why);
	x = &rb->rows[out->n];
	x->actual = rb_num(t, r, acol, rb->conf, &empty);
	x->parent = period_of(p.start, rb->gran, &rb->conf->fy);
	x->kind = rb_kind(&p, &x->parent, rb, r);
	o = &out->rows[out->n];
	memset(o, 0, sizeof(*o));
	o->keys = xcalloc(out->nkeys + 1, sizeof(*o->keys));
	for (size_t j = 0; j < out->nkeys; j++) {
		size_t len = strlen(t->rows[r][kc[j]]);

		c = trim_span(t->rows[r][kc[j]], &len);
		o->keys[j] = len ? xstrndup(c, len) : xstrdup("*");
	}
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
rb_desc(const struct rb *rb, const struct rb_group *g, char *buf, size_t size)
{
	const struct split_row *r = &rb->out->rows[g->head];
	char pb[PERIOD_FMT_MAX];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t j = 0; j < rb->out->nkeys && len < size; j++)
		if (strcmp(r->keys[j], "*") != 0)
			len += (size_t)snprintf(buf + len, size - len,
			    "%s \"%s\", ", rb->out->names[j], r->keys[j]);
	if (len < size)
		snprintf(buf + len, size - len, "%s",
		    period_format(&rb->rows[g->head].parent, &rb->conf->fy, pb));
	return buf;
}

static void
rb_apply(struct rb *rb, const struct rb_group *g, day_t asof, num_t unit)
{
	struct split_row *rows = rb->out->rows;
	size_t m = 0, k = 0;
	num_t parent = 0, sum = 0, *orig, *act, *res;
	bool *closed, have_parent = false, over;
	char desc[512];
	int st;

	for (size_t i = g->head + 1; i != 0; i = rb->rows[i - 1].next) {
		if (rb->rows[i - 1].kind == RB_PARENT) {
			parent = rows[i - 1].original;
			have_parent = true;
		}
		m += rb->rows[i - 1].kind == RB_CHILD;
	}
	if (m == 0)
		return;
	orig = xcalloc(m, sizeof(*orig));
	act = xcalloc(m, sizeof(*act));
	res = xcalloc(m, sizeof(*res));
	closed = xcalloc(m, sizeof(*closed));
	for (size_t i = g->head + 1; i != 0; i = rb->rows[i - 1].next) {
		if (rb->rows[i - 1].kind != RB_CHILD)
			continue;
		orig[k] = rows[i - 1].original;
		act[k] = rb->rows[i - 1].actual;
		closed[k] = rows[i - 1].period.end <= asof;
		if (num_add(sum, orig[k++], &sum) != 0)
			die("sum of targets is out of range");
	}
	st = split_rebalance(have_parent ? parent : sum, orig, act, closed, m,
	    unit, res, &over);
	k = 0;
	for (size_t i = g->head + 1; st == SPLIT_OK && i != 0;
	    i = rb->rows[i - 1].next)
		if (rb->rows[i - 1].kind == RB_CHILD)
			rows[i - 1].target = res[k++];
	free(orig);
	free(act);
	free(res);
	free(closed);
	if (st != SPLIT_OK)
		die_at(rows[g->head].file, rows[g->head].line, "%s: %s",
		    rb_desc(rb, g, desc, sizeof(desc)), st == SPLIT_ZERO ?
		    "every open period has a zero target" : split_strerror(st));
	if (over)
		warning("%s: actuals of closed periods exceed the target: open "
		    "periods get 0", rb_desc(rb, g, desc, sizeof(desc)));
}

/* The key columns: the named ones, or those before the period column. */
static int *
rb_keys(const struct table *t, char **keys, const struct tgt_conf *conf,
    int pcol, struct split_set *out)
{
	size_t nk = 0;
	int *kc;

	while (keys != NULL && keys[nk] != NULL)
		nk++;
	if (keys == NULL)
		nk = (size_t)pcol;
	kc = xcalloc(nk + 1, sizeof(*kc));
	out->names = xcalloc(nk + 1, sizeof(*out->names));
	out->nkeys = nk;
	for (size_t j = 0; j < nk; j++) {
		kc[j] = keys != NULL ? table_col_req(t, conf, keys[j]) : (int)j;
		out->names[j] = xstrdup(table_canon(conf, t->cols[kc[j]]));
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
	struct rb rb = { t, conf, out, parent, NULL, NULL, 0, NULL, 64 };
	long skipped = 0;
	int *kc;

	split_set_init(out);
	kc = rb_keys(t, keys, conf, pcol, out);
	out->has_period = out->has_original = true;
	out->cap = t->nrows + 1;
	out->rows = xcalloc(out->cap, sizeof(*out->rows));
	rb.rows = xcalloc(out->cap, sizeof(*rb.rows));
	rb.groups = xcalloc(out->cap, sizeof(*rb.groups));
	while (rb.isize < 2 * out->cap)
		rb.isize *= 2;
	rb.index = xcalloc(rb.isize, sizeof(*rb.index));
	for (size_t r = 0; r < t->nrows; r++) {
		if (!rb_load(&rb, r, kc, pcol, tcol, acol))
			skipped++;
		else
			rb_join(&rb, out->n - 1);
	}
	for (size_t g = 0; g < rb.ngroups; g++)
		rb_apply(&rb, &rb.groups[g], asof, unit);
	if (skipped > 0)
		warn_at(t->file, 0, "skipped %ld row%s without a target",
		    skipped, skipped == 1 ? "" : "s");
	free(kc);
	free(rb.rows);
	free(rb.groups);
	free(rb.index);
}
