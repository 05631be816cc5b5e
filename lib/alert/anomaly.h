/*
 * anomaly: the drop detector of tgt-alert --anomaly.
 */
#ifndef TGT_ALERT_ANOMALY_H
#define TGT_ALERT_ANOMALY_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "keymap.h"
#include "num.h"
#include "period.h"

/*
 * --anomaly: judge value v of a period against the values of the same
 * key's earlier periods prev[0..nprev) (oldest first).
 *
 * mean is the mean of the last `window` earlier values (needs nprev >=
 * window, else nothing is judged and false is returned); drop_pct =
 * (mean - v) / mean * 100 when mean > 0.  The robust z-score is
 * 0.6745 * (v - median) / MAD over all the earlier values (MAD: the median
 * of the absolute deviations from the median); it is undefined when the
 * MAD is 0.  v is flagged when drop_pct > drop * 100 or z < -3.
 */
struct anomaly {
	double	 mean;
	bool	 has_drop;	/* mean > 0 */
	double	 drop_pct;
	bool	 has_z;		/* MAD > 0 */
	double	 z;
	bool	 by_drop;	/* flagged by the drop test */
	bool	 by_z;		/* flagged by the z test */
};

bool	anomaly_check(const double *prev, size_t nprev, double v,
	    size_t window, double drop, struct anomaly *out);

/*
 * The series of --anomaly: rows are summed into one value per key and
 * period as they are read (so memory grows with keys x periods, not with
 * rows).  A series is the key cells and the granularity: the months and
 * the quarters of one key are two series.
 */
struct anomaly_period {
	size_t	 series;	/* index in the series keymap */
	struct period per;
	num_t	 value;		/* the rows summed */
	long	 rows;
	bool	 judge;		/* a row of it passed the filters */
};

struct anomaly_data {
	size_t	 nkeys;
	struct keymap series;	/* key cells and the granularity letter */
	bool	*series_judge;	/* per series: a row of it passed */
	struct keymap periods;	/* series index and period start/end */
	struct anomaly_period *p;
	size_t	 cap, scap;
	const char **cell;	/* room for one series' cells */
};

void	anomaly_data_init(struct anomaly_data *d, size_t nkeys);
void	anomaly_data_free(struct anomaly_data *d);
/* Add a row: value v for period per of the key keys[0..nkeys); judge says
 * whether the row passed the filters (--in, --where): the rows that did
 * not are only history.  Returns -1 when the sum overflows. */
int	anomaly_add(struct anomaly_data *d, const char *const *keys,
	    const struct period *per, num_t v, bool judge);
/* Key cell k of series s (owned by d). */
const char *anomaly_key(const struct anomaly_data *d, size_t s, size_t k);

/* How to judge. */
struct anomaly_opts {
	day_t	 asof;		/* periods ending after it are still open */
	size_t	 window;
	double	 drop;		/* a fraction */
	const struct period *in;	/* judge only periods within it; NULL:
				 * all */
	const struct fiscal *fy;
};

/* A period anomaly_judge() flagged. */
struct anomaly_hit {
	size_t	 series;
	struct period per;
	num_t	 value;		/* the period's rows summed; 0 for a period
				 * with no row */
	bool	 no_row;	/* a period with no row, counted as 0 */
	size_t	 nprev;		/* earlier periods it was judged against */
	struct anomaly a;
};

/*
 * Judge every period over by asof with anomaly_check() against the earlier
 * periods of its series.  Between the first period of a series and the
 * latest period over by asof of any series of its granularity, a period
 * with no row counts as 0 (no sales is the largest drop of all), except
 * for ranges (2025-05-01..2025-05-15: no next period to speak of).  A
 * series stops at its first period not over by asof; *open gets the
 * number of rows left unjudged.  A period is judged when it lies within
 * o->in and a row of it passed the filters (a period with no row: when a
 * row of its series did); every period counts as history.  Sets *hits to
 * a new array (the caller frees it), ordered by series (first read first),
 * then by period, and returns the count.
 */
size_t	anomaly_judge(const struct anomaly_data *d,
	    const struct anomaly_opts *o, struct anomaly_hit **hits,
	    long *open);

#endif
