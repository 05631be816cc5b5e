/*
 * derived: columns tgt-alert derives and the kinds of metrics (derived.h).
 */
#include <stdlib.h>
#include <string.h>

#include "builtin.h"
#include "derived.h"
#include "util.h"

static const char *const derived_names[DC_COUNT] = {
	"days_since_end", "last_sale", "days_since_sale"
};

int
derived_parse(const char *name)
{
	for (int i = 0; i < DC_COUNT; i++)
		if (ascii_casecmp(name, derived_names[i]) == 0)
			return i;
	return -1;
}

const char *
derived_name(enum derived_col dc)
{
	return derived_names[dc];
}

void
sales_init(struct sales *s, size_t nkeys)
{
	memset(s, 0, sizeof(*s));
	keymap_init(&s->keys, nkeys);
}

void
sales_free(struct sales *s)
{
	keymap_free(&s->keys);
	free(s->last);
	memset(s, 0, sizeof(*s));
}

void
sales_note(struct sales *s, const char *const *keys, day_t day)
{
	bool added;
	size_t i = keymap_add(&s->keys, keys, NULL, &added);

	if (i >= s->cap) {
		s->cap = s->cap ? 2 * s->cap : 64;
		s->last = xreallocarray(s->last, s->cap, sizeof(*s->last));
	}
	if (added || day > s->last[i])
		s->last[i] = day;
}

bool
sales_last(const struct sales *s, const char *const *keys, day_t *day)
{
	long i = keymap_find(&s->keys, keys, NULL);

	if (i < 0)
		return false;
	*day = s->last[i];
	return true;
}

/* The metrics every tgt tool knows (DESIGN.md "Metrics"). */
static const struct {
	const char *name;
	unsigned kind;
} builtin_metrics[] = {
	{ "amount",		MK_SUM | MK_ORDERS },
	{ "orders",		MK_COUNT | MK_ORDERS },
	{ "customers",		MK_DISTINCT | MK_ORDERS },
	{ "new_customers",	MK_NEW | MK_ORDERS },
	{ "aov",		MK_RATIO | MK_ORDERS },
};

static void
add_metric(struct metric_kinds *mk, const char *name, unsigned kind)
{
	mk->name = xreallocarray(mk->name, mk->n + 1, sizeof(*mk->name));
	mk->kind = xreallocarray(mk->kind, mk->n + 1, sizeof(*mk->kind));
	mk->name[mk->n] = xstrdup(name);
	mk->kind[mk->n++] = kind;
}

/* The kind a [metric.NAME] section defines. */
static unsigned
section_kind(const struct tgt_conf *conf, const struct conf_entry *sec)
{
	static const struct {
		const char *key;
		unsigned kind;
	} keys[] = {
		{ "sum", MK_SUM }, { "count", MK_COUNT },
		{ "distinct", MK_DISTINCT }, { "new", MK_NEW },
		{ "ratio", MK_RATIO },
	};
	unsigned kind = 0;

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (conf_get(conf, sec->section, keys[i].key, NULL) != NULL) {
			kind = keys[i].kind;
			break;
		}
	if (kind == 0)
		die_at(conf->path, sec->line, "[%s]: needs one of sum, count, "
		    "distinct, new, ratio", sec->section);
	if (conf_get(conf, sec->section, "input", NULL) == NULL)
		kind |= MK_ORDERS;
	return kind;
}

void
metric_kinds_init(struct metric_kinds *mk, const struct tgt_conf *conf)
{
	const struct conf_entry *sec;
	size_t iter = 0;

	memset(mk, 0, sizeof(*mk));
	for (size_t i = 0; i < sizeof(builtin_metrics) /
	    sizeof(builtin_metrics[0]); i++)
		add_metric(mk, builtin_metrics[i].name, builtin_metrics[i].kind);
	while ((sec = conf_section(conf, "metric.", &iter)) != NULL)
		add_metric(mk, sec->section + strlen("metric."),
		    section_kind(conf, sec));
}

void
metric_kinds_free(struct metric_kinds *mk)
{
	for (size_t i = 0; i < mk->n; i++)
		free(mk->name[i]);
	free(mk->name);
	free(mk->kind);
	memset(mk, 0, sizeof(*mk));
}

int
metric_kind(const struct metric_kinds *mk, const char *name, unsigned *kind)
{
	size_t len = strlen(name);

	name = trim_span(name, &len);
	if (len == 0) {
		*kind = mk->kind[0];
		return 0;
	}
	/* A section named like a built-in redefines it: the last one wins. */
	for (size_t i = mk->n; i-- > 0; )
		if (strlen(mk->name[i]) == len &&
		    ascii_ncasecmp(mk->name[i], name, len) == 0) {
			*kind = mk->kind[i];
			return 0;
		}
	return -1;
}
