/*
 * status: the one status rule, DESIGN.md "status precedence".  tgt-track
 * decides the status of every row with it and tgt-report of every
 * subtotal row, from the same facts, so the two never drift.
 *
 *	no_target	no target row matched the actuals
 *	(none)		a target of 0 with nothing above it: nothing was due,
 *			nothing to judge (a holiday in a daily split); the
 *			status cell is empty
 *	achieved	actual >= target, even mid-period
 *	missed		the period is over, short of the target
 *	not_started	nothing of the period has elapsed by asof
 *	behind/on_track/ahead	pace_pct against [status] behind/ahead;
 *			on_track when nothing is due yet (no pace)
 */
#ifndef TGT_STATUS_H
#define TGT_STATUS_H

#include <stdbool.h>

#include "num.h"

enum tgt_status {
	STATUS_NONE,
	STATUS_NOT_STARTED,
	STATUS_BEHIND,
	STATUS_ON_TRACK,
	STATUS_AHEAD,
	STATUS_ACHIEVED,
	STATUS_MISSED,
	STATUS_NO_TARGET
};

/* What the status depends on, for one row or one subtotal. */
struct status_facts {
	bool	has_target;	/* false: a no_target row */
	num_t	target;
	num_t	actual;
	bool	over;		/* the period ended on or before asof */
	bool	started;	/* some of the period has elapsed by asof */
	bool	has_pace;	/* expected != 0 */
	double	pace_pct;	/* actual / expected, in percent */
};

enum tgt_status status_decide(const struct status_facts *f, double behind,
	    double ahead);
/* "achieved", ..., "" for STATUS_NONE. */
const char *status_name(enum tgt_status s);
/* The status named s (as status_name writes it); false if none. */
bool	status_parse(const char *s, enum tgt_status *out);

#endif
