/*
 * plan: reading [score], [payout] and [payout.NAME]; see plan.h.
 *
 * Every function here returns an error instead of dying, so a hostile
 * config reaches the fuzzer (fuzz/fuzz_score.c) as a return code.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "plan.h"
#include "util.h"

#define ONE	NUM_SCALE	/* 100 % */

static int
fail(struct plan_err *err, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct plan_err *err, long line, const char *fmt, ...)
{
	va_list ap;

	err->line = line;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -1;
}

/* A list value: items separated by commas, each of words separated by
 * spaces or tabs. */
struct words {
	char	**item;		/* split_list() of the value */
	size_t	  nitems;
};

static void
words_free(struct words *w)
{
	free_list(w->item);
	w->item = NULL;
}

/* The k-th word of item s into *w, *wl; returns the number of words. */
static size_t
word_of(const char *s, size_t k, const char **w, size_t *wl)
{
	size_t n = 0;

	*w = "";
	*wl = 0;
	for (;;) {
		size_t len;

		s += strspn(s, " \t");
		if (*s == '\0')
			return n;
		len = strcspn(s, " \t");
		if (n == k) {	/* the word asked for */
			*w = s;
			*wl = len;
		}
		n++;
		s += len;
	}
}

/* A number with '.' as decimal mark, no thousands separators. */
static int
parse_num(const char *s, size_t len, num_t *v)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == ' ' || s[i] == '\'')
			return -1;
	return num_parse(s, len, '.', v) == NUM_OK ? 0 : -1;
}

static bool
ends_pct(const char *s, size_t len)
{
	return len > 0 && s[len - 1] == '%';
}

int
threshold_parse(const char *s, size_t len, struct threshold *t, char *err,
    size_t errsz)
{
	num_t v;

	if (parse_num(s, len, &v) == -1) {
		snprintf(err, errsz, "cannot read \"%.*s\" as a threshold "
		    "(80%% or an amount)", (int)len, s);
		return -1;
	}
	if (v < 0) {
		snprintf(err, errsz, "threshold \"%.*s\" is negative",
		    (int)len, s);
		return -1;
	}
	t->pct = ends_pct(s, len);
	t->v = v;
	t->label = xstrndup(s, len);
	return 0;
}

/* An amount >= 0 (a bonus, a cap). */
static int
parse_amount(const char *s, size_t len, num_t *v, char *err, size_t errsz)
{
	if (ends_pct(s, len) || parse_num(s, len, v) == -1) {
		snprintf(err, errsz, "cannot read \"%.*s\" as an amount",
		    (int)len, s);
		return -1;
	}
	if (*v < 0) {
		snprintf(err, errsz, "\"%.*s\" is negative", (int)len, s);
		return -1;
	}
	return 0;
}

static void
threshold_free(struct threshold *t)
{
	free(t->label);
	t->label = NULL;
}

static void
refs_free(struct metric_ref *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(r[i].metric);
		threshold_free(&r[i].thr);
	}
	free(r);
}

static void
plan_free(struct pay_plan *p)
{
	free(p->name);
	free(p->base);
	for (size_t i = 0; i < p->ntiers; i++)
		threshold_free(&p->tiers[i].thr);
	free(p->tiers);
	free(p->team_col);
	threshold_free(&p->team_thr);
	memset(p, 0, sizeof(*p));
}

void
score_conf_free(struct score_conf *sc)
{
	refs_free(sc->score.weights, sc->score.nweights);
	refs_free(sc->score.gates, sc->score.ngates);
	for (size_t i = 0; i < sc->nplans; i++)
		plan_free(&sc->plans[i]);
	free(sc->plans);
	memset(sc, 0, sizeof(*sc));
}

/* The items of a list, each of exactly nwords words. */
static int
split_words(const char *key, const char *value, size_t nwords,
    const char *shape, long line, struct words *w, struct plan_err *err)
{
	const char *x;
	size_t xl;

	w->item = split_list(value, &w->nitems);
	if (w->nitems == 0) {
		fail(err, line, "%s: empty (write %s)", key, shape);
		words_free(w);
		return -1;
	}
	for (size_t i = 0; i < w->nitems; i++) {
		if (word_of(w->item[i], 0, &x, &xl) == nwords)
			continue;
		fail(err, line, "%s: \"%s\" is not %s", key, w->item[i],
		    shape);
		words_free(w);
		return -1;
	}
	return 0;
}

/* One item "METRIC WEIGHT" of [score] weights. */
static int
weight_item(struct score_spec *s, const char *item, long line,
    struct plan_err *err)
{
	struct metric_ref *r = &s->weights[s->nweights];
	const char *m, *x;
	size_t ml, xl;

	word_of(item, 0, &m, &ml);
	word_of(item, 1, &x, &xl);
	for (size_t j = 0; j < s->nweights; j++)
		if (strlen(s->weights[j].metric) == ml &&
		    memcmp(s->weights[j].metric, m, ml) == 0)
			return fail(err, line, "weights: metric \"%.*s\" is "
			    "weighted twice", (int)ml, m);
	if (parse_num(x, xl, &r->v) == -1)
		return fail(err, line, "weights: cannot read \"%.*s\" as a "
		    "weight (70%%)", (int)xl, x);
	if (r->v <= 0)
		return fail(err, line, "weights: the weight of \"%.*s\" is "
		    "not more than 0", (int)ml, m);
	r->metric = xstrndup(m, ml);
	s->nweights++;
	return 0;
}

/* One item "METRIC THRESHOLD" of [score] gate. */
static int
gate_item(struct score_spec *s, const char *item, long line,
    struct plan_err *err)
{
	struct metric_ref *r = &s->gates[s->ngates];
	const char *m, *x;
	size_t ml, xl;
	char msg[200];

	word_of(item, 0, &m, &ml);
	word_of(item, 1, &x, &xl);
	if (threshold_parse(x, xl, &r->thr, msg, sizeof(msg)) == -1)
		return fail(err, line, "gate: %s", msg);
	r->metric = xstrndup(m, ml);
	s->ngates++;
	return 0;
}

/* [score] weights = METRIC WEIGHT, ... */
static int
parse_weights(struct score_spec *s, const char *value, long line,
    struct plan_err *err)
{
	struct words w;
	int rc = 0;

	if (split_words("weights", value, 2, "METRIC WEIGHT, e.g. amount 70%",
	    line, &w, err) == -1)
		return -1;
	s->weights = xcalloc(w.nitems, sizeof(*s->weights));
	for (size_t i = 0; i < w.nitems && rc == 0; i++)
		rc = weight_item(s, w.item[i], line, err);
	s->weights_line = line;
	words_free(&w);
	return rc;
}

/* [score] gate = METRIC THRESHOLD, ... */
static int
parse_gate(struct score_spec *s, const char *value, long line,
    struct plan_err *err)
{
	struct words w;
	int rc = 0;

	if (split_words("gate", value, 2, "METRIC THRESHOLD, e.g. amount 60%",
	    line, &w, err) == -1)
		return -1;
	s->gates = xcalloc(w.nitems, sizeof(*s->gates));
	for (size_t i = 0; i < w.nitems && rc == 0; i++)
		rc = gate_item(s, w.item[i], line, err);
	s->gate_line = line;
	words_free(&w);
	return rc;
}

/* A score cap: an attainment more than 0 ("120%"). */
static int
parse_score_cap(struct score_spec *s, const char *value, long line,
    struct plan_err *err)
{
	size_t len = strlen(value);
	const char *v = trim_span(value, &len);

	if (parse_num(v, len, &s->cap) == -1)
		return fail(err, line, "cap: cannot read \"%.*s\" as an "
		    "attainment (120%%)", (int)len, v);
	if (s->cap <= 0)
		return fail(err, line, "cap: \"%.*s\" is not more than 0",
		    (int)len, v);
	s->has_cap = true;
	return 0;
}

static int
score_key(struct score_spec *s, const struct conf_entry *e,
    struct plan_err *err)
{
	if (strcmp(e->key, "weights") == 0)
		return parse_weights(s, e->value, e->line, err);
	if (strcmp(e->key, "gate") == 0)
		return parse_gate(s, e->value, e->line, err);
	if (strcmp(e->key, "cap") == 0)
		return parse_score_cap(s, e->value, e->line, err);
	return fail(err, e->line, "unknown key \"%s\" in [score] (keys: "
	    "weights, cap, gate)", e->key);
}

/* One item "THRESHOLD RATE" of tiers, above the tier before it. */
static int
tier_item(struct pay_plan *p, const char *item, long line,
    struct plan_err *err)
{
	struct tier *t = &p->tiers[p->ntiers];
	const char *x, *y;
	size_t xl, yl;
	char msg[200];

	word_of(item, 0, &x, &xl);
	word_of(item, 1, &y, &yl);
	if (threshold_parse(x, xl, &t->thr, msg, sizeof(msg)) == -1)
		return fail(err, line, "tiers: %s", msg);
	p->ntiers++;
	if (parse_num(y, yl, &t->value) == -1)
		return fail(err, line, "tiers: cannot read \"%.*s\" as a rate "
		    "or an amount", (int)yl, y);
	t->value_pct = ends_pct(y, yl);
	if (p->ntiers == 1)
		return 0;
	if (t->thr.pct != t[-1].thr.pct)
		return fail(err, line, "tiers: \"%s\" and \"%s\" mix "
		    "attainment and amount thresholds", t[-1].thr.label,
		    t->thr.label);
	if (t->thr.v <= t[-1].thr.v)
		return fail(err, line, "tiers: threshold \"%s\" is not above "
		    "\"%s\": tiers must be sorted and must not overlap",
		    t->thr.label, t[-1].thr.label);
	return 0;
}

/* Tiers as written; the rates are checked once the mode is known. */
static int
parse_tiers(struct pay_plan *p, const char *value, long line,
    struct plan_err *err)
{
	struct words w;
	int rc = 0;

	if (split_words("tiers", value, 2, "THRESHOLD RATE, e.g. 80% 2%",
	    line, &w, err) == -1)
		return -1;
	p->tiers = xcalloc(w.nitems, sizeof(*p->tiers));
	for (size_t i = 0; i < w.nitems && rc == 0; i++)
		rc = tier_item(p, w.item[i], line, err);
	p->tiers_line = line;
	words_free(&w);
	return rc;
}

/* team = COL THRESHOLD AMOUNT */
static int
parse_team(struct pay_plan *p, const char *value, long line,
    struct plan_err *err)
{
	const char *c, *x, *a;
	size_t cl, xl, al;
	char msg[200];

	if (word_of(value, 0, &c, &cl) != 3 || strchr(value, ',') != NULL)
		return fail(err, line, "team: \"%s\" is not COL THRESHOLD "
		    "AMOUNT, e.g. region 100%% 2000", value);
	word_of(value, 1, &x, &xl);
	word_of(value, 2, &a, &al);
	if (threshold_parse(x, xl, &p->team_thr, msg, sizeof(msg)) == -1 ||
	    parse_amount(a, al, &p->team_amount, msg, sizeof(msg)) == -1)
		return fail(err, line, "team: %s", msg);
	p->team_col = xstrndup(c, cl);
	p->has_team = true;
	p->team_line = line;
	return 0;
}

/* One word (base, mode), trimmed. */
static int
one_word(const char *key, const char *value, long line, const char **w,
    size_t *wl, struct plan_err *err)
{
	if (word_of(value, 0, w, wl) != 1)
		return fail(err, line, "%s: \"%s\" is not one word", key,
		    value);
	return 0;
}

static int
parse_mode(struct pay_plan *p, const char *value, long line,
    struct plan_err *err)
{
	static const char *const names[] = { "slab", "marginal", "bonus" };
	const char *w;
	size_t wl;

	if (one_word("mode", value, line, &w, &wl, err) == -1)
		return -1;
	for (size_t i = 0; i < 3; i++)
		if (strlen(names[i]) == wl && ascii_ncasecmp(names[i], w, wl) == 0) {
			p->mode = (enum pay_mode)i;
			return 0;
		}
	return fail(err, line, "mode: \"%.*s\" is not slab, marginal or bonus",
	    (int)wl, w);
}

static int
parse_pay_cap(struct pay_plan *p, const char *value, long line,
    struct plan_err *err)
{
	size_t len = strlen(value);
	const char *v = trim_span(value, &len);
	char msg[200];

	if (parse_amount(v, len, &p->cap, msg, sizeof(msg)) == -1)
		return fail(err, line, "cap: %s", msg);
	p->has_cap = true;
	return 0;
}

/* Drop what an earlier section set for key, so the later line wins. */
static void
reset_key(struct pay_plan *p, const char *key)
{
	if (strcmp(key, "tiers") == 0) {
		for (size_t i = 0; i < p->ntiers; i++)
			threshold_free(&p->tiers[i].thr);
		free(p->tiers);
		p->tiers = NULL;
		p->ntiers = 0;
	} else if (strcmp(key, "team") == 0) {
		free(p->team_col);
		p->team_col = NULL;
		threshold_free(&p->team_thr);
		p->has_team = false;
	}
}

static int
payout_key(struct pay_plan *p, const struct conf_entry *e,
    struct plan_err *err)
{
	const char *w;
	size_t wl;

	reset_key(p, e->key);
	if (strcmp(e->key, "base") == 0) {
		if (one_word("base", e->value, e->line, &w, &wl, err) == -1)
			return -1;
		free(p->base);
		p->base = xstrndup(w, wl);
		p->base_line = e->line;
		return 0;
	}
	if (strcmp(e->key, "mode") == 0)
		return parse_mode(p, e->value, e->line, err);
	if (strcmp(e->key, "tiers") == 0)
		return parse_tiers(p, e->value, e->line, err);
	if (strcmp(e->key, "cap") == 0)
		return parse_pay_cap(p, e->value, e->line, err);
	if (strcmp(e->key, "team") == 0)
		return parse_team(p, e->value, e->line, err);
	return fail(err, e->line, "unknown key \"%s\" in [%s] (keys: base, "
	    "mode, tiers, cap, team)", e->key, e->section);
}

/* The rates against the mode: a rate is 0..100 %, a bonus an amount. */
static int
check_tiers(const struct pay_plan *p, struct plan_err *err)
{
	for (size_t i = 0; i < p->ntiers; i++) {
		const struct tier *t = &p->tiers[i];

		if (p->mode == PAY_BONUS && t->value_pct)
			return fail(err, p->tiers_line, "tiers: the bonus of "
			    "\"%s\" is a percentage, not an amount (a rate is "
			    "mode = slab or marginal)", t->thr.label);
		if (t->value < 0)
			return fail(err, p->tiers_line, "tiers: the %s of "
			    "\"%s\" is negative", p->mode == PAY_BONUS ?
			    "bonus" : "rate", t->thr.label);
		if (p->mode != PAY_BONUS && t->value > ONE)
			return fail(err, p->tiers_line, "tiers: the rate of "
			    "\"%s\" is over 100%% (a fixed amount per tier is "
			    "mode = bonus)", t->thr.label);
	}
	return 0;
}

/* Apply the entries of one section to p. */
static int
apply_section(struct pay_plan *p, const struct conf_entry *e, size_t n,
    const char *section, struct plan_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(e[i].section, section) != 0)
			continue;
		for (size_t j = 0; j < i; j++)
			if (strcmp(e[j].section, section) == 0 &&
			    strcmp(e[j].key, e[i].key) == 0)
				return fail(err, e[i].line, "%s: set twice in "
				    "[%s] (line %ld)", e[i].key, section,
				    e[j].line);
		if (payout_key(p, &e[i], err) == -1)
			return -1;
	}
	return 0;
}

static bool
is_named_plan(const char *section)
{
	return strncmp(section, "payout.", 7) == 0 && section[7] != '\0';
}

/* Add the plan of section (NULL: [payout]) at line. */
static int
add_plan(struct score_conf *sc, const struct conf_entry *e, size_t n,
    const char *section, long line, struct plan_err *err)
{
	struct pay_plan *p;

	sc->plans = xreallocarray(sc->plans, sc->nplans + 1,
	    sizeof(*sc->plans));
	p = &sc->plans[sc->nplans++];
	memset(p, 0, sizeof(*p));
	p->mode = PAY_SLAB;
	p->line = line;
	if (apply_section(p, e, n, "payout", err) == -1)
		return -1;
	if (section != NULL) {
		p->name = xstrdup(section + 7);
		if (apply_section(p, e, n, section, err) == -1)
			return -1;
	}
	if (p->base == NULL)
		p->base = xstrdup("amount");
	return check_tiers(p, err);
}

/* Whether a [payout.NAME] of this name came before entry i. */
static bool
seen_plan(const struct score_conf *sc, const char *section)
{
	for (size_t i = 1; i < sc->nplans; i++)
		if (strcmp(sc->plans[i].name, section + 7) == 0)
			return true;
	return false;
}

static int
add_named_plans(struct score_conf *sc, const struct conf_entry *e, size_t n,
    const struct conf_entry *sec, size_t nsec, struct plan_err *err)
{
	for (size_t i = 0; i < nsec; i++)
		if (is_named_plan(sec[i].section) &&
		    !seen_plan(sc, sec[i].section) &&
		    add_plan(sc, e, n, sec[i].section, sec[i].line, err) == -1)
			return -1;
	for (size_t i = 0; i < n; i++)
		if (is_named_plan(e[i].section) &&
		    !seen_plan(sc, e[i].section) &&
		    add_plan(sc, e, n, e[i].section, e[i].line, err) == -1)
			return -1;
	return 0;
}

static int
parse_score(struct score_spec *s, const struct conf_entry *e, size_t n,
    struct plan_err *err)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(e[i].section, "score") != 0)
			continue;
		for (size_t j = 0; j < i; j++)
			if (strcmp(e[j].section, "score") == 0 &&
			    strcmp(e[j].key, e[i].key) == 0)
				return fail(err, e[i].line, "%s: set twice in "
				    "[score] (line %ld)", e[i].key, e[j].line);
		if (score_key(s, &e[i], err) == -1)
			return -1;
	}
	return 0;
}

/* No weights: the [payout] base counts alone. */
static void
default_weights(struct score_conf *sc)
{
	if (sc->score.nweights > 0)
		return;
	sc->score.weights = xcalloc(1, sizeof(*sc->score.weights));
	sc->score.weights[0].metric = xstrdup(sc->plans[0].base);
	sc->score.weights[0].v = ONE;
	sc->score.nweights = 1;
}

int
score_conf_parse(const struct conf_entry *entries, size_t n,
    const struct conf_entry *sections, size_t nsec, struct score_conf *sc,
    struct plan_err *err)
{
	long line = 0;

	memset(sc, 0, sizeof(*sc));
	err->line = 0;
	err->msg[0] = '\0';
	for (size_t i = 0; i < nsec; i++)
		if (strcmp(sections[i].section, "payout") == 0)
			line = sections[i].line;
	if (parse_score(&sc->score, entries, n, err) == -1 ||
	    add_plan(sc, entries, n, NULL, line, err) == -1 ||
	    add_named_plans(sc, entries, n, sections, nsec, err) == -1) {
		score_conf_free(sc);
		return -1;
	}
	default_weights(sc);
	return 0;
}

const struct pay_plan *
score_conf_plan(const struct score_conf *sc, const char *name)
{
	if (name == NULL || name[0] == '\0')
		return &sc->plans[0];
	for (size_t i = 1; i < sc->nplans; i++)
		if (strcmp(sc->plans[i].name, name) == 0)
			return &sc->plans[i];
	return NULL;
}
