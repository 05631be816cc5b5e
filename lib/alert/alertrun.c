/*
 * alertrun: the tgt-alert engine (alertrun.h): columns, rows, the
 * --anomaly points and pass, and the --state filter.
 */
#include <stdlib.h>
#include <string.h>

#include "alertout.h"
#include "alertrules.h"
#include "alertrun.h"
#include "num.h"
#include "period.h"
#include "table.h"
#include "util.h"

/* The cells of one --anomaly row (struct anomaly_point has the rest). */
struct point {
	char	*series;	/* granularity and key cells, \x1f-joined */
	char	**cells;	/* the key cells */
	char	*label;		/* the period cell as read */
};

struct alertrun {
	struct alertrun_opts o;
	struct alert_rules rules;
	bool		 named;		/* names decided (first file) */
	char		**keys;		/* key column names */
	size_t		 nkeys;
	bool		 has_period;	/* the period column exists */
	char		**used;		/* output columns after message */
	size_t		 nused;
	size_t		 value_used;	/* --anomaly: index of --value in used */
	bool		 started;	/* output columns fixed */
	struct alertout	 out;
	struct astate	 st;		/* --state */
	size_t		 found;		/* alerts printed */
	struct point	*pt;		/* --anomaly rows */
	struct anomaly_point *ap;
	size_t		 npt;
	long		 nsubtotal;	/* --anomaly: "*" rows left out */
};

/* Column positions in one file. */
struct cols {
	int	*key;
	int	 period;		/* -1: none */
	int	*used;
	int	 value;			/* --anomaly */
	int	*sub;			/* --anomaly: cells left of the period
					 * that are not keys */
	size_t	 nsub;
};

struct alertrun *
alertrun_new(const struct alertrun_opts *o)
{
	struct alertrun *ar = xcalloc(1, sizeof(*ar));
	char err[256];

	ar->o = *o;
	alertout_init(&ar->out, o->output, o->excel, o->text);
	astate_init(&ar->st);
	if (o->state != NULL &&
	    astate_load(&ar->st, o->state, err, sizeof(err)) < 0)
		die("%s:%s%s", o->state, err[0] >= '0' && err[0] <= '9' ?
		    "" : " ", err);
	return ar;
}

/* Names */

static void
add_name(char ***v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (ascii_casecmp((*v)[i], name) == 0)
			return;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(name);
}

/*
 * The rules, once the first header is known: -e alone; else the built-ins
 * (for tgt-track output: a pace_pct column) unless --anomaly or
 * --no-builtin, overlaid with the [alert.NAME] rules.
 */
static void
choose_rules(struct alertrun *ar, const struct csv_row *hdr, const char *file)
{
	const struct alertrun_opts *o = &ar->o;
	bool builtins;

	if (o->expr != NULL) {
		alert_rules_expr(&ar->rules, o->expr, o->severity);
		return;
	}
	builtins = !o->anomaly && !o->no_builtin &&
	    table_find(hdr, o->conf, "pace_pct") >= 0;
	alert_rules_config(&ar->rules, o->conf, builtins, (int)o->stale_days);
	if (ar->rules.n == 0 && !o->anomaly)
		die_at(file, 0, "no rules: the built-in rules need tgt-track "
		    "output (no column \"pace_pct\"); give -e EXPR or "
		    "[alert.NAME] rules");
}

/* Decide the key column names and the rules from the first header. */
static void
set_names(struct alertrun *ar, const struct csv_row *hdr, const char *file)
{
	const struct alertrun_opts *o = &ar->o;
	int per = table_find(hdr, o->conf, o->period);

	if (per < 0 && (o->period_given || o->anomaly))
		table_require(hdr, o->conf, o->period, file);
	ar->has_period = per >= 0;
	if (o->keys != NULL) {
		size_t n;
		char **v = split_list(o->keys, &n);

		for (size_t i = 0; i < n; i++) {
			add_name(&ar->keys, &ar->nkeys, v[i]);
			free(v[i]);
		}
		free(v);
	} else {
		for (int i = 0; i < per; i++)
			add_name(&ar->keys, &ar->nkeys,
			    table_canon(o->conf, hdr->field[i]));
	}
	choose_rules(ar, hdr, file);
}

/* Add the canonical names of cells cols[0..n) to the used columns,
 * leaving out the key and period cells (already in the output). */
static void
add_used(struct alertrun *ar, const struct csv_row *hdr, const struct cols *c,
    const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool skip = cols[i] == c->period;

		for (size_t k = 0; k < ar->nkeys; k++)
			skip = skip || cols[i] == c->key[k];
		if (!skip)
			add_name(&ar->used, &ar->nused,
			    table_canon(ar->o.conf, hdr->field[cols[i]]));
	}
}

/* The columns of the rules (when, escalate, message) after the keys. */
static void
add_rule_cols(struct alertrun *ar, const struct csv_row *hdr,
    const struct cols *c)
{
	for (size_t i = 0; i < ar->rules.n; i++) {
		const struct alert_rule *a = &ar->rules.v[i];
		const int *cols;
		size_t n;

		cols = rule_columns(a->when, &n);
		add_used(ar, hdr, c, cols, n);
		if (a->esc != NULL) {
			cols = rule_columns(a->esc, &n);
			add_used(ar, hdr, c, cols, n);
		}
		if (a->msg != NULL) {
			cols = tmpl_columns(a->msg, &n);
			add_used(ar, hdr, c, cols, n);
		}
	}
}

/* --anomaly's columns: the value, then three computed ones. */
static void
add_anomaly_cols(struct alertrun *ar)
{
	add_name(&ar->used, &ar->nused, ar->o.value);
	ar->value_used = 0;
	while (ascii_casecmp(ar->used[ar->value_used], ar->o.value) != 0)
		ar->value_used++;
	add_name(&ar->used, &ar->nused, "mean");
	add_name(&ar->used, &ar->nused, "drop_pct");
	add_name(&ar->used, &ar->nused, "robust_z");
}

/* Columns */

/* Cells left of the period that are not keys: a "*" there marks a
 * subtotal of rows --anomaly already sums. */
static void
find_sub(const struct alertrun *ar, struct cols *c)
{
	c->sub = xcalloc(c->period > 0 ? (size_t)c->period : 1,
	    sizeof(*c->sub));
	c->nsub = 0;
	for (int i = 0; ar->o.anomaly && i < c->period; i++) {
		bool key = false;

		for (size_t k = 0; k < ar->nkeys; k++)
			key = key || c->key[k] == i;
		if (!key)
			c->sub[c->nsub++] = i;
	}
}

static void
find_cols(struct alertrun *ar, const struct csv_row *hdr, const char *file,
    struct cols *c)
{
	const struct tgt_conf *conf = ar->o.conf;
	bool first = !ar->named;

	if (first)
		set_names(ar, hdr, file);
	ar->named = true;
	c->key = xcalloc(ar->nkeys, sizeof(*c->key));
	for (size_t i = 0; i < ar->nkeys; i++)
		c->key[i] = table_require(hdr, conf, ar->keys[i], file);
	c->period = ar->has_period ?
	    table_require(hdr, conf, ar->o.period, file) : -1;
	alert_rules_bind(&ar->rules, hdr, conf, file);
	if (first)
		add_rule_cols(ar, hdr, c);
	c->value = -1;
	if (ar->o.anomaly) {
		c->value = table_require(hdr, conf, ar->o.value, file);
		if (first)
			add_anomaly_cols(ar);
	}
	find_sub(ar, c);
	/* The last three columns of --anomaly are computed, not read. */
	c->used = xcalloc(ar->nused, sizeof(*c->used));
	for (size_t i = 0; i < ar->nused; i++)
		c->used[i] = ar->o.anomaly && i >= ar->nused - 3 ? -1 :
		    table_require(hdr, conf, ar->used[i], file);
}

static void
free_cols(struct cols *c)
{
	free(c->key);
	free(c->used);
	free(c->sub);
}

/* Rows */

/* Print an alert (taking it over) unless the state has seen it. */
static void
emit(struct alertrun *ar, struct alert_raised *a)
{
	if (ar->o.state != NULL && astate_note(&ar->st, a->rule, a->period,
	    (const char *const *)a->key, ar->nkeys, a->sev, ar->o.asof,
	    ar->o.repeat_after) == AS_SAME) {
		alert_raised_free(a, ar->nkeys, ar->nused);
		return;
	}
	ar->found++;
	alertout_put(&ar->out, a);
}

/* Raise rule a at sev over row. */
static void
raise_rule(struct alertrun *ar, const struct alert_rule *a, enum severity sev,
    const struct rule_row *rr, const struct cols *c)
{
	struct alert_raised al;

	alert_raised_init(&al, sev, a->d.name, ar->nkeys, ar->nused);
	for (size_t k = 0; k < ar->nkeys; k++)
		al.key[k] = xstrdup(rr->cell[c->key[k]]);
	al.period = xstrdup(c->period >= 0 ? rr->cell[c->period] : "");
	al.msg = a->msg != NULL ? tmpl_render(a->msg, rr->cell, rr->n,
	    rr->decimal) : xstrdup(a->d.when);
	/* The text format shows no extra columns. */
	for (size_t k = 0; k < ar->nused && !ar->o.text; k++)
		if (c->used[k] >= 0)
			al.extra[k] = xstrdup(rr->cell[c->used[k]]);
	emit(ar, &al);
}

static void
run_rules(struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, const char *file)
{
	const struct rule_row rr = {
		(const char *const *)row->field, row->n, ar->o.conf->decimal,
		ar->o.conf->date_order, ar->o.asof
	};

	for (size_t i = 0; i < ar->rules.n; i++) {
		int sev = alert_rules_eval(&ar->rules, i, &rr, file,
		    row->line);

		if (sev >= 0 && sev >= (int)ar->o.min_sev)
			raise_rule(ar, &ar->rules.v[i], (enum severity)sev,
			    &rr, c);
	}
}

/* --anomaly points */

/* A tgt-track --rollup subtotal (or wildcard target) row finer than the
 * keys: its rows are summed already. */
static bool
is_subtotal(const struct csv_row *row, const struct cols *c)
{
	for (size_t i = 0; i < c->nsub; i++) {
		const char *s = row->field[c->sub[i]];
		size_t len = strlen(s);

		s = trim_span(s, &len);
		if (len == 1 && *s == '*')
			return true;
	}
	return false;
}

/* The period cell of row into ap->per; returns the trimmed label. */
static char *
point_period(const struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, const char *file, struct anomaly_point *ap)
{
	const char *s = row->field[c->period];
	size_t len = strlen(s);
	const char *why;

	s = trim_span(s, &len);
	if ((why = period_parse(s, len, &ar->o.conf->fy,
	    ar->o.conf->date_order, &ap->per)) != NULL)
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" as "
		    "a period: %s", ar->o.period, (int)len, s, why);
	return xstrndup(s, len);
}

/* The value cell of row into ap->value. */
static void
point_value(const struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, const char *file, struct anomaly_point *ap)
{
	const char *s = row->field[c->value];
	size_t len = strlen(s);

	s = trim_span(s, &len);
	/* An empty value is a period without sales. */
	switch (len == 0 ? NUM_OK : num_parse(s, len, ar->o.conf->decimal,
	    &ap->value)) {
	case NUM_OK:
		break;
	case NUM_RANGE:
		die_at(file, row->line, "column \"%s\": \"%.*s\" is too large",
		    ar->o.value, (int)len, s);
	default:
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" as "
		    "a number", ar->o.value, (int)len, s);
	}
}

/* The key cells of row and the series they make with the granularity:
 * months and quarters of one key are two series. */
static void
point_series(const struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, struct point *p, const struct anomaly_point *ap)
{
	size_t klen = 2;

	p->cells = xcalloc(ar->nkeys, sizeof(*p->cells));
	for (size_t k = 0; k < ar->nkeys; k++) {
		p->cells[k] = xstrdup(row->field[c->key[k]]);
		klen += strlen(p->cells[k]) + 1;
	}
	p->series = xcalloc(1, klen);
	p->series[0] = (char)('A' + ap->per.gran);
	for (size_t k = 0; k < ar->nkeys; k++) {
		strcat(p->series, "\x1f");
		strcat(p->series, p->cells[k]);
	}
}

static void
add_point(struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, const char *file)
{
	struct anomaly_point *ap;
	struct point *p;

	if (is_subtotal(row, c)) {
		ar->nsubtotal++;
		return;
	}
	ar->pt = xreallocarray(ar->pt, ar->npt + 1, sizeof(*ar->pt));
	ar->ap = xreallocarray(ar->ap, ar->npt + 1, sizeof(*ar->ap));
	p = &ar->pt[ar->npt];
	ap = &ar->ap[ar->npt];
	memset(p, 0, sizeof(*p));
	memset(ap, 0, sizeof(*ap));
	ap->seq = ap->data = ar->npt++;
	p->label = point_period(ar, row, c, file, ap);
	point_value(ar, row, c, file, ap);
	point_series(ar, row, c, p, ap);
	ap->series = p->series;
}

void
alertrun_feed(struct alertrun *ar, struct csvin *in)
{
	const struct csv_row *hdr, *row;
	struct cols c;
	char *file;
	int rc;

	if (csvin_header(in, &hdr) == -1)
		die("%s", csvin_error(in));
	file = xstrdup(csvin_name(in));
	find_cols(ar, hdr, file, &c);
	if (!ar->started)
		alertout_start(&ar->out, ar->keys, ar->nkeys, ar->used,
		    ar->nused);
	ar->started = true;
	while ((rc = csvin_next(in, &row)) == 1) {
		run_rules(ar, row, &c, file);
		if (ar->o.anomaly)
			add_point(ar, row, &c, file);
	}
	if (rc < 0)
		die("%s", csvin_error(in));
	csvin_report_skips(in);
	free_cols(&c);
	free(file);
}

/* The --anomaly pass */

static char *
fmt_money(const struct alertrun *ar, num_t v)
{
	char buf[NUM_FMT_MAX];

	return xstrdup(num_format(v, ar->o.conf->precision, 0, buf,
	    sizeof(buf)));
}

static char *
fmt_one(double d)
{
	char buf[64];

	return xstrdup(pct_format(d, buf, sizeof(buf)));
}

static void
raise_anomaly(struct alertrun *ar, const struct point *p,
    const struct anomaly_hit *h)
{
	const struct alertrun_opts *o = &ar->o;
	const struct anomaly *an = &h->a;
	struct alert_raised al;
	num_t mean = 0;
	char *vs, *ms, *ds, *zs;

	if (num_from_double(an->mean, &mean) < 0)
		mean = 0;
	alert_raised_init(&al, o->severity, "anomaly", ar->nkeys, ar->nused);
	for (size_t k = 0; k < ar->nkeys; k++)
		al.key[k] = xstrdup(p->cells[k]);
	al.period = xstrdup(p->label);
	vs = fmt_money(ar, h->value);
	ms = fmt_money(ar, mean);
	ds = an->has_drop ? fmt_one(an->drop_pct) : xstrdup("");
	zs = an->has_z ? fmt_one(an->z) : xstrdup("");
	if (an->by_drop)
		al.msg = xasprintf("%s %s is %s%% below the mean %s of the "
		    "previous %ld period%s", o->value, vs, ds, ms, o->window,
		    o->window == 1 ? "" : "s");
	else
		al.msg = xasprintf("%s %s has a robust z-score of %s against "
		    "the previous %zu period%s", o->value, vs, zs, h->nprev,
		    h->nprev == 1 ? "" : "s");
	al.extra[ar->value_used] = vs;
	al.extra[ar->nused - 3] = ms;
	al.extra[ar->nused - 2] = ds;
	al.extra[ar->nused - 1] = zs;
	emit(ar, &al);
}

static void
warn_unjudged(const struct alertrun *ar, long open)
{
	char day[DATE_FMT_MAX];

	if (ar->nsubtotal > 0)
		warning("--anomaly: left out %ld subtotal row%s (\"*\" in a "
		    "column that is not a key)", ar->nsubtotal,
		    ar->nsubtotal == 1 ? "" : "s");
	if (open > 0)
		warning("--anomaly: not judged: %ld row%s of periods not over "
		    "by %s", open, open == 1 ? "" : "s",
		    date_format(ar->o.asof, day));
}

static void
run_anomaly(struct alertrun *ar)
{
	const struct alertrun_opts *o = &ar->o;
	struct anomaly_hit *hits;
	long n, open;
	size_t bad;

	n = anomaly_scan(ar->ap, ar->npt, o->asof, (size_t)o->window,
	    o->drop, &hits, &open, &bad);
	if (n < 0)
		die("column \"%s\": the sum for %s is too large", o->value,
		    ar->pt[ar->ap[bad].data].label);
	for (long i = 0; i < n && o->severity >= o->min_sev; i++)
		raise_anomaly(ar, &ar->pt[ar->ap[hits[i].point].data],
		    &hits[i]);
	free(hits);
	warn_unjudged(ar, open);
}

size_t
alertrun_finish(struct alertrun *ar)
{
	char err[256];

	if (ar->o.anomaly)
		run_anomaly(ar);
	alertout_close(&ar->out);
	/* The state moves on only once the alerts are out. */
	if (ar->o.state != NULL &&
	    astate_save(&ar->st, ar->o.state, err, sizeof(err)) < 0)
		die("%s: %s", ar->o.state, err);
	return ar->found;
}

static void
free_names(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void
alertrun_free(struct alertrun *ar)
{
	if (ar == NULL)
		return;
	alertout_free(&ar->out);
	for (size_t i = 0; i < ar->npt; i++) {
		free_names(ar->pt[i].cells, ar->nkeys);
		free(ar->pt[i].series);
		free(ar->pt[i].label);
	}
	free(ar->pt);
	free(ar->ap);
	free_names(ar->keys, ar->nkeys);
	free_names(ar->used, ar->nused);
	alert_rules_free(&ar->rules);
	astate_free(&ar->st);
	free(ar);
}
