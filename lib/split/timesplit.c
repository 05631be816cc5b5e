/*
 * timesplit: split each row's period into children (tgt-split --into):
 * even over calendar days, by working days or by seasonality.
 */
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "util.h"

static const char *
plural(enum gran g)
{
	switch (g) {
	case G_DAY:
		return "days";
	case G_WEEK:
		return "weeks";
	case G_MONTH:
		return "months";
	case G_QUARTER:
		return "quarters";
	case G_HALF:
		return "halves";
	default:
		return "years";
	}
}

/*
 * The weights of the children of row r.  Returns NULL, or the message
 * (written into msg, SPLIT_DESC_MAX bytes) when they are all zero.
 */
static const char *
time_weights(const struct split_set *in, const struct split_row *r,
    const struct period *kids, size_t n, const struct split_time *o,
    const struct tgt_conf *conf, num_t *wn, double *wd, char *msg)
{
	const char **keys = NULL;
	char desc[SPLIT_DESC_MAX];
	bool any = false;
	size_t nk = 0;
	int st;

	if (o->mode != SPLIT_SEASON) {
		for (size_t i = 0; i < n; i++) {
			long d = o->mode == SPLIT_WORKDAYS ?
			    cal_count(&conf->cal, kids[i].start, kids[i].end,
			    true) : period_days(&kids[i]);

			wn[i] = NUM_FROM_INT(d);
			any = any || d > 0;
		}
		if (any)
			return NULL;
		snprintf(msg, SPLIT_DESC_MAX, "%s: no working days to split over",
		    split_row_desc(in, r, conf, desc));
		return msg;
	}
	/* As many season keys as -k named: no fixed bound (trust 20). */
	while (o->season_keys != NULL && o->season_keys[nk] >= 0)
		nk++;
	if (o->season_keys != NULL) {
		keys = xcalloc(nk + 1, sizeof(*keys));
		for (size_t j = 0; j < nk; j++)
			keys[j] = r->keys[o->season_keys[j]];
	}
	st = season_weights(o->season, keys, kids, n, wd);
	free(keys);
	if (st == SPLIT_OK)
		return NULL;
	snprintf(msg, SPLIT_DESC_MAX, "%s: %s history in %s for this period",
	    split_row_desc(in, r, conf, desc), st == SPLIT_ZERO ? "no" : "negative",
	    o->season_file);
	return msg;
}

/* Append the children of row r to out; NULL or the message. */
static const char *
time_children(const struct split_set *in, const struct split_row *r,
    struct split_set *out, const struct split_time *o,
    const struct tgt_conf *conf, char *msg)
{
	struct period *kids;
	long n = period_children(&r->period, o->into, &conf->fy, &kids);
	char desc[SPLIT_DESC_MAX];
	const char *why;
	num_t *wn, *parts;
	double *wd;
	int st = SPLIT_OK;

	if (n <= 0) {
		snprintf(msg, SPLIT_DESC_MAX, "cannot split %s into %s",
		    period_format(&r->period, &conf->fy, desc), plural(o->into));
		return msg;
	}
	wn = xcalloc((size_t)n, sizeof(*wn));
	wd = xcalloc((size_t)n, sizeof(*wd));
	parts = xcalloc((size_t)n, sizeof(*parts));
	why = time_weights(in, r, kids, (size_t)n, o, conf, wn, wd, msg);
	if (why == NULL)
		st = split_alloc(r->target, o->mode == SPLIT_SEASON ? NULL : wn,
		    wd, (size_t)n, o->unit, NULL, parts);
	if (why == NULL && st != SPLIT_OK) {
		snprintf(msg, SPLIT_DESC_MAX, "%s: %s", split_row_desc(in, r, conf, desc),
		    split_strerror(st));
		why = msg;
	}
	for (long k = 0; why == NULL && k < n; k++) {
		struct split_row *c = split_set_add(out);

		for (size_t j = 0; j < in->nkeys; j++)
			c->keys[j] = xstrdup(r->keys[j]);
		c->period = kids[k];
		c->target = c->original = parts[k];
		c->file = r->file;
		c->line = r->line;
		memcpy(c->src, r->src, sizeof(c->src));
		memcpy(c->srcrow, r->srcrow, sizeof(c->srcrow));
	}
	free(kids);
	free(wn);
	free(wd);
	free(parts);
	return why;
}

void
split_time_out(const struct split_set *in, struct split_set *out)
{
	char **names = xcalloc(in->nkeys + 1, sizeof(*names));

	if (!in->has_period)
		die("--into: the input has no period column (give --period)");
	for (size_t j = 0; j < in->nkeys; j++)
		names[j] = xstrdup(in->names[j]);
	split_set_init(out);
	split_set_names(out, names, in->nkeys);
	out->has_period = true;
}

void
split_time_one(const struct split_set *in, const struct split_row *r,
    struct split_set *out, const struct split_time *o,
    const struct tgt_conf *conf)
{
	char msg[SPLIT_DESC_MAX];

	if (time_children(in, r, out, o, conf, msg) != NULL)
		die_at(r->file, r->line, "%s", msg);
}

void
split_by_time(const struct split_set *in, struct split_set *out,
    const struct split_time *o, const struct tgt_conf *conf)
{
	split_time_out(in, out);
	for (size_t i = 0; i < in->n; i++)
		split_time_one(in, &in->rows[i], out, o, conf);
}
