/*
 * scoreio: tgt-score's reading and writing; see score.h.
 *
 * Reading gathers every row of a needed metric (weighted, gated or paid
 * on by a plan) into an entry per key tuple and period, in first-seen
 * order.  Writing needs them all, since a team row may come after its
 * members and the metrics of one person may come in any order.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "keymap.h"
#include "num.h"
#include "payout.h"
#include "period.h"
#include "plan.h"
#include "sbuf.h"
#include "score.h"
#include "table.h"
#include "util.h"

/* One metric of one person and period, from one input row. */
struct mval {
	bool	 present;
	bool	 has_target, has_actual, has_forecast;
	bool	 over;		/* the period is over: elapsed 100 %, missed */
	num_t	 target, actual, forecast;
};

/* A person and period (its key cells and period label are in run.map,
 * at the same index), and its metrics. */
struct entry {
	size_t	  file;		/* index in run.files */
	long	  line;		/* its first row */
	const struct pay_plan *plan;
	long	  plan_line;	/* the row that chose the plan */
	struct mval *m;		/* run.nneed of them */
};

/* Column positions in one input file. */
struct cols {
	int	*key;		/* run.nkeys positions */
	int	 metric, period, target, actual, forecast, elapsed, status;
	int	 plan;
};

struct run {
	const struct score_opts *o;
	struct tgt_conf	 conf;
	struct csvin_opts in_opts;
	struct score_conf sc;
	bool		 sc_loaded;
	const struct pay_plan *default_plan;	/* --plan, else [payout] */
	struct csvin	*in;
	struct cols	 cols;
	char		**keys;		/* output key names */
	size_t		 nkeys;
	bool		 named;
	char		**need;		/* the metrics the plan reads */
	size_t		 nneed;
	char		**seen;		/* every metric of the input */
	size_t		 nseen;
	long		 ignored;	/* rows of metrics nobody reads */
	struct keymap	 map;		/* keys + period -> index in e */
	const char	**cell;		/* scratch key tuple: nkeys + 1 */
	size_t		*len;
	struct entry	*e;
	size_t		 n, cap;
	char		**files;
	size_t		 nfiles;
	long		 rows;		/* data rows read */
	long		 undefined;	/* output rows with an empty cell */
	char		*scratch;	/* a message's text */
	char		*scratch_who;	/* who()'s */
};

/* Name lists */

static bool
in_list(char **list, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(list[i], s) == 0)
			return true;
	return false;
}

static void
add_unique(char ***list, size_t *n, const char *s)
{
	if (in_list(*list, *n, s))
		return;
	char *copy = xstrdup(s);	/* before the count: a cleanup on die()
					 * frees list[0..n) */

	*list = xreallocarray(*list, *n + 1, sizeof(**list));
	(*list)[(*n)++] = copy;
}

static void
list_free(char **list, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(list[i]);
	free(list);
}

static size_t
need_index(const struct run *r, const char *metric)
{
	for (size_t i = 0; i < r->nneed; i++)
		if (strcmp(r->need[i], metric) == 0)
			return i;
	return SIZE_MAX;
}

/* Whether a plan pays anything, and so reads its base. */
static bool
plan_pays(const struct pay_plan *p)
{
	return p->ntiers > 0 || p->has_team;
}

/* The metrics any weight, gate or plan reads. */
static void
set_needed(struct run *r)
{
	const struct score_spec *s = &r->sc.score;

	for (size_t i = 0; i < s->nweights; i++)
		add_unique(&r->need, &r->nneed, s->weights[i].metric);
	for (size_t i = 0; i < s->ngates; i++)
		add_unique(&r->need, &r->nneed, s->gates[i].metric);
	for (size_t i = 0; i < r->sc.nplans; i++)
		if (plan_pays(&r->sc.plans[i]))
			add_unique(&r->need, &r->nneed, r->sc.plans[i].base);
}

/* "a, b, c" of a list, in r->scratch. */
static const char *
joined_list(struct run *r, char **list, size_t n)
{
	struct sbuf b = { NULL, 0, 0 };

	sbuf_adds(&b, "");
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			sbuf_adds(&b, ", ");
		sbuf_adds(&b, list[i]);
	}
	free(r->scratch);
	r->scratch = b.s;
	return b.s;
}

/* A new entry k (the map's index) first seen on line. */
static void
add_entry(struct run *r, size_t k, long line)
{
	struct entry *e;

	if (r->n == r->cap) {
		r->cap = r->cap ? 2 * r->cap : 256;
		r->e = xreallocarray(r->e, r->cap, sizeof(*r->e));
	}
	e = &r->e[k];
	memset(e, 0, sizeof(*e));
	e->file = r->nfiles - 1;
	e->line = line;
	e->m = xcalloc(r->nneed + 1, sizeof(*e->m));
	r->n = k + 1;
}

/* Key cell i of entry e (i == nkeys: the period label). */
static const char *
cell_of(const struct run *r, const struct entry *e, size_t i)
{
	return keymap_cell(&r->map, (size_t)(e - r->e), i);
}

/* "region 华东, rep 张伟, period 2025-05" of entry e, in r->scratch. */
static const char *
who(struct run *r, const struct entry *e)
{
	struct sbuf b = { NULL, 0, 0 };

	for (size_t i = 0; i < r->nkeys; i++) {
		sbuf_adds(&b, r->keys[i]);
		sbuf_adds(&b, " ");
		sbuf_adds(&b, cell_of(r, e, i));
		sbuf_adds(&b, ", ");
	}
	sbuf_adds(&b, "period ");
	sbuf_adds(&b, cell_of(r, e, r->nkeys));
	free(r->scratch_who);
	r->scratch_who = b.s;
	return b.s;
}

/* Reading */

static const char *
cur_file(const struct run *r)
{
	return r->files[r->nfiles - 1];
}

/* The key names: the header cells left of metric (or period), except
 * the --plan-col column. */
static void
set_keys(struct run *r, const struct csv_row *hdr)
{
	const struct cols *c = &r->cols;
	int anchor = c->metric >= 0 && c->metric < c->period ? c->metric :
	    c->period;

	for (int i = 0; i < anchor; i++)
		if (i != c->plan)
			add_unique(&r->keys, &r->nkeys,
			    table_canon(&r->conf, hdr->field[i]));
	keymap_init(&r->map, r->nkeys + 1);
	r->cell = xcalloc(r->nkeys + 1, sizeof(*r->cell));
	r->len = xcalloc(r->nkeys + 1, sizeof(*r->len));
	r->named = true;
}

/* Every plan's team column must be a key. */
static void
check_teams(struct run *r)
{
	for (size_t i = 0; i < r->sc.nplans; i++) {
		const struct pay_plan *p = &r->sc.plans[i];

		if (p->has_team && !in_list(r->keys, r->nkeys, p->team_col))
			die_at(r->conf.path, p->team_line, "team: column "
			    "\"%s\" is not a key of the input (keys: %s)",
			    p->team_col, joined_list(r, r->keys, r->nkeys));
	}
}

static void
find_cols(struct run *r, const struct csv_row *hdr)
{
	struct cols *c = &r->cols;
	const char *file = cur_file(r);

	c->metric = table_find(hdr, &r->conf, "metric");
	c->period = table_require(hdr, &r->conf, "period", file);
	c->target = table_require(hdr, &r->conf, "target", file);
	c->actual = table_require(hdr, &r->conf, "actual", file);
	c->forecast = table_find(hdr, &r->conf, "forecast");
	c->elapsed = table_find(hdr, &r->conf, "elapsed_pct");
	c->status = table_find(hdr, &r->conf, "status");
	c->plan = r->o->plan_col == NULL ? -1 :
	    table_require(hdr, &r->conf, r->o->plan_col, file);
	if (!r->named) {
		set_keys(r, hdr);
		check_teams(r);
	}
	free(c->key);
	c->key = xcalloc(r->nkeys + 1, sizeof(*c->key));
	for (size_t i = 0; i < r->nkeys; i++)
		c->key[i] = table_require(hdr, &r->conf, r->keys[i], file);
}

/* Cell col of row, trimmed, as a new string. */
static char *
cell_dup(const struct csv_row *row, int col)
{
	size_t len = row->len[col];
	const char *s = trim_span(row->field[col], &len);

	return xstrndup(s, len);
}

/* The number in cell col; false when the cell is empty. */
static bool
cell_num(const struct run *r, const struct csv_row *row, int col,
    const char *name, num_t *v)
{
	size_t len = row->len[col];
	const char *s = trim_span(row->field[col], &len);

	switch (num_parse(s, len, r->conf.decimal, v)) {
	case NUM_OK:
		return true;
	case NUM_EMPTY:
		return false;
	case NUM_SYNTAX:
		die_at(cur_file(r), row->line, "column \"%s\": cannot read "
		    "\"%.*s\" as a number", name, (int)len, s);
	case NUM_RANGE:
		break;
	}
	die_at(cur_file(r), row->line, "column \"%s\": \"%.*s\" is too large",
	    name, (int)len, s);
}

/* The canonical label of the period in cell col, in buf
 * (PERIOD_FMT_MAX bytes). */
static const char *
cell_period(const struct run *r, const struct csv_row *row, int col,
    char *buf)
{
	size_t len = row->len[col];
	const char *s = trim_span(row->field[col], &len), *why;
	struct period p;

	if ((why = period_parse(s, len, &r->conf.fy, r->conf.date_order,
	    &p)) != NULL)
		die_at(cur_file(r), row->line, "column \"period\": cannot read "
		    "\"%.*s\" as a period: %s", (int)len, s, why);
	return period_format(&p, &r->conf.fy, buf);
}

/* The metric of a row: its metric cell, empty or no column = amount. */
static char *
row_metric(const struct run *r, const struct csv_row *row)
{
	char *m;

	if (r->cols.metric < 0)
		return xstrdup("amount");
	m = cell_dup(row, r->cols.metric);
	if (m[0] == '\0') {
		free(m);
		m = xstrdup("amount");
	}
	return m;
}

/* Whether the row says its period is over. */
static bool
row_over(const struct run *r, const struct csv_row *row)
{
	const struct cols *c = &r->cols;
	num_t v;

	if (c->elapsed >= 0 && cell_num(r, row, c->elapsed, "elapsed_pct",
	    &v) && v >= NUM_FROM_INT(100))
		return true;
	if (c->status >= 0) {
		size_t len = row->len[c->status];
		const char *s = trim_span(row->field[c->status], &len);

		return len == 6 && memcmp(s, "missed", 6) == 0;
	}
	return false;
}

static void
read_values(const struct run *r, const struct csv_row *row, struct mval *m)
{
	const struct cols *c = &r->cols;

	m->present = true;
	m->has_target = cell_num(r, row, c->target, "target", &m->target);
	m->has_actual = cell_num(r, row, c->actual, "actual", &m->actual);
	m->has_forecast = c->forecast >= 0 && cell_num(r, row, c->forecast,
	    "forecast", &m->forecast);
	m->over = row_over(r, row);
}

/* The plan a row names (--plan-col), else the default. */
static const struct pay_plan *
row_plan(struct run *r, const struct csv_row *row)
{
	const struct pay_plan *p;
	char *name;

	if (r->cols.plan < 0)
		return r->default_plan;
	name = cell_dup(row, r->cols.plan);
	if (name[0] == '\0') {
		free(name);
		return r->default_plan;
	}
	free(r->scratch);
	r->scratch = name;
	if ((p = score_conf_plan(&r->sc, name)) == NULL)
		die_at(cur_file(r), row->line, "column \"%s\": no plan \"%s\" "
		    "(no [payout.%s] in %s)", r->o->plan_col, name, name,
		    r->conf.path != NULL ? r->conf.path : "the config");
	return p;
}

/* The entry of a row's keys and period, new or found. */
static struct entry *
row_entry(struct run *r, const struct csv_row *row)
{
	const char **cell = r->cell;
	size_t *len = r->len, k;
	char period[PERIOD_FMT_MAX];
	bool added;

	for (size_t i = 0; i < r->nkeys; i++) {
		len[i] = row->len[r->cols.key[i]];
		cell[i] = trim_span(row->field[r->cols.key[i]], &len[i]);
	}
	cell[r->nkeys] = cell_period(r, row, r->cols.period, period);
	len[r->nkeys] = strlen(period);
	k = keymap_add(&r->map, cell, len, &added);
	if (added)
		add_entry(r, k, row->line);
	return &r->e[k];
}

static void
read_row(struct run *r, const struct csv_row *row)
{
	char *metric = row_metric(r, row);
	size_t mi = need_index(r, metric);
	const struct pay_plan *p;
	struct entry *e;

	add_unique(&r->seen, &r->nseen, metric);
	free(metric);
	if (mi == SIZE_MAX) {
		r->ignored++;
		return;
	}
	p = row_plan(r, row);
	e = row_entry(r, row);
	if (e->m[mi].present)
		die_at(cur_file(r), row->line, "a second row for %s, metric "
		    "\"%s\" (the first is line %ld)", who(r, e), r->need[mi],
		    e->line);
	if (e->plan != NULL && e->plan != p)
		die_at(cur_file(r), row->line, "column \"%s\": %s has two "
		    "plans, [payout%s%s] and [payout%s%s] on line %ld",
		    r->o->plan_col, who(r, e), p->name ? "." : "",
		    p->name ? p->name : "", e->plan->name ? "." : "",
		    e->plan->name ? e->plan->name : "", e->plan_line);
	e->plan = p;
	e->plan_line = row->line;
	read_values(r, row, &e->m[mi]);
}

static void
read_file(struct run *r, const char *path)
{
	const struct csv_row *hdr, *row;
	int rc;

	char *name = xstrdup(tgt_input_name(path));

	r->files = xreallocarray(r->files, r->nfiles + 1, sizeof(*r->files));
	r->files[r->nfiles++] = name;
	r->in = csvin_open(path, &r->in_opts);
	if (csvin_header(r->in, &hdr) == -1)
		die("%s", csvin_error(r->in));
	find_cols(r, hdr);
	while ((rc = csvin_next(r->in, &row)) == 1) {
		read_row(r, row);
		r->rows++;
	}
	if (rc == -1)
		die("%s", csvin_error(r->in));
	csvin_report_skips(r->in);
	csvin_close(r->in);
	r->in = NULL;
}

/* Checks once everything is read */

/* A metric the config names must be one of the input.  line 0: a
 * default, which the hint explains. */
static void
check_tracked(struct run *r, const char *metric, long line, const char *key,
    const char *hint)
{
	if (in_list(r->seen, r->nseen, metric))
		return;
	die_at(r->conf.path, line, "%s: \"%s\" is not a metric of the input "
	    "(metrics: %s)%s", key, metric, joined_list(r, r->seen, r->nseen),
	    line == 0 ? hint : "");
}

static bool
plan_used(const struct run *r, const struct pay_plan *p)
{
	for (size_t k = 0; k < r->n; k++)
		if (r->e[k].plan == p)
			return true;
	return false;
}

static void
check_metrics(struct run *r)
{
	const struct score_spec *s = &r->sc.score;

	if (r->rows == 0)
		return;
	for (size_t i = 0; i < s->nweights; i++)
		check_tracked(r, s->weights[i].metric, s->weights_line,
		    "weights", "; with no [score] weights the [payout] base "
		    "is the score");
	for (size_t i = 0; i < s->ngates; i++)
		check_tracked(r, s->gates[i].metric, s->gate_line, "gate", "");
	for (size_t i = 0; i < r->sc.nplans; i++)
		if (plan_pays(&r->sc.plans[i]) && plan_used(r, &r->sc.plans[i]))
			check_tracked(r, r->sc.plans[i].base,
			    r->sc.plans[i].base_line, "base", "; the default "
			    "base is amount ([payout] base = METRIC)");
}

/* Every person needs a row of each metric the plan reads for them. */
static void
require_metric(struct run *r, const struct entry *e, const char *metric,
    const char *what, long line)
{
	size_t mi = need_index(r, metric);
	char *place;

	if (e->m[mi].present)
		return;
	place = line > 0 ? xasprintf(" (%s:%ld)", r->conf.path, line) :
	    xstrdup("");
	free(r->scratch);
	r->scratch = place;
	die_at(r->files[e->file], e->line, "%s: no row for metric \"%s\", "
	    "%s%s", who(r, e), metric, what, place);
}

/* Computing a row */

/* A metric's value at the actual, or at the forecast (proj): false when
 * there is none. */
static bool
value_at(const struct mval *m, bool proj, num_t *v)
{
	if (!proj || m->over) {
		*v = m->actual;
		return m->has_actual;
	}
	*v = m->forecast;
	return m->has_forecast;
}

/* 1 reached, 0 not, -1 unknown (no value, no target for a %). */
static int
reached(const struct mval *m, const struct threshold *t, bool proj)
{
	num_t v;
	int rc;

	if (!value_at(m, proj, &v) || (t->pct && !m->has_target))
		return -1;
	rc = threshold_reached(t, m->target, v);
	return rc == PAY_NO_TARGET ? -1 : rc == PAY_OVERFLOW ? -2 : rc;
}

static _Noreturn void
die_overflow(struct run *r, const struct entry *e)
{
	die_at(r->files[e->file], e->line, "%s: amounts too large to pay",
	    who(r, e));
}

/* Every gate: 1 pass, 0 fail, -1 unknown. */
static int
gate_of(struct run *r, const struct entry *e, bool proj)
{
	const struct score_spec *s = &r->sc.score;
	int all = 1;

	for (size_t i = 0; i < s->ngates; i++) {
		const struct mval *m = &e->m[need_index(r, s->gates[i].metric)];
		int rc = reached(m, &s->gates[i].thr, proj);

		if (rc == -2)
			die_overflow(r, e);
		if (rc == -1)
			return -1;
		if (rc == 0)
			all = 0;
	}
	return all;
}

/* The team row of a member: the same cells up to the team column, "*"
 * after it.  NULL when e is not a member (a "*" at or before the team
 * column, or nothing but "*" after it). */
static const struct entry *
team_of(struct run *r, const struct entry *e, const struct pay_plan *p)
{
	size_t c = 0, i;
	bool member = false;
	long k;

	while (strcmp(r->keys[c], p->team_col) != 0)
		c++;
	for (i = 0; i <= c; i++)
		if (strcmp(cell_of(r, e, i), "*") == 0)
			return NULL;
	for (i = c + 1; i < r->nkeys; i++)
		if (strcmp(cell_of(r, e, i), "*") != 0)
			member = true;
	if (!member)
		return NULL;
	for (i = 0; i <= r->nkeys; i++)
		r->cell[i] = i <= c || i == r->nkeys ? cell_of(r, e, i) : "*";
	k = keymap_find(&r->map, r->cell, NULL);
	if (k < 0)
		die_at(r->files[e->file], e->line, "%s: no team row with "
		    "\"*\" after %s for the team bonus (%s:%ld; tgt-track "
		    "--rollup %s makes one)", who(r, e), p->team_col,
		    r->conf.path, p->team_line, p->team_col);
	return &r->e[k];
}

/* The team bonus: the amount, 0, or -1 unknown. */
static int
team_bonus(struct run *r, const struct entry *e, const struct pay_plan *p,
    bool proj, num_t *bonus)
{
	const struct entry *t;
	const struct mval *m;
	int rc;

	*bonus = 0;
	if (!p->has_team || (t = team_of(r, e, p)) == NULL)
		return 0;
	m = &t->m[need_index(r, p->base)];
	if (!m->present)
		die_at(r->files[t->file], t->line, "%s: no row for metric "
		    "\"%s\", the team's payout base", who(r, t), p->base);
	if ((rc = reached(m, &p->team_thr, proj)) == -2)
		die_overflow(r, e);
	if (rc == 1)
		*bonus = p->team_amount;
	return rc == -1 ? -1 : 0;
}

/* The payout of e at its actuals or forecasts: false when unknown. */
static bool
pay_at(struct run *r, const struct entry *e, bool proj,
    struct pay_result *res)
{
	const struct pay_plan *p = e->plan;
	const struct mval *b;
	int gate = gate_of(r, e, proj), rc;
	num_t v, bonus;

	if (!plan_pays(p))
		return false;
	b = &e->m[need_index(r, p->base)];
	if (gate < 0 || team_bonus(r, e, p, proj, &bonus) < 0 ||
	    !value_at(b, proj, &v))
		return false;
	if (p->ntiers > 0 && p->tiers[0].thr.pct && !b->has_target)
		return false;
	rc = payout_calc(p, b->target, v, gate == 1, bonus, r->conf.precision,
	    res);
	if (rc == PAY_OVERFLOW)
		die_overflow(r, e);
	return rc == PAY_OK;
}

static void
check_entries(struct run *r)
{
	const struct score_spec *s = &r->sc.score;

	for (size_t k = 0; k < r->n; k++) {
		const struct entry *e = &r->e[k];

		for (size_t i = 0; i < s->nweights; i++)
			require_metric(r, e, s->weights[i].metric,
			    "weighted in the score", s->weights_line);
		for (size_t i = 0; i < s->ngates; i++)
			require_metric(r, e, s->gates[i].metric, "a gate",
			    s->gate_line);
		if (plan_pays(e->plan))
			require_metric(r, e, e->plan->base, "the payout base",
			    e->plan->base_line);
	}
	/* Find a missing team row or an overflow before the first row is
	 * written, so that stdout gets all or nothing. */
	for (size_t k = 0; k < r->n; k++) {
		struct pay_result res;

		pay_at(r, &r->e[k], false, &res);
		pay_at(r, &r->e[k], true, &res);
	}
}

/* Writing */

static void
cell_num_out(struct csvout *out, const struct run *r, num_t v)
{
	char buf[NUM_FMT_MAX];

	csvout_cell(out, num_format(v, r->conf.precision, 0, buf,
	    sizeof(buf)));
}

static void
cell_pct_out(struct csvout *out, bool has, double v)
{
	char buf[64];

	csvout_cell(out, has ? pct_format(v * 100.0, buf, sizeof(buf)) : "");
}

static struct csvout *
open_out(struct run *r)
{
	static const char *const tail[] = {
		"gate", "tier", "payout", "next_tier", "to_next_tier",
		"projected_payout"
	};
	struct csvout *out = csvout_open(r->o->cm.output, r->o->cm.excel);
	const struct score_spec *s = &r->sc.score;

	for (size_t i = 0; i < r->nkeys; i++)
		csvout_cell(out, r->keys[i]);
	csvout_cell(out, "period");
	csvout_cell(out, "score");
	for (size_t i = 0; i < s->nweights; i++) {
		char *name = xasprintf("%s_pct", s->weights[i].metric);

		csvout_cell(out, name);
		free(name);
	}
	for (size_t i = 0; i < sizeof(tail) / sizeof(tail[0]); i++)
		csvout_cell(out, tail[i]);
	csvout_end(out);
	return out;
}

/* score and METRIC_pct cells: false when one is unknown. */
static bool
cells_score(struct csvout *out, struct run *r, const struct entry *e)
{
	const struct score_spec *s = &r->sc.score;
	double *att = xcalloc(s->nweights + 1, sizeof(*att));
	bool *has = xcalloc(s->nweights + 1, sizeof(*has)), all = true;

	for (size_t i = 0; i < s->nweights; i++) {
		const struct mval *m = &e->m[need_index(r,
		    s->weights[i].metric)];

		has[i] = m->has_target && m->has_actual &&
		    attainment(m->target, m->actual, &att[i]);
		all = all && has[i];
	}
	cell_pct_out(out, all, all ? score_calc(s, att) : 0);
	for (size_t i = 0; i < s->nweights; i++)
		cell_pct_out(out, has[i], has[i] ? score_capped(s, att[i]) : 0);
	free(att);
	free(has);
	return all;
}

/* gate, tier, payout, next_tier, to_next_tier, projected_payout: false
 * when one that the plan defines is unknown. */
static bool
cells_pay(struct csvout *out, struct run *r, const struct entry *e)
{
	const struct pay_plan *p = e->plan;
	struct pay_result res, proj;
	int gate = gate_of(r, e, false);
	bool has = pay_at(r, e, false, &res);
	bool has_proj = pay_at(r, e, true, &proj);
	bool pays = plan_pays(p);

	csvout_cell(out, gate < 0 ? "" : gate ? "pass" : "fail");
	csvout_cell(out, has && res.tier >= 0 ?
	    p->tiers[res.tier].thr.label : "");
	if (has && pays)
		cell_num_out(out, r, res.payout);
	else
		csvout_cell(out, "");
	csvout_cell(out, has && res.has_next ? p->tiers[res.next].thr.label :
	    "");
	if (has && res.has_next)
		cell_num_out(out, r, res.to_next);
	else
		csvout_cell(out, "");
	if (has_proj && pays)
		cell_num_out(out, r, proj.payout);
	else
		csvout_cell(out, "");
	return gate >= 0 && (has || !pays);
}

static void
write_rows(struct run *r)
{
	struct csvout *out = open_out(r);

	for (size_t k = 0; k < r->n; k++) {
		const struct entry *e = &r->e[k];
		bool ok;

		for (size_t i = 0; i <= r->nkeys; i++)
			csvout_cell(out, cell_of(r, e, i));
		ok = cells_score(out, r, e);
		ok = cells_pay(out, r, e) && ok;
		csvout_end(out);
		if (!ok)
			r->undefined++;
	}
	csvout_close(out);
}

/* What was left out or left empty, on stderr. */
static void
report(const struct run *r)
{
	if (r->ignored > 0)
		warning("ignored %ld row%s of metrics the plan does not read",
		    r->ignored, r->ignored == 1 ? "" : "s");
	if (r->undefined > 0)
		warning("%ld row%s with no attainment (an empty or zero target, "
		    "or no actual): score or payout left empty", r->undefined,
		    r->undefined == 1 ? "" : "s");
}

/* Setup */

/* The names of the [payout.NAME] plans, in r->scratch. */
static const char *
plan_names(struct run *r)
{
	struct sbuf b = { NULL, 0, 0 };

	sbuf_adds(&b, r->sc.nplans > 1 ? "" : "none");
	for (size_t i = 1; i < r->sc.nplans; i++) {
		if (i > 1)
			sbuf_adds(&b, ", ");
		sbuf_adds(&b, r->sc.plans[i].name);
	}
	free(r->scratch);
	r->scratch = b.s;
	return b.s;
}

static void
load_plan(struct run *r)
{
	struct plan_err err;

	if (score_conf_parse(r->conf.entries, r->conf.nentries,
	    r->conf.sections, r->conf.nsections, &r->sc, &err) == -1)
		die_at(r->conf.path, err.line, "%s", err.msg);
	r->sc_loaded = true;
	r->default_plan = score_conf_plan(&r->sc, r->o->plan);
	if (r->default_plan == NULL)
		die_at(r->conf.path, 0, "--plan: no plan \"%s\": no "
		    "[payout.%s] section (plans: %s)", r->o->plan, r->o->plan,
		    plan_names(r));
	set_needed(r);
}

static void
run_free(void *arg)
{
	struct run *r = arg;

	if (r->in != NULL)
		csvin_close(r->in);
	for (size_t k = 0; k < r->n; k++)
		free(r->e[k].m);
	free(r->e);
	if (r->named)
		keymap_free(&r->map);
	free(r->cell);
	free(r->len);
	free(r->cols.key);
	list_free(r->keys, r->nkeys);
	list_free(r->need, r->nneed);
	list_free(r->seen, r->nseen);
	list_free(r->files, r->nfiles);
	free(r->scratch);
	free(r->scratch_who);
	if (r->sc_loaded)
		score_conf_free(&r->sc);
	conf_free(&r->conf);
}

int
score_run(const struct score_opts *o, int nfiles, char *const *files)
{
	struct run r;
	int h;

	memset(&r, 0, sizeof(r));
	r.o = o;
	cli_setup(&o->cm, &r.conf, &r.in_opts);
	/* Bad data dies: free what the run holds on the way out. */
	h = tgt_cleanup_add(run_free, &r);
	load_plan(&r);
	if (nfiles == 0)
		read_file(&r, "-");
	for (int i = 0; i < nfiles; i++)
		read_file(&r, files[i]);
	check_metrics(&r);
	check_entries(&r);
	write_rows(&r);
	report(&r);
	tgt_cleanup_remove(h);
	run_free(&r);
	return TGT_EXIT_OK;
}
