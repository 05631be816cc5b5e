/*
 * run: tgt-split's main path (DESIGN.md "tgt-split"); see run.h.
 *
 * A run has up to three steps: the parent rows (--total, --growth, the
 * input rows, or --rebalance of tracked rows), a split among members (-b)
 * and a split in time (--into).  --stretch and --funnel add columns.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	/* The stream: each parent's children are written before the next
	 * parent is read, so memory does not grow with the parents. */
	const struct table *weights;	/* -b: the weights table */
	struct split_members m;		/* -b */
	struct split_by	*split_by;	/* -b, from the first input's names */
	struct split_time t;		/* --into */
	struct split_set pnames;	/* the first input's names, no rows */
	struct split_output so;
	struct csvout	*out;
	char		*spool;		/* stdout's spool file, or NULL */
	int		 spool_cleanup;
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

/* The --total or --growth parent: one row without keys. */
static void
total_parent(struct run *r, struct split_set *s)
{
	const struct split_opts *o = r->o;
	struct split_row *row;

	split_set_init(s);
	r->weights = load(r, o->weights ? o->weights : r->files[0]);
	if (o->growth != NULL)
		r->weights = split_growth_rows(r->weights, r->conf, o->date_col,
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
		struct split_members m = { .weights = r->weights,
		    .weight = o->weight };

		if (num_mul(split_weights_total(&m, r->conf, false),
		    NUM_SCALE + r->total, &row->target) != 0)
			die("--growth: the total is out of range");
		row->target = num_round_to(row->target, r->unit);
	}
	row->original = row->target;
}

static void
emit(struct run *r, const struct split_set *s)
{
	split_write_rows(s, r->out, &r->so, r->conf);
}

static void
remove_spool(void *arg)
{
	const char *path = arg;

	unlink(path);
}

/*
 * The output.  A file (-o) is written atomically by csvout.  stdout gets
 * the output only once the run succeeded, as when the whole result was
 * built in memory: it is streamed to a spool file first (memory stays
 * flat; disk holds the output) and copied at the end, so an error in the
 * 100000th parent leaves nothing half-written in a pipe.
 */
static void
open_output(struct run *r)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	if (r->o->output != NULL && strcmp(r->o->output, "-") != 0) {
		r->out = csvout_open(r->o->output, r->o->excel);
		return;
	}
	r->spool = xasprintf("%s/tgt-split.XXXXXX",
	    dir != NULL && *dir != '\0' ? dir : "/tmp");
	if ((fd = mkstemp(r->spool)) < 0)
		die("%s: %s", r->spool, strerror(errno));
	close(fd);
	r->spool_cleanup = tgt_cleanup_add(remove_spool, r->spool);
	r->out = csvout_open(r->spool, r->o->excel);
}

/* Close the output; copy the spool to stdout. */
static void
close_output(struct run *r)
{
	char buf[65536];
	FILE *fp;
	size_t n;

	csvout_close(r->out);
	r->out = NULL;
	if (r->spool == NULL)
		return;
	if ((fp = fopen(r->spool, "rb")) == NULL)
		die("%s: %s", r->spool, strerror(errno));
	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			break;
	if (ferror(fp)) {
		fclose(fp);
		die("%s: read error", r->spool);
	}
	fclose(fp);
	tgt_fshut(stdout, "<stdout>");
	tgt_cleanup_remove(r->spool_cleanup);
	unlink(r->spool);
	free(r->spool);
	r->spool = NULL;
}

/* Step 3: each row of s into its periods (--into), written at once. */
static void
through_time(struct run *r, const struct split_set *s)
{
	struct split_set kids;

	if (r->o->into == NULL) {
		emit(r, s);
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		split_time_out(s, &kids);
		split_time_one(s, &s->rows[i], &kids, &r->t, r->conf);
		emit(r, &kids);
		split_set_free(&kids);
	}
}

/* Step 2: each parent of s among its members (-b), then step 3. */
static void
through_members(struct run *r, const struct split_set *s)
{
	struct split_set kids;

	if (r->split_by == NULL) {
		through_time(r, s);
		return;
	}
	for (size_t i = 0; i < s->n; i++) {
		split_by_out(r->split_by, &kids);
		split_by_one(r->split_by, s, &s->rows[i], &kids);
		through_time(r, &kids);
		split_set_free(&kids);
	}
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

/* --into: the time split of rows with s's names (learning the
 * seasonality for them). */
static void
setup_time(struct run *r, const struct split_set *s)
{
	struct split_time *t = &r->t;

	t->into = r->into;
	t->unit = r->unit;
	t->mode = r->o->workdays ? SPLIT_WORKDAYS : SPLIT_EVEN;
	if (r->o->seasonality != NULL) {
		learn(r, s, t->into);
		t->mode = SPLIT_SEASON;
		t->season = r->season;
		t->season_file = r->tables[r->ntables - 1]->file;
		t->season_keys = r->skeys;
	}
}

/*
 * From the parents' key names (s, rows or not): the members split, the
 * time split and the output header, once.
 */
static void
setup(struct run *r, const struct split_set *s)
{
	struct split_set mnames, tnames;
	const struct split_set *last = s;

	split_set_init(&mnames);
	split_set_init(&tnames);
	if (r->o->by != NULL) {
		r->m.weights = r->weights;
		r->m.by = r->by;
		r->m.within = r->within;
		r->m.weight = r->o->weight;
		r->m.factor = r->o->factor;
		r->m.unit = r->unit;
		r->m.caps = r->caps;
		r->split_by = split_by_new(s, &r->m, r->conf);
		split_by_out(r->split_by, &mnames);
		last = &mnames;
	}
	if (r->o->into != NULL) {
		split_time_out(last, &tnames);
		setup_time(r, last);
		last = &tnames;
	}
	open_output(r);
	split_write_header(last, r->out, &r->so);
	split_set_free(&mnames);
	split_set_free(&tnames);
}

/* A table of the header of in and at most one row (the parent being
 * split), so a parent's --funnel columns can be looked up in it. */
static void
one_row_init(struct table *one, struct csvin *in, const struct csv_row *hdr)
{
	memset(one, 0, sizeof(*one));
	one->file = xstrdup(csvin_name(in));
	one->delimiter = csvin_delimiter(in);
	one->ncols = hdr->n;
	one->cols = xcalloc(hdr->n + 1, sizeof(*one->cols));
	for (size_t i = 0; i < hdr->n; i++)
		one->cols[i] = xstrdup(hdr->field[i]);
	one->rows = xcalloc(1, sizeof(*one->rows));
	one->lines = xcalloc(1, sizeof(*one->lines));
}

/* Make row the table's one row (one block: pointers, then the cells, as
 * table_free() expects). */
static void
one_row_set(struct table *one, const struct csv_row *row)
{
	char **cells = table_copy_row(row);

	if (one->nrows > 0)
		free(one->rows[0]);
	one->rows[0] = cells;
	one->lines[0] = row->line;
	one->nrows = 1;
}

/* Whether two inputs have the same key columns (and both or neither a
 * period). */
static bool
same_names(const struct split_set *a, const struct split_set *b)
{
	if (a->nkeys != b->nkeys || a->has_period != b->has_period)
		return false;
	for (size_t j = 0; j < a->nkeys; j++)
		if (ascii_casecmp(a->names[j], b->names[j]) != 0)
			return false;
	return true;
}

/* Step 1 for parent rows: read one file a row at a time, each row split
 * and written before the next is read. */
static void
stream_file(struct run *r, const char *path, bool first)
{
	const struct period *defp = r->o->period ? &r->period : NULL;
	struct csvin *in = csvin_open(path, &r->o->in_opts);
	const struct csv_row *hdr, *row;
	struct split_set ps;
	struct table one;
	int rc;

	if (csvin_header(in, &hdr) == -1)
		die("%s", csvin_error(in));
	one_row_init(&one, in, hdr);
	split_set_init(&ps);
	split_set_load(&ps, &one, r->conf, defp);
	if (first) {
		r->pnames = ps;
		split_set_init(&ps);
		setup(r, &r->pnames);
	} else if (!same_names(&ps, &r->pnames)) {
		die_at(one.file, 0, "columns differ from the first input's");
	}
	while ((rc = csvin_next(in, &row)) == 1) {
		one_row_set(&one, row);
		split_set_free(&ps);
		split_set_init(&ps);
		split_set_load(&ps, &one, r->conf, defp);
		through_members(r, &ps);
	}
	if (rc == -1)
		die("%s", csvin_error(in));
	csvin_report_skips(in);
	split_set_free(&ps);
	table_free(&one);
	csvin_close(in);
}

int
split_run(const struct split_opts *o, int nfiles, char *const *files)
{
	static char *const stdin_only[] = { "-" };
	struct run r;
	struct split_set s;

	memset(&r, 0, sizeof(r));
	r.o = o;
	r.conf = o->conf;
	r.files = nfiles > 0 ? files : stdin_only;
	r.nfiles = nfiles > 0 ? nfiles : 1;
	r.unit = opt_unit(o, r.conf);
	opt_output(o, r.conf, r.unit, &r.so);
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
	split_set_init(&s);
	if (o->rebalance) {
		split_rebalance_table(load(&r, r.files[0]), r.keys, r.parent,
		    o->asof, r.unit, r.conf, &s);
		open_output(&r);
		split_write(&s, r.out, &r.so, r.conf);
	} else if (o->total != NULL || o->growth != NULL) {
		total_parent(&r, &s);
		setup(&r, &s);
		through_members(&r, &s);
	} else {
		if (o->weights != NULL)
			r.weights = load(&r, o->weights);
		for (int i = 0; i < r.nfiles; i++)
			stream_file(&r, r.files[i], i == 0);
	}
	split_by_end(r.split_by);
	close_output(&r);
	split_set_free(&s);
	split_set_free(&r.pnames);
	split_output_free(&r.so);
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
