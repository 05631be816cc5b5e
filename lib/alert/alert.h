/*
 * alert: what tgt-alert knows besides the expression language (rule.h):
 * severities, the built-in rules for tgt-track output, message templates,
 * the drop detector of --anomaly, and the state file of --state.
 *
 * Nothing here exits: errors come back as codes and messages so the
 * command decides how to report them (and the parsers can be fuzzed).
 */
#ifndef TGT_ALERT_H
#define TGT_ALERT_H

#include <stdbool.h>
#include <stddef.h>

#include "date.h"
#include "num.h"
#include "period.h"
#include "rule.h"

enum severity {
	SEV_INFO,
	SEV_WARNING,
	SEV_CRITICAL
};

/* "info" | "warning" | "critical" (ASCII case ignored), or -1. */
int	severity_parse(const char *s);
const char *severity_name(enum severity sev);

/*
 * A rule definition as text: from [alert.NAME], -e, or the built-ins.
 * All strings owned by the definition; alert_def_free() frees them.
 */
struct alert_def {
	char	*name;
	char	*when;
	enum severity sev;
	char	*message;	/* template; NULL = the when text */
	char	*escalate;	/* NULL, or an expression: when it also
				 * holds, the alert is critical */
};

void	alert_def_free(struct alert_def *d);

/*
 * The built-in rules for tgt-track output, with the [status] thresholds
 * (behind, ahead: pace_pct percentages) and the stale day count filled in.
 * Returns the count and sets *out to a new array the caller frees (each
 * with alert_def_free, then the array).
 *
 *	behind	 warning   pace_pct < BEHIND && elapsed_pct >= 10
 *			   && elapsed_pct < 100 && actual < target
 *		 critical  ... && pace_pct < BEHIND / 2 (escalation)
 *	at_risk	 warning   forecast < 90% * target && pace_pct >= BEHIND
 *			   && elapsed_pct >= 50 && elapsed_pct < 100
 *			   && actual < target
 *	ahead	 info	   pace_pct > AHEAD && elapsed_pct < 100
 *	missed	 critical  elapsed_pct >= 100 && actual < target
 *	stale	 warning   days_since(last_date) >= DAYS && elapsed_pct < 100
 *		 critical  ... && days_since(last_date) >= 2 * DAYS
 *
 * at_risk leaves out the rows behind already raises (pace under BEHIND),
 * so one row does not raise two alerts for one problem.
 */
size_t	alert_builtins(double behind, double ahead, int stale_days,
	    struct alert_def **out);

/*
 * Message templates: text with {col} (the cell as it is) and {col:.Nf}
 * (the cell as a number rounded half away from zero to N = 0..4 decimals;
 * a cell that is not a number is copied as it is).  {{ and }} are literal
 * braces.  The name between the braces is trimmed and may hold any
 * character but ":" and "}".
 */
struct tmpl;

/* Returns a new template or NULL with *err set (col = character
 * position). */
struct tmpl *tmpl_parse(const char *src, struct rule_err *err);
void	tmpl_free(struct tmpl *t);
/* Resolve names as rule_bind() does; -1 with *err on an unknown name. */
int	tmpl_bind(struct tmpl *t, rule_find_fn find, void *ctx,
	    struct rule_err *err);
/* The distinct cell indices used, first use first (owned by t). */
const int *tmpl_columns(const struct tmpl *t, size_t *n);
/* The message for one row (cells as in struct rule_row); the caller frees
 * the result. */
char	*tmpl_render(const struct tmpl *t, const char *const *cell, size_t n,
	    char decimal);

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

/* One row of an --anomaly series. */
struct anomaly_point {
	const char *series;	/* the series (keys and granularity); not owned */
	size_t	 seq;		/* input order */
	struct period per;
	num_t	 value;
	size_t	 data;		/* the caller's own index for the row */
};

/* A period anomaly_scan() flagged. */
struct anomaly_hit {
	size_t	 point;		/* index in the sorted points: the period's
				 * first row */
	num_t	 value;		/* the period's rows summed */
	size_t	 nprev;		/* earlier periods it was judged against */
	struct anomaly a;
	size_t	 group;		/* input order of its series' first row */
};

/*
 * Judge whole series: sort pt[0..n) by series and period (rows of a period
 * in input order), sum the rows of each period, and judge every period over
 * by asof with anomaly_check() against the earlier periods of its series.
 * A series stops at its first period not over by asof; *open gets the
 * number of rows left unjudged.  Sets *hits to a new array (the caller
 * frees it), ordered by the input order of each series' first row, then by
 * period, and returns the count; or returns -1 when a sum overflows, with
 * *hits NULL and *bad the index (in the sorted points) of a row of the
 * period.
 */
long	anomaly_scan(struct anomaly_point *pt, size_t n, day_t asof,
	    size_t window, double drop, struct anomaly_hit **hits,
	    long *open, size_t *bad);

/*
 * The --state file: the alerts raised by the last run, so a daily run
 * prints only what is new.  Text, UTF-8, one alert per line:
 *
 *	tgt-alert state v1
 *	# severity	first	last	rule	period	keys...
 *	warning	2025-05-18	2025-05-18	behind	2025-05	East	Alice
 *	end 1
 *
 * Fields are separated by tabs; a tab, newline or backslash inside a field
 * is written \t, \n, \\.  "first" is the day the alert was first raised,
 * "last" the day it was last printed.  The "end N" line (N = the number of
 * alerts) shows the file is whole.  A file with another first line, a
 * bad line or no end line is refused, never silently reset.
 */
struct astate_entry {
	enum severity sev;
	day_t	 first;
	day_t	 last;
	char	*id;		/* rule, period and keys, escaped and tab-joined */
	bool	 seen;		/* raised again by this run */
	int	 verdict;	/* astate_note's answer in this run */
};

struct astate {
	struct astate_entry *e;
	size_t	 n;
	size_t	*slot;		/* hash of ids: entry index + 1, 0 = free */
	size_t	 nslot;		/* a power of two, > 2 * n */
};

enum astate_verdict {
	AS_NEW,		/* not raised before: print */
	AS_ESCALATED,	/* raised before at a lower severity: print */
	AS_REPEAT,	/* raised before, but repeat_after days have passed */
	AS_SAME		/* already raised: do not print */
};

void	astate_init(struct astate *st);
void	astate_free(struct astate *st);
/*
 * Read path into st (after astate_init).  A missing file is an empty state
 * (the first run).  Returns 0, or -1 with "LINE: reason" (or "reason") in
 * err.
 */
int	astate_load(struct astate *st, const char *path, char *err,
	    size_t errsz);
/*
 * Record that the alert (rule, period, keys) was raised at sev on asof and
 * say whether to print it.  repeat_after <= 0: never repeat.  A printed
 * alert gets last = asof.
 */
enum astate_verdict astate_note(struct astate *st, const char *rule,
	    const char *period, const char *const *keys, size_t nkeys,
	    enum severity sev, day_t asof, long repeat_after);
/*
 * Write the alerts noted by this run (the others are resolved and
 * forgotten) to a temporary file beside path, then rename it over path.
 * Returns 0, or -1 with a reason in err (the temporary file removed).
 */
int	astate_save(const struct astate *st, const char *path, char *err,
	    size_t errsz);

#endif
