/*
 * plan: the scorecard and the incentive plans of tgt-score, read from the
 * [score], [payout] and [payout.NAME] lines of tgt.ini (DESIGN.md
 * "tgt-score").
 *
 *   [score]   weights = amount 70%, visits 30%
 *             cap = 120%
 *             gate = amount 60%
 *   [payout]  base = amount
 *             mode = slab | marginal | bonus
 *             tiers = 60% 1%, 80% 2%, 100% 3%
 *             cap = 50000
 *             team = region 100% 2000
 *
 * A [payout.NAME] section is a plan of its own that takes every key it
 * does not set from [payout].  Numbers in the plan are read with '.' as
 * the decimal mark and no thousands separators (the comma separates the
 * items of a list).
 *
 * Parsing never exits: score_conf_parse() takes the entries as strings and
 * returns -1 with the line and a message, so the engine reports it with
 * die_at() and the fuzzer calls it directly.  Whether a metric is tracked
 * can only be known from the input; the engine checks that.
 */
#ifndef TGT_SCORE_PLAN_H
#define TGT_SCORE_PLAN_H

#include <stdbool.h>
#include <stddef.h>

#include "conf.h"
#include "num.h"

enum pay_mode {
	PAY_SLAB,	/* the whole base at the rate of the highest tier */
	PAY_MARGINAL,	/* each slice of the base at its own tier's rate */
	PAY_BONUS	/* the fixed amount of the highest tier */
};

/*
 * A threshold: attainment of a metric (pct: "80%" is 0.8 in v) or an
 * amount of its actual ("100000").  label is the text the plan wrote.
 */
struct threshold {
	bool	 pct;
	num_t	 v;
	char	*label;		/* owned */
};

struct tier {
	struct threshold thr;
	num_t	 value;		/* rate (0.03) or, for bonus, an amount */
	bool	 value_pct;	/* written with '%' */
};

/* A weighted metric of the scorecard, or a gate. */
struct metric_ref {
	char	*metric;	/* owned */
	num_t	 v;		/* the weight (0.7 or 70), unused for a gate */
	struct threshold thr;	/* a gate's threshold */
};

struct score_spec {
	struct metric_ref *weights;
	size_t	 nweights;
	long	 weights_line;	/* 0: the default (the [payout] base 100%) */
	bool	 has_cap;
	num_t	 cap;		/* attainment counted at most this (1.2) */
	struct metric_ref *gates;	/* every gate must be passed */
	size_t	 ngates;
	long	 gate_line;
};

struct pay_plan {
	char	*name;		/* NAME of [payout.NAME]; NULL for [payout] */
	long	 line;		/* its section header, 0 if none */
	char	*base;		/* the metric paid on (amount); owned */
	long	 base_line;
	enum pay_mode mode;
	struct tier *tiers;	/* thresholds strictly increasing */
	size_t	 ntiers;
	long	 tiers_line;
	bool	 has_cap;
	num_t	 cap;		/* most the tiers pay (before a team bonus) */
	bool	 has_team;
	char	*team_col;	/* the key column of the team; owned */
	struct threshold team_thr;
	num_t	 team_amount;
	long	 team_line;
};

/* The whole config of tgt-score.  plans[0] is [payout] (present even when
 * the file has no such section: base amount, no tiers). */
struct score_conf {
	struct score_spec score;
	struct pay_plan *plans;
	size_t	 nplans;
};

struct plan_err {
	long	 line;		/* the config line, 0 when none */
	char	 msg[256];
};

/*
 * Read the [score], [payout] and [payout.NAME] lines among the n entries
 * (other sections are ignored).  sections (nsec of them, may be NULL)
 * gives the section header lines, so an empty [payout.NAME] is a plan
 * too.  Returns 0 and fills sc (free with score_conf_free), or -1 with
 * err set and nothing to free.
 */
int	score_conf_parse(const struct conf_entry *entries, size_t n,
	    const struct conf_entry *sections, size_t nsec,
	    struct score_conf *sc, struct plan_err *err);
void	score_conf_free(struct score_conf *sc);

/* The plan called name (NULL or "": [payout]), or NULL. */
const struct pay_plan *score_conf_plan(const struct score_conf *sc,
	    const char *name);

/*
 * Parse one threshold ("80%", "100000"; >= 0) from s[0..len).  Returns 0,
 * or -1 with a message in err (errsz bytes).
 */
int	threshold_parse(const char *s, size_t len, struct threshold *t,
	    char *err, size_t errsz);

#endif
