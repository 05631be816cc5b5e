/*
 * tgt-alert: rules over rows, made for a daily cron (DESIGN.md "tgt-alert").
 *
 * Rules come from -e, or from the built-ins for tgt-track output overlaid
 * with the [alert.NAME] sections of the config; --anomaly adds the drop
 * detector.  Alerts are collected, filtered by --min-severity and --state,
 * and written as CSV or a plain text mail body.  The expression language
 * is lib/rule.c; templates, built-ins, anomaly and state are lib/alert.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert.h"
#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "num.h"
#include "period.h"
#include "rule.h"
#include "table.h"
#include "util.h"

enum {
	OPT_ANOMALY = 300,
	OPT_DROP,
	OPT_MIN_SEVERITY,
	OPT_NO_BUILTIN,
	OPT_PERIOD,
	OPT_REPEAT_AFTER,
	OPT_SEVERITY,
	OPT_STALE_DAYS,
	OPT_STATE,
	OPT_VALUE,
	OPT_WINDOW
};

static const char short_options[] = CLI_COMMON_SHORT "e:f:k:";

static const struct option long_options[] = {
	{ "anomaly",		no_argument,		NULL,	OPT_ANOMALY },
	{ "drop",		required_argument,	NULL,	OPT_DROP },
	{ "expr",		required_argument,	NULL,	'e' },
	{ "format",		required_argument,	NULL,	'f' },
	{ "keys",		required_argument,	NULL,	'k' },
	{ "min-severity",	required_argument,	NULL,	OPT_MIN_SEVERITY },
	{ "no-builtin",		no_argument,		NULL,	OPT_NO_BUILTIN },
	{ "period",		required_argument,	NULL,	OPT_PERIOD },
	{ "repeat-after",	required_argument,	NULL,	OPT_REPEAT_AFTER },
	{ "severity",		required_argument,	NULL,	OPT_SEVERITY },
	{ "stale-days",		required_argument,	NULL,	OPT_STALE_DAYS },
	{ "state",		required_argument,	NULL,	OPT_STATE },
	{ "value",		required_argument,	NULL,	OPT_VALUE },
	{ "window",		required_argument,	NULL,	OPT_WINDOW },
	CLI_COMMON_LONG,
	{ NULL,			0,			NULL,	0 }
};

struct alert_opts {
	struct cli_common cm;
	const char	*expr;		/* -e */
	int		 severity;	/* --severity, -1 = not given */
	const char	*keys;		/* -k, NULL = left of the period */
	const char	*period;	/* --period (period) */
	bool		 period_given;
	bool		 anomaly;	/* --anomaly */
	const char	*value;		/* --value (actual) */
	double		 drop;		/* --drop as a fraction (0.30) */
	long		 window;	/* --window (3) */
	int		 min_sev;	/* --min-severity (info) */
	bool		 text;		/* -f text */
	const char	*state;		/* --state */
	long		 repeat_after;	/* --repeat-after, 0 = never */
	long		 stale_days;	/* --stale-days (7) */
	bool		 no_builtin;	/* --no-builtin */
};

/* A rule ready to run. */
struct arule {
	struct alert_def d;
	const char	*src_file;	/* config file, NULL for -e/built-in */
	long		 src_line;
	bool		 builtin;
	struct rule	*when;
	struct rule	*esc;		/* escalation to critical, or NULL */
	struct tmpl	*msg;		/* NULL: the when text is the message */
};

/* One raised alert. */
struct raised {
	enum severity	 sev;
	const char	*rule;		/* points into a rule or "anomaly" */
	char		**key;		/* nkeys cells */
	char		*period;
	char		*msg;
	char		**extra;	/* nused cells, NULL = empty */
};

/* The cells of one --anomaly row (struct anomaly_point has the rest). */
struct point {
	char	*series;	/* granularity and key cells, \x1f-joined */
	char	**cells;	/* the key cells */
	char	*label;		/* the period cell as read */
};

struct run {
	const struct alert_opts *o;
	struct tgt_conf	 conf;
	struct csvin_opts in;
	day_t		 asof;
	struct arule	*rules;
	size_t		 nrules;
	bool		 named;		/* names decided (first file) */
	char		**keys;		/* key column names */
	size_t		 nkeys;
	bool		 has_period;	/* the period column exists */
	char		**used;		/* output columns after message */
	size_t		 nused;
	size_t		 value_used;	/* --anomaly: index of --value in used */
	struct csvout	*out;		/* CSV: opened once the header is known */
	struct astate	 st;		/* --state */
	size_t		 found;		/* alerts printed */
	struct raised	*text;		/* -f text: printed sorted at the end */
	size_t		 ntext;
	struct point	*pt;		/* --anomaly rows */
	struct anomaly_point *ap;
	size_t		 npt;
	long		 nsubtotal;	/* --anomaly: "*" rows left out */
};

static void
usage(int status)
{
	FILE *fp = status == TGT_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: tgt-alert [-e EXPR] [--severity LEVEL] [-k COLS] [--period COL]\n"
"                 [--no-builtin] [--stale-days N] [--anomaly] [--value COL]\n"
"                 [--drop PCT] [--window N] [--min-severity LEVEL]\n"
"                 [-f csv|text] [--state FILE] [--repeat-after DAYS]\n"
"                 [options] [FILE...]\n"
"\n"
"Raise alerts on rows (tgt-track output by default): built-in rules\n"
"behind, at_risk, ahead, missed and stale, [alert.NAME] rules from the\n"
"config, or -e EXPR.  Exit 0: no alert, 1: alerts printed, 2: error.\n"
"\n"
"  -e, --expr EXPR       raise rule \"expr\" where EXPR holds (instead of\n"
"                        the built-in and [alert.NAME] rules)\n"
"      --severity LEVEL  severity of -e and --anomaly alerts: info,\n"
"                        warning (default) or critical\n"
"  -k, --keys COLS       key columns (default: the columns left of the\n"
"                        period column)\n"
"      --period COL      the period column (default period)\n"
"      --no-builtin      only the [alert.NAME] rules of the config\n"
"      --stale-days N    built-in rule stale: no sales for N days (7)\n"
"      --anomaly         flag periods whose value drops against the\n"
"                        previous periods of the same key (no built-ins)\n"
"      --value COL       the value --anomaly follows (default actual)\n"
"      --drop PCT        drop below the mean that is flagged (30%%)\n"
"      --window N        periods the mean is taken over (3)\n"
"      --min-severity LEVEL  leave out alerts below LEVEL\n"
"  -f, --format FMT      csv (default) or text, a plain mail body\n"
"      --state FILE      print only alerts new or escalated since the run\n"
"                        that wrote FILE, and update FILE\n"
"      --repeat-after DAYS  with --state, print an alert again after DAYS\n"
"      --asof DATE       the day of the run: days_since(), --state dates\n"
"                        and --anomaly's finished periods (default today)\n"
CLI_COMMON_HELP);
	if (status == TGT_EXIT_OK)
		tgt_fshut(stdout, "<stdout>");
	exit(status);
}

static int
severity_arg(const char *opt, const char *arg)
{
	int s = severity_parse(arg);

	if (s < 0)
		die_usage("%s: \"%s\" is not info, warning or critical", opt,
		    arg);
	return s;
}

static long
count_arg(const char *opt, const char *arg, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || errno != 0 || v < min || v > 100000)
		die_usage("%s: \"%s\" is not a whole number from %ld", opt,
		    arg, min);
	return v;
}

static double
drop_arg(const char *arg)
{
	size_t len = strlen(arg);
	num_t v;

	/* "30%" and "30" both mean 30 %. */
	if (num_parse(arg, len, '.', &v) != NUM_OK || v <= 0)
		die_usage("--drop: \"%s\" is not a percentage above 0", arg);
	if (arg[len - 1] != '%')
		v /= 100;
	if (v >= NUM_SCALE)
		die_usage("--drop: \"%s\" is not below 100%%", arg);
	return num_to_double(v);
}

static void
check_opts(struct alert_opts *o, const char *fmt)
{
	if (fmt != NULL && strcmp(fmt, "text") == 0)
		o->text = true;
	else if (fmt != NULL && strcmp(fmt, "csv") != 0)
		die_usage("-f: \"%s\" is not csv or text", fmt);
	if (o->text && o->cm.excel)
		die_usage("--excel applies to CSV output only");
	if (o->severity >= 0 && o->expr == NULL && !o->anomaly)
		die_usage("--severity needs -e or --anomaly");
	if (o->repeat_after > 0 && o->state == NULL)
		die_usage("--repeat-after needs --state");
	if (!o->anomaly && (o->value != NULL || o->drop > 0 || o->window > 0))
		die_usage("--value, --drop and --window need --anomaly");
	if (o->expr != NULL && o->no_builtin)
		die_usage("-e already leaves out the built-in rules");
	if (o->severity < 0)
		o->severity = SEV_WARNING;
	if (o->period == NULL)
		o->period = "period";
	if (o->value == NULL)
		o->value = "actual";
	if (o->drop == 0)
		o->drop = 0.30;
	if (o->window == 0)
		o->window = 3;
	if (o->stale_days == 0)
		o->stale_days = 7;
}

static void
parse_args(int argc, char **argv, struct alert_opts *o)
{
	const char *fmt = NULL;
	int c;

	memset(o, 0, sizeof(*o));
	o->severity = -1;
	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'e':
			if (o->expr != NULL)
				die_usage("-e given twice: join the rules "
				    "with ||");
			o->expr = optarg;
			break;
		case 'f':
			fmt = optarg;
			break;
		case 'k':
			o->keys = optarg;
			break;
		case OPT_ANOMALY:
			o->anomaly = true;
			break;
		case OPT_DROP:
			o->drop = drop_arg(optarg);
			break;
		case OPT_MIN_SEVERITY:
			o->min_sev = severity_arg("--min-severity", optarg);
			break;
		case OPT_NO_BUILTIN:
			o->no_builtin = true;
			break;
		case OPT_PERIOD:
			o->period = optarg;
			o->period_given = true;
			break;
		case OPT_REPEAT_AFTER:
			o->repeat_after = count_arg("--repeat-after", optarg,
			    1);
			break;
		case OPT_SEVERITY:
			o->severity = severity_arg("--severity", optarg);
			break;
		case OPT_STALE_DAYS:
			o->stale_days = count_arg("--stale-days", optarg, 1);
			break;
		case OPT_STATE:
			o->state = optarg;
			break;
		case OPT_VALUE:
			o->value = optarg;
			break;
		case OPT_WINDOW:
			o->window = count_arg("--window", optarg, 1);
			break;
		default:
			if (!cli_common_option(c, optarg, &o->cm, usage))
				usage(TGT_EXIT_ERROR);
		}
	}
	check_opts(o, fmt);
}

/* Rules */

/* Report an error in a rule's text (parse time). */
static _Noreturn void
rule_text_error(const struct arule *a, const char *field,
    const struct rule_err *err)
{
	if (a->src_file != NULL)
		die_at(a->src_file, a->src_line, "[alert.%s] %s: char %d: %s",
		    a->d.name, field, err->col, err->msg);
	if (!a->builtin)
		die("-e: char %d: %s", err->col, err->msg);
	die("built-in rule %s: %s: char %d: %s", a->d.name, field, err->col,
	    err->msg);
}

static void
compile(struct arule *a)
{
	struct rule_err err;

	if ((a->when = rule_parse(a->d.when, &err)) == NULL)
		rule_text_error(a, "when", &err);
	if (a->d.escalate != NULL &&
	    (a->esc = rule_parse(a->d.escalate, &err)) == NULL)
		rule_text_error(a, "escalate", &err);
	if (a->d.message != NULL &&
	    (a->msg = tmpl_parse(a->d.message, &err)) == NULL)
		rule_text_error(a, "message", &err);
}

static struct arule *
add_rule(struct run *r, struct alert_def d)
{
	struct arule *a;

	r->rules = xreallocarray(r->rules, r->nrules + 1, sizeof(*r->rules));
	a = &r->rules[r->nrules++];
	memset(a, 0, sizeof(*a));
	a->d = d;
	return a;
}

/* The rule named name, or NULL. */
static struct arule *
rule_named(struct run *r, const char *name)
{
	for (size_t i = 0; i < r->nrules; i++)
		if (strcmp(r->rules[i].d.name, name) == 0)
			return &r->rules[i];
	return NULL;
}

/*
 * Choose the rules once the first header is known: -e alone; else the
 * built-ins (for tgt-track output: a pace_pct column) unless --anomaly or
 * --no-builtin, each replaced by an [alert.NAME] of the same name, plus
 * the other [alert.NAME] rules.
 */
static void
choose_rules(struct run *r, const struct csv_row *hdr, const char *file)
{
	const struct alert_opts *o = r->o;
	struct alert_def *b;
	size_t nb;

	if (o->expr != NULL) {
		struct alert_def d = { xstrdup("expr"), xstrdup(o->expr),
		    (enum severity)o->severity, NULL, NULL };

		compile(add_rule(r, d));
		return;
	}
	nb = alert_builtins(r->conf.behind, r->conf.ahead,
	    (int)o->stale_days, &b);
	for (size_t i = 0; i < nb; i++) {
		if (o->anomaly || o->no_builtin ||
		    table_find(hdr, &r->conf, "pace_pct") < 0)
			alert_def_free(&b[i]);
		else
			add_rule(r, b[i])->builtin = true;
	}
	free(b);
	for (size_t i = 0; i < r->conf.nalerts; i++) {
		const struct conf_alert *c = &r->conf.alerts[i];
		struct arule *a = rule_named(r, c->name);
		struct alert_def d = { xstrdup(c->name), xstrdup(c->when),
		    (enum severity)severity_parse(c->severity),
		    c->message ? xstrdup(c->message) : NULL, NULL };

		if (a != NULL) {
			alert_def_free(&a->d);
			a->d = d;
			a->builtin = false;
		} else
			a = add_rule(r, d);
		a->src_file = r->conf.path;
		a->src_line = c->line;
	}
	for (size_t i = 0; i < r->nrules; i++)
		compile(&r->rules[i]);
	if (r->nrules == 0 && !o->anomaly)
		die_at(file, 0, "no rules: the built-in rules need tgt-track "
		    "output (no column \"pace_pct\"); give -e EXPR or "
		    "[alert.NAME] rules");
}

static void
free_rules(struct run *r)
{
	for (size_t i = 0; i < r->nrules; i++) {
		alert_def_free(&r->rules[i].d);
		rule_free(r->rules[i].when);
		rule_free(r->rules[i].esc);
		tmpl_free(r->rules[i].msg);
	}
	free(r->rules);
}

/* Columns */

struct finder {
	const struct csv_row *hdr;
	const struct tgt_conf *conf;
};

static int
find_col(void *ctx, const char *name)
{
	const struct finder *f = ctx;

	return table_find(f->hdr, f->conf, name);
}

static void
add_name(char ***v, size_t *n, const char *name)
{
	for (size_t i = 0; i < *n; i++)
		if (ascii_casecmp((*v)[i], name) == 0)
			return;
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xstrdup(name);
}

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

/* Add the canonical names of cells cols[0..n) to the used columns,
 * leaving out the key and period cells (already in the output). */
static void
add_used(struct run *r, const struct csv_row *hdr, const struct cols *c,
    const int *cols, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		bool skip = cols[i] == c->period;

		for (size_t k = 0; k < r->nkeys; k++)
			skip = skip || cols[i] == c->key[k];
		if (!skip)
			add_name(&r->used, &r->nused,
			    table_canon(&r->conf, hdr->field[cols[i]]));
	}
}

/* Bind a rule's parts to this header; die naming the rule and place. */
static void
bind_rule(struct arule *a, struct finder *f, const char *file)
{
	struct rule_err err;
	const char *what = "when";
	int rc = rule_bind(a->when, find_col, f, &err);

	if (rc == 0 && a->esc != NULL) {
		what = "escalate";
		rc = rule_bind(a->esc, find_col, f, &err);
	}
	if (rc == 0 && a->msg != NULL) {
		what = "message";
		rc = tmpl_bind(a->msg, find_col, f, &err);
	}
	if (rc < 0)
		die_at(file, 0, "rule %s: %s: char %d: %s", a->d.name, what,
		    err.col, err.msg);
}

/* Decide key and used column names from the first header. */
static void
set_names(struct run *r, const struct csv_row *hdr, const char *file)
{
	int per = table_find(hdr, &r->conf, r->o->period);

	if (per < 0 && (r->o->period_given || r->o->anomaly))
		table_require(hdr, &r->conf, r->o->period, file);
	r->has_period = per >= 0;
	if (r->o->keys != NULL) {
		size_t n;
		char **v = table_split_list(r->o->keys, &n);

		for (size_t i = 0; i < n; i++) {
			add_name(&r->keys, &r->nkeys, v[i]);
			free(v[i]);
		}
		free(v);
	} else {
		for (int i = 0; i < per; i++)
			add_name(&r->keys, &r->nkeys,
			    table_canon(&r->conf, hdr->field[i]));
	}
	choose_rules(r, hdr, file);
}

/* The columns of the rules (when, escalate, message) after the keys. */
static void
add_rule_cols(struct run *r, const struct csv_row *hdr, const struct cols *c)
{
	for (size_t i = 0; i < r->nrules; i++) {
		const struct arule *a = &r->rules[i];
		const int *cols;
		size_t n;

		cols = rule_columns(a->when, &n);
		add_used(r, hdr, c, cols, n);
		if (a->esc != NULL) {
			cols = rule_columns(a->esc, &n);
			add_used(r, hdr, c, cols, n);
		}
		if (a->msg != NULL) {
			cols = tmpl_columns(a->msg, &n);
			add_used(r, hdr, c, cols, n);
		}
	}
}

/* --anomaly's columns: the value, then three computed ones. */
static void
add_anomaly_cols(struct run *r)
{
	add_name(&r->used, &r->nused, r->o->value);
	r->value_used = 0;
	while (ascii_casecmp(r->used[r->value_used], r->o->value) != 0)
		r->value_used++;
	add_name(&r->used, &r->nused, "mean");
	add_name(&r->used, &r->nused, "drop_pct");
	add_name(&r->used, &r->nused, "robust_z");
}

/* Cells left of the period that are not keys: a "*" there marks a
 * subtotal of rows --anomaly already sums. */
static void
find_sub(const struct run *r, struct cols *c)
{
	c->sub = xcalloc(c->period > 0 ? (size_t)c->period : 1,
	    sizeof(*c->sub));
	c->nsub = 0;
	for (int i = 0; r->o->anomaly && i < c->period; i++) {
		bool key = false;

		for (size_t k = 0; k < r->nkeys; k++)
			key = key || c->key[k] == i;
		if (!key)
			c->sub[c->nsub++] = i;
	}
}

static void
find_cols(struct run *r, const struct csv_row *hdr, const char *file,
    struct cols *c)
{
	struct finder f = { hdr, &r->conf };
	bool first = !r->named;

	if (first)
		set_names(r, hdr, file);
	r->named = true;
	c->key = xcalloc(r->nkeys, sizeof(*c->key));
	for (size_t i = 0; i < r->nkeys; i++)
		c->key[i] = table_require(hdr, &r->conf, r->keys[i], file);
	c->period = r->has_period ?
	    table_require(hdr, &r->conf, r->o->period, file) : -1;
	for (size_t i = 0; i < r->nrules; i++)
		bind_rule(&r->rules[i], &f, file);
	if (first)
		add_rule_cols(r, hdr, c);
	c->value = -1;
	if (r->o->anomaly) {
		c->value = table_require(hdr, &r->conf, r->o->value, file);
		if (first)
			add_anomaly_cols(r);
	}
	find_sub(r, c);
	/* The last three columns of --anomaly are computed, not read. */
	c->used = xcalloc(r->nused, sizeof(*c->used));
	for (size_t i = 0; i < r->nused; i++)
		c->used[i] = r->o->anomaly && i >= r->nused - 3 ? -1 :
		    table_require(hdr, &r->conf, r->used[i], file);
}

static void
free_cols(struct cols *c)
{
	free(c->key);
	free(c->used);
	free(c->sub);
}

/* Rows */

static void
init_alert(const struct run *r, struct raised *a, enum severity sev,
    const char *rule)
{
	memset(a, 0, sizeof(*a));
	a->sev = sev;
	a->rule = rule;
	a->key = xcalloc(r->nkeys, sizeof(*a->key));
	a->extra = xcalloc(r->nused, sizeof(*a->extra));
}

static void
free_alert(const struct run *r, struct raised *a)
{
	for (size_t k = 0; k < r->nkeys; k++)
		free(a->key[k]);
	for (size_t k = 0; k < r->nused; k++)
		free(a->extra[k]);
	free(a->key);
	free(a->extra);
	free(a->period);
	free(a->msg);
}

static void
write_header(struct run *r)
{
	r->out = csvout_open(r->o->cm.output, r->o->cm.excel);
	csvout_cell(r->out, "severity");
	csvout_cell(r->out, "rule");
	for (size_t k = 0; k < r->nkeys; k++)
		csvout_cell(r->out, r->keys[k]);
	csvout_cell(r->out, "period");
	csvout_cell(r->out, "message");
	for (size_t k = 0; k < r->nused; k++)
		csvout_cell(r->out, r->used[k]);
	csvout_end(r->out);
}

static void
write_row(struct run *r, const struct raised *a)
{
	csvout_cell(r->out, severity_name(a->sev));
	csvout_cell(r->out, a->rule);
	for (size_t k = 0; k < r->nkeys; k++)
		csvout_cell(r->out, a->key[k]);
	csvout_cell(r->out, a->period);
	csvout_cell(r->out, a->msg);
	for (size_t k = 0; k < r->nused; k++)
		csvout_cell(r->out, a->extra[k] ? a->extra[k] : "");
	csvout_end(r->out);
}

/*
 * Print an alert (taking it over) unless the state has seen it.  CSV
 * streams: memory stays flat however many rows alert; text is kept to be
 * sorted by severity.
 */
static void
emit(struct run *r, struct raised *a)
{
	if (r->o->state != NULL && astate_note(&r->st, a->rule, a->period,
	    (const char *const *)a->key, r->nkeys, a->sev, r->asof,
	    r->o->repeat_after) == AS_SAME) {
		free_alert(r, a);
		return;
	}
	r->found++;
	if (r->o->text) {
		r->text = xreallocarray(r->text, r->ntext + 1,
		    sizeof(*r->text));
		r->text[r->ntext++] = *a;
		return;
	}
	write_row(r, a);
	free_alert(r, a);
}

static int
eval_or_die(const struct rule *rule, const struct arule *a,
    const struct rule_row *rr, const char *file, long line)
{
	struct rule_err err;
	int rc = rule_eval(rule, rr, &err);

	if (rc < 0)
		die_at(file, line, "rule %s: char %d: %s", a->d.name, err.col,
		    err.msg);
	return rc;
}

static void
run_rules(struct run *r, const struct csv_row *row, const struct cols *c,
    const char *file)
{
	const struct rule_row rr = {
		(const char *const *)row->field, row->n, r->conf.decimal,
		r->conf.date_order, r->asof
	};

	for (size_t i = 0; i < r->nrules; i++) {
		const struct arule *a = &r->rules[i];
		enum severity sev = a->d.sev;
		struct raised al;

		if (!eval_or_die(a->when, a, &rr, file, row->line))
			continue;
		if (a->esc != NULL && eval_or_die(a->esc, a, &rr, file,
		    row->line))
			sev = SEV_CRITICAL;
		if ((int)sev < r->o->min_sev)
			continue;
		init_alert(r, &al, sev, a->d.name);
		for (size_t k = 0; k < r->nkeys; k++)
			al.key[k] = xstrdup(row->field[c->key[k]]);
		al.period = xstrdup(c->period >= 0 ? row->field[c->period] :
		    "");
		al.msg = a->msg != NULL ? tmpl_render(a->msg, rr.cell, rr.n,
		    r->conf.decimal) : xstrdup(a->d.when);
		for (size_t k = 0; k < r->nused && !r->o->text; k++)
			if (c->used[k] >= 0)
				al.extra[k] = xstrdup(row->field[c->used[k]]);
		emit(r, &al);
	}
}

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

static void
add_point(struct run *r, const struct csv_row *row, const struct cols *c,
    const char *file)
{
	const char *s = row->field[c->period];
	size_t len = strlen(s), klen = 2;
	struct anomaly_point *ap;
	struct point *p;
	const char *why;

	if (is_subtotal(row, c)) {
		r->nsubtotal++;
		return;
	}
	r->pt = xreallocarray(r->pt, r->npt + 1, sizeof(*r->pt));
	r->ap = xreallocarray(r->ap, r->npt + 1, sizeof(*r->ap));
	p = &r->pt[r->npt];
	ap = &r->ap[r->npt];
	memset(p, 0, sizeof(*p));
	memset(ap, 0, sizeof(*ap));
	ap->seq = ap->data = r->npt++;
	s = trim_span(s, &len);
	if ((why = period_parse(s, len, &r->conf.fy, r->conf.date_order,
	    &ap->per)) != NULL)
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" as "
		    "a period: %s", r->o->period, (int)len, s, why);
	p->label = xstrndup(s, len);
	s = row->field[c->value];
	len = strlen(s);
	s = trim_span(s, &len);
	/* An empty value is a period without sales. */
	switch (len == 0 ? NUM_OK : num_parse(s, len, r->conf.decimal,
	    &ap->value)) {
	case NUM_OK:
		break;
	case NUM_RANGE:
		die_at(file, row->line, "column \"%s\": \"%.*s\" is too large",
		    r->o->value, (int)len, s);
	default:
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" as "
		    "a number", r->o->value, (int)len, s);
	}
	p->cells = xcalloc(r->nkeys, sizeof(*p->cells));
	for (size_t k = 0; k < r->nkeys; k++) {
		p->cells[k] = xstrdup(row->field[c->key[k]]);
		klen += strlen(p->cells[k]) + 1;
	}
	/* The granularity is part of the series: months and quarters of
	 * one key are two series. */
	p->series = xcalloc(1, klen);
	p->series[0] = (char)('A' + ap->per.gran);
	for (size_t k = 0; k < r->nkeys; k++) {
		strcat(p->series, "\x1f");
		strcat(p->series, p->cells[k]);
	}
	ap->series = p->series;
}

static void
read_file(struct run *r, const char *path)
{
	struct csvin *in = csvin_open(path, &r->in);
	const struct csv_row *hdr, *row;
	struct cols c;
	char *file;
	int rc;

	if (csvin_header(in, &hdr) == -1)
		die("%s", csvin_error(in));
	file = xstrdup(csvin_name(in));
	find_cols(r, hdr, file, &c);
	if (!r->o->text && r->out == NULL)
		write_header(r);
	while ((rc = csvin_next(in, &row)) == 1) {
		run_rules(r, row, &c, file);
		if (r->o->anomaly)
			add_point(r, row, &c, file);
	}
	if (rc < 0)
		die("%s", csvin_error(in));
	csvin_report_skips(in);
	csvin_close(in);
	free_cols(&c);
	free(file);
}

/* --anomaly */

static char *
fmt_money(const struct run *r, num_t v)
{
	char buf[NUM_FMT_MAX];

	return xstrdup(num_format(v, r->conf.precision, 0, buf, sizeof(buf)));
}

static char *
fmt_one(double d)
{
	char buf[64];

	return xstrdup(pct_format(d, buf, sizeof(buf)));
}

static void
raise_anomaly(struct run *r, const struct point *p,
    const struct anomaly_hit *h)
{
	const struct anomaly *an = &h->a;
	struct raised al;
	num_t mean = 0;
	char *vs, *ms, *ds, *zs;

	if (num_from_double(an->mean, &mean) < 0)
		mean = 0;
	init_alert(r, &al, (enum severity)r->o->severity, "anomaly");
	for (size_t k = 0; k < r->nkeys; k++)
		al.key[k] = xstrdup(p->cells[k]);
	al.period = xstrdup(p->label);
	vs = fmt_money(r, h->value);
	ms = fmt_money(r, mean);
	ds = an->has_drop ? fmt_one(an->drop_pct) : xstrdup("");
	zs = an->has_z ? fmt_one(an->z) : xstrdup("");
	if (an->by_drop)
		al.msg = xasprintf("%s %s is %s%% below the mean %s of the "
		    "previous %ld period%s", r->o->value, vs, ds, ms,
		    r->o->window, r->o->window == 1 ? "" : "s");
	else
		al.msg = xasprintf("%s %s has a robust z-score of %s against "
		    "the previous %zu period%s", r->o->value, vs, zs, h->nprev,
		    h->nprev == 1 ? "" : "s");
	al.extra[r->value_used] = vs;
	al.extra[r->nused - 3] = ms;
	al.extra[r->nused - 2] = ds;
	al.extra[r->nused - 1] = zs;
	emit(r, &al);
}

static void
run_anomaly(struct run *r)
{
	struct anomaly_hit *hits;
	long n, open;
	size_t bad;

	n = anomaly_scan(r->ap, r->npt, r->asof, (size_t)r->o->window,
	    r->o->drop, &hits, &open, &bad);
	if (n < 0)
		die("column \"%s\": the sum for %s is too large", r->o->value,
		    r->pt[r->ap[bad].data].label);
	for (long i = 0; i < n && r->o->severity >= r->o->min_sev; i++)
		raise_anomaly(r, &r->pt[r->ap[hits[i].point].data], &hits[i]);
	free(hits);
	if (r->nsubtotal > 0)
		warnx_("--anomaly: left out %ld subtotal row%s (\"*\" in a "
		    "column that is not a key)", r->nsubtotal,
		    r->nsubtotal == 1 ? "" : "s");
	if (open > 0) {
		char day[DATE_FMT_MAX];

		warnx_("--anomaly: not judged: %ld row%s of periods not over "
		    "by %s", open, open == 1 ? "" : "s",
		    date_format(r->asof, day));
	}
}

/* Output */

/* Most severe first; within a severity, input order (the array order). */
static int
cmp_severity(const void *a, const void *b)
{
	const struct raised *x = *(struct raised *const *)a;
	const struct raised *y = *(struct raised *const *)b;

	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	return (x > y) - (x < y);
}

/* -o FILE for text: a temporary file renamed over FILE at the end. */
static char *text_tmp;

static void
remove_text_tmp(void *arg)
{
	(void)arg;
	if (text_tmp != NULL)
		unlink(text_tmp);
}

static void
write_text(const struct run *r)
{
	const char *path = r->o->cm.output;
	struct raised **v = xcalloc(r->ntext, sizeof(*v));
	size_t n = r->ntext;
	FILE *fp = stdout;
	int handle = -1;

	for (size_t i = 0; i < n; i++)
		v[i] = &r->text[i];

	if (path != NULL && strcmp(path, "-") != 0) {
		int fd;

		text_tmp = xasprintf("%s.XXXXXX", path);
		if ((fd = mkstemp(text_tmp)) < 0 ||
		    (fp = fdopen(fd, "w")) == NULL)
			die("%s: %s", path, strerror(errno));
		handle = tgt_cleanup_add(remove_text_tmp, NULL);
	}
	if (n > 0)
		qsort(v, n, sizeof(*v), cmp_severity);
	for (size_t i = 0; i < n; i++) {
		fprintf(fp, "%s %s", severity_name(v[i]->sev), v[i]->rule);
		for (size_t k = 0; k < r->nkeys; k++)
			fprintf(fp, " %s", v[i]->key[k]);
		if (v[i]->period[0] != '\0')
			fprintf(fp, " %s", v[i]->period);
		fprintf(fp, ": %s\n", v[i]->msg);
	}
	free(v);
	if (fp == stdout) {
		tgt_fshut(stdout, "<stdout>");
		return;
	}
	tgt_fshut(fp, path);
	if (rename(text_tmp, path) < 0)
		die("%s: %s", path, strerror(errno));
	tgt_cleanup_remove(handle);
	free(text_tmp);
	text_tmp = NULL;
}

static void
free_run(struct run *r)
{
	for (size_t i = 0; i < r->ntext; i++)
		free_alert(r, &r->text[i]);
	free(r->text);
	for (size_t i = 0; i < r->npt; i++) {
		for (size_t k = 0; k < r->nkeys; k++)
			free(r->pt[i].cells[k]);
		free(r->pt[i].cells);
		free(r->pt[i].series);
		free(r->pt[i].label);
	}
	free(r->pt);
	free(r->ap);
	for (size_t i = 0; i < r->nkeys; i++)
		free(r->keys[i]);
	free(r->keys);
	for (size_t i = 0; i < r->nused; i++)
		free(r->used[i]);
	free(r->used);
	free_rules(r);
	astate_free(&r->st);
	conf_free(&r->conf);
}

static void
load_state(struct run *r)
{
	char err[256];

	if (astate_load(&r->st, r->o->state, err, sizeof(err)) < 0)
		die("%s:%s%s", r->o->state, err[0] >= '0' && err[0] <= '9' ?
		    "" : " ", err);
}

int
main(int argc, char **argv)
{
	struct alert_opts o;
	struct run r;

	tgt_init(argv);
	parse_args(argc, argv, &o);
	memset(&r, 0, sizeof(r));
	r.o = &o;
	cli_setup(&o.cm, &r.conf, &r.in);
	r.asof = cli_asof(&o.cm, &r.conf);
	astate_init(&r.st);
	if (o.state != NULL)
		load_state(&r);
	argc -= optind;
	argv += optind;
	if (argc == 0)
		read_file(&r, NULL);
	for (int i = 0; i < argc; i++)
		read_file(&r, argv[i]);
	if (o.anomaly)
		run_anomaly(&r);
	if (o.text)
		write_text(&r);
	else
		csvout_close(r.out);
	/* The state moves on only once the alerts are out. */
	if (o.state != NULL) {
		char err[256];

		if (astate_save(&r.st, o.state, err, sizeof(err)) < 0)
			die("%s: %s", o.state, err);
	}
	free_run(&r);
	return r.found > 0 ? TGT_EXIT_FOUND : TGT_EXIT_OK;
}
