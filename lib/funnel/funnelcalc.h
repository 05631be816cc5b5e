/*
 * funnelcalc: the arithmetic of tgt-funnel, on whole counts only.
 *
 * Percentages are kept as integer tenths of a percent (853 = 85.3 %),
 * rounded half away from zero from the exact ratio of two counts: the
 * value printed is the value compared, so gap_pct is exactly the
 * difference of the two printed numbers and ties between steps are real
 * ties, not floating-point noise.  FUNNEL_NONE marks an undefined value
 * (a ratio over zero), written as an empty cell.
 */
#ifndef TGT_FUNNELCALC_H
#define TGT_FUNNELCALC_H

#include <stddef.h>
#include <stdint.h>

#include "num.h"

#define FUNNEL_NONE	INT64_MIN

/* num / den as tenths of a percent (num * 1000 / den), half away from
 * zero; FUNNEL_NONE when den is 0.  num, den >= 0. */
int64_t	funnel_pct(int64_t num, int64_t den);

/* The counts per stage from the opportunities whose furthest stage is
 * each one: count[s] = reached[s] + ... + reached[n - 1]. */
void	funnel_counts(const int64_t *reached, size_t n, int64_t *count);

/*
 * The bottleneck among the steps 1..n-1 (step s goes from stage s - 1 to
 * s): the step whose gap (conv[s] - bench[s]) is the most negative, the
 * earliest on ties; steps where either is FUNNEL_NONE are left out.
 * Returns n when no step is below its benchmark.
 */
size_t	funnel_bottleneck(const int64_t *conv, const int64_t *bench, size_t n);

/* sum / n in tenths, half away from zero (average days); FUNNEL_NONE
 * when n is 0. */
int64_t	funnel_avg_tenths(int64_t sum, int64_t n);

/* sum / n rounded half away from zero to prec decimals (0..NUM_DIGITS),
 * as a num; -1 when n <= 0. */
int	funnel_avg_amount(num_t sum, int64_t n, int prec, num_t *out);

/*
 * The deals a target needs: W = ceil(target / (won_amount / won)) =
 * ceil(target * won / won_amount), exactly.  Returns 0 and sets *w, or -1
 * when there is no average (won = 0 or won_amount <= 0), -2 on overflow.
 * A target <= 0 needs 0 deals.
 */
int	funnel_deals(num_t target, int64_t won, num_t won_amount, int64_t *w);

/*
 * The opportunities stage s needs for w deals at the observed rate from s
 * to won (count_won / count_s): ceil(w * count_s / count_won).  -1 when
 * count_won is 0 (no rate), -2 on overflow.
 */
int64_t	funnel_needed(int64_t w, int64_t count_s, int64_t count_won);

/* Tenths as text: "85.3", "-0.5", "" for FUNNEL_NONE.  buf >= 24 bytes. */
char	*funnel_tenths_format(int64_t t, char *buf, size_t bufsize);

#endif
