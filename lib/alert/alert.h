/*
 * alert: the entry point of tgt-alert (DESIGN.md "tgt-alert", "Alerts for
 * cron", "--state").  cmd/alert.c parses the options into struct
 * alert_opts and calls alert_run(); everything else is here:
 *
 *	alert.c		alert_run: the config, the files, the passes, the lock
 *	run.c		the engine over opened input (run.h, run_impl.h)
 *	run_anomaly.c	its --anomaly rows and pass
 *	rules.c		choosing, binding and evaluating the rules
 *	builtin.c	severities and the built-in rules
 *	derived.c	days_since_end, last_sale, days_since_sale; metric kinds
 *	template.c	message templates
 *	anomaly.c	the --anomaly series and drop detector
 *	state.c		the --state file, its lock, --pending and --commit
 *	output.c	CSV and text output
 *
 * Input is read twice when a rule reads last_sale (the built-in stale
 * does): once for the latest sale of every key, once to raise the
 * alerts.  Standard input that cannot seek is first copied to an unlinked
 * temporary file for that.
 */
#ifndef TGT_ALERT_H
#define TGT_ALERT_H

#include <stdbool.h>

#include "builtin.h"
#include "cli.h"

/* The options of tgt-alert, as parsed and checked: strings are borrowed. */
struct alert_opts {
	struct cli_common cm;
	const char	*expr;		/* -e, or NULL */
	enum severity	 severity;	/* of -e and --anomaly alerts */
	const char	*keys;		/* -k, NULL = left of the period */
	const char	*period;	/* --period (period; date with --by) */
	bool		 period_given;
	bool		 no_builtin;
	long		 stale_days;	/* --stale-days (7) */
	bool		 workdays;	/* --workdays */
	bool		 anomaly;
	const char	*value;		/* --value (actual) */
	double		 drop;		/* --drop as a fraction (0.30) */
	long		 window;	/* --window (3) */
	const char	*by;		/* --by GRAN, or NULL */
	const char	*in;		/* --in PERIOD, or NULL */
	const char	*where;		/* --where EXPR, or NULL */
	enum severity	 min_sev;
	bool		 text;		/* -f text */
	const char	*state;		/* --state FILE */
	bool		 pending;	/* --pending */
	long		 repeat_after;	/* --repeat-after, <= 0: never */
	const char	*commit;	/* --commit FILE: commit, read nothing */
};

/*
 * Run tgt-alert over the nfiles files (none: stdin; "-" is stdin).
 * Returns TGT_EXIT_FOUND when alerts were printed, else TGT_EXIT_OK;
 * errors die().
 */
int	alert_run(const struct alert_opts *o, int nfiles, char *const *files);

#endif
