/*
 * report_impl: what the files of tgt-report's engine share among
 * themselves (not for cmd/report.c): sorting, the cells of added rows,
 * row helpers.  report.c loads, filters and groups; report_agg.c computes
 * the cells of subtotals; report_sort.c sorts and ranks.
 */
#ifndef TGT_REPORT_IMPL_H
#define TGT_REPORT_IMPL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "conf.h"
#include "keymap.h"
#include "num.h"
#include "period.h"
#include "report.h"
#include "table.h"

/* A sort key: a column, descending or not. */
struct sortkey {
	int	 col;
	bool	 desc;
};

struct sortspec {
	struct sortkey	*key;
	size_t		 n;
	char		 decimal;
};

struct group {
	char		**value;	/* cells of a row: is_group ones count */
	struct report_row **rows;
	size_t		  n;
	size_t		  cap;
	struct report_row sub;
};

/* The pieces of report_build() that report_stream.c uses too. */
void	report_copy_table(struct report *r, const struct table *t,
	    const struct tgt_conf *conf, bool rank);
void	report_setup(struct report *r, const struct table *t,
	    const struct tgt_conf *conf, const struct report_opts *o,
	    struct sortspec *ss);
bool	report_is_input_agg(const struct report *r, char *const *cell);
/* Sort, cut and rank the groups g[0..ng) (subtotals made) and lay out
 * the rows; nagg input totals were left out.  Frees g. */
void	report_emit_groups(struct report *r, const struct sortspec *ss,
	    const struct report_opts *o, struct group *g, size_t ng,
	    size_t nagg);

struct sbuf;
/* Write b's line without trailing spaces and a newline; reset b. */
void	report_sb_line(struct sbuf *b, FILE *fp);
/* The severity word of an alert in the report's language. */
const char *report_alert_word(const struct report_alert *a,
	    const struct report_opts *o);

/* Compute r->right once the rows are final (the end of a build). */
void	report_cache_layout(struct report *r, const struct report_opts *o);

/* A column of the input table by name (aliases too), as a report index;
 * dies naming it when there is none. */
int	report_require_col(const struct report *r, const struct table *t,
	    const struct tgt_conf *conf, const char *name);
void	report_free_row(struct report_row *row, size_t ncols);

/*
 * The same one row at a time (init, add each row, finish), so a caller
 * can aggregate rows it does not keep.  finish writes out and frees what
 * init allocated; a may be initialised again.
 */
struct report_agg {
	const struct report *r;
	const struct report_opts *o;
	size_t	 n;			/* rows added */
	char	**first;		/* the first row's cells */
	bool	*same;			/* per column: every row alike */
	num_t	*v;			/* per column: the sum */
	bool	*has;			/* per column: some number summed */
	bool	*num_any, *num_bad;	/* per text column: numbers seen,
					   something else seen */
	char	**max;			/* per FA_MAX column: the latest */
	struct keymap periods;		/* distinct periods (a series?) */
	bool	 dup_period;
	int	 jp, jd, je, js, ja, jc;	/* period, remaining_days, elapsed,
					   status, actual, count */
	num_t	 days_sum, days_first;
	bool	 days_bad, days_differ;
	bool	 has_target, over, started;
	num_t	 rnum, rden;		/* a ratio metric's sums */
	bool	 ratio_bad;
};
void	report_agg_init(struct report_agg *a, const struct report *r,
	    const struct report_opts *o);
void	report_agg_add(struct report_agg *a, const struct report_row *row);
/* Whether row is tgt-track's no_target row; report_note_no_target() warns
 * when n such rows are summed. */
bool	report_row_no_target(const struct report *r,
	    const struct report_row *row);
void	report_note_no_target(const struct report *r, size_t n);
void	report_agg_finish(struct report_agg *a, const bool *keep,
	    struct report_row *out);

/*
 * The added row out (cells owned by it) over rows[0..n): sums, ratios from
 * the sums, the status by lib/status.  keep (may be NULL): columns whose
 * first row's cell is kept as it is (the --group columns).
 */
void	report_aggregate(const struct report *r, struct report_row **rows,
	    size_t n, const bool *keep, const struct report_opts *o,
	    struct report_row *out);

/* --where, --in, --leaves: drop the rows they leave out (report.c calls
 * it right after copying the table). */
void	report_filter(struct report *r, const struct table *t,
	    const struct tgt_conf *conf, const struct report_opts *o);
/* The same, row by row (for rows read one at a time). */
struct report_rowfilter {
	bool	 active;		/* any of the three given */
	struct rule *rule;		/* --where, bound; or NULL */
	bool	 has_in;
	struct period in;		/* --in */
	int	 jp;			/* its period column */
};
void	report_rowfilter_init(struct report_rowfilter *f,
	    const struct report *r, const struct table *t,
	    const struct tgt_conf *conf, const struct report_opts *o);
bool	report_rowfilter_keep(const struct report_rowfilter *f,
	    const struct report *r, const struct report_row *row,
	    const struct tgt_conf *conf, const struct report_opts *o);
void	report_rowfilter_free(struct report_rowfilter *f);
/* o->pick_current: the leaf rows of the period holding o->asof. */
void	report_pick_current(struct report *r, const struct tgt_conf *conf,
	    const struct report_opts *o);

/* Sorting: stable; empty cells last in both directions. */
void	report_parse_sort(struct report *r, const struct table *t,
	    const struct tgt_conf *conf, const char *spec, struct sortspec *ss);
void	report_sort_rows(const struct report *r, const struct sortspec *ss,
	    struct report_row **v, size_t n);
int	report_cmp_rows(const struct report *r, const struct sortspec *ss,
	    const struct report_row *a, const struct report_row *b);
/* --rank without --sort: "-achievement_pct", else "-actual". */
const char *report_default_rank_sort(const struct report *r);
/* Competition ranking (1, 2, 2, 4) over v, already sorted. */
void	report_assign_ranks(const struct report *r, const struct sortspec *ss,
	    struct report_row **v, size_t n);

#endif
