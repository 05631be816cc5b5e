/*
 * rule: the tgt-alert expression language (tokenizer, parser to a tree,
 * evaluator over one CSV row).  No eval, no shell: a rule can only read the
 * cells of the row it is given and the --asof date.
 *
 * Grammar, loosest binding first:
 *
 *	expr	= and { "||" and }
 *	and	= cmp { "&&" cmp }
 *	cmp	= sum [ ("==" | "!=" | "<" | "<=" | ">" | ">=") sum
 *		      | "in" "(" expr { "," expr } ")" ]
 *	sum	= prod { ("+" | "-") prod }
 *	prod	= unary { ("*" | "/") unary }
 *	unary	= ("!" | "-") unary | primary
 *	primary	= NUMBER | NUMBER "%" | STRING | "true" | "false"
 *		| NAME | "[" any text but "]" "]" | NAME "(" args ")"
 *		| "(" expr ")"
 *
 * NAME is a bare column name: ASCII letters, digits, "_" and any non-ASCII
 * character (so 金额 works bare); "[销售 额]" quotes any other name.
 * STRING is "..." or '...' with \" \' \\ escapes.  12% is 0.12.
 * Functions: abs(x), min(x, ...), max(x, ...), days_since(x) (whole days
 * from the date in x to the --asof date), empty(x) (x is a missing cell).
 * Comparisons do not chain (a < b < c is an error).
 *
 * Values.  A cell that is empty (after trimming) is missing; a cell that
 * reads as a number (num_parse) is a number that also keeps its text; any
 * other cell is text.  Numbers are exact decimals (num_t) for + - * and
 * comparisons; "/" gives a double (a ratio), and x / 0 is missing.
 * Arithmetic with a missing value is missing; any comparison (and "in")
 * with a missing value is false, so "!(x > 1)" is true for an empty x.
 * A comparison with a string literal compares text (byte order, so ISO
 * dates order correctly); two cells that both read as numbers compare as
 * numbers, otherwise as text.  Text where a number is needed is an error
 * naming the column.  In && || ! a number is true when non-zero and a
 * missing value is false; text is an error.
 *
 * Percent.  A percent literal is a fraction (90% = 0.9) for scaling
 * amounts: "forecast < 90% * target".  tgt-track's _pct columns already hold
 * percentages as numbers (85.3), so they compare with plain numbers:
 * "pace_pct < 80".  Comparing a column whose name ends in _pct directly
 * with a percent literal ("pace_pct < 80%") is rejected when the rule is
 * parsed, because it would silently compare 85.3 with 0.8.
 */
#ifndef TGT_RULE_H
#define TGT_RULE_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"

struct rule;

/* Where and why parsing, binding or evaluating failed.  col is the 1-based
 * character (not byte) position in the expression, 0 when it does not
 * apply (e.g. an error in a cell). */
struct rule_err {
	int	 col;
	char	 msg[200];
};

/* The 1-based character position of byte p of src (UTF-8 continuation
 * bytes do not count), for rule_err.col; also used by tmpl_parse(). */
int	rule_charpos(const char *src, const char *p);
/* Set err->col and a printf-style err->msg (truncated to fit). */
void	rule_err_set(struct rule_err *err, int col, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/*
 * Parse src (NUL-terminated UTF-8).  Returns a new rule (the caller frees
 * it with rule_free) or NULL with *err set.
 */
struct rule *rule_parse(const char *src, struct rule_err *err);
void	rule_free(struct rule *r);

/*
 * Resolve the column names of r to cell indices: find(ctx, name) returns
 * the index or -1.  Returns 0, or -1 with *err set ("unknown column") at
 * the name's position.  Must be called before rule_eval.
 */
typedef int (*rule_find_fn)(void *ctx, const char *name);
int	rule_bind(struct rule *r, rule_find_fn find, void *ctx,
	    struct rule_err *err);

/* The distinct cell indices r reads, in order of first use (after
 * rule_bind).  *n gets the count; the array belongs to r. */
const int *rule_columns(const struct rule *r, size_t *n);

/* Inputs of an evaluation. */
struct rule_row {
	const char *const *cell;	/* NUL-terminated UTF-8 cells */
	size_t	 n;
	char	 decimal;		/* '.' or ',' for num_parse */
	enum date_order order;		/* for days_since() */
	day_t	 asof;			/* for days_since() */
};

/*
 * Evaluate r over row.  Returns 1 when the rule holds, 0 when not, -1 on
 * an error in the data or a type error (*err set; col is the position of
 * the operator or function involved).
 */
int	rule_eval(const struct rule *r, const struct rule_row *row,
	    struct rule_err *err);

#endif
