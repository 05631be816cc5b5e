/*
 * derived: what tgt-alert knows about a row besides its cells.
 *
 * Columns a rule may read although the input has no such column (a column
 * of the input of the same name wins):
 *
 *	days_since_end	 days from the last day of the row's period to
 *			 --asof: 0 on the last day, 1 the day after,
 *			 negative while the period runs
 *	last_sale	 the latest last_date of the row's key (the key
 *			 columns, metric included, without the period) in
 *			 any row read: the latest sale in any period
 *	days_since_sale	 days from last_sale to --asof; working days
 *			 ([calendar]) with --workdays
 *
 * last_sale needs every row read before the first rule runs, so a run
 * whose rules read it reads its input twice (alert.h).  Both are empty
 * (missing) when the key has no last_date.
 *
 * And the kind of each metric (builtin.h: MK_*), from the built-in
 * metrics and the [metric.NAME] sections of the config.
 */
#ifndef TGT_ALERT_DERIVED_H
#define TGT_ALERT_DERIVED_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "date.h"
#include "keymap.h"

enum derived_col {
	DC_DAYS_SINCE_END,
	DC_LAST_SALE,
	DC_DAYS_SINCE_SALE,
	DC_COUNT
};

/* The derived column called name (ASCII case ignored), or -1. */
int	derived_parse(const char *name);
const char *derived_name(enum derived_col dc);

/* The latest sale of each key.  sales_init/sales_free. */
struct sales {
	struct keymap keys;
	day_t	*last;
	size_t	 cap;
};

void	sales_init(struct sales *s, size_t nkeys);
void	sales_free(struct sales *s);
/* A sale on day for the key cells keys[]. */
void	sales_note(struct sales *s, const char *const *keys, day_t day);
/* The latest sale of the key, false when none. */
bool	sales_last(const struct sales *s, const char *const *keys,
	    day_t *day);

/* The metrics by name, with their kinds. */
struct metric_kinds {
	char	**name;
	unsigned *kind;
	size_t	 n;
};

/* The built-in metrics and conf's [metric.NAME]; a section that defines
 * none of sum, count, distinct, new, ratio dies naming it. */
void	metric_kinds_init(struct metric_kinds *mk, const struct tgt_conf *conf);
void	metric_kinds_free(struct metric_kinds *mk);
/* The kind of metric name (an empty name is amount), or -1 when nobody
 * defined it. */
int	metric_kind(const struct metric_kinds *mk, const char *name,
	    unsigned *kind);

#endif
