/*
 * run_anomaly: the --anomaly part of the tgt-alert engine: rows summed
 * into the periods of their series as they are read, then judged at the
 * end (anomaly.h) and raised as alerts.
 */
#include <stdlib.h>
#include <string.h>

#include "num.h"
#include "run_impl.h"
#include "util.h"

/* --anomaly's columns: the value, then three computed ones. */
void
run_anomaly_columns(struct alertrun *ar)
{
	run_add_name(&ar->used, &ar->nused, ar->o.value);
	ar->value_used = 0;
	while (ascii_casecmp(ar->used[ar->value_used], ar->o.value) != 0)
		ar->value_used++;
	run_add_name(&ar->used, &ar->nused, "mean");
	run_add_name(&ar->used, &ar->nused, "drop_pct");
	run_add_name(&ar->used, &ar->nused, "robust_z");
}

/* --anomaly rows */

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

/* The value cell of row; an empty cell is a period without sales. */
static num_t
row_value(const struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, const char *file)
{
	const char *s = row->field[c->value];
	size_t len = strlen(s);
	num_t v = 0;

	s = trim_span(s, &len);
	switch (len == 0 ? NUM_OK : num_parse(s, len, ar->o.conf->decimal,
	    &v)) {
	case NUM_OK:
		return v;
	case NUM_RANGE:
		die_at(file, row->line, "column \"%s\": \"%.*s\" is too large",
		    ar->o.value, (int)len, s);
	default:
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" as "
		    "a number", ar->o.value, (int)len, s);
	}
}

/* The row's period, grouped into --by's granularity. */
static void
anomaly_period(struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, const char *file, struct period *per)
{
	struct period by;
	char label[PERIOD_FMT_MAX];

	if (!run_row_period(ar, row, c->period, file, per))
		die_at(file, row->line, "column \"%s\": empty period",
		    ar->o.period);
	if (!ar->o.has_by)
		return;
	by = period_of(per->start, ar->o.by, &ar->o.conf->fy);
	if (!period_within(per, &by))
		die_at(file, row->line, "column \"%s\": %s is not within one "
		    "%s (--by)", ar->o.period, period_format(per,
		    &ar->o.conf->fy, label), gran_name(ar->o.by));
	*per = by;
}

void
run_anomaly_row(struct alertrun *ar, const struct csv_row *row,
    const struct cols *c, const char *file, bool judge)
{
	struct period per;
	const char **keys;
	num_t v;

	if (is_subtotal(row, c)) {
		ar->nsubtotal++;
		return;
	}
	anomaly_period(ar, row, c, file, &per);
	v = row_value(ar, row, c, file);
	keys = run_row_keys(ar, row, c);
	if (anomaly_add(&ar->an, keys, &per, v, judge) < 0)
		die_at(file, row->line, "column \"%s\": the sum for the "
		    "period is too large", ar->o.value);
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
raise_anomaly(struct alertrun *ar, const struct anomaly_hit *h)
{
	const struct alertrun_opts *o = &ar->o;
	const struct anomaly *an = &h->a;
	struct alert_raised al;
	char label[PERIOD_FMT_MAX];
	num_t mean = 0;
	char *vs, *ms, *ds, *zs;

	if (num_from_double(an->mean, &mean) < 0)
		mean = 0;
	alert_raised_init(&al, o->severity, "anomaly", ar->nkeys, ar->nused);
	for (size_t k = 0; k < ar->nkeys; k++)
		al.key[k] = xstrdup(anomaly_key(&ar->an, h->series, k));
	al.period = xstrdup(period_format(&h->per, &o->conf->fy, label));
	vs = fmt_money(ar, h->value);
	ms = fmt_money(ar, mean);
	ds = an->has_drop ? fmt_one(an->drop_pct) : xstrdup("");
	zs = an->has_z ? fmt_one(an->z) : xstrdup("");
	if (an->by_drop)
		al.msg = xasprintf("%s %s%s is %s%% below the mean %s of the "
		    "previous %ld period%s", o->value, vs, h->no_row ?
		    " (no row)" : "", ds, ms, o->window,
		    o->window == 1 ? "" : "s");
	else
		al.msg = xasprintf("%s %s%s has a robust z-score of %s against "
		    "the previous %zu period%s", o->value, vs, h->no_row ?
		    " (no row)" : "", zs, h->nprev, h->nprev == 1 ? "" : "s");
	al.extra[ar->value_used] = vs;
	al.extra[ar->nused - 3] = ms;
	al.extra[ar->nused - 2] = ds;
	al.extra[ar->nused - 1] = zs;
	run_emit(ar, &al);
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

void
run_anomaly_judge(struct alertrun *ar)
{
	const struct alertrun_opts *o = &ar->o;
	const struct anomaly_opts ao = {
		o->asof, (size_t)o->window, o->drop, o->in, &o->conf->fy
	};
	struct anomaly_hit *hits;
	long open;
	size_t n = anomaly_judge(&ar->an, &ao, &hits, &open);

	for (size_t i = 0; i < n && o->severity >= o->min_sev; i++)
		raise_anomaly(ar, &hits[i]);
	free(hits);
	warn_unjudged(ar, open);
}

