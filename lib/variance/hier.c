/*
 * hier: a one-file hierarchy of targets; see hier.h.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hier.h"
#include "keymap.h"
#include "util.h"

void
var_hier_init(struct var_hier *h, size_t ncells, long pcell)
{
	memset(h, 0, sizeof(*h));
	h->ncells = ncells;
	h->pcell = pcell;
	keymap_init(&h->map, ncells + 1);
	h->scratch = xcalloc(ncells + 2, sizeof(*h->scratch));
	h->slen = xcalloc(ncells + 2, sizeof(*h->slen));
}

void
var_hier_free(struct var_hier *h)
{
	keymap_free(&h->map);
	free(h->cells);
	free(h->rows);
	free(h->scratch);
	free(h->slen);
	memset(h, 0, sizeof(*h));
}

const char *
var_hier_cell(const struct var_hier *h, size_t i, size_t j)
{
	return h->cells[h->rows[i].cell + j];
}

static bool
is_star(const char *s)
{
	return s[0] == '*' && s[1] == '\0';
}

/* Whether cell j of row i is a "*" key cell (the period cell is none). */
static bool
star_at(const struct var_hier *h, size_t i, size_t j)
{
	return (long)j != h->pcell && is_star(var_hier_cell(h, i, j));
}

int
var_hier_add(struct var_hier *h, const char *const *cell, const size_t *len,
    const struct period *p, num_t plan, num_t actual, long line)
{
	char pl[64];
	struct hier_row *r;
	bool coarse = false, added;
	size_t i, j;

	/* Room first; the map adds the key only once its copy exists. */
	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 64;

		h->rows = xreallocarray(h->rows, cap, sizeof(*h->rows));
		h->cells = xreallocarray(h->cells, cap,
		    (h->ncells ? h->ncells : 1) * sizeof(*h->cells));
		h->cap = cap;
	}
	for (j = 0; j < h->ncells; j++) {
		h->scratch[j] = cell[j];
		h->slen[j] = len[j];
	}
	snprintf(pl, sizeof(pl), p != NULL ? "%ld..%ld" : "",
	    p != NULL ? (long)p->start : 0L, p != NULL ? (long)p->end : 0L);
	h->scratch[h->ncells] = pl;
	h->slen[h->ncells] = strlen(pl);
	i = keymap_add(&h->map, h->scratch, h->slen, &added);
	if (!added) {
		/* The same cells and period again: one row, summed. */
		r = &h->rows[i];
		return num_add(r->plan, plan, &r->plan) ||
		    num_add(r->actual, actual, &r->actual) ? -1 : 0;
	}
	for (j = 0; j < h->ncells; j++) {
		const char *c = keymap_cell(&h->map, i, j);

		h->cells[i * h->ncells + j] = c;
		coarse = coarse || ((long)j != h->pcell && is_star(c));
	}
	r = &h->rows[i];
	memset(r, 0, sizeof(*r));
	r->cell = i * h->ncells;
	r->coarse = coarse;
	r->has_period = p != NULL;
	if (p != NULL)
		r->p = *p;
	r->plan = plan;
	r->actual = actual;
	r->line = line;
	r->kind = HIER_LEAF;
	r->parent = -1;
	h->ncoarse += coarse;
	h->n = i + 1;
	return 0;
}

/* Whether row a covers row b (a != b): a's cells are "*" or b's, b's
 * period lies within a's.  Of two rows with the same cells and period the
 * first covers the second. */
static bool
covers(const struct var_hier *h, size_t a, size_t b)
{
	const struct hier_row *ra = &h->rows[a], *rb = &h->rows[b];
	bool same = true;

	if (a == b)
		return false;
	for (size_t j = 0; j < h->ncells; j++) {
		const char *ca = var_hier_cell(h, a, j);
		const char *cb = var_hier_cell(h, b, j);

		if ((long)j == h->pcell || strcmp(ca, cb) == 0)
			continue;
		if (!is_star(ca))
			return false;
		same = false;
	}
	if (ra->has_period && rb->has_period) {
		if (!period_within(&rb->p, &ra->p))
			return false;
		same = same && ra->p.start == rb->p.start &&
		    ra->p.end == rb->p.end;
	}
	return !same || a < b;
}

/*
 * The leaves by the cells a coarse row names: for one mask (which cells
 * are "*"), the leaves' other cells in a keymap, and per key the chain of
 * its leaves.
 */
struct leaf_index {
	const bool	*star;		/* ncells: "*" in this mask */
	struct keymap	 map;
	size_t		*head;		/* per key: first leaf + 1 */
	size_t		*next;		/* per row: next leaf + 1 */
	const char	**cell;		/* scratch */
};

/* Row i's cells outside the mask, into ix->cell; their number. */
static size_t
project(const struct var_hier *h, const struct leaf_index *ix, size_t i)
{
	size_t n = 0;

	for (size_t j = 0; j < h->ncells; j++)
		if (!ix->star[j] && (long)j != h->pcell)
			ix->cell[n++] = var_hier_cell(h, i, j);
	return n;
}

static void
index_leaves(const struct var_hier *h, struct leaf_index *ix,
    const bool *star)
{
	size_t nf = 0;

	for (size_t j = 0; j < h->ncells; j++)
		nf += !star[j] && (long)j != h->pcell;
	ix->star = star;
	keymap_init(&ix->map, nf);
	ix->head = xcalloc(h->n + 1, sizeof(*ix->head));
	ix->next = xcalloc(h->n + 1, sizeof(*ix->next));
	ix->cell = xcalloc(h->ncells + 1, sizeof(*ix->cell));
	/* Backwards, so that each chain runs in input order. */
	for (size_t i = h->n; i-- > 0;) {
		size_t k;

		if (h->rows[i].coarse)
			continue;
		project(h, ix, i);
		k = keymap_add(&ix->map, ix->cell, NULL, NULL);
		ix->next[i] = ix->head[k];
		ix->head[k] = i + 1;
	}
}

static void
index_free(struct leaf_index *ix)
{
	keymap_free(&ix->map);
	free(ix->head);
	free(ix->next);
	free(ix->cell);
}

/* The first leaf (+ 1) with coarse row c's named cells, 0 if none. */
static size_t
first_leaf(const struct var_hier *h, const struct leaf_index *ix, size_t c)
{
	long k;

	project(h, ix, c);
	k = keymap_find(&ix->map, ix->cell, NULL);
	return k < 0 ? 0 : ix->head[k];
}

/* Which cells of row i are "*", into star. */
static void
mask_of(const struct var_hier *h, size_t i, bool *star)
{
	for (size_t j = 0; j < h->ncells; j++)
		star[j] = star_at(h, i, j);
}

static bool
same_mask(const struct var_hier *h, size_t a, const bool *star)
{
	for (size_t j = 0; j < h->ncells; j++)
		if (star_at(h, a, j) != star[j])
			return false;
	return true;
}

/* Offer coarse row c as the parent of row x: the nearer of it and x's
 * parent so far; NULL, or the reason when neither covers the other. */
static const char *
offer(struct var_hier *h, size_t x, size_t c, long lines[3])
{
	long p = h->rows[x].parent;

	if (p < 0 || covers(h, (size_t)p, c)) {
		h->rows[x].parent = (long)c;
		return NULL;
	}
	if (covers(h, c, (size_t)p))
		return NULL;
	lines[0] = h->rows[p].line;
	lines[1] = h->rows[c].line;
	lines[2] = h->rows[x].line;
	return "two rows with a \"*\" key cell overlap without one "
	    "holding the other";
}

/*
 * For the coarse rows of one mask: restatement or remainder (pass 0), then
 * the parent of each leaf a remainder row covers (pass 1).
 */
static const char *
resolve_mask(struct var_hier *h, const bool *star, bool *done, int pass,
    long lines[3])
{
	struct leaf_index ix;
	const char *why = NULL;

	index_leaves(h, &ix, star);
	for (size_t c = 0; c < h->n && why == NULL; c++) {
		struct hier_row *rc = &h->rows[c];
		num_t plan = 0, actual = 0;
		bool range = false;

		if (!rc->coarse || done[c] || !same_mask(h, c, star))
			continue;
		done[c] = true;
		if (pass == 1 && rc->kind != HIER_REMAINDER)
			continue;
		for (size_t l = first_leaf(h, &ix, c); l != 0 && why == NULL;
		    l = ix.next[l - 1]) {
			if (!covers(h, c, l - 1))
				continue;
			if (pass == 1) {
				why = offer(h, l - 1, c, lines);
				continue;
			}
			range |= num_add(plan, h->rows[l - 1].plan, &plan) ||
			    num_add(actual, h->rows[l - 1].actual, &actual);
		}
		if (pass == 0)
			rc->kind = !range && plan == rc->plan &&
			    actual == rc->actual ? HIER_RESTATED :
			    HIER_REMAINDER;
	}
	index_free(&ix);
	return why;
}

/* Pass over every mask of the coarse rows. */
static const char *
resolve_pass(struct var_hier *h, int pass, long lines[3])
{
	bool *done = xcalloc(h->n + 1, sizeof(*done));
	bool *star = xcalloc(h->ncells + 1, sizeof(*star));
	const char *why = NULL;

	for (size_t c = 0; c < h->n && why == NULL; c++) {
		if (!h->rows[c].coarse || done[c])
			continue;
		mask_of(h, c, star);
		why = resolve_mask(h, star, done, pass, lines);
	}
	free(done);
	free(star);
	return why;
}

/* The parent of each remainder row among the other remainder rows (they
 * are few: the wildcard targets of a file). */
static const char *
nest_remainders(struct var_hier *h, long lines[3])
{
	const char *why;

	for (size_t x = 0; x < h->n; x++) {
		if (h->rows[x].kind != HIER_REMAINDER)
			continue;
		for (size_t c = 0; c < h->n; c++)
			if (h->rows[c].kind == HIER_REMAINDER &&
			    covers(h, c, x) &&
			    (why = offer(h, x, c, lines)) != NULL)
				return why;
	}
	return NULL;
}

/* Each row counted under its parent leaves the parent's remainder.  The
 * values taken away are the rows' own (not their remainders), so the rows
 * of a tree add up to its root. */
static const char *
take_children(struct var_hier *h, long lines[3])
{
	num_t *own = xcalloc(2 * h->n + 1, sizeof(*own));
	const char *why = NULL;

	for (size_t x = 0; x < h->n; x++) {
		own[2 * x] = h->rows[x].plan;
		own[2 * x + 1] = h->rows[x].actual;
	}
	for (size_t x = 0; x < h->n && why == NULL; x++) {
		const struct hier_row *rx = &h->rows[x];
		struct hier_row *rp;

		if (rx->parent < 0 || rx->kind == HIER_RESTATED)
			continue;
		rp = &h->rows[rx->parent];
		if (num_sub(rp->plan, own[2 * x], &rp->plan) ||
		    num_sub(rp->actual, own[2 * x + 1], &rp->actual)) {
			lines[0] = lines[1] = lines[2] = rp->line;
			why = "the remainder is too large";
		}
	}
	free(own);
	return why;
}

const char *
var_hier_resolve(struct var_hier *h, long lines[3])
{
	const char *why;

	if (h->ncoarse == 0)
		return NULL;
	if ((why = resolve_pass(h, 0, lines)) != NULL ||
	    (why = resolve_pass(h, 1, lines)) != NULL ||
	    (why = nest_remainders(h, lines)) != NULL)
		return why;
	return take_children(h, lines);
}
