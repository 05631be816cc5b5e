/*
 * run: the tgt-alert engine (run.h): names and columns, derived cells,
 * filters, rules over rows, the passes and the --state filter.  The
 * --anomaly rows and pass are run_anomaly.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "run_impl.h"
#include "table.h"
#include "util.h"

static void
parse_where(struct alertrun *ar)
{
	struct rule_err err;

	if (ar->o.where != NULL &&
	    (ar->where = rule_parse(ar->o.where, &err)) == NULL)
		die("--where: char %d: %s", err.col, err.msg);
}

struct alertrun *
alertrun_new(const struct alertrun_opts *o)
{
	struct alertrun *ar = xcalloc(1, sizeof(*ar));
	char err[256];

	ar->o = *o;
	alertout_init(&ar->out, o->output, o->excel, o->text);
	astate_init(&ar->st);
	metric_kinds_init(&ar->mk, o->conf);
	parse_where(ar);
	if (o->state != NULL &&
	    astate_load(&ar->st, o->state, err, sizeof(err)) < 0)
		die("%s:%s%s", o->state, err[0] >= '0' && err[0] <= '9' ?
		    "" : " ", err);
	return ar;
}

/* Names */

void
run_add_name(char ***v, size_t *n, const char *name)
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
	struct builtin_limits lim = {
		o->conf->behind, o->conf->ahead, o->stale_days, o->missed_days
	};
	bool builtins;

	if (o->expr != NULL) {
		alert_rules_expr(&ar->rules, o->expr, o->severity);
		return;
	}
	builtins = !o->anomaly && !o->no_builtin &&
	    table_find(hdr, o->conf, "pace_pct") >= 0;
	alert_rules_config(&ar->rules, o->conf, builtins, &lim);
	if (ar->rules.n == 0 && !o->anomaly)
		die_at(file, 0, "no rules: the built-in rules need tgt-track "
		    "output (no column \"pace_pct\"); give -e EXPR or "
		    "[alert.NAME] rules");
	for (size_t i = 0; i < ar->rules.n; i++)
		ar->kinds = ar->kinds || ar->rules.v[i].d.kinds != 0;
}

/* Decide the key column names and the rules from the first header.  A
 * metric column is always a key: amounts and counts do not mix. */
static void
set_names(struct alertrun *ar, const struct csv_row *hdr, const char *file)
{
	const struct alertrun_opts *o = &ar->o;
	int per = table_find(hdr, o->conf, o->period);
	int metric = table_find(hdr, o->conf, "metric");

	if (per < 0 && (o->period_given || o->anomaly || o->in != NULL))
		table_require(hdr, o->conf, o->period, file);
	ar->has_period = per >= 0;
	if (o->keys != NULL) {
		size_t n;
		char **v = split_list(o->keys, &n);

		for (size_t i = 0; i < n; i++) {
			run_add_name(&ar->keys, &ar->nkeys, v[i]);
			free(v[i]);
		}
		free(v);
		if (metric >= 0)
			run_add_name(&ar->keys, &ar->nkeys,
			    table_canon(o->conf, hdr->field[metric]));
	} else {
		for (int i = 0; i < per; i++)
			run_add_name(&ar->keys, &ar->nkeys,
			    table_canon(o->conf, hdr->field[i]));
	}
	choose_rules(ar, hdr, file);
	ar->keycell = xcalloc(ar->nkeys ? ar->nkeys : 1, sizeof(*ar->keycell));
	sales_init(&ar->sales, ar->nkeys);
	anomaly_data_init(&ar->an, ar->nkeys);
}

/* The name of column i of this file, derived ones included. */
static const char *
col_name(const struct alertrun *ar, const struct csv_row *hdr, int i)
{
	if ((size_t)i >= hdr->n)
		return derived_name((enum derived_col)((size_t)i - hdr->n));
	return table_canon(ar->o.conf, hdr->field[i]);
}

/* Add the names of cells cols[0..n) to the used columns, leaving out the
 * key and period cells (already in the output). */
static void
add_used(struct alertrun *ar, const struct csv_row *hdr, const struct cols *c,
    const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool skip = cols[i] == c->period;

		for (size_t k = 0; k < ar->nkeys; k++)
			skip = skip || cols[i] == c->key[k];
		if (!skip)
			run_add_name(&ar->used, &ar->nused,
			    col_name(ar, hdr, cols[i]));
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

/* Columns */

struct finder {
	const struct alertrun *ar;
	const struct csv_row *hdr;
	const struct cols *c;
	const char *file;
};

/* A column of the file, else a derived one (derived.h) when the file has
 * what it is derived from. */
static int
find_col(void *ctx, const char *name)
{
	const struct finder *f = ctx;
	int i = table_find(f->hdr, f->ar->o.conf, name);
	int dc;

	if (i >= 0 || (dc = derived_parse(name)) < 0)
		return i;
	if (dc == DC_DAYS_SINCE_END && f->c->period < 0)
		die_at(f->file, 0, "column \"%s\" needs the period column "
		    "\"%s\"", name, f->ar->o.period);
	if (dc != DC_DAYS_SINCE_END && f->c->last_date < 0)
		die_at(f->file, 0, "column \"%s\" needs a column \"last_date\" "
		    "(tgt-track output)", name);
	return (int)f->hdr->n + dc;
}

static bool
reads(const struct rule *r, int col)
{
	const int *cols;
	size_t n;

	if (r == NULL)
		return false;
	cols = rule_columns(r, &n);
	for (size_t i = 0; i < n; i++)
		if (cols[i] == col)
			return true;
	return false;
}

static void
bind_all(struct alertrun *ar, const struct csv_row *hdr, const char *file,
    struct cols *c)
{
	struct finder f = { ar, hdr, c, file };
	struct rule_err err;

	alert_rules_bind(&ar->rules, find_col, &f, file);
	if (ar->where != NULL && rule_bind(ar->where, find_col, &f, &err) < 0)
		die_at(file, 0, "--where: char %d: %s", err.col, err.msg);
	for (int dc = 0; dc < DC_COUNT; dc++) {
		int col = (int)hdr->n + dc;

		c->need[dc] = alert_rules_use(&ar->rules, col) ||
		    reads(ar->where, col);
	}
	/* days_since_sale is computed from last_sale. */
	c->need[DC_LAST_SALE] = c->need[DC_LAST_SALE] ||
	    c->need[DC_DAYS_SINCE_SALE];
	ar->survey = c->need[DC_LAST_SALE];
}

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
	struct finder f = { ar, hdr, c, file };

	memset(c, 0, sizeof(*c));
	if (first)
		set_names(ar, hdr, file);
	ar->named = true;
	c->n = hdr->n;
	c->key = xcalloc(ar->nkeys, sizeof(*c->key));
	for (size_t i = 0; i < ar->nkeys; i++)
		c->key[i] = table_require(hdr, conf, ar->keys[i], file);
	c->period = ar->has_period ?
	    table_require(hdr, conf, ar->o.period, file) : -1;
	c->last_date = table_find(hdr, conf, "last_date");
	c->metric = table_find(hdr, conf, "metric");
	bind_all(ar, hdr, file, c);
	if (first)
		add_rule_cols(ar, hdr, c);
	c->value = -1;
	if (ar->o.anomaly) {
		c->value = table_require(hdr, conf, ar->o.value, file);
		if (first)
			run_anomaly_columns(ar);
	}
	find_sub(ar, c);
	/* The last three columns of --anomaly are computed, not read. */
	c->used = xcalloc(ar->nused, sizeof(*c->used));
	for (size_t i = 0; i < ar->nused; i++) {
		if (ar->o.anomaly && i >= ar->nused - 3)
			c->used[i] = -1;
		else if ((c->used[i] = find_col(&f, ar->used[i])) < 0)
			c->used[i] = table_require(hdr, conf, ar->used[i],
			    file);
	}
	ar->cell = xreallocarray(ar->cell, hdr->n + DC_COUNT,
	    sizeof(*ar->cell));
}

static void
free_cols(struct cols *c)
{
	free(c->key);
	free(c->used);
	free(c->sub);
}

/* Cells */

/* The trimmed cell i of row as a period, or false when it is empty; bad
 * text dies naming the place. */
bool
run_row_period(struct alertrun *ar, const struct csv_row *row, int i,
    const char *file, struct period *out)
{
	const char *s = row->field[i];
	size_t len = strlen(s);
	const char *why;

	s = trim_span(s, &len);
	if (len == 0)
		return false;
	if (ar->per_label == NULL || strlen(ar->per_label) != len ||
	    memcmp(ar->per_label, s, len) != 0) {
		if ((why = period_parse(s, len, &ar->o.conf->fy,
		    ar->o.conf->date_order, &ar->per)) != NULL)
			die_at(file, row->line, "column \"%s\": cannot read "
			    "\"%.*s\" as a period: %s", ar->o.period,
			    (int)len, s, why);
		free(ar->per_label);
		ar->per_label = xstrndup(s, len);
	}
	*out = ar->per;
	return true;
}

/* The trimmed last_date cell as a day, or false when empty. */
static bool
row_last_date(const struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, const char *file, day_t *out)
{
	const char *s = row->field[c->last_date];
	size_t len = strlen(s);
	const char *why;

	s = trim_span(s, &len);
	if (len == 0)
		return false;
	if ((why = date_parse(s, len, ar->o.conf->date_order, out)) != NULL)
		die_at(file, row->line, "column \"last_date\": cannot read "
		    "\"%.*s\" as a date: %s", (int)len, s, why);
	return true;
}

/* The key cells of row into keys[]. */
const char **
run_row_keys(struct alertrun *ar, const struct csv_row *row,
    const struct cols *c)
{
	for (size_t k = 0; k < ar->nkeys; k++)
		ar->keycell[k] = row->field[c->key[k]];
	return ar->keycell;
}

/* Days from a to b, working days (after a, up to and including b) with
 * --workdays. */
static long
days_between(const struct alertrun *ar, day_t a, day_t b)
{
	if (!ar->o.workdays)
		return (long)b - a;
	if (b >= a)
		return cal_count(&ar->o.conf->cal, a + 1, b, true);
	return -cal_count(&ar->o.conf->cal, b + 1, a, true);
}

/* Fill the derived cells the rules read (derived.h). */
static void
derive(struct alertrun *ar, const struct csv_row *row, const struct cols *c,
    const char *file)
{
	struct period per;
	day_t last;
	const char **keys;

	for (int dc = 0; dc < DC_COUNT; dc++) {
		ar->derived[dc][0] = '\0';
		ar->cell[row->n + dc] = ar->derived[dc];
	}
	if (c->need[DC_DAYS_SINCE_END] &&
	    run_row_period(ar, row, c->period, file, &per))
		snprintf(ar->derived[DC_DAYS_SINCE_END],
		    sizeof(ar->derived[0]), "%ld", (long)ar->o.asof - per.end);
	if (!c->need[DC_LAST_SALE])
		return;
	keys = run_row_keys(ar, row, c);
	if (sales_last(&ar->sales, keys, &last)) {
		date_format(last, ar->derived[DC_LAST_SALE]);
		snprintf(ar->derived[DC_DAYS_SINCE_SALE],
		    sizeof(ar->derived[0]), "%ld",
		    days_between(ar, last, ar->o.asof));
	}
}

/* The kind of the row's metric, when a rule depends on it. */
static unsigned
row_kind(const struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, const char *file)
{
	const char *name = c->metric >= 0 ? row->field[c->metric] : "";
	unsigned kind = 0;

	if (!ar->kinds)
		return 0;
	if (metric_kind(&ar->mk, name, &kind) < 0)
		die_at(file, row->line, "metric \"%s\" is not defined (the "
		    "built-in metrics are amount, orders, customers, "
		    "new_customers, aov; others need a [metric.%s] section)",
		    name, name);
	return kind;
}

/* Rows */

/* Print an alert (taking it over) unless the state has seen it. */
void
run_emit(struct alertrun *ar, struct alert_raised *a)
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
	run_emit(ar, &al);
}

/* Whether the filters (--in, --where) let row through. */
static bool
wanted(struct alertrun *ar, const struct csv_row *row, const struct cols *c,
    const struct rule_row *rr, const char *file)
{
	struct period per;
	struct rule_err err;
	int rc;

	if (ar->o.in != NULL && (!run_row_period(ar, row, c->period, file, &per) ||
	    !period_within(&per, ar->o.in))) {
		ar->outside++;
		return false;
	}
	if (ar->where == NULL)
		return true;
	if ((rc = rule_eval(ar->where, rr, &err)) < 0)
		die_at(file, row->line, "--where: char %d: %s", err.col,
		    err.msg);
	if (rc == 0)
		ar->unwanted++;
	return rc == 1;
}

static void
run_rules(struct alertrun *ar, const struct rule_row *rr,
    const struct csv_row *row, const struct cols *c, const char *file)
{
	unsigned kind = row_kind(ar, row, c, file);

	for (size_t i = 0; i < ar->rules.n; i++) {
		int sev = alert_rules_eval(&ar->rules, i, rr, kind, file,
		    row->line);

		if (sev >= 0 && sev >= (int)ar->o.min_sev)
			raise_rule(ar, &ar->rules.v[i], (enum severity)sev,
			    rr, c);
	}
}

/* Passes */

/* Read the header of in and find this file's columns. */
static char *
start_file(struct alertrun *ar, struct csvin *in, struct cols *c)
{
	const struct csv_row *hdr;
	char *file;

	if (csvin_header(in, &hdr) == -1)
		die("%s", csvin_error(in));
	file = xstrdup(csvin_name(in));
	find_cols(ar, hdr, file, c);
	return file;
}

bool
alertrun_survey(struct alertrun *ar, struct csvin *in)
{
	const struct csv_row *row;
	const char **keys;
	struct cols c;
	char *file = start_file(ar, in, &c);
	int rc;

	if (!ar->survey) {
		free_cols(&c);
		free(file);
		return false;
	}
	ar->surveyed = true;
	while ((rc = csvin_next(in, &row)) == 1) {
		day_t day;

		if (!row_last_date(ar, row, &c, file, &day))
			continue;
		keys = run_row_keys(ar, row, &c);
		sales_note(&ar->sales, keys, day);
	}
	if (rc < 0)
		die("%s", csvin_error(in));
	free_cols(&c);
	free(file);
	return true;
}

void
alertrun_feed(struct alertrun *ar, struct csvin *in)
{
	const struct csv_row *row;
	struct cols c;
	char *file = start_file(ar, in, &c);
	int rc;

	/* alert_run() surveys when a rule may read last_sale. */
	if (ar->survey && !ar->surveyed)
		die("%s: a rule reads last_sale but the input was not read "
		    "for it", file);
	if (!ar->started)
		alertout_start(&ar->out, ar->keys, ar->nkeys, ar->used,
		    ar->nused);
	ar->started = true;
	while ((rc = csvin_next(in, &row)) == 1) {
		struct rule_row rr = {
			ar->cell, row->n + DC_COUNT, ar->o.conf->decimal,
			ar->o.conf->date_order, ar->o.asof
		};
		bool judge;

		memcpy(ar->cell, row->field, row->n * sizeof(*ar->cell));
		derive(ar, row, &c, file);
		judge = wanted(ar, row, &c, &rr, file);
		if (judge)
			run_rules(ar, &rr, row, &c, file);
		if (ar->o.anomaly)
			run_anomaly_row(ar, row, &c, file, judge);
	}
	if (rc < 0)
		die("%s", csvin_error(in));
	csvin_report_skips(in);
	if (ar->outside > 0)
		warn_at(file, 0, "left out %ld row%s outside %s (--in)",
		    ar->outside, ar->outside == 1 ? "" : "s", ar->o.in_label);
	if (ar->unwanted > 0)
		warn_at(file, 0, "left out %ld row%s where --where does not "
		    "hold", ar->unwanted, ar->unwanted == 1 ? "" : "s");
	ar->outside = ar->unwanted = 0;
	free_cols(&c);
	free(file);
}

size_t
alertrun_finish(struct alertrun *ar)
{
	char err[256];
	char *path;

	if (ar->o.anomaly)
		run_anomaly_judge(ar);
	alertout_close(&ar->out);
	/* The state moves on only once the alerts are out; with --pending
	 * only once they are delivered (alert.h). */
	if (ar->o.state == NULL)
		return ar->found;
	path = ar->o.pending ? astate_pending_path(ar->o.state) :
	    xstrdup(ar->o.state);
	if (astate_save(&ar->st, path, err, sizeof(err)) < 0 ||
	    (!ar->o.pending && astate_drop_pending(ar->o.state, err,
	    sizeof(err)) < 0))
		die("%s: %s", path, err);
	free(path);
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
	anomaly_data_free(&ar->an);
	sales_free(&ar->sales);
	metric_kinds_free(&ar->mk);
	free_names(ar->keys, ar->nkeys);
	free_names(ar->used, ar->nused);
	alert_rules_free(&ar->rules);
	rule_free(ar->where);
	astate_free(&ar->st);
	free(ar->cell);
	free(ar->keycell);
	free(ar->per_label);
	free(ar);
}
