/*
 * run: tgt-split's main path (DESIGN.md "tgt-split"); see run.h.
 *
 * A run has up to three steps: the parent rows (--total, --growth, the
 * input rows, or --rebalance of tracked rows), a split among members (-b)
 * and a split in time (--into).  --stretch and --funnel add columns.
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "csvio.h"
#include "run.h"
#include "split.h"
#include "table.h"
#include "util.h"

/* A number option ("15%" = 0.15), or a usage error. */
static num_t
opt_num(const char *name, const char *arg, const struct tgt_conf *conf)
{
	num_t v;

	if (num_parse(arg, strlen(arg), conf->decimal, &v) != NUM_OK)
		die_usage("%s: cannot read \"%s\" as a number", name, arg);
	return v;
}

static enum gran
opt_gran(const char *name, const char *arg, int finest, int coarsest)
{
	int g = gran_parse(arg);

	if (g < finest || g > coarsest)
		die_usage("%s: \"%s\" is not one of %s", name, arg,
		    finest == G_DAY ? "half, quarter, month, week, day" :
		    "quarter, half, year");
	return (enum gran)g;
}

/* The rounding unit: --round, or one unit of the output precision. */
static num_t
opt_unit(const struct split_opts *o, const struct tgt_conf *conf)
{
	num_t least = NUM_SCALE, unit;

	for (int i = 0; i < conf->precision && i < NUM_DIGITS; i++)
		least /= 10;
	if (o->round == NULL)
		return least;
	unit = opt_num("--round", o->round, conf);
	if (unit <= 0)
		die_usage("--round: the unit must be above 0");
	if (unit % least != 0)
		die_usage("--round: %s is finer than the output precision "
		    "(%d decimals)", o->round, conf->precision);
	return unit;
}

static void
opt_caps(const struct split_opts *o, const struct tgt_conf *conf,
    struct split_caps *caps)
{
	memset(caps, 0, sizeof(*caps));
	if (o->min != NULL) {
		caps->has_min = true;
		caps->min = opt_num("--min", o->min, conf);
	}
	if (o->max != NULL) {
		caps->has_max = true;
		caps->max = opt_num("--max", o->max, conf);
	}
	if (caps->has_min && caps->has_max && caps->min > caps->max)
		die_usage("--min %s is more than --max %s", o->min, o->max);
}

static void
opt_output(const struct split_opts *o, const struct tgt_conf *conf,
    num_t unit, struct split_output *out)
{
	char buf[256];
	const char *why;

	memset(out, 0, sizeof(*out));
	out->precision = conf->precision;
	out->unit = unit;
	if (o->stretch != NULL) {
		out->has_stretch = true;
		out->stretch = opt_num("--stretch", o->stretch, conf);
	}
	if (o->funnel != NULL &&
	    (why = split_funnel_parse(o->funnel, out, buf, sizeof(buf))) != NULL)
		die_usage("--funnel: %s", why);
}

/* The period of --total, or of parent rows without a period column. */
static void
opt_period(const struct split_opts *o, const struct tgt_conf *conf,
    struct period *p)
{
	const char *why;

	if (o->period == NULL) {
		*p = period_of(o->asof, G_YEAR, &conf->fy);
		return;
	}
	if ((why = period_parse(o->period, strlen(o->period), &conf->fy,
	    conf->date_order, p)) != NULL)
		die_usage("--period: cannot read \"%s\" as a period: %s",
		    o->period, why);
}

/* --base PERIOD. */
static void
opt_base(const struct split_opts *o, const struct tgt_conf *conf,
    struct period *p)
{
	const char *why;

	if (o->base != NULL && (why = period_parse(o->base, strlen(o->base),
	    &conf->fy, conf->date_order, p)) != NULL)
		die_usage("--base: cannot read \"%s\" as a period: %s",
		    o->base, why);
}

struct run {
	const struct split_opts *o;
	const struct tgt_conf *conf;
	char *const	*files;		/* the inputs; "-" when none */
	int		 nfiles;
	struct table	**tables;	/* every table read; kept for output */
	size_t		 ntables;
	char		**by;
	char		**within;
	char		**keys;
	num_t		 unit;
	num_t		 total;		/* --total, or the --growth rate */
	struct split_caps caps;		/* --min, --max */
	struct period	 period;	/* --period or the year of --asof */
	struct period	 base;		/* --base */
	struct table	 view;		/* --growth: the base year's rows */
	enum gran	 into;		/* --into */
	enum gran	 parent;	/* --parent */
	struct season	*season;	/* --seasonality */
	int		*hkeys;		/* -k columns in the history */
	int		*skeys;		/* -k columns in the rows, -1 ended */
};

static struct table *
load(struct run *r, const char *path)
{
	struct table *t = xcalloc(1, sizeof(*t));

	r->tables = xreallocarray(r->tables, r->ntables + 1,
	    sizeof(*r->tables));
	table_load(t, path, &r->o->in_opts);
	return r->tables[r->ntables++] = t;
}

/* Step 1: the parent rows. */
static void
parents(struct run *r, struct split_set *s, const struct table **weights)
{
	const struct split_opts *o = r->o;
	struct split_row *row;

	split_set_init(s);
	if (o->total == NULL && o->growth == NULL) {
		for (int i = 0; i < r->nfiles; i++)
			split_set_load(s, load(r, r->files[i]), r->conf,
			    o->period ? &r->period : NULL);
		if (o->weights != NULL)
			*weights = load(r, o->weights);
		return;
	}
	*weights = load(r, o->weights ? o->weights : r->files[0]);
	if (o->growth != NULL)
		*weights = split_growth_rows(*weights, r->conf, o->date_col,
		    &r->period, o->base ? &r->base : NULL, &r->view);
	s->has_period = true;
	s->names = xcalloc(1, sizeof(*s->names));
	s->rows = row = xcalloc(1, sizeof(*row));
	s->n = s->cap = 1;
	row->keys = xcalloc(1, sizeof(*row->keys));
	row->period = r->period;
	if (o->total != NULL) {
		row->target = r->total;
	} else {
		struct split_members m = { .weights = *weights,
		    .weight = o->weight };

		if (num_mul(split_weights_total(&m, r->conf, false),
		    NUM_SCALE + r->total, &row->target) != 0)
			die("--growth: the total is out of range");
		row->target = num_round_to(row->target, r->unit);
	}
	row->original = row->target;
}

static void
members(struct run *r, struct split_set *s, const struct table *weights)
{
	struct split_members m;
	struct split_set out;

	memset(&m, 0, sizeof(m));
	m.weights = weights;
	m.by = r->by;
	m.within = r->within;
	m.weight = r->o->weight;
	m.factor = r->o->factor;
	m.unit = r->unit;
	m.caps = r->caps;
	split_by_members(s, &out, &m, r->conf);
	split_set_free(s);
	*s = out;
}

/* A partial current year would take a whole year's share with a few
 * months: left out, with a warning (DESIGN.md "tgt-split"). */
static void
drop_partial(struct run *r, const struct table *h)
{
	char yl[PERIOD_FMT_MAX], dl[DATE_FMT_MAX];
	day_t last;
	struct period y;

	if (!season_drop_partial(r->season, &last))
		return;
	y = period_of(last, G_YEAR, &r->conf->fy);
	warn_at(h->file, 0, "left out %s, a partial year: its history ends "
	    "%s, earlier years go further", period_format(&y, &r->conf->fy, yl),
	    date_format(last, dl));
}

/*
 * The seasonality history, learned at the granularity of --into.  What
 * it allocates hangs off r, so a data error that exits halfway leaks
 * nothing.
 */
static void
learn(struct run *r, const struct split_set *s, enum gran g)
{
	const struct table *h = load(r, r->o->seasonality);
	const char *dname = r->o->date_col ? r->o->date_col : "date";
	const char *vname = r->o->value_col ? r->o->value_col : "amount";
	int dc = table_col_req(h, r->conf, dname);
	int vc = table_col_req(h, r->conf, vname);
	size_t nk = 0;

	while (r->keys != NULL && r->keys[nk] != NULL)
		nk++;
	r->hkeys = xcalloc(nk + 1, sizeof(*r->hkeys));
	if (nk > 0) {
		r->skeys = xcalloc(nk + 1, sizeof(*r->skeys));
		r->skeys[nk] = -1;
	}
	for (size_t j = 0; j < nk; j++) {
		r->hkeys[j] = table_col_req(h, r->conf, r->keys[j]);
		r->skeys[j] = -1;
		for (size_t k = 0; k < s->nkeys; k++)
			if (ascii_casecmp(s->names[k], table_canon(r->conf,
			    h->cols[r->hkeys[j]])) == 0)
				r->skeys[j] = (int)k;
		if (r->skeys[j] < 0)
			die_usage("-k: the rows being split have no column "
			    "\"%s\"", r->keys[j]);
	}
	r->season = season_new(g, &r->conf->fy, nk);
	season_load(r->season, h, dc, vc, r->hkeys, r->conf);
	drop_partial(r, h);
}

static void
timesplit(struct run *r, struct split_set *s)
{
	struct split_time t;
	struct split_set out;

	memset(&t, 0, sizeof(t));
	t.into = r->into;
	t.unit = r->unit;
	t.mode = r->o->workdays ? SPLIT_WORKDAYS : SPLIT_EVEN;
	if (r->o->seasonality != NULL) {
		learn(r, s, t.into);
		t.mode = SPLIT_SEASON;
		t.season = r->season;
		t.season_file = r->tables[r->ntables - 1]->file;
		t.season_keys = r->skeys;
	}
	split_by_time(s, &out, &t, r->conf);
	split_set_free(s);
	*s = out;
}

int
split_run(const struct split_opts *o, int nfiles, char *const *files)
{
	static char *const stdin_only[] = { "-" };
	struct run r;
	struct split_set s;
	struct split_output so;
	const struct table *weights = NULL;
	struct csvout *out;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.conf = o->conf;
	r.files = nfiles > 0 ? files : stdin_only;
	r.nfiles = nfiles > 0 ? nfiles : 1;
	r.unit = opt_unit(o, r.conf);
	opt_output(o, r.conf, r.unit, &so);
	r.by = o->by ? split_list(o->by, NULL) : NULL;
	r.within = o->within ? split_list(o->within, NULL) : NULL;
	r.keys = o->keys ? split_list(o->keys, NULL) : NULL;
	if (o->into != NULL)
		r.into = opt_gran("--into", o->into, G_DAY, G_HALF);
	r.parent = o->parent ? opt_gran("--parent", o->parent, G_QUARTER,
	    G_YEAR) : G_QUARTER;
	opt_caps(o, r.conf, &r.caps);
	opt_period(o, r.conf, &r.period);
	opt_base(o, r.conf, &r.base);
	if (o->total != NULL || o->growth != NULL)
		r.total = opt_num(o->total ? "--total" : "--growth",
		    o->total ? o->total : o->growth, r.conf);
	if (o->rebalance) {
		split_rebalance_table(load(&r, r.files[0]), r.keys, r.parent,
		    o->asof, r.unit, r.conf, &s);
	} else {
		parents(&r, &s, &weights);
		if (o->by != NULL)
			members(&r, &s, weights);
		if (o->into != NULL)
			timesplit(&r, &s);
	}
	out = csvout_open(o->output, o->excel);
	split_write(&s, out, &so, r.conf);
	csvout_close(out);
	split_set_free(&s);
	split_output_free(&so);
	for (size_t i = 0; i < r.ntables; i++) {
		table_free(r.tables[i]);
		free(r.tables[i]);
	}
	free(r.tables);
	split_view_free(&r.view);
	free_list(r.by);
	free_list(r.within);
	free_list(r.keys);
	season_free(r.season);
	free(r.hkeys);
	free(r.skeys);
	return TGT_EXIT_OK;
}
