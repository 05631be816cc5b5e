/*
 * builtin: severities, rule definitions as text, and the built-in rules
 * for tgt-track output.  See builtin.h.
 */
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "util.h"
static const char *const sev_names[] = { "info", "warning", "critical" };

int
severity_parse(const char *s)
{
	for (int i = 0; i < 3; i++)
		if (ascii_casecmp(s, sev_names[i]) == 0)
			return i;
	return -1;
}

const char *
severity_name(enum severity sev)
{
	return sev_names[sev];
}

void
alert_def_free(struct alert_def *d)
{
	free(d->name);
	free(d->when);
	free(d->message);
	free(d->escalate);
	memset(d, 0, sizeof(*d));
}

static struct alert_def
def(const char *name, enum severity sev, char *when, const char *message,
    char *escalate, unsigned kinds)
{
	struct alert_def d = {
		xstrdup(name), when, sev, xstrdup(message), escalate, kinds
	};

	return d;
}

/* Pacing rules: every kind but ratios.  Stale: sums and counts of the
 * orders (each of the two sets is a list of allowed kinds, see
 * builtin_applies). */
#define PACED	(MK_SUM | MK_COUNT | MK_DISTINCT | MK_NEW)
#define ORDERS	(MK_SUM | MK_COUNT | MK_ORDERS)

size_t
alert_builtins(const struct builtin_limits *lim, struct alert_def **out)
{
	struct alert_def *d = xcalloc(5, sizeof(*d));
	double behind = lim->behind, ahead = lim->ahead;
	long stale = lim->stale_days;

	/* %g keeps thresholds readable in the output ("80", "82.5"). */
	d[0] = def("behind", SEV_WARNING, xasprintf("pace_pct < %g && "
	    "elapsed_pct >= 10 && elapsed_pct < 100 && actual < target",
	    behind), "pace {pace_pct}% with {elapsed_pct}% of the period "
	    "elapsed", xasprintf("pace_pct < %g", behind / 2), PACED);
	d[1] = def("at_risk", SEV_WARNING, xasprintf("forecast < 90%% * "
	    "target && pace_pct >= %g && elapsed_pct >= 50 && "
	    "elapsed_pct < 100 && actual < target", behind),
	    "forecast {forecast} is {forecast_pct}% of target {target}", NULL,
	    PACED);
	d[2] = def("ahead", SEV_INFO, xasprintf("pace_pct > %g && "
	    "elapsed_pct < 100", ahead), "pace {pace_pct}%, ahead of plan",
	    NULL, PACED);
	d[3] = def("missed", SEV_CRITICAL, xasprintf("elapsed_pct >= 100 && "
	    "actual < target && days_since_end < %ld", lim->missed_days),
	    "{actual} of {target} ({achievement_pct}%) when the period ended",
	    NULL, 0);
	d[4] = def("stale", SEV_WARNING, xasprintf("days_since_sale >= %ld && "
	    "elapsed_pct > 0 && elapsed_pct < 100", stale),
	    "no sales since {last_sale}",
	    xasprintf("days_since_sale >= %ld", 2 * stale), ORDERS);
	*out = d;
	return 5;
}

bool
builtin_applies(unsigned kinds, unsigned kind)
{
	if (kinds == 0)
		return true;
	/* ORDERS rules need the orders bit as well as a sum or count. */
	if ((kinds & MK_ORDERS) && !(kind & MK_ORDERS))
		return false;
	return (kinds & kind & ~(unsigned)MK_ORDERS) != 0;
}
