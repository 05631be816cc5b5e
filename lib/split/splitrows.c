/*
 * splitrows: the row layer of tgt-split.  Parent rows come from tables;
 * they are split among members (weights rows) or into periods, and written
 * out.  Data errors die with the place of the row, as commands do.
 */
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "util.h"

#define DESC_MAX 512

void
split_set_init(struct split_set *s)
{
	memset(s, 0, sizeof(*s));
}

void
split_set_free(struct split_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		for (size_t j = 0; j < s->nkeys; j++)
			free(s->rows[i].keys[j]);
		free(s->rows[i].keys);
	}
	free(s->rows);
	for (size_t j = 0; j < s->nkeys; j++)
		free(s->names[j]);
	free(s->names);
	memset(s, 0, sizeof(*s));
}

/* A new row with every key cell NULL.  The row is counted only once its
 * allocations are done, so a die() on the way (out of memory) leaves a
 * set that split_set_free() can still free (trust 19). */
static struct split_row *
set_add(struct split_set *s)
{
	char **keys;
	struct split_row *r;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;

		s->rows = xreallocarray(s->rows, cap, sizeof(*s->rows));
		s->cap = cap;
	}
	keys = xcalloc(s->nkeys ? s->nkeys : 1, sizeof(*keys));
	r = &s->rows[s->n++];
	memset(r, 0, sizeof(*r));
	r->keys = keys;
	return r;
}

static bool
is_wild(const char *s)
{
	return s[0] == '\0' || strcmp(s, "*") == 0;
}

/* A trimmed copy of a cell; a wildcard becomes "*" (DESIGN.md "Wildcards
 * in output"). */
static char *
key_dup(const char *cell)
{
	size_t len = strlen(cell);
	const char *s = trim_span(cell, &len);

	if (len == 0)
		return xstrdup("*");
	return xstrndup(s, len);
}

static const char *const value_columns[] = {
	"period", "target", "original_target", "stretch", "deals",
	"opportunities", "leads", NULL
};

bool
split_is_value_column(const char *canon)
{
	for (size_t i = 0; value_columns[i] != NULL; i++)
		if (ascii_casecmp(canon, value_columns[i]) == 0)
			return true;
	return false;
}

/*
 * A number cell: dies with the place when it is not one.  An empty cell is
 * dflt when empty_ok, else an error.
 */
static num_t
cell_num(const struct table *t, size_t r, int col, const struct tgt_conf *conf,
    bool empty_ok, num_t dflt)
{
	const char *c = t->rows[r][col];
	num_t v;

	switch (num_parse(c, strlen(c), conf->decimal, &v)) {
	case NUM_OK:
		return v;
	case NUM_EMPTY:
		if (empty_ok)
			return dflt;
		die_at(t->file, t->lines[r], "column \"%s\": empty cell",
		    t->cols[col]);
	case NUM_RANGE:
		die_at(t->file, t->lines[r], "column \"%s\": \"%s\" is out of "
		    "range", t->cols[col], c);
	default:
		die_at(t->file, t->lines[r], "column \"%s\": cannot read \"%s\" "
		    "as a number", t->cols[col], c);
	}
}

static struct period
cell_period(const struct table *t, size_t r, int col,
    const struct tgt_conf *conf)
{
	const char *c = t->rows[r][col], *why;
	struct period p;

	if ((why = period_parse(c, strlen(c), &conf->fy, conf->date_order,
	    &p)) != NULL)
		die_at(t->file, t->lines[r], "column \"%s\": cannot read \"%s\" "
		    "as a period: %s", t->cols[col], c, why);
	return p;
}

/* "region "East", rep "Alice", period 2025-Q2" for messages. */
static const char *
row_desc(const struct split_set *s, const struct split_row *r,
    const struct tgt_conf *conf, char *buf)
{
	char pb[PERIOD_FMT_MAX];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t j = 0; j < s->nkeys && len < DESC_MAX; j++) {
		if (is_wild(r->keys[j]))
			continue;
		len += (size_t)snprintf(buf + len, DESC_MAX - len, "%s%s \"%s\"",
		    len ? ", " : "", s->names[j], r->keys[j]);
	}
	if (len == 0)
		len = (size_t)snprintf(buf, DESC_MAX, "the total");
	if (s->has_period && len < DESC_MAX)
		snprintf(buf + len, DESC_MAX - len, ", period %s",
		    period_format(&r->period, &conf->fy, pb));
	return buf;
}

static void
set_names(struct split_set *s, char **names, size_t n)
{
	s->names = names;
	s->nkeys = n;
}

void
split_set_load(struct split_set *s, const struct table *t,
    const struct tgt_conf *conf, const struct period *defperiod)
{
	int pcol = table_col(t, conf, "period");
	int tcol = table_col_req(t, conf, "target");
	int *kc;
	char **names;
	size_t nk = 0;

	if (pcol >= 0 && defperiod != NULL)
		die_at(t->file, 0, "--period: the rows have a period column");
	/* Check the cells first: nothing is allocated yet if one is bad. */
	for (size_t i = 0; i < t->nrows; i++) {
		if (pcol >= 0)
			cell_period(t, i, pcol, conf);
		cell_num(t, i, tcol, conf, false, 0);
	}
	kc = xcalloc(t->ncols, sizeof(*kc));
	names = xcalloc(t->ncols + 1, sizeof(*names));
	for (size_t j = 0; j < t->ncols; j++) {
		const char *canon = table_canon(conf, t->cols[j]);

		if ((int)j == pcol || (int)j == tcol ||
		    split_is_value_column(canon))
			continue;
		kc[nk] = (int)j;
		names[nk++] = xstrdup(canon);
	}
	if (s->names == NULL) {
		set_names(s, names, nk);
		s->has_period = pcol >= 0 || defperiod != NULL;
	} else {
		bool same = nk == s->nkeys;

		for (size_t j = 0; same && j < nk; j++)
			same = ascii_casecmp(names[j], s->names[j]) == 0;
		same = same && s->has_period == (pcol >= 0 ||
		    defperiod != NULL);
		for (size_t j = 0; j < nk; j++)
			free(names[j]);
		free(names);
		if (!same) {
			free(kc);
			die_at(t->file, 0, "columns differ from the first "
			    "input's");
		}
	}
	for (size_t i = 0; i < t->nrows; i++) {
		struct split_row *r = set_add(s);

		for (size_t j = 0; j < nk; j++)
			r->keys[j] = key_dup(t->rows[i][kc[j]]);
		if (pcol >= 0)
			r->period = cell_period(t, i, pcol, conf);
		else if (defperiod != NULL)
			r->period = *defperiod;
		r->target = cell_num(t, i, tcol, conf, false, 0);
		r->original = r->target;
		r->file = t->file;
		r->line = t->lines[i];
		r->src[1] = t;
		r->srcrow[1] = i;
	}
	free(kc);
}

/* ----- members ----- */

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
	/* Rows by their within cells: a hash of chains, so a parent only
	 * looks at its own group. */
	size_t	*ghead;		/* isize slots: first row + 1, or 0 */
	size_t	*gnext;		/* next row of the same cells + 1, or 0 */
	size_t	 isize;
	/* Scratch for one parent, nmembers each: a member's place in mem
	 * ((size_t)-1 when not seen), the members seen, their weights. */
	size_t	*slot;
	size_t	*mem;
	num_t	*mw;
	num_t	*parts;
	bool	*used;		/* weights rows some parent matched */
};

static uint64_t
span_hash(uint64_t h, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 1099511628211ULL;
	return (h ^ 0xff) * 1099511628211ULL;
}

/* The hash of the trimmed within cells of weights row r. */
static uint64_t
within_hash(const struct wtab *wt, size_t r)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t j = 0; j < wt->nwithin; j++) {
		const char *c = wt->t->rows[r][wt->wcol[j]];
		size_t len = strlen(c);

		c = trim_span(c, &len);
		h = span_hash(h, c, len);
	}
	return h;
}

/* Whether two cells are equal once trimmed. */
static bool
trimmed_eq(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);

	a = trim_span(a, &la);
	b = trim_span(b, &lb);
	return la == lb && memcmp(a, b, la) == 0;
}

/* Whether weights rows a and b have the same within cells. */
static bool
same_within(const struct wtab *wt, size_t a, size_t b)
{
	for (size_t j = 0; j < wt->nwithin; j++)
		if (!trimmed_eq(wt->t->rows[a][wt->wcol[j]],
		    wt->t->rows[b][wt->wcol[j]]))
			return false;
	return true;
}

static void
index_groups(struct wtab *wt)
{
	size_t n = wt->t->nrows, *last;

	wt->isize = 64;
	while (wt->isize < 2 * n)
		wt->isize *= 2;
	wt->ghead = xcalloc(wt->isize, sizeof(*wt->ghead));
	wt->gnext = xcalloc(n + 1, sizeof(*wt->gnext));
	last = xcalloc(wt->isize, sizeof(*last));
	for (size_t r = 0; r < n; r++) {
		size_t h = within_hash(wt, r) & (wt->isize - 1);

		while (wt->ghead[h] != 0 && !same_within(wt, wt->ghead[h] - 1,
		    r))
			h = (h + 1) & (wt->isize - 1);
		if (wt->ghead[h] == 0)
			wt->ghead[h] = r + 1;
		else
			wt->gnext[last[h] - 1] = r + 1;
		last[h] = r + 1;
	}
	free(last);
}

/* The first weights row (+ 1) with parent p's within cells, 0 if none,
 * or (size_t)-1 when a wildcard cell means every row must be looked at. */
static size_t
group_of(const struct wtab *wt, const struct split_row *p)
{
	uint64_t hv = 1469598103934665603ULL;
	size_t h;

	if (wt->nwithin == 0)
		return (size_t)-1;
	for (size_t j = 0; j < wt->nwithin; j++) {
		const char *c = p->keys[wt->wset[j]];

		if (c[0] == '\0' || strcmp(c, "*") == 0)
			return (size_t)-1;
		hv = span_hash(hv, c, strlen(c));
	}
	for (h = hv & (wt->isize - 1); wt->ghead[h] != 0;
	    h = (h + 1) & (wt->isize - 1)) {
		size_t r = wt->ghead[h] - 1, j;

		for (j = 0; j < wt->nwithin; j++)
			if (!trimmed_eq(p->keys[wt->wset[j]],
			    wt->t->rows[r][wt->wcol[j]]))
				break;
		if (j == wt->nwithin)
			return r + 1;
	}
	return 0;
}

static num_t
row_weight(const struct table *t, size_t r, int wc, int fc,
    const struct tgt_conf *conf)
{
	num_t w = NUM_SCALE, f;

	if (wc >= 0) {
		w = cell_num(t, r, wc, conf, false, 0);
		if (w < 0)
			die_at(t->file, t->lines[r], "column \"%s\": negative "
			    "weight \"%s\"", t->cols[wc], t->rows[r][wc]);
	}
	if (fc >= 0) {
		f = cell_num(t, r, fc, conf, true, NUM_SCALE);
		if (f < 0)
			die_at(t->file, t->lines[r], "column \"%s\": negative "
			    "factor \"%s\"", t->cols[fc], t->rows[r][fc]);
		if (num_mul(w, f, &w) != 0)
			die_at(t->file, t->lines[r], "weight x factor is out of "
			    "range");
	}
	return w;
}

/* The hash of the trimmed member cells of weights row r. */
static uint64_t
member_hash(const struct wtab *wt, size_t r)
{
	uint64_t h = 1469598103934665603ULL;

	for (size_t j = 0; j < wt->nby; j++) {
		const char *c = wt->t->rows[r][wt->bycol[j]];
		size_t len = strlen(c);

		c = trim_span(c, &len);
		h = span_hash(h, c, len);
	}
	return h;
}

static bool
same_member(const struct wtab *wt, size_t a, size_t b)
{
	for (size_t j = 0; j < wt->nby; j++)
		if (!trimmed_eq(wt->t->rows[a][wt->bycol[j]],
		    wt->t->rows[b][wt->bycol[j]]))
			return false;
	return true;
}

/* Number the distinct member tuples of the weights rows (trimmed); an
 * empty or wildcard member cell is an error. */
static void
number_members(struct wtab *wt)
{
	const struct table *t = wt->t;
	size_t isize = 64, *index;

	for (size_t r = 0; r < t->nrows; r++) {
		for (size_t j = 0; j < wt->nby; j++) {
			char *c = key_dup(t->rows[r][wt->bycol[j]]);
			bool wild = strcmp(c, "*") == 0;

			free(c);
			if (wild)
				die_at(t->file, t->lines[r], "column \"%s\": a "
				    "member cannot be empty or *",
				    t->cols[wt->bycol[j]]);
		}
	}
	while (isize < 2 * t->nrows)
		isize *= 2;
	index = xcalloc(isize, sizeof(*index));
	wt->member = xcalloc(t->nrows + 1, sizeof(*wt->member));
	wt->first = xcalloc(t->nrows + 1, sizeof(*wt->first));
	for (size_t r = 0; r < t->nrows; r++) {
		size_t h = member_hash(wt, r) & (isize - 1);

		while (index[h] != 0 && !same_member(wt, wt->first[index[h] - 1],
		    r))
			h = (h + 1) & (isize - 1);
		if (index[h] == 0) {
			wt->first[wt->nmembers] = r;
			index[h] = ++wt->nmembers;
		}
		wt->member[r] = index[h] - 1;
	}
	free(index);
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
	if (wt->nby > 64)
		die("--by: too many columns");
	wt->bycol = xcalloc(wt->nby, sizeof(int));
	wt->byset = xcalloc(wt->nby, sizeof(int));
	wt->wcol = xcalloc(wt->nwithin + 1, sizeof(int));
	wt->wset = xcalloc(wt->nwithin + 1, sizeof(int));
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
	free(wt->ghead);
	free(wt->gnext);
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

		if (!is_wild(pc) && !trimmed_eq(pc, cells[wt->wcol[j]]))
			return false;
	}
	for (size_t j = 0; j < wt->nby; j++) {
		const char *pc;

		if (wt->byset[j] < 0)
			continue;
		pc = p->keys[wt->byset[j]];
		if (!is_wild(pc) && !trimmed_eq(pc, cells[wt->bycol[j]]))
			return false;
	}
	return true;
}

static void
alloc_die(const struct split_set *in, const struct split_row *p, int r,
    const struct split_members *o, const struct tgt_conf *conf)
{
	char desc[DESC_MAX], a[NUM_FMT_MAX], b[NUM_FMT_MAX];
	int prec = conf->precision;

	row_desc(in, p, conf, desc);
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
		struct split_row *r = set_add(out);
		size_t f = wt->first[mem[k]], extra = in->nkeys;

		for (size_t j = 0; j < in->nkeys; j++)
			r->keys[j] = xstrdup(p->keys[j]);
		for (size_t j = 0; j < wt->nby; j++) {
			char *v = key_dup(t->rows[f][wt->bycol[j]]);

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
	char desc[DESC_MAX];
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
		    row_desc(in, p, conf, desc), wt->t->file);
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

void
split_by_members(const struct split_set *in, struct split_set *out,
    const struct split_members *o, const struct tgt_conf *conf)
{
	struct wtab wt;
	char **names;
	size_t n = in->nkeys;

	wtab_init(&wt, in, o, conf);
	names = xcalloc(in->nkeys + wt.nby + 1, sizeof(*names));
	for (size_t j = 0; j < in->nkeys; j++)
		names[j] = xstrdup(in->names[j]);
	for (size_t j = 0; j < wt.nby; j++)
		if (wt.byset[j] < 0)
			names[n++] = xstrdup(table_canon(conf,
			    o->weights->cols[wt.bycol[j]]));
	split_set_init(out);
	set_names(out, names, n);
	out->has_period = in->has_period;
	for (size_t i = 0; i < in->n; i++)
		split_one_parent(in, &in->rows[i], out, &wt, o, conf);
	report_unused(&wt);
	wtab_free(&wt);
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

	for (size_t r = 0; r < t->nrows; r++)
		if (num_add(sum, row_weight(t, r, wc, fc, conf), &sum) != 0)
			die_at(t->file, t->lines[r], "sum of weights is out of "
			    "range");
	return sum;
}

/* ----- time ----- */

static const char *
plural(enum gran g)
{
	switch (g) {
	case G_DAY:
		return "days";
	case G_WEEK:
		return "weeks";
	case G_MONTH:
		return "months";
	case G_QUARTER:
		return "quarters";
	case G_HALF:
		return "halves";
	default:
		return "years";
	}
}

/*
 * The weights of the children of row r.  Returns NULL, or the message
 * (written into msg, DESC_MAX bytes) when they are all zero.
 */
static const char *
time_weights(const struct split_set *in, const struct split_row *r,
    const struct period *kids, size_t n, const struct split_time *o,
    const struct tgt_conf *conf, num_t *wn, double *wd, char *msg)
{
	const char **keys = NULL;
	char desc[DESC_MAX];
	bool any = false;
	size_t nk = 0;
	int st;

	if (o->mode != SPLIT_SEASON) {
		for (size_t i = 0; i < n; i++) {
			long d = o->mode == SPLIT_WORKDAYS ?
			    cal_count(&conf->cal, kids[i].start, kids[i].end,
			    true) : period_days(&kids[i]);

			wn[i] = NUM_FROM_INT(d);
			any = any || d > 0;
		}
		if (any)
			return NULL;
		snprintf(msg, DESC_MAX, "%s: no working days to split over",
		    row_desc(in, r, conf, desc));
		return msg;
	}
	/* As many season keys as -k named: no fixed bound (trust 20). */
	while (o->season_keys != NULL && o->season_keys[nk] >= 0)
		nk++;
	if (o->season_keys != NULL) {
		keys = xcalloc(nk + 1, sizeof(*keys));
		for (size_t j = 0; j < nk; j++)
			keys[j] = r->keys[o->season_keys[j]];
	}
	st = season_weights(o->season, keys, kids, n, wd);
	free(keys);
	if (st == SPLIT_OK)
		return NULL;
	snprintf(msg, DESC_MAX, "%s: %s history in %s for this period",
	    row_desc(in, r, conf, desc), st == SPLIT_ZERO ? "no" : "negative",
	    o->season_file);
	return msg;
}

/* Append the children of row r to out; NULL or the message. */
static const char *
time_children(const struct split_set *in, const struct split_row *r,
    struct split_set *out, const struct split_time *o,
    const struct tgt_conf *conf, char *msg)
{
	struct period *kids;
	long n = period_children(&r->period, o->into, &conf->fy, &kids);
	char desc[DESC_MAX];
	const char *why;
	num_t *wn, *parts;
	double *wd;
	int st = SPLIT_OK;

	if (n <= 0) {
		snprintf(msg, DESC_MAX, "cannot split %s into %s",
		    period_format(&r->period, &conf->fy, desc), plural(o->into));
		return msg;
	}
	wn = xcalloc((size_t)n, sizeof(*wn));
	wd = xcalloc((size_t)n, sizeof(*wd));
	parts = xcalloc((size_t)n, sizeof(*parts));
	why = time_weights(in, r, kids, (size_t)n, o, conf, wn, wd, msg);
	if (why == NULL)
		st = split_alloc(r->target, o->mode == SPLIT_SEASON ? NULL : wn,
		    wd, (size_t)n, o->unit, NULL, parts);
	if (why == NULL && st != SPLIT_OK) {
		snprintf(msg, DESC_MAX, "%s: %s", row_desc(in, r, conf, desc),
		    split_strerror(st));
		why = msg;
	}
	for (long k = 0; why == NULL && k < n; k++) {
		struct split_row *c = set_add(out);

		for (size_t j = 0; j < in->nkeys; j++)
			c->keys[j] = xstrdup(r->keys[j]);
		c->period = kids[k];
		c->target = c->original = parts[k];
		c->file = r->file;
		c->line = r->line;
		memcpy(c->src, r->src, sizeof(c->src));
		memcpy(c->srcrow, r->srcrow, sizeof(c->srcrow));
	}
	free(kids);
	free(wn);
	free(wd);
	free(parts);
	return why;
}

void
split_by_time(const struct split_set *in, struct split_set *out,
    const struct split_time *o, const struct tgt_conf *conf)
{
	char **names = xcalloc(in->nkeys + 1, sizeof(*names));
	char msg[DESC_MAX];

	for (size_t j = 0; j < in->nkeys; j++)
		names[j] = xstrdup(in->names[j]);
	split_set_init(out);
	set_names(out, names, in->nkeys);
	out->has_period = true;
	if (!in->has_period)
		die("--into: the input has no period column (give --period)");
	for (size_t i = 0; i < in->n; i++) {
		const struct split_row *r = &in->rows[i];

		if (time_children(in, r, out, o, conf, msg) != NULL)
			die_at(r->file, r->line, "%s", msg);
	}
}
