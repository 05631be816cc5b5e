/*
 * alertrun: the tgt-alert engine (DESIGN.md "tgt-alert").
 *
 * The first file's header decides the rules (alertrules.h), the key
 * columns and the output columns; every file's rows are evaluated against
 * the rules as they stream by, and with --anomaly kept as points of a
 * series.  alertrun_finish() runs the --anomaly pass, writes the output
 * (alertout.h) and saves the --state file (alert.h).  Alerts below
 * min_sev, and with a state the alerts already raised, are left out.
 *
 *	ar = alertrun_new(&opts);
 *	for each file: in = csvin_open(...); alertrun_feed(ar, in);
 *	    csvin_close(in);
 *	found = alertrun_finish(ar);
 *	alertrun_free(ar);
 *
 * Errors in the data or the rules die naming the file, the line and the
 * rule, as lib/tracker.c does; the parsers underneath return errors.
 */
#ifndef TGT_ALERTRUN_H
#define TGT_ALERTRUN_H

#include <stdbool.h>
#include <stddef.h>

#include "alert.h"
#include "conf.h"
#include "csvio.h"
#include "date.h"

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
	bool		 anomaly;
	const char	*value;		/* the column --anomaly follows */
	double		 drop;		/* a fraction: 0.30 */
	long		 window;
	enum severity	 min_sev;
	bool		 text;		/* text, not CSV */
	const char	*output;	/* -o, NULL = stdout */
	bool		 excel;
	const char	*state;		/* --state FILE, or NULL */
	long		 repeat_after;	/* with state; <= 0: never */
};

struct alertrun;

/* A new run (freed by alertrun_free); loads the state file, dying on a
 * bad one. */
struct alertrun *alertrun_new(const struct alertrun_opts *o);
/* Read all of in (header and rows); the caller opens and closes in. */
void	alertrun_feed(struct alertrun *ar, struct csvin *in);
/* Judge --anomaly's series, write the output, save the state.  Returns
 * the number of alerts printed. */
size_t	alertrun_finish(struct alertrun *ar);
void	alertrun_free(struct alertrun *ar);

#endif
