/*
 * output: tgt-split's --funnel parameters and its output (target,
 * original_target, stretch, funnel columns).
 */
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "util.h"

/* ----- funnel parameters ----- */

static struct split_fparam *
fparam_of(struct split_output *o, const char *name, size_t len)
{
	static const char *const names[] = {
		"deal_size", "win_rate", "lead_rate"
	};
	struct split_fparam *p[] = {
		&o->deal_size, &o->win_rate, &o->lead_rate
	};

	for (size_t i = 0; i < 3; i++)
		if (strlen(names[i]) == len &&
		    ascii_ncasecmp(names[i], name, len) == 0)
			return p[i];
	return NULL;
}

const char *
split_funnel_parse(const char *spec, struct split_output *o, char *buf,
    size_t bufsize)
{
	const char *s = spec;

	while (*s != '\0') {
		const char *end = strchr(s, ','), *eq, *v;
		size_t len, klen, vlen;
		struct split_fparam *p;

		len = end ? (size_t)(end - s) : strlen(s);
		s = trim_span(s, &len);
		eq = memchr(s, '=', len);
		if (eq == NULL) {
			snprintf(buf, bufsize, "\"%.*s\" is not NAME=VALUE",
			    (int)len, s);
			return buf;
		}
		klen = (size_t)(eq - s);
		v = trim_span(eq + 1, (vlen = len - klen - 1, &vlen));
		s = trim_span(s, &klen);
		if ((p = fparam_of(o, s, klen)) == NULL) {
			snprintf(buf, bufsize, "unknown parameter \"%.*s\" "
			    "(deal_size, win_rate, lead_rate)", (int)klen, s);
			return buf;
		}
		if (vlen == 0) {
			snprintf(buf, bufsize, "%.*s: empty value", (int)klen,
			    s);
			return buf;
		}
		free(p->col);
		p->col = NULL;
		p->given = true;
		if (num_parse(v, vlen, '.', &p->value) != NUM_OK)
			p->col = xstrndup(v, vlen);
		if (end == NULL)
			break;
		s = end + 1;
	}
	if (!o->deal_size.given)
		return "deal_size is required";
	if (!o->deal_size.col && o->deal_size.value <= 0)
		return "deal_size must be above 0";
	if ((o->win_rate.given && !o->win_rate.col && (o->win_rate.value <= 0 ||
	    o->win_rate.value > NUM_SCALE)) || (o->lead_rate.given &&
	    !o->lead_rate.col && (o->lead_rate.value <= 0 ||
	    o->lead_rate.value > NUM_SCALE)))
		return "rates must be above 0 and at most 100%";
	if (o->lead_rate.given && !o->win_rate.given)
		return "lead_rate needs win_rate";
	o->has_funnel = true;
	return NULL;
}

void
split_output_free(struct split_output *o)
{
	free(o->deal_size.col);
	free(o->win_rate.col);
	free(o->lead_rate.col);
	o->deal_size.col = o->win_rate.col = o->lead_rate.col = NULL;
}

/* ----- output ----- */

static num_t
fparam_value(const struct split_fparam *p, const struct split_row *r,
    const struct tgt_conf *conf)
{
	for (int i = 0; i < 2; i++) {
		const struct table *t = r->src[i];
		const char *c;
		int col;
		num_t v;

		if (t == NULL || (col = table_col(t, conf, p->col)) < 0)
			continue;
		c = t->rows[r->srcrow[i]][col];
		if (num_parse(c, strlen(c), conf->decimal, &v) != NUM_OK)
			die_at(t->file, t->lines[r->srcrow[i]], "column \"%s\": "
			    "cannot read \"%s\" as a number", t->cols[col], c);
		return v;
	}
	if (r->src[0] != NULL && r->src[1] != NULL)
		die("--funnel: no column \"%s\" in %s or %s", p->col,
		    r->src[0]->file, r->src[1]->file);
	die("--funnel: no column \"%s\" in %s", p->col, r->src[0] ?
	    r->src[0]->file : r->src[1] ? r->src[1]->file : "the input");
}

static void
write_header(const struct split_set *s, struct csvout *out,
    const struct split_output *o)
{
	for (size_t j = 0; j < s->nkeys; j++)
		csvout_cell(out, s->names[j]);
	if (s->has_period)
		csvout_cell(out, "period");
	csvout_cell(out, "target");
	if (s->has_original)
		csvout_cell(out, "original_target");
	if (o->has_stretch)
		csvout_cell(out, "stretch");
	if (o->has_funnel) {
		csvout_cell(out, "deals");
		if (o->win_rate.given)
			csvout_cell(out, "opportunities");
		if (o->lead_rate.given)
			csvout_cell(out, "leads");
	}
	csvout_end(out);
}

static void
write_funnel(const struct split_row *r, struct csvout *out,
    const struct split_output *o, const struct tgt_conf *conf)
{
	const struct split_fparam *p[] = {
		&o->deal_size, &o->win_rate, &o->lead_rate
	};
	num_t v[3] = { 0, NUM_SCALE, NUM_SCALE };
	int64_t c[3];
	char buf[32];

	for (int i = 0; i < 3; i++)
		if (p[i]->given)
			v[i] = p[i]->col ? fparam_value(p[i], r, conf) :
			    p[i]->value;
	if (split_funnel(r->target, v[0], v[1], v[2], &c[0], &c[1], &c[2]) !=
	    SPLIT_OK)
		die_at(r->file, r->line, "--funnel: deal_size must be above 0 "
		    "and rates above 0 and at most 100%%");
	for (int i = 0; i < 3 && out != NULL; i++) {
		if (!p[i]->given)
			continue;
		snprintf(buf, sizeof(buf), "%lld", (long long)c[i]);
		csvout_cell(out, buf);
	}
}

/* The funnel is of money: a row of another metric (orders, customers)
 * gets empty funnel cells. */
static bool
funnel_applies(const struct split_row *r, long mk)
{
	return mk < 0 || strcmp(r->keys[mk], "amount") == 0;
}

static void
empty_funnel(struct csvout *out, const struct split_output *o)
{
	csvout_cell(out, "");
	if (o->win_rate.given)
		csvout_cell(out, "");
	if (o->lead_rate.given)
		csvout_cell(out, "");
}

/* stretch = target x (1 + pct), rounded to the unit. */
static num_t
stretch_of(const struct split_row *r, const struct split_output *o)
{
	num_t v;

	if (num_mul(r->target, NUM_SCALE + o->stretch, &v) != 0)
		die_at(r->file, r->line, "stretch target is out of range");
	return num_round_to(v, o->unit);
}

void
split_write_header(const struct split_set *s, struct csvout *out,
    const struct split_output *o)
{
	write_header(s, out, o);
}

/* Check every row first: a bad funnel cell must not leave half a table
 * on stdout. */
static void
check_rows(const struct split_set *s, const struct split_output *o,
    const struct tgt_conf *conf)
{
	long mk = split_metric_key(s);

	for (size_t i = 0; i < s->n; i++) {
		if (o->has_stretch)
			stretch_of(&s->rows[i], o);
		if (o->has_funnel && funnel_applies(&s->rows[i], mk))
			write_funnel(&s->rows[i], NULL, o, conf);
	}
}

static void
write_rows(const struct split_set *s, struct csvout *out,
    const struct split_output *o, const struct tgt_conf *conf)
{
	char buf[NUM_FMT_MAX], pb[PERIOD_FMT_MAX];
	long mk = split_metric_key(s);

	for (size_t i = 0; i < s->n; i++) {
		const struct split_row *r = &s->rows[i];

		for (size_t j = 0; j < s->nkeys; j++)
			csvout_cell(out, r->keys[j]);
		if (s->has_period)
			csvout_cell(out, period_format(&r->period, &conf->fy,
			    pb));
		csvout_cell(out, num_format(r->target, o->precision, 0, buf,
		    sizeof(buf)));
		if (s->has_original)
			csvout_cell(out, num_format(r->original, o->precision,
			    0, buf, sizeof(buf)));
		if (o->has_stretch)
			csvout_cell(out, num_format(stretch_of(r, o),
			    o->precision, 0, buf, sizeof(buf)));
		if (o->has_funnel && funnel_applies(r, mk))
			write_funnel(r, out, o, conf);
		else if (o->has_funnel)
			empty_funnel(out, o);
		csvout_end(out);
	}
}

void
split_write(const struct split_set *s, struct csvout *out,
    const struct split_output *o, const struct tgt_conf *conf)
{
	check_rows(s, o, conf);
	write_header(s, out, o);
	write_rows(s, out, o, conf);
}

void
split_write_rows(const struct split_set *s, struct csvout *out,
    const struct split_output *o, const struct tgt_conf *conf)
{
	check_rows(s, o, conf);
	write_rows(s, out, o, conf);
}
