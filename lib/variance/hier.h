/*
 * hier: a one-file hierarchy of targets, as tgt-track writes it for a
 * targets file that holds `East,*,2025-Q2,3000000` next to
 * `East,Alice,2025-05,420000` (DESIGN.md "Keys": a "*" key cell means
 * "all"), possibly with --rollup subtotals.
 *
 * A coarse row (a "*" in one of its key cells) holds the actuals of every
 * finer row it covers: the rows whose key cells match its non-"*" cells and
 * whose period lies within its period.  Adding the coarse row to the finer
 * ones counts those actuals twice; dropping it loses the actuals only it
 * covers (sales of reps with no target of their own).  So each row is
 * counted once, as:
 *
 *  - a leaf (no "*" cell): its plan and actual as they are;
 *  - a restatement: a coarse row whose plan and actual are exactly the
 *    sums of the leaves it covers (a --rollup subtotal, or a wildcard
 *    target its finer rows split completely): skipped, it adds nothing;
 *  - a remainder: any other coarse row, less the rows directly under it
 *    (the nearest finer leaves and coarse rows it covers), so that the
 *    rows of a tree add up to its root, the tracked total.
 *
 * The coarse rows that are not restatements must nest (a laminar
 * family): two that both cover a row must cover one another, else which
 * one holds that row's actuals cannot be told and var_hier_resolve() fails.
 */
#ifndef TGT_VARIANCE_HIER_H
#define TGT_VARIANCE_HIER_H

#include <stdbool.h>
#include <stddef.h>

#include "keymap.h"
#include "num.h"
#include "period.h"

enum hier_kind { HIER_LEAF, HIER_RESTATED, HIER_REMAINDER };

struct hier_row {
	size_t		 cell;		/* first of its ncells cells */
	bool		 coarse;	/* a "*" among its cells */
	bool		 has_period;
	struct period	 p;
	num_t		 plan, actual;
	long		 line;
	enum hier_kind	 kind;		/* set by var_hier_resolve() */
	long		 parent;	/* nearest remainder row covering it */
};

struct var_hier {
	size_t		 ncells;	/* key cells per row */
	long		 pcell;		/* the period's cell, not a key; -1 */
	struct hier_row	*rows;
	size_t		 n, cap;
	const char	**cells;	/* n * ncells, into map's keys */
	struct keymap	 map;		/* cells + period -> row */
	const char	**scratch;	/* ncells + 1 */
	size_t		*slen;
	size_t		 ncoarse;
};

/* Rows of ncells cells; cell pcell (-1: none) holds the period label,
 * which the period itself stands for. */
void	var_hier_init(struct var_hier *h, size_t ncells, long pcell);
void	var_hier_free(struct var_hier *h);

/* Add a row: its key cells (cell[j] is len[j] bytes; "*" is a wildcard),
 * its period (NULL: the input has none, every row covers all time), plan
 * and actual.  Rows with the same cells and period are one row, summed,
 * so memory grows with the distinct rows.  Returns 0, or -1 when a sum
 * overflows. */
int	var_hier_add(struct var_hier *h, const char *const *cell,
	    const size_t *len, const struct period *p, num_t plan,
	    num_t actual, long line);

/*
 * Classify every row (kind) and turn each remainder row's plan and actual
 * into what only it covers.  Returns NULL, or a static reason with
 * lines[0..3) set to the two coarse rows that overlap without nesting and
 * a row both cover, or to the row whose remainder overflows.
 */
const char *var_hier_resolve(struct var_hier *h, long lines[3]);

/* Cell j of row i. */
const char *var_hier_cell(const struct var_hier *h, size_t i, size_t j);

#endif
