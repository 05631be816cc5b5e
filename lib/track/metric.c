/*
 * metric: the built-in metrics and [metric.NAME] (lib/track/metric.h).
 */
#include <stdlib.h>
#include <string.h>

#include "metric.h"
#include "util.h"

static struct metric *
add(struct metric_set *s, const char *name, enum metric_kind kind,
    const char *col)
{
	struct metric *m;

	if (s->n >= METRIC_MAX)
		die("%s: too many metrics (at most %d)", s->conf_path ?
		    s->conf_path : "tgt.ini", METRIC_MAX);
	s->m = xreallocarray(s->m, s->n + 1, sizeof(*s->m));
	m = &s->m[s->n++];
	memset(m, 0, sizeof(*m));
	m->name = xstrdup(name);
	m->kind = kind;
	m->col = col != NULL ? xstrdup(col) : NULL;
	return m;
}

static void
set_ratio(struct metric_set *s, struct metric *m, const char *num,
    const char *den)
{
	(void)s;
	m->kind = METRIC_RATIO;
	/* Resolved by metric_set_use(): the names are kept in col/date. */
	m->col = xasprintf("%s/%s", num, den);
}

static const char *const def_keys[] = { "sum", "count", "distinct", "new",
	"ratio" };

/* The operand names of "A / B" into a and b (trimmed); false if malformed. */
static bool
parse_ratio(const char *v, char **a, char **b)
{
	const char *slash = strchr(v, '/');
	size_t la, lb;
	const char *sa, *sb;

	if (slash == NULL || strchr(slash + 1, '/') != NULL)
		return false;
	la = (size_t)(slash - v);
	sa = trim_span(v, &la);
	lb = strlen(slash + 1);
	sb = trim_span(slash + 1, &lb);
	if (la == 0 || lb == 0)
		return false;
	*a = xstrndup(sa, la);
	*b = xstrndup(sb, lb);
	return true;
}

static void
load_section(struct metric_set *s, const struct tgt_conf *conf,
    const struct conf_entry *sec)
{
	const char *name = sec->section + strlen("metric.");
	const char *def = NULL, *v;
	size_t kind = 0;
	long line, dline = sec->line;
	struct metric *m;
	struct rule_err err;

	for (size_t k = 0; k < sizeof(def_keys) / sizeof(def_keys[0]); k++) {
		v = conf_get(conf, sec->section, def_keys[k], &line);
		if (v == NULL)
			continue;
		if (def != NULL)
			die_at(conf->path, line, "[%s]: %s and %s exclude each "
			    "other", sec->section, def_keys[kind], def_keys[k]);
		def = v;
		kind = k;
		dline = line;
	}
	if (def == NULL)
		die_at(conf->path, sec->line, "[%s]: say what it measures: "
		    "sum, count, distinct, new or ratio", sec->section);
	if (metric_find(s, name, strlen(name)) >= 0)
		die_at(conf->path, sec->line, "[%s]: metric \"%s\" is already "
		    "defined (built in)", sec->section, name);
	m = add(s, name, (enum metric_kind)kind, NULL);
	m->line = sec->line;
	switch (m->kind) {
	case METRIC_COUNT:
		if (ascii_casecmp(def, "yes") != 0 &&
		    ascii_casecmp(def, "true") != 0 && strcmp(def, "1") != 0)
			die_at(conf->path, dline, "[%s] count: \"%s\" is not "
			    "yes", sec->section, def);
		break;
	case METRIC_RATIO: {
		char *a, *b;

		if (!parse_ratio(def, &a, &b))
			die_at(conf->path, dline, "[%s] ratio: \"%s\" is not "
			    "METRIC / METRIC", sec->section, def);
		set_ratio(s, m, a, b);
		free(a);
		free(b);
		break;
	}
	default:
		if (*def == '\0')
			die_at(conf->path, dline, "[%s] %s: no column named",
			    sec->section, def_keys[kind]);
		m->col = xstrdup(def);
	}
	if ((v = conf_get(conf, sec->section, "date", &line)) != NULL) {
		if (m->kind == METRIC_RATIO)
			die_at(conf->path, line, "[%s] date: a ratio has the "
			    "dates of its operands", sec->section);
		m->date_col = xstrdup(v);
	}
	if ((v = conf_get(conf, sec->section, "input", &line)) != NULL) {
		if (m->kind == METRIC_RATIO)
			die_at(conf->path, line, "[%s] input: a ratio reads "
			    "the inputs of its operands", sec->section);
		m->input = xstrdup(v);
	}
	if ((v = conf_get(conf, sec->section, "where", &line)) != NULL) {
		if (m->kind == METRIC_RATIO)
			die_at(conf->path, line, "[%s] where: a ratio has the "
			    "filters of its operands", sec->section);
		m->where = rule_parse(v, &err);
		if (m->where == NULL)
			die_at(conf->path, line, "[%s] where: %s (character "
			    "%d)", sec->section, err.msg, err.col);
		m->where_src = xstrdup(v);
	}
}

void
metric_set_init(struct metric_set *s, const struct tgt_conf *conf,
    const char *value_col)
{
	const char *customer = conf_get(conf, "metric", "customer", NULL);
	const struct conf_entry *sec;
	size_t iter = 0;

	memset(s, 0, sizeof(*s));
	s->conf_path = conf->path;
	if (customer == NULL || *customer == '\0')
		customer = "customer";
	add(s, "amount", METRIC_SUM, value_col);
	add(s, "orders", METRIC_COUNT, NULL);
	add(s, "customers", METRIC_DISTINCT, customer);
	add(s, "new_customers", METRIC_NEW, customer);
	set_ratio(s, add(s, "aov", METRIC_RATIO, NULL), "amount", "orders");
	while ((sec = conf_section(conf, "metric.", &iter)) != NULL)
		load_section(s, conf, sec);
}

void
metric_set_single(struct metric_set *s, enum metric_kind kind,
    const char *col)
{
	memset(s, 0, sizeof(*s));
	add(s, "amount", kind, col);
	metric_set_use(s, 0);
}

void
metric_set_free(struct metric_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->m[i].name);
		free(s->m[i].col);
		free(s->m[i].date_col);
		free(s->m[i].where_src);
		free(s->m[i].input);
		rule_free(s->m[i].where);
	}
	free(s->m);
	memset(s, 0, sizeof(*s));
}

long
metric_find(const struct metric_set *s, const char *name, size_t len)
{
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->m[i].name) == len &&
		    ascii_ncasecmp(s->m[i].name, name, len) == 0)
			return (long)i;
	return -1;
}

static void
add_leaf(struct metric *m, size_t leaf)
{
	for (size_t j = 0; j < m->nleaf; j++)
		if (m->leaf[j] == leaf)
			return;
	m->leaf[m->nleaf++] = leaf;
}

/* Resolve the operands of ratio i; depth guards against cycles. */
static void
use(struct metric_set *s, size_t i, size_t depth)
{
	struct metric *m = &s->m[i];
	const char *slash;
	long a, b;

	if (depth > s->n)
		die_at(s->conf_path, m->line, "[metric.%s] ratio: \"%.*s / %s\" "
		    "leads back to itself (a cycle)", m->name,
		    (int)(strchr(m->col, '/') - m->col), m->col,
		    strchr(m->col, '/') + 1);
	if (m->used && m->nleaf > 0)
		return;
	m->used = true;
	m->nleaf = 0;
	if (m->kind != METRIC_RATIO) {
		add_leaf(m, i);
		return;
	}
	slash = strchr(m->col, '/');
	a = metric_find(s, m->col, (size_t)(slash - m->col));
	b = metric_find(s, slash + 1, strlen(slash + 1));
	if (a < 0 || b < 0)
		die_at(s->conf_path, m->line, "[metric.%s] ratio: no metric "
		    "named \"%.*s\"", m->name, a < 0 ? (int)(slash - m->col) :
		    (int)strlen(slash + 1), a < 0 ? m->col : slash + 1);
	m->num = (size_t)a;
	m->den = (size_t)b;
	use(s, m->num, depth + 1);
	use(s, m->den, depth + 1);
	for (size_t j = 0; j < s->m[m->num].nleaf; j++)
		add_leaf(m, s->m[m->num].leaf[j]);
	for (size_t j = 0; j < s->m[m->den].nleaf; j++)
		add_leaf(m, s->m[m->den].leaf[j]);
}

void
metric_set_use(struct metric_set *s, size_t i)
{
	use(s, i, 0);
}

bool
metric_is_count(const struct metric *m)
{
	return m->kind == METRIC_COUNT || m->kind == METRIC_DISTINCT ||
	    m->kind == METRIC_NEW;
}

bool
metric_eval(const struct metric_set *s, size_t i, const num_t *value,
    num_t *out)
{
	const struct metric *m = &s->m[i];
	num_t a, b;

	if (m->kind != METRIC_RATIO) {
		*out = value[i];
		return true;
	}
	if (!metric_eval(s, m->num, value, &a) ||
	    !metric_eval(s, m->den, value, &b) || b == 0)
		return false;
	return num_div(a, b, out) == 0;
}
