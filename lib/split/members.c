/*
 * members: split each parent row among the members of the weights rows
 * that share its --within cells (tgt-split -b).
 */
#include <stdlib.h>
#include <string.h>

#include "keymap.h"
#include "split.h"
#include "util.h"

/* Index of name among the set's key names (canonical), or -1. */
static int
set_col(const struct split_set *s, const struct tgt_conf *conf,
    const char *name)
{
	const char *canon = table_canon(conf, name);

	for (size_t j = 0; j < s->nkeys; j++)
		if (ascii_casecmp(s->names[j], name) == 0 ||
		    ascii_casecmp(s->names[j], canon) == 0)
			return (int)j;
	return -1;
}

static size_t
list_len(char **l)
{
	size_t n = 0;

	while (l != NULL && l[n] != NULL)
		n++;
	return n;
}

/* What split_by_members needs about the weights table. */
struct wtab {
	const struct table *t;
	size_t	 nby, nwithin;
	int	*bycol;		/* in the weights table */
	int	*byset;		/* in the parent set, or -1 */
	int	*wcol;		/* within columns in the weights table */
	int	*wset;		/* within columns in the parent set */
	num_t	*w;		/* weight x factor of each weights row */
	size_t	*member;	/* member number of each row */
	size_t	*first;		/* first row of each member */
	size_t	 nmembers;
	/* Rows by their within cells: a map to chains, so a parent only
	 * looks at its own group. */
	struct keymap groups;	/* within cells -> group */
	size_t	*ghead;		/* per group: first row + 1 */
	size_t	*gnext;		/* next row of the same cells + 1, or 0 */
	const char **cell;	/* scratch: max(nby, nwithin) cells */
	size_t	*len;
	/* Scratch for one parent, nmembers each: a member's place in mem
	 * ((size_t)-1 when not seen), the members seen, their weights. */
	size_t	*slot;
	size_t	*mem;
	num_t	*mw;
	num_t	*parts;
	bool	*used;		/* weights rows some parent matched */
};

/* Whether two cells are equal once trimmed. */
static bool
trimmed_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	a = trim_span(a, &la);
	b = trim_span(b, &lb);
	return la == lb && memcmp(a, b, la) == 0;
}

/* The trimmed cells cols[0..n) of weights row r, into wt->cell and len. */
static void
row_cells(struct wtab *wt, size_t r, const int *cols, size_t n)
{
	for (size_t j = 0; j < n; j++) {
		wt->len[j] = strlen(wt->t->rows[r][cols[j]]);
		wt->cell[j] = trim_span(wt->t->rows[r][cols[j]], &wt->len[j]);
	}
}

static void
index_groups(struct wtab *wt)
{
	size_t n = wt->t->nrows, *last;

	keymap_init(&wt->groups, wt->nwithin);
	wt->ghead = xcalloc(n + 1, sizeof(*wt->ghead));
	wt->gnext = xcalloc(n + 1, sizeof(*wt->gnext));
	last = xcalloc(n + 1, sizeof(*last));
	for (size_t r = 0; r < n; r++) {
		bool added;
		size_t g;

		row_cells(wt, r, wt->wcol, wt->nwithin);
		g = keymap_add(&wt->groups, wt->cell, wt->len, &added);
		if (added)
			wt->ghead[g] = r + 1;
		else
			wt->gnext[last[g] - 1] = r + 1;
		last[g] = r + 1;
	}
	free(last);
}

/* The first weights row (+ 1) with parent p's within cells, 0 if none,
 * or (size_t)-1 when a wildcard cell means every row must be looked at. */
static size_t
group_of(const struct wtab *wt, const struct split_row *p)
{
	long g;

	if (wt->nwithin == 0)
		return (size_t)-1;
	for (size_t j = 0; j < wt->nwithin; j++) {
		const char *c = p->keys[wt->wset[j]];

		if (split_is_wild(c))
			return (size_t)-1;
		wt->cell[j] = c;
	}
	g = keymap_find(&wt->groups, wt->cell, NULL);
	return g < 0 ? 0 : wt->ghead[g];
}

static num_t
row_weight(const struct table *t, size_t r, int wc, int fc,
    const struct tgt_conf *conf)
{
	num_t w = NUM_SCALE, f;

	if (wc >= 0) {
		w = split_cell_num(t, r, wc, conf, false, 0);
		if (w < 0)
			die_at(t->file, t->lines[r], "column \"%s\": negative "
			    "weight \"%s\"", t->cols[wc], t->rows[r][wc]);
	}
	if (fc >= 0) {
		f = split_cell_num(t, r, fc, conf, true, NUM_SCALE);
		if (f < 0)
			die_at(t->file, t->lines[r], "column \"%s\": negative "
			    "factor \"%s\"", t->cols[fc], t->rows[r][fc]);
		if (num_mul(w, f, &w) != 0)
			die_at(t->file, t->lines[r], "weight x factor is out of "
			    "range");
	}
	return w;
}

/* Number the distinct member tuples of the weights rows (trimmed); an
 * empty or wildcard member cell is an error. */
static void
number_members(struct wtab *wt)
{
	const struct table *t = wt->t;
	struct keymap members;

	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t j = 0; j < wt->nby; j++) {
			char *c = split_key_dup(t->rows[r][wt->bycol[j]]);
			bool wild = strcmp(c, "*") == 0;

			free(c);
			if (wild)
				die_at(t->file, t->lines[r], "column \"%s\": a "
				    "member cannot be empty or *",
				    t->cols[wt->bycol[j]]);
		}
	}
	keymap_init(&members, wt->nby);
	wt->member = xcalloc(t->nrows + 1, sizeof(*wt->member));
	wt->first = xcalloc(t->nrows + 1, sizeof(*wt->first));
	for (size_t r = 0; r < t->nrows; r++) {
		bool added;
		size_t m;

		row_cells(wt, r, wt->bycol, wt->nby);
		m = keymap_add(&members, wt->cell, wt->len, &added);
		if (added)
			wt->first[m] = r;
		wt->member[r] = m;
	}
	wt->nmembers = members.count;
	keymap_free(&members);
}

/*
 * Weights of several metrics (last year's tracked amounts next to its
 * order counts) would add up to nothing meaningful: a weights table with a
 * metric column holds one metric, unless --within metric matches each
 * parent with its own metric's rows.
 */
static void
one_metric(const struct table *t, const struct tgt_conf *conf,
    char **within)
{
	int mc = table_col(t, conf, "metric");
	char *first = NULL;

	for (size_t j = 0; within != NULL && within[j] != NULL; j++)
		if (split_is_metric(table_canon(conf, within[j])))
			return;
	for (size_t r = 0; mc >= 0 && r < t->nrows; r++) {
		char *c = split_key_cell(t, r, mc, "metric");

		if (first == NULL) {
			first = c;
			continue;
		}
		if (strcmp(c, first) != 0) {
			free(first);
			free(c);
			die_at(t->file, t->lines[r], "column \"%s\": weights of "
			    "more than one metric (give --within metric, or "
			    "weights of one metric)", t->cols[mc]);
		}
		free(c);
	}
	free(first);
}

static void
wtab_init(struct wtab *wt, const struct split_set *in,
    const struct split_members *o, const struct tgt_conf *conf)
{
	const struct table *t = o->weights;
	int wc = -1, fc = -1;

	memset(wt, 0, sizeof(*wt));
	wt->t = t;
	wt->nby = list_len(o->by);
	wt->nwithin = list_len(o->within);
	one_metric(t, conf, o->within);
	wt->bycol = xcalloc(wt->nby, sizeof(int));
	wt->byset = xcalloc(wt->nby, sizeof(int));
	wt->wcol = xcalloc(wt->nwithin + 1, sizeof(int));
	wt->wset = xcalloc(wt->nwithin + 1, sizeof(int));
	wt->cell = xcalloc(wt->nby + wt->nwithin + 1, sizeof(*wt->cell));
	wt->len = xcalloc(wt->nby + wt->nwithin + 1, sizeof(*wt->len));
	for (size_t j = 0; j < wt->nby; j++) {
		wt->bycol[j] = table_col_req(t, conf, o->by[j]);
		wt->byset[j] = set_col(in, conf, o->by[j]);
	}
	for (size_t j = 0; j < wt->nwithin; j++) {
		wt->wcol[j] = table_col_req(t, conf, o->within[j]);
		if ((wt->wset[j] = set_col(in, conf, o->within[j])) < 0)
			die("--within: the parent rows have no column \"%s\"",
			    o->within[j]);
	}
	if (o->weight != NULL)
		wc = table_col_req(t, conf, o->weight);
	if (o->factor != NULL)
		fc = table_col_req(t, conf, o->factor);
	wt->w = xcalloc(t->nrows, sizeof(*wt->w));
	for (size_t r = 0; r < t->nrows; r++)
		wt->w[r] = row_weight(t, r, wc, fc, conf);
	number_members(wt);
	index_groups(wt);
	wt->slot = xcalloc(wt->nmembers + 1, sizeof(*wt->slot));
	wt->mem = xcalloc(wt->nmembers + 1, sizeof(*wt->mem));
	wt->mw = xcalloc(wt->nmembers + 1, sizeof(*wt->mw));
	wt->parts = xcalloc(wt->nmembers + 1, sizeof(*wt->parts));
	wt->used = xcalloc(t->nrows + 1, sizeof(*wt->used));
	for (size_t k = 0; k < wt->nmembers; k++)
		wt->slot[k] = (size_t)-1;
}

static void
wtab_free(struct wtab *wt)
{
	free(wt->bycol);
	free(wt->byset);
	free(wt->wcol);
	free(wt->wset);
	free(wt->w);
	free(wt->member);
	free(wt->first);
	keymap_free(&wt->groups);
	free(wt->ghead);
	free(wt->gnext);
	free(wt->cell);
	free(wt->len);
	free(wt->slot);
	free(wt->mem);
	free(wt->mw);
	free(wt->parts);
	free(wt->used);
}

/* Whether weights row r belongs to parent row p. */
static bool
row_matches(const struct wtab *wt, const struct split_row *p, size_t r)
{
	char **cells = wt->t->rows[r];

	for (size_t j = 0; j < wt->nwithin; j++) {
		const char *pc = p->keys[wt->wset[j]];

		if (!split_is_wild(pc) && !trimmed_eq(pc, cells[wt->wcol[j]]))
			return false;
	}
	for (size_t j = 0; j < wt->nby; j++) {
		const char *pc;

		if (wt->byset[j] < 0)
			continue;
		pc = p->keys[wt->byset[j]];
		if (!split_is_wild(pc) && !trimmed_eq(pc, cells[wt->bycol[j]]))
			return false;
	}
	return true;
}

static void
alloc_die(const struct split_set *in, const struct split_row *p, int r,
    const struct split_members *o, const struct tgt_conf *conf)
{
	char desc[SPLIT_DESC_MAX], a[NUM_FMT_MAX], b[NUM_FMT_MAX];
	int prec = conf->precision;

	split_row_desc(in, p, conf, desc);
	switch (r) {
	case SPLIT_ZERO:
		die_at(p->file, p->line, "%s: all weights are zero in %s", desc,
		    o->weights->file);
	case SPLIT_MIN:
		die_at(p->file, p->line, "%s: --min %s for each member exceeds "
		    "the target %s", desc, num_format(o->caps.min, prec, 0, a,
		    sizeof(a)), num_format(p->target, prec, 0, b, sizeof(b)));
	case SPLIT_MAX:
		die_at(p->file, p->line, "%s: --max %s for each member cannot "
		    "hold the target %s", desc, num_format(o->caps.max, prec, 0,
		    a, sizeof(a)), num_format(p->target, prec, 0, b,
		    sizeof(b)));
	default:
		die_at(p->file, p->line, "%s: %s", desc, split_strerror(r));
	}
}

static void
member_rows(const struct split_set *in, const struct split_row *p,
    struct split_set *out, const struct wtab *wt, const size_t *mem,
    const num_t *parts, size_t m)
{
	const struct table *t = wt->t;

	for (size_t k = 0; k < m; k++) {
		struct split_row *r = split_set_add(out);
		size_t f = wt->first[mem[k]], extra = in->nkeys;

		for (size_t j = 0; j < in->nkeys; j++)
			r->keys[j] = xstrdup(p->keys[j]);
		for (size_t j = 0; j < wt->nby; j++) {
			char *v = split_key_dup(t->rows[f][wt->bycol[j]]);

			if (wt->byset[j] >= 0) {
				free(r->keys[wt->byset[j]]);
				r->keys[wt->byset[j]] = v;
			} else {
				r->keys[extra++] = v;
			}
		}
		r->period = p->period;
		r->target = r->original = parts[k];
		r->file = p->file;
		r->line = p->line;
		r->src[0] = t;
		r->srcrow[0] = f;
		r->src[1] = p->src[1];
		r->srcrow[1] = p->srcrow[1];
	}
}

static void
split_one_parent(const struct split_set *in, const struct split_row *p,
    struct split_set *out, struct wtab *wt, const struct split_members *o,
    const struct tgt_conf *conf)
{
	size_t g = group_of(wt, p), next, m = 0, *slot = wt->slot;
	num_t *w = wt->mw;
	char desc[SPLIT_DESC_MAX];
	int r;

	/* Walk the parent's group, or every row when it has a wildcard. */
	for (size_t i = g == (size_t)-1 ? 0 : g - 1;
	    g != 0 && i < wt->t->nrows; i = next) {
		size_t id = wt->member[i];

		next = g == (size_t)-1 ? i + 1 :
		    wt->gnext[i] ? wt->gnext[i] - 1 : wt->t->nrows;
		if (!row_matches(wt, p, i))
			continue;
		wt->used[i] = true;
		if (slot[id] == (size_t)-1) {
			slot[id] = m;
			w[m] = 0;
			wt->mem[m++] = id;
		} else if (o->weight == NULL) {
			continue;	/* equal: one share per member */
		}
		if (num_add(w[slot[id]], wt->w[i], &w[slot[id]]) != 0)
			die_at(wt->t->file, wt->t->lines[i], "sum of weights "
			    "is out of range");
	}
	if (m == 0)
		die_at(p->file, p->line, "%s: no weights rows in %s",
		    split_row_desc(in, p, conf, desc), wt->t->file);
	if ((r = split_alloc(p->target, w, NULL, m, o->unit, &o->caps,
	    wt->parts)) != SPLIT_OK)
		alloc_die(in, p, r, o, conf);
	member_rows(in, p, out, wt, wt->mem, wt->parts, m);
	for (size_t k = 0; k < m; k++)
		slot[wt->mem[k]] = (size_t)-1;	/* ready for the next parent */
}

/* Nothing is dropped silently: say how many weights rows no parent
 * matched (a region missing from the parents, or a typo). */
static void
report_unused(const struct wtab *wt)
{
	size_t n = 0;
	long first = 0;

	for (size_t i = 0; i < wt->t->nrows; i++) {
		if (wt->used[i])
			continue;
		if (n++ == 0)
			first = wt->t->lines[i];
	}
	if (n > 0)
		warn_at(wt->t->file, 0, "%zu weights row%s matched no parent "
		    "(the first on line %ld)", n, n == 1 ? "" : "s", first);
}

/* A members split streamed one parent at a time; see split.h. */
struct split_by {
	struct wtab	 wt;
	const struct split_members *o;
	const struct tgt_conf *conf;
	char		**names;	/* the output's key names */
	size_t		 nnames;
	bool		 has_period;
};

struct split_by *
split_by_new(const struct split_set *in, const struct split_members *o,
    const struct tgt_conf *conf)
{
	struct split_by *b = xcalloc(1, sizeof(*b));
	size_t n = in->nkeys;

	b->o = o;
	b->conf = conf;
	b->has_period = in->has_period;
	wtab_init(&b->wt, in, o, conf);
	b->names = xcalloc(in->nkeys + b->wt.nby + 1, sizeof(*b->names));
	for (size_t j = 0; j < in->nkeys; j++)
		b->names[j] = xstrdup(in->names[j]);
	for (size_t j = 0; j < b->wt.nby; j++)
		if (b->wt.byset[j] < 0)
			b->names[n++] = xstrdup(table_canon(conf,
			    o->weights->cols[b->wt.bycol[j]]));
	b->nnames = n;
	return b;
}

void
split_by_out(const struct split_by *b, struct split_set *out)
{
	char **names = xcalloc(b->nnames + 1, sizeof(*names));

	for (size_t j = 0; j < b->nnames; j++)
		names[j] = xstrdup(b->names[j]);
	split_set_init(out);
	split_set_names(out, names, b->nnames);
	out->has_period = b->has_period;
}

void
split_by_one(struct split_by *b, const struct split_set *in,
    const struct split_row *p, struct split_set *out)
{
	split_one_parent(in, p, out, &b->wt, b->o, b->conf);
}

void
split_by_end(struct split_by *b)
{
	if (b == NULL)
		return;
	report_unused(&b->wt);
	split_by_free(b);
}

void
split_by_free(struct split_by *b)
{
	if (b == NULL)
		return;
	wtab_free(&b->wt);
	for (size_t j = 0; j < b->nnames; j++)
		free(b->names[j]);
	free(b->names);
	free(b);
}

void
split_by_members(const struct split_set *in, struct split_set *out,
    const struct split_members *o, const struct tgt_conf *conf)
{
	struct split_by *b = split_by_new(in, o, conf);

	split_by_out(b, out);
	for (size_t i = 0; i < in->n; i++)
		split_by_one(b, in, &in->rows[i], out);
	split_by_end(b);
}

num_t
split_weights_total(const struct split_members *o,
    const struct tgt_conf *conf, bool factor_too)
{
	const struct table *t = o->weights;
	int wc = o->weight ? table_col_req(t, conf, o->weight) : -1;
	int fc = factor_too && o->factor ? table_col_req(t, conf, o->factor) :
	    -1;
	num_t sum = 0;

	one_metric(t, conf, NULL);
	for (size_t r = 0; r < t->nrows; r++)
		if (num_add(sum, row_weight(t, r, wc, fc, conf), &sum) != 0)
			die_at(t->file, t->lines[r], "sum of weights is out of "
			    "range");
	return sum;
}

