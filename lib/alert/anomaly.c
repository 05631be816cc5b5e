/*
 * anomaly: the --anomaly drop detector.  See anomaly.h.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "anomaly.h"
#include "util.h"

/*
 * --anomaly.
 */
static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Median of v[0..n) (n > 0); sorts v. */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

bool
anomaly_check(const double *prev, size_t nprev, double v, size_t window,
    double drop, struct anomaly *out)
{
	double sum = 0, med, mad, *tmp;

	memset(out, 0, sizeof(*out));
	if (window == 0 || nprev < window)
		return false;
	for (size_t i = nprev - window; i < nprev; i++)
		sum += prev[i];
	out->mean = sum / (double)window;
	if (out->mean > 0) {
		out->has_drop = true;
		out->drop_pct = (out->mean - v) / out->mean * 100;
		out->by_drop = out->drop_pct > drop * 100;
	}
	tmp = xmalloc(nprev * sizeof(*tmp));
	memcpy(tmp, prev, nprev * sizeof(*tmp));
	med = median(tmp, nprev);
	for (size_t i = 0; i < nprev; i++)
		tmp[i] = fabs(prev[i] - med);
	mad = median(tmp, nprev);
	free(tmp);
	if (mad > 0) {
		out->has_z = true;
		/* 0.6745 makes the MAD comparable to a standard deviation
		 * for normal data (Iglewicz and Hoaglin). */
		out->z = 0.6745 * (v - med) / mad;
		out->by_z = out->z < -3;
	}
	return out->by_drop || out->by_z;
}

void
anomaly_data_init(struct anomaly_data *d, size_t nkeys)
{
	memset(d, 0, sizeof(*d));
	d->nkeys = nkeys;
	keymap_init(&d->series, nkeys + 1);
	d->cell = xcalloc(nkeys + 1, sizeof(*d->cell));
	keymap_init(&d->periods, 3);
}

void
anomaly_data_free(struct anomaly_data *d)
{
	keymap_free(&d->series);
	keymap_free(&d->periods);
	free(d->series_judge);
	free(d->cell);
	free(d->p);
	memset(d, 0, sizeof(*d));
}

const char *
anomaly_key(const struct anomaly_data *d, size_t s, size_t k)
{
	return keymap_cell(&d->series, s, k);
}

/* The series of keys at granularity g, added when new. */
static size_t
series_of(struct anomaly_data *d, const char *const *keys, enum gran g)
{
	const char **cell = d->cell;
	char gname[2] = { (char)('A' + g), '\0' };
	bool added;
	size_t s;

	for (size_t k = 0; k < d->nkeys; k++)
		cell[k] = keys[k];
	cell[d->nkeys] = gname;
	s = keymap_add(&d->series, cell, NULL, &added);
	if (added) {
		if (s >= d->scap) {
			d->scap = d->scap ? 2 * d->scap : 16;
			d->series_judge = xreallocarray(d->series_judge,
			    d->scap, sizeof(*d->series_judge));
		}
		d->series_judge[s] = false;
	}
	return s;
}

int
anomaly_add(struct anomaly_data *d, const char *const *keys,
    const struct period *per, num_t v, bool judge)
{
	size_t s = series_of(d, keys, per->gran);
	char sbuf[32], start[32], end[32];
	const char *cell[3] = { sbuf, start, end };
	struct anomaly_period *ap;
	bool added;
	size_t i;

	snprintf(sbuf, sizeof(sbuf), "%zu", s);
	snprintf(start, sizeof(start), "%ld", (long)per->start);
	snprintf(end, sizeof(end), "%ld", (long)per->end);
	i = keymap_add(&d->periods, cell, NULL, &added);
	if (added) {
		if (i >= d->cap) {
			d->cap = d->cap ? 2 * d->cap : 64;
			d->p = xreallocarray(d->p, d->cap, sizeof(*d->p));
		}
		d->p[i] = (struct anomaly_period){ s, *per, 0, 0, false };
	}
	ap = &d->p[i];
	if (num_add(ap->value, v, &ap->value) < 0)
		return -1;
	ap->rows++;
	ap->judge = ap->judge || judge;
	d->series_judge[s] = d->series_judge[s] || judge;
	return 0;
}

struct judging {
	const struct anomaly_data *d;
	const struct anomaly_opts *o;
	struct anomaly_hit *hits;
	size_t	 nhits, hcap;
	double	*prev;
	size_t	 nprev, pcap;
	long	 open;
	day_t	 horizon[G_RANGE + 1];	/* latest start over by asof */
};

static int
cmp_period(const void *a, const void *b)
{
	const struct anomaly_period *x = a, *y = b;

	if (x->series != y->series)
		return x->series < y->series ? -1 : 1;
	if (x->per.start != y->per.start)
		return x->per.start < y->per.start ? -1 : 1;
	return (x->per.end > y->per.end) - (x->per.end < y->per.end);
}

/* Judge value v of period per (judge: whether it may be flagged), then
 * add it to the history of its series. */
static void
judge_one(struct judging *j, size_t series, const struct period *per,
    num_t v, bool no_row, bool judge)
{
	struct anomaly an;

	if (judge && (j->o->in == NULL || period_within(per, j->o->in)) &&
	    anomaly_check(j->prev, j->nprev, num_to_double(v), j->o->window,
	    j->o->drop, &an)) {
		if (j->nhits == j->hcap) {
			j->hcap = j->hcap ? 2 * j->hcap : 16;
			j->hits = xreallocarray(j->hits, j->hcap,
			    sizeof(*j->hits));
		}
		j->hits[j->nhits++] = (struct anomaly_hit){
			series, *per, v, no_row, j->nprev, an
		};
	}
	if (j->nprev == j->pcap) {
		j->pcap = j->pcap ? 2 * j->pcap : 64;
		j->prev = xreallocarray(j->prev, j->pcap, sizeof(*j->prev));
	}
	j->prev[j->nprev++] = num_to_double(v);
}

/* The periods with no row from *next up to (not including) the one that
 * starts at until, as 0; *next moves past them. */
static void
fill_gap(struct judging *j, size_t series, struct period *next, day_t until)
{
	bool judge = j->d->series_judge[series];

	while (next->start < until && next->end <= j->o->asof) {
		judge_one(j, series, next, 0, true, judge);
		if (period_shift(next, 1, false, j->o->fy, next) < 0)
			break;
	}
}

/* One series: the periods p[0..n), sorted. */
static void
judge_series(struct judging *j, const struct anomaly_period *p, size_t n)
{
	const struct anomaly_period *first = &p[0];
	enum gran g = first->per.gran;
	bool regular = g != G_RANGE;
	struct period next = first->per;

	j->nprev = 0;
	for (size_t i = 0; i < n; i++) {
		const struct anomaly_period *ap = &p[i];

		if (regular)
			fill_gap(j, ap->series, &next, ap->per.start);
		/* A running period's value is still growing. */
		if (ap->per.end > j->o->asof) {
			for (; i < n; i++)
				j->open += p[i].rows;
			return;
		}
		judge_one(j, ap->series, &ap->per, ap->value, false,
		    ap->judge);
		if (regular && period_shift(&ap->per, 1, false, j->o->fy,
		    &next) < 0)
			regular = false;
	}
	if (regular)
		fill_gap(j, first->series, &next, j->horizon[g] + 1);
}

size_t
anomaly_judge(const struct anomaly_data *d, const struct anomaly_opts *o,
    struct anomaly_hit **hits, long *open)
{
	size_t n = d->periods.count;
	struct anomaly_period *p = xcalloc(n ? n : 1, sizeof(*p));
	struct judging j;

	memset(&j, 0, sizeof(j));
	j.d = d;
	j.o = o;
	for (int g = 0; g <= G_RANGE; g++)
		j.horizon[g] = INT32_MIN;
	for (size_t i = 0; i < n; i++) {
		const struct period *per = &d->p[i].per;

		p[i] = d->p[i];
		if (per->end <= o->asof && per->start > j.horizon[per->gran])
			j.horizon[per->gran] = per->start;
	}
	if (n > 0)
		qsort(p, n, sizeof(*p), cmp_period);
	for (size_t i = 0; i < n; ) {
		size_t k = i;

		while (k < n && p[k].series == p[i].series)
			k++;
		judge_series(&j, p + i, k - i);
		i = k;
	}
	free(p);
	free(j.prev);
	*hits = j.hits;
	*open = j.open;
	return j.nhits;
}
