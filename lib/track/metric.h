/*
 * metric: what a target measures (DESIGN.md "Metrics").  A metric is a
 * built-in (amount, orders, customers, new_customers, aov) or a
 * [metric.NAME] section of tgt.ini: one of sum = COL, count = yes,
 * distinct = COL, new = COL, ratio = METRIC / METRIC, with an optional
 * date = COL, where = EXPR (lib/rule.h) and input = NAME (-a NAME=FILE).
 *
 * A base metric (every kind but ratio) has an accumulator per target row;
 * a ratio is computed at the end from the accumulators of its leaves, the
 * base metrics it is built of.  metric_set_use() marks the metrics a run
 * tracks (those of the targets file and the leaves of its ratios) and
 * rejects unknown names and cycles.
 */
#ifndef TGT_TRACK_METRIC_H
#define TGT_TRACK_METRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "num.h"
#include "rule.h"

#define METRIC_MAX	64	/* metrics of one run: bit masks */

enum metric_kind {
	METRIC_SUM,		/* sum of a value column */
	METRIC_COUNT,		/* rows */
	METRIC_DISTINCT,	/* distinct non-empty values of a column */
	METRIC_NEW,		/* values first seen inside the period */
	METRIC_RATIO		/* one metric over another */
};

struct metric {
	char		*name;
	enum metric_kind kind;
	char		*col;		/* sum, distinct, new: the column */
	char		*date_col;	/* NULL: the run's --date */
	char		*where_src;	/* NULL: every row */
	struct rule	*where;
	char		*input;		/* NULL: the actuals files */
	size_t		 num, den;	/* ratio: the operands */
	long		 line;		/* its section's line, 0: built-in */
	bool		 used;		/* tracked in this run */
	/* The base metrics a row of this metric accumulates, in order. */
	size_t		 leaf[METRIC_MAX];
	size_t		 nleaf;
};

struct metric_set {
	struct metric	*m;
	size_t		 n;
	const char	*conf_path;	/* for messages */
};

/*
 * The built-ins and the [metric.NAME] sections of conf.  value_col is the
 * column of amount (--value), customer_col that of customers and
 * new_customers ([metric] customer, default "customer").  Dies on a bad
 * section, naming the config file and line.
 */
void	metric_set_init(struct metric_set *s, const struct tgt_conf *conf,
	    const char *value_col);
/* One metric only, for a targets file without a metric column: amount
 * as --value, --count or --distinct COL say. */
void	metric_set_single(struct metric_set *s, enum metric_kind kind,
	    const char *col);
void	metric_set_free(struct metric_set *s);

/* The index of the metric named name[0..len), or -1. */
long	metric_find(const struct metric_set *s, const char *name, size_t len);
/*
 * Mark metric i used, with the operands of a ratio (recursively), and
 * work out its leaves.  Dies on an operand nobody defined or a cycle.
 */
void	metric_set_use(struct metric_set *s, size_t i);

/* Whether it prints as an integer (a count of rows or of values). */
bool	metric_is_count(const struct metric *m);

/*
 * The value of metric i from the values of its leaves (value[] indexed
 * by metric, only the leaves of i read).  false when a ratio is
 * undefined (a zero denominator) or out of range.
 */
bool	metric_eval(const struct metric_set *s, size_t i, const num_t *value,
	    num_t *out);

#endif
