/*
 * run_impl.h: what run.c and run_anomaly.c share inside the tgt-alert
 * engine (run.h is the outside view).
 */
#ifndef TGT_ALERT_RUN_IMPL_H
#define TGT_ALERT_RUN_IMPL_H

#include <stdbool.h>
#include <stddef.h>

#include "anomaly.h"
#include "csvio.h"
#include "derived.h"
#include "output.h"
#include "period.h"
#include "rules.h"
#include "run.h"
#include "state.h"

struct alertrun {
	struct alertrun_opts o;
	struct alert_rules rules;
	struct rule	*where;		/* --where, or NULL */
	bool		 named;		/* names decided (first file) */
	char		**keys;		/* key column names */
	size_t		 nkeys;
	bool		 has_period;	/* the period column exists */
	char		**used;		/* output columns after message */
	size_t		 nused;
	size_t		 value_used;	/* --anomaly: index of --value in used */
	bool		 started;	/* output columns fixed */
	bool		 survey;	/* the rules read last_sale */
	bool		 surveyed;	/* alertrun_survey() read the rows */
	bool		 kinds;		/* a rule applies to some metrics only */
	struct alertout	 out;
	struct astate	 st;		/* --state */
	size_t		 found;		/* alerts printed */
	struct anomaly_data an;		/* --anomaly */
	long		 nsubtotal;	/* --anomaly: "*" rows left out */
	struct sales	 sales;		/* last_sale of each key */
	struct metric_kinds mk;
	long		 outside;	/* rows left out by --in */
	long		 unwanted;	/* rows left out by --where */
	/* One row with its derived cells: the cells of the file, then
	 * DC_COUNT more. */
	const char	**cell;
	size_t		 ncell;
	const char	**keycell;	/* the key cells of one row */
	char		 derived[DC_COUNT][DATE_FMT_MAX + 16];
	/* The last period cell read, parsed (rows come in runs of one
	 * period). */
	char		*per_label;
	struct period	 per;
};

/* Column positions in one file. */
struct cols {
	size_t	 n;			/* header cells */
	int	*key;
	int	 period;		/* -1: none */
	int	 last_date;		/* -1: none */
	int	 metric;		/* -1: none */
	int	*used;
	int	 value;			/* --anomaly */
	int	*sub;			/* --anomaly: cells left of the period
					 * that are not keys */
	size_t	 nsub;
	bool	 need[DC_COUNT];	/* derived cells the rules read */
};

/* Add name to v[0..*n) unless there (ASCII case ignored). */
void	run_add_name(char ***v, size_t *n, const char *name);
/* The trimmed cell i of row as a period (cached), false when empty; bad
 * text dies naming the place. */
bool	run_row_period(struct alertrun *ar, const struct csv_row *row, int i,
	    const char *file, struct period *out);
/* The key cells of row (in ar->keycell, valid until the next call). */
const char **run_row_keys(struct alertrun *ar, const struct csv_row *row,
	    const struct cols *c);
/* Print an alert (taking it over) unless the state has seen it. */
void	run_emit(struct alertrun *ar, struct alert_raised *a);

/* run_anomaly.c: --anomaly's output columns (first header), a row of
 * its series (judge: whether it passed --in and --where), and the pass
 * over the series at the end. */
void	run_anomaly_columns(struct alertrun *ar);
void	run_anomaly_row(struct alertrun *ar, const struct csv_row *row,
	    const struct cols *c, const char *file, bool judge);
void	run_anomaly_judge(struct alertrun *ar);

#endif
