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

#include "conf.h"
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

/* A column of the input table by name (aliases too), as a report index;
 * dies naming it when there is none. */
int	report_require_col(const struct report *r, const struct table *t,
	    const struct tgt_conf *conf, const char *name);
void	report_free_row(struct report_row *row, size_t ncols);

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
