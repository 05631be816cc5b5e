/*
 * builtin: severities, a rule as text (struct alert_def) and the built-in
 * rules tgt-alert applies to tgt-track output.
 */
#ifndef TGT_ALERT_BUILTIN_H
#define TGT_ALERT_BUILTIN_H

#include <stdbool.h>
#include <stddef.h>

enum severity {
	SEV_INFO,
	SEV_WARNING,
	SEV_CRITICAL
};

/* "info" | "warning" | "critical" (ASCII case ignored), or -1. */
int	severity_parse(const char *s);
const char *severity_name(enum severity sev);

/*
 * The kinds of metric a row can be about (DESIGN.md "Metrics"), as bits:
 * a built-in rule names the kinds it applies to.  ORDERS is set with SUM
 * or COUNT for a metric over the orders themselves (no "input = NAME").
 */
enum metric_kind {
	MK_SUM		= 1 << 0,	/* amount, [metric.X] sum = COL */
	MK_COUNT	= 1 << 1,	/* orders, count = yes */
	MK_DISTINCT	= 1 << 2,	/* customers, distinct = COL */
	MK_NEW		= 1 << 3,	/* new_customers, new = COL */
	MK_RATIO	= 1 << 4,	/* aov, ratio = A / B */
	MK_ORDERS	= 1 << 5	/* read from the orders (no input =) */
};

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
	unsigned kinds;		/* metric kinds the rule applies to (all
				 * bits of one kind must be set); 0 = any */
};

void	alert_def_free(struct alert_def *d);

/* The numbers the built-in rules are made of. */
struct builtin_limits {
	double	 behind;	/* [status] behind: pace_pct (80) */
	double	 ahead;		/* [status] ahead (120) */
	long	 stale_days;	/* --stale-days (7) */
	long	 missed_days;	/* [alert] missed_days (7) */
};

/*
 * The built-in rules for tgt-track output with the limits filled in.
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
 *			   && days_since_end < MISSED_DAYS
 *	stale	 warning   days_since_sale >= DAYS && elapsed_pct > 0
 *			   && elapsed_pct < 100
 *		 critical  ... && days_since_sale >= 2 * DAYS
 *
 * at_risk leaves out the rows behind already raises (pace under BEHIND),
 * so one row does not raise two alerts for one problem.  behind, at_risk
 * and ahead are about pace over time, so they leave out ratio metrics
 * (aov: tgt-track does not pace them); stale is about orders coming in,
 * so it only looks at sums and counts of the orders (not at customers,
 * ratios or a metric read from another input such as a visit log).
 * missed applies to every metric.  days_since_end, last_sale and
 * days_since_sale are columns tgt-alert derives (derived.h).
 */
size_t	alert_builtins(const struct builtin_limits *lim,
	    struct alert_def **out);
/* Whether a rule for kinds (alert_def.kinds) applies to a row of a metric
 * of kind (MK_* bits). */
bool	builtin_applies(unsigned kinds, unsigned kind);

#endif
