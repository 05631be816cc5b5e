/*
 * run: the tgt-alert engine over opened input (DESIGN.md "tgt-alert").
 * alert_run() (alert.h) opens the files and calls it; unit tests call it
 * directly.
 *
 * The first file's header decides the rules (rules.h), the key columns
 * and the output columns; every file's rows are evaluated against the
 * rules as they stream by, and with --anomaly summed into the periods of
 * a series (anomaly.h).  alertrun_finish() judges --anomaly's periods,
 * writes the output (output.h) and saves the --state file (state.h).
 * Alerts below min_sev, and with a state the alerts already raised, are
 * left out.
 *
 *	ar = alertrun_new(&opts);
 *	if the rules read last_sale (alertrun_survey() says so on the first
 *	    file): for each file: alertrun_survey(ar, in);
 *	for each file: alertrun_feed(ar, in);
 *	found = alertrun_finish(ar);
 *	alertrun_free(ar);
 *
 * Errors in the data or the rules die naming the file, the line and the
 * rule; the parsers underneath return errors.
 */
#ifndef TGT_ALERT_RUN_H
#define TGT_ALERT_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "builtin.h"
#include "conf.h"
#include "csvio.h"
#include "date.h"
#include "period.h"

/* The settings of a run.  The strings and conf are not owned and must
 * outlive the run. */
struct alertrun_opts {
	const struct tgt_conf *conf;
	day_t		 asof;		/* days_since(), state, --anomaly */
	const char	*expr;		/* -e: the only rule, or NULL */
	enum severity	 severity;	/* of -e and --anomaly alerts */
	const char	*keys;		/* "a,b"; NULL = left of the period */
	const char	*period;	/* the period column */
	bool		 period_given;	/* a missing period column is an error */
	bool		 no_builtin;
	long		 stale_days;	/* built-in rule stale */
	long		 missed_days;	/* built-in rule missed ([alert]) */
	bool		 workdays;	/* days_since_sale in working days */
	bool		 anomaly;
	const char	*value;		/* the column --anomaly follows */
	double		 drop;		/* a fraction: 0.30 */
	long		 window;
	bool		 has_by;	/* --by: periods grouped into by */
	enum gran	 by;
	const struct period *in;	/* --in, or NULL */
	const char	*in_label;	/* --in as given, for messages */
	const char	*where;		/* --where EXPR, or NULL */
	enum severity	 min_sev;
	bool		 text;		/* text, not CSV */
	const char	*output;	/* -o, NULL = stdout */
	bool		 excel;
	const char	*state;		/* --state FILE, or NULL */
	bool		 pending;	/* save the state to FILE.pending */
	long		 repeat_after;	/* with state; <= 0: never */
};

struct alertrun;

/* A new run (freed by alertrun_free); loads the state file, dying on a
 * bad one.  The caller holds the state's lock. */
struct alertrun *alertrun_new(const struct alertrun_opts *o);
/* The first pass: read all of in for the latest sale of each key.
 * Returns false, reading no rows, when no rule needs it (the rules are
 * chosen on the first file's header): then skip this pass. */
bool	alertrun_survey(struct alertrun *ar, struct csvin *in);
/* Read all of in (header and rows) and raise the alerts; the caller opens
 * and closes in. */
void	alertrun_feed(struct alertrun *ar, struct csvin *in);
/* Judge --anomaly's series, write the output, save the state.  Returns
 * the number of alerts printed. */
size_t	alertrun_finish(struct alertrun *ar);
void	alertrun_free(struct alertrun *ar);

#endif
