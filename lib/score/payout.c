/*
 * payout: tier arithmetic; see payout.h.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "payout.h"
#include "plan.h"
#include "util.h"

/* An exact amount at scale NUM_SCALE² (a num times a rate). */
typedef __int128 wide_t;

#define WIDE(a)	((wide_t)(a) * NUM_SCALE)

int
threshold_amount(const struct threshold *t, num_t target, num_t *out)
{
	if (!t->pct) {
		*out = t->v;
		return PAY_OK;
	}
	if (target <= 0)
		return PAY_NO_TARGET;
	return num_mul(target, t->v, out) == 0 ? PAY_OK : PAY_OVERFLOW;
}

int
threshold_reached(const struct threshold *t, num_t target, num_t actual)
{
	num_t a;
	int rc = threshold_amount(t, target, &a);

	return rc != PAY_OK ? rc : actual >= a;
}

bool
attainment(num_t target, num_t actual, double *att)
{
	if (target <= 0)
		return false;
	*att = num_to_double(actual) / num_to_double(target);
	return true;
}

double
score_capped(const struct score_spec *s, double att)
{
	double cap = num_to_double(s->cap);

	return s->has_cap && att > cap ? cap : att;
}

double
score_calc(const struct score_spec *s, const double *att)
{
	double sum = 0, wsum = 0;

	for (size_t i = 0; i < s->nweights; i++) {
		double w = num_to_double(s->weights[i].v);

		sum += w * score_capped(s, att[i]);
		wsum += w;
	}
	return wsum > 0 ? sum / wsum : 0;
}

/* Round an exact amount to prec decimals, half away from zero. */
static int
wide_round(wide_t x, int prec, num_t *out)
{
	wide_t div = 1, unit = 1, q;
	bool neg = x < 0;

	for (int i = 0; i < 2 * NUM_DIGITS - prec; i++)
		div *= 10;
	for (int i = 0; i < NUM_DIGITS - prec; i++)
		unit *= 10;
	q = ((neg ? -x : x) + div / 2) / div * unit;
	if (q > NUM_MAX)
		return PAY_OVERFLOW;
	*out = (num_t)(neg ? -q : q);
	return PAY_OK;
}

/* What the tiers pay, exactly, with tier i the highest reached and amt[]
 * the threshold amounts. */
static wide_t
tiers_pay(const struct pay_plan *p, const num_t *amt, int i, num_t actual)
{
	wide_t sum = 0;

	if (i < 0)
		return 0;
	switch (p->mode) {
	case PAY_SLAB:
		return (wide_t)actual * p->tiers[i].value;
	case PAY_BONUS:
		return WIDE(p->tiers[i].value);
	case PAY_MARGINAL:
		for (int j = 0; j <= i; j++) {
			num_t hi = j < i ? amt[j + 1] : actual;

			sum += (wide_t)(hi - amt[j]) * p->tiers[j].value;
		}
		break;
	}
	return sum;
}

/* The threshold amounts of p's tiers for target. */
static int
tier_amounts(const struct pay_plan *p, num_t target, num_t *amt)
{
	for (size_t j = 0; j < p->ntiers; j++) {
		int rc = threshold_amount(&p->tiers[j].thr, target, &amt[j]);

		if (rc != PAY_OK)
			return rc;
	}
	return PAY_OK;
}

/* The tier reached, the next one and the pay, given the amounts. */
static int
pay_tiers(const struct pay_plan *p, const num_t *amt, num_t actual, bool gate,
    num_t team, int prec, struct pay_result *r)
{
	wide_t pay;
	int i = -1;

	while ((size_t)(i + 1) < p->ntiers && actual >= amt[i + 1])
		i++;
	r->tier = i;
	if ((size_t)(i + 1) < p->ntiers) {
		r->has_next = true;
		r->next = i + 1;
		if (num_sub(amt[i + 1], actual, &r->to_next) == -1)
			return PAY_OVERFLOW;
	}
	if (!gate)
		return wide_round(0, prec, &r->payout);
	pay = tiers_pay(p, amt, i, actual);
	if (p->has_cap && pay > WIDE(p->cap))
		pay = WIDE(p->cap);
	return wide_round(pay + WIDE(team), prec, &r->payout);
}

int
payout_calc(const struct pay_plan *p, num_t target, num_t actual, bool gate,
    num_t team, int prec, struct pay_result *r)
{
	num_t *amt = xcalloc(p->ntiers + 1, sizeof(*amt));
	int rc;

	memset(r, 0, sizeof(*r));
	if ((rc = tier_amounts(p, target, amt)) == PAY_OK)
		rc = pay_tiers(p, amt, actual, gate, team, prec, r);
	free(amt);
	return rc;
}
