/*
 * rules: choosing, parsing, binding and evaluating the rules of one
 * tgt-alert run (rules.h).
 */
#include <stdlib.h>
#include <string.h>

#include "rules.h"
#include "util.h"

/* Report an error in a rule's text (parse time). */
static _Noreturn void
text_error(const struct alert_rule *a, const char *field,
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
compile(struct alert_rule *a)
{
	struct rule_err err;

	if ((a->when = rule_parse(a->d.when, &err)) == NULL)
		text_error(a, "when", &err);
	if (a->d.escalate != NULL &&
	    (a->esc = rule_parse(a->d.escalate, &err)) == NULL)
		text_error(a, "escalate", &err);
	if (a->d.message != NULL &&
	    (a->msg = tmpl_parse(a->d.message, &err)) == NULL)
		text_error(a, "message", &err);
}

static struct alert_rule *
add_rule(struct alert_rules *rs, struct alert_def d)
{
	struct alert_rule *a;

	rs->v = xreallocarray(rs->v, rs->n + 1, sizeof(*rs->v));
	a = &rs->v[rs->n++];
	memset(a, 0, sizeof(*a));
	a->d = d;
	return a;
}

/* The rule named name, or NULL. */
static struct alert_rule *
rule_named(struct alert_rules *rs, const char *name)
{
	for (size_t i = 0; i < rs->n; i++)
		if (strcmp(rs->v[i].d.name, name) == 0)
			return &rs->v[i];
	return NULL;
}

void
alert_rules_expr(struct alert_rules *rs, const char *expr, enum severity sev)
{
	struct alert_def d = { xstrdup("expr"), xstrdup(expr), sev, NULL,
	    NULL, 0 };

	compile(add_rule(rs, d));
}

/* Put [alert.NAME] c in place of the rule of the same name, or add it. */
static struct alert_rule *
overlay(struct alert_rules *rs, const struct conf_alert *c)
{
	struct alert_rule *a = rule_named(rs, c->name);
	struct alert_def d = { xstrdup(c->name), xstrdup(c->when),
	    (enum severity)severity_parse(c->severity),
	    c->message ? xstrdup(c->message) : NULL, NULL, 0 };

	if (a == NULL)
		return add_rule(rs, d);
	alert_def_free(&a->d);
	a->d = d;
	a->builtin = false;
	return a;
}

void
alert_rules_config(struct alert_rules *rs, const struct tgt_conf *conf,
    bool builtins, const struct builtin_limits *lim)
{
	size_t first = rs->n;
	struct alert_def *b;
	size_t nb;

	nb = alert_builtins(lim, &b);
	for (size_t i = 0; i < nb; i++) {
		if (builtins)
			add_rule(rs, b[i])->builtin = true;
		else
			alert_def_free(&b[i]);
	}
	free(b);
	for (size_t i = 0; i < conf->nalerts; i++) {
		struct alert_rule *a = overlay(rs, &conf->alerts[i]);

		a->src_file = conf->path;
		a->src_line = conf->alerts[i].line;
	}
	for (size_t i = first; i < rs->n; i++)
		compile(&rs->v[i]);
}

/* Bind a rule's parts to this header; die naming the rule and place. */
static void
bind_rule(struct alert_rule *a, rule_find_fn find_col, void *f,
    const char *file)
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

void
alert_rules_bind(struct alert_rules *rs, rule_find_fn find, void *ctx,
    const char *file)
{
	for (size_t i = 0; i < rs->n; i++)
		bind_rule(&rs->v[i], find, ctx, file);
}

static bool
uses(const int *cols, size_t n, int col)
{
	for (size_t i = 0; i < n; i++)
		if (cols[i] == col)
			return true;
	return false;
}

bool
alert_rules_use(const struct alert_rules *rs, int col)
{
	for (size_t i = 0; i < rs->n; i++) {
		const struct alert_rule *a = &rs->v[i];
		const int *cols;
		size_t n;

		cols = rule_columns(a->when, &n);
		if (uses(cols, n, col))
			return true;
		if (a->esc != NULL) {
			cols = rule_columns(a->esc, &n);
			if (uses(cols, n, col))
				return true;
		}
		if (a->msg != NULL) {
			cols = tmpl_columns(a->msg, &n);
			if (uses(cols, n, col))
				return true;
		}
	}
	return false;
}

static int
eval_or_die(const struct rule *rule, const struct alert_rule *a,
    const struct rule_row *row, const char *file, long line)
{
	struct rule_err err;
	int rc = rule_eval(rule, row, &err);

	if (rc < 0)
		die_at(file, line, "rule %s: char %d: %s", a->d.name, err.col,
		    err.msg);
	return rc;
}

int
alert_rules_eval(const struct alert_rules *rs, size_t i,
    const struct rule_row *row, unsigned kind, const char *file, long line)
{
	const struct alert_rule *a = &rs->v[i];

	if (!builtin_applies(a->d.kinds, kind))
		return -1;
	if (!eval_or_die(a->when, a, row, file, line))
		return -1;
	if (a->esc != NULL && eval_or_die(a->esc, a, row, file, line))
		return SEV_CRITICAL;
	return (int)a->d.sev;
}

void
alert_rules_free(struct alert_rules *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		alert_def_free(&rs->v[i].d);
		rule_free(rs->v[i].when);
		rule_free(rs->v[i].esc);
		tmpl_free(rs->v[i].msg);
	}
	free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}
