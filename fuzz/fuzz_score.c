/*
 * fuzz_score: tgt-score's plan parser (score_conf_parse) and the tier
 * arithmetic (payout_calc) on the plans it accepts.
 *
 * Input: lines of an ini file as conf hands them over: "[section]" starts
 * a section, "key = value" is an entry of it (line numbers from 1).  The
 * parser never exits, so the target runs with leak detection: a rejected
 * plan must free what it built.
 *
 * Checks: an error has a message and a line of the input (or 0); an
 * accepted plan has weights > 0, a score cap > 0, tiers of one kind in
 * strictly increasing order, rates within 0..100 % (bonuses >= 0), caps
 * >= 0; payout_calc on it never pays less than 0 or more than the cap plus
 * the team bonus, marginal pay never falls as the actual grows, and the
 * tier reached is one whose threshold the actual meets.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "num.h"
#include "score/payout.h"
#include "score/plan.h"
#include "util.h"

#define MAXLINES 64

struct input {
	struct conf_entry e[MAXLINES];
	size_t	 n;
	struct conf_entry sec[MAXLINES];
	size_t	 nsec;
	char	*buf;
};

static char *
trim(char *s)
{
	char *end;

	while (*s == ' ' || *s == '\t')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\r'))
		*--end = '\0';
	return s;
}

/* Split the input into sections and entries (pointers into in->buf). */
static void
read_input(struct input *in, const uint8_t *data, size_t size)
{
	char *section = "", *line, *next;
	long lineno = 0;

	in->buf = xmalloc(size + 1);
	memcpy(in->buf, data, size);
	in->buf[size] = '\0';
	in->n = in->nsec = 0;
	for (line = in->buf; line != NULL && in->n < MAXLINES &&
	    in->nsec < MAXLINES; line = next) {
		char *eq;

		lineno++;
		if ((next = strchr(line, '\n')) != NULL)
			*next++ = '\0';
		line = trim(line);
		if (line[0] == '[' && line[strlen(line) - 1] == ']') {
			line[strlen(line) - 1] = '\0';
			section = line + 1;
			in->sec[in->nsec].section = section;
			in->sec[in->nsec++].line = lineno;
		} else if ((eq = strchr(line, '=')) != NULL) {
			*eq = '\0';
			in->e[in->n].section = section;
			in->e[in->n].key = trim(line);
			in->e[in->n].value = trim(eq + 1);
			in->e[in->n++].line = lineno;
		}
	}
}

static void
check_plan(const struct pay_plan *p)
{
	if (p->base == NULL || p->base[0] == '\0')
		abort();
	if (p->has_cap && p->cap < 0)
		abort();
	if (p->has_team && (p->team_amount < 0 || p->team_col == NULL ||
	    p->team_thr.v < 0))
		abort();
	for (size_t i = 0; i < p->ntiers; i++) {
		const struct tier *t = &p->tiers[i];

		if (t->thr.v < 0 || t->thr.label == NULL || t->value < 0)
			abort();
		if (p->mode != PAY_BONUS && t->value > NUM_SCALE)
			abort();
		if (i > 0 && (t->thr.pct != t[-1].thr.pct ||
		    t->thr.v <= t[-1].thr.v))
			abort();
	}
}

/* The largest the tiers can pay, capped, for an actual of a. */
static num_t
most(const struct pay_plan *p, num_t a)
{
	num_t m = 0;

	for (size_t i = 0; i < p->ntiers; i++) {
		num_t v = p->mode == PAY_BONUS ? p->tiers[i].value : a;

		if (v > m)
			m = v;
	}
	if (p->has_cap && m > p->cap)
		m = p->cap;
	return m;
}

/* Pay p over a rising series of actuals derived from seed. */
static void
check_pay(const struct pay_plan *p, uint64_t seed)
{
	num_t target = (num_t)(seed % 100000000) * 100;
	num_t team = p->has_team ? p->team_amount : 0;
	num_t actual = 0, prev = 0;

	for (int k = 0; k < 40; k++) {
		struct pay_result r;
		int rc;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		actual += (num_t)((seed >> 33) % 10000000) * 10;
		rc = payout_calc(p, target, actual, true, team, 2, &r);
		if (rc == PAY_NO_TARGET && target <= 0)
			return;
		if (rc == PAY_OVERFLOW)
			return;
		if (rc != PAY_OK)
			abort();
		if (r.payout < 0 || r.payout > most(p, actual) + team + 50)
			abort();
		if (r.tier >= 0 && threshold_reached(&p->tiers[r.tier].thr,
		    target, actual) != 1)
			abort();
		if (r.has_next && (r.to_next <= 0 || threshold_reached(
		    &p->tiers[r.next].thr, target, actual) != 0))
			abort();
		if (p->mode == PAY_MARGINAL && r.payout < prev)
			abort();
		prev = r.payout;
		if (payout_calc(p, target, actual, false, team, 2, &r) != PAY_OK
		    || r.payout != 0)
			abort();
	}
}

static void
check(const struct score_conf *sc, const uint8_t *data, size_t size)
{
	uint64_t seed = 1469598103934665603ULL;

	for (size_t i = 0; i < size; i++)
		seed = (seed ^ data[i]) * 1099511628211ULL;
	if (sc->nplans < 1 || sc->plans[0].name != NULL ||
	    sc->score.nweights < 1)
		abort();
	if (sc->score.has_cap && sc->score.cap <= 0)
		abort();
	for (size_t i = 0; i < sc->score.nweights; i++)
		if (sc->score.weights[i].v <= 0)
			abort();
	for (size_t i = 0; i < sc->nplans; i++) {
		check_plan(&sc->plans[i]);
		check_pay(&sc->plans[i], seed + i);
		if (i > 0 && score_conf_plan(sc, sc->plans[i].name) !=
		    &sc->plans[i])
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct input in;
	struct score_conf sc;
	struct plan_err err;

	read_input(&in, data, size);
	if (score_conf_parse(in.e, in.n, in.sec, in.nsec, &sc, &err) == 0) {
		check(&sc, data, size);
		score_conf_free(&sc);
	} else if (err.msg[0] == '\0' || err.line < 0 ||
	    memchr(err.msg, '\0', sizeof(err.msg)) == NULL) {
		abort();
	}
	free(in.buf);
	return 0;
}
