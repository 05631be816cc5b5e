/*
 * tgt-split: produce targets (DESIGN.md "tgt-split").  Options and wiring
 * only; the arithmetic is lib/split.c, the rows lib/splitrows.c and
 * lib/splitio.c.
 *
 * A run has up to three steps: the parent rows (--total, --growth, the
 * input rows, or --rebalance of tracked rows), a split among members (--by)
 * and a split in time (--into).  --stretch and --funnel add columns.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "split/split.h"
#include "table.h"
#include "util.h"

enum {
	OPT_BASE = 300,
	OPT_DATE,
	OPT_FACTOR,
	OPT_FUNNEL,
	OPT_GROWTH,
	OPT_INTO,
	OPT_MAX,
	OPT_MIN,
	OPT_PARENT,
	OPT_PERIOD,
	OPT_REBALANCE,
	OPT_ROUND,
	OPT_SEASONALITY,
	OPT_STRETCH,
	OPT_TOTAL,
	OPT_VALUE,
	OPT_WEIGHT,
	OPT_WEIGHTS,
	OPT_WITHIN,
	OPT_WORKDAYS
};

static const char short_options[] = CLI_COMMON_SHORT "b:k:";

static const struct option long_options[] = {
	CLI_COMMON_LONG,
	{ "base",	required_argument,	NULL,	OPT_BASE },
	{ "by",		required_argument,	NULL,	'b' },
	{ "date",	required_argument,	NULL,	OPT_DATE },
	{ "factor",	required_argument,	NULL,	OPT_FACTOR },
	{ "funnel",	required_argument,	NULL,	OPT_FUNNEL },
	{ "growth",	required_argument,	NULL,	OPT_GROWTH },
	{ "into",	required_argument,	NULL,	OPT_INTO },
	{ "keys",	required_argument,	NULL,	'k' },
	{ "max",	required_argument,	NULL,	OPT_MAX },
	{ "min",	required_argument,	NULL,	OPT_MIN },
	{ "parent",	required_argument,	NULL,	OPT_PARENT },
	{ "period",	required_argument,	NULL,	OPT_PERIOD },
	{ "rebalance",	no_argument,		NULL,	OPT_REBALANCE },
	{ "round",	required_argument,	NULL,	OPT_ROUND },
	{ "seasonality", required_argument,	NULL,	OPT_SEASONALITY },
	{ "stretch",	required_argument,	NULL,	OPT_STRETCH },
	{ "total",	required_argument,	NULL,	OPT_TOTAL },
	{ "value",	required_argument,	NULL,	OPT_VALUE },
	{ "weight",	required_argument,	NULL,	OPT_WEIGHT },
	{ "weights",	required_argument,	NULL,	OPT_WEIGHTS },
	{ "within",	required_argument,	NULL,	OPT_WITHIN },
	{ "workdays",	no_argument,		NULL,	OPT_WORKDAYS },
	{ NULL,		0,			NULL,	0 }
};

struct split_opts {
	struct cli_common cm;
	const char	*by;		/* -b */
	const char	*keys;		/* -k */
	const char	*within;
	const char	*weights;	/* --weights FILE */
	const char	*weight;	/* --weight COL */
	const char	*factor;
	const char	*period;
	const char	*total;
	const char	*growth;
	const char	*base;		/* --base PERIOD */
	const char	*into;
	const char	*seasonality;
	const char	*date_col;
	const char	*value_col;
	const char	*min;
	const char	*max;
	const char	*round;
	const char	*stretch;
	const char	*funnel;
	const char	*parent;
	bool		 workdays;
	bool		 rebalance;
	char	       **files;		/* inputs; "-" when none */
	int		 nfiles;
};

static void
usage(int status)
{
	FILE *fp = status == TGT_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: tgt-split --total AMOUNT | --growth PCT  -b COLS [--weight COL]\n"
"                 [--weights FILE] [--period P] [--base P] [options] [WEIGHTS]\n"
"       tgt-split -b COLS --weights FILE [--within COLS] [options] [PARENTS...]\n"
"       tgt-split --into GRAN [--seasonality FILE | --workdays] [options]\n"
"                 [PARENTS...]\n"
"       tgt-split --rebalance [--parent GRAN] [--asof DATE] [-k COLS]\n"
"                 [options] [TRACKED]\n"
"where options are: [--factor COL] [--min AMOUNT] [--max AMOUNT]\n"
"       [--round UNIT] [--stretch PCT] [--funnel SPEC] [-k COLS] [--date COL]\n"
"       [--value COL] [-o FILE] [--excel] [-c FILE] [-d C] [--encoding E]\n"
"\n"
"Break targets down by members and by time; children always sum exactly\n"
"to their parent.  Parent rows (key columns, period, target) are read from\n"
"the files given, or stdin.\n"
"\n"
"      --total AMOUNT    split AMOUNT (the weights are then the input)\n"
"      --growth PCT      split the sum of the weights plus PCT (15%% or 0.15);\n"
"                        weights with a date or period column count only\n"
"                        the last full year before --period\n"
"      --base PERIOD     the base of --growth instead (2024, 2024-H2)\n"
"  -b, --by COLS         split among the members: distinct values of COLS\n"
"                        in the weights table\n"
"      --weights FILE    the weights table (default with --total: the input)\n"
"      --weight COL      weight column, summed per member (default: equal)\n"
"      --factor COL      multiply each weight by COL (ramp 0.5 for new hires)\n"
"      --within COLS     a parent is split among the weights rows that share\n"
"                        its COLS\n"
"      --period P        the period of --total, or of parents without one\n"
"                        (default: the year of --asof)\n"
"      --into GRAN       split each period into half, quarter, month, week or\n"
"                        day children (weeks clipped to the parent): by\n"
"                        calendar days unless --workdays or --seasonality\n"
"      --workdays        in proportion to working days ([calendar])\n"
"      --seasonality FILE  by the shares of each month (quarter, week, day)\n"
"                        in FILE's history, each year normalised to 1\n"
"                        before averaging\n"
"      --date COL        the seasonality (or --growth weights) date or\n"
"                        period column (default date, then period)\n"
"      --value COL       the seasonality value column (default amount)\n"
"  -k, --keys COLS       seasonality per COLS (default: global); with\n"
"                        --rebalance, the key columns of the tracked rows\n"
"      --min AMOUNT      each member gets at least AMOUNT, the rest is\n"
"                        redistributed\n"
"      --max AMOUNT      each member gets at most AMOUNT, the excess is\n"
"                        redistributed\n"
"      --round UNIT      children are multiples of UNIT (default: 10^-precision)\n"
"      --stretch PCT     add a column stretch = target x (1 + PCT)\n"
"      --funnel SPEC     deal_size=N[,win_rate=R[,lead_rate=R]]: add deals,\n"
"                        opportunities, leads (rounded up); a value may name\n"
"                        a column\n"
"      --rebalance       re-split the remaining gap of each parent over its\n"
"                        open periods (input: tgt-track output)\n"
"      --parent GRAN     the parent period of --rebalance: quarter (default),\n"
"                        half or year\n"
"      --asof DATE       periods ending by DATE are closed (default today)\n"
CLI_COMMON_HELP);
	if (status != TGT_EXIT_OK)
		exit(status);
}

static const char **
opt_slot(int c, struct split_opts *o)
{
	switch (c) {
	case 'b':		return &o->by;
	case OPT_BASE:		return &o->base;
	case 'k':		return &o->keys;
	case OPT_DATE:		return &o->date_col;
	case OPT_FACTOR:	return &o->factor;
	case OPT_FUNNEL:	return &o->funnel;
	case OPT_GROWTH:	return &o->growth;
	case OPT_INTO:		return &o->into;
	case OPT_MAX:		return &o->max;
	case OPT_MIN:		return &o->min;
	case OPT_PARENT:	return &o->parent;
	case OPT_PERIOD:	return &o->period;
	case OPT_ROUND:		return &o->round;
	case OPT_SEASONALITY:	return &o->seasonality;
	case OPT_STRETCH:	return &o->stretch;
	case OPT_TOTAL:		return &o->total;
	case OPT_VALUE:		return &o->value_col;
	case OPT_WEIGHT:	return &o->weight;
	case OPT_WEIGHTS:	return &o->weights;
	case OPT_WITHIN:	return &o->within;
	default:		return NULL;
	}
}

/* Member options without --by. */
static void
need_by(const struct split_opts *o)
{
	const char *name = o->within ? "within" : o->weights ? "weights" :
	    o->weight ? "weight" : o->factor ? "factor" : o->min ? "min" :
	    o->max ? "max" : NULL;

	if (name != NULL)
		die_usage("--%s needs --by", name);
}

/* Options that cannot go together, and options that need another. */
static void
check_options(const struct split_opts *o)
{
	bool members = o->total != NULL || o->growth != NULL;

	if (o->total != NULL && o->growth != NULL)
		die_usage("--total and --growth exclude each other");
	if (members && o->by == NULL)
		die_usage("--%s needs --by", o->total ? "total" : "growth");
	if (o->growth != NULL && o->weight == NULL)
		die_usage("--growth needs --weight");
	if (members && o->within != NULL)
		die_usage("--within splits parent rows: it excludes --total "
		    "and --growth");
	if (!members && o->by != NULL && o->weights == NULL)
		die_usage("--by with parent rows needs --weights FILE");
	if (o->by == NULL)
		need_by(o);
	if (o->seasonality != NULL && o->workdays)
		die_usage("--seasonality and --workdays exclude each other");
	if (o->into == NULL && (o->seasonality || o->workdays))
		die_usage("--seasonality and --workdays need --into");
	if (o->rebalance && (members || o->by || o->into))
		die_usage("--rebalance excludes --total, --growth, --by and "
		    "--into");
	if (!o->rebalance && o->parent != NULL)
		die_usage("--parent needs --rebalance");
	if (o->keys != NULL && !o->seasonality && !o->rebalance)
		die_usage("-k needs --seasonality or --rebalance");
	if (o->base != NULL && o->growth == NULL)
		die_usage("--base needs --growth");
	if (o->date_col && !o->seasonality && !o->growth)
		die_usage("--date needs --seasonality or --growth");
	if (o->value_col && !o->seasonality)
		die_usage("--value needs --seasonality");
	if (!members && !o->by && !o->into && !o->rebalance && !o->stretch &&
	    !o->funnel)
		die_usage("nothing to do: give --total, --growth, --by, --into "
		    "or --rebalance");
}

static void
parse_options(int argc, char **argv, struct split_opts *o)
{
	static char *stdin_only[] = { "-" };
	const char **slot;
	int c;

	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		if ((slot = opt_slot(c, o)) != NULL) {
			*slot = optarg;
			continue;
		}
		switch (c) {
		case OPT_REBALANCE:
			o->rebalance = true;
			break;
		case OPT_WORKDAYS:
			o->workdays = true;
			break;
		default:
			if (!cli_common_option(c, optarg, &o->cm, usage))
				usage(TGT_EXIT_ERROR);
		}
	}
	check_options(o);
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (o->nfiles == 0) {
		o->files = stdin_only;
		o->nfiles = 1;
	}
	if (o->rebalance && o->nfiles > 1)
		die_usage("--rebalance reads one input");
	if (o->total != NULL || o->growth != NULL) {
		if (o->nfiles > 1 || (o->weights && argc > optind))
			die_usage("--%s reads one weights table",
			    o->total ? "total" : "growth");
	} else if (o->weights != NULL && strcmp(o->weights, "-") == 0) {
		for (int i = 0; i < o->nfiles; i++)
			if (strcmp(o->files[i], "-") == 0)
				die_usage("the weights and the parent rows "
				    "cannot both be stdin");
	}
}

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
		*p = period_of(cli_asof(&o->cm, conf), G_YEAR, &conf->fy);
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
	struct split_opts o;
	struct tgt_conf	 conf;
	struct csvin_opts inopts;
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
	table_load(t, path, &r->inopts);
	return r->tables[r->ntables++] = t;
}

/* Step 1: the parent rows. */
static void
parents(struct run *r, struct split_set *s, const struct table **weights)
{
	const struct split_opts *o = &r->o;
	struct split_row *row;

	split_set_init(s);
	if (o->total == NULL && o->growth == NULL) {
		for (int i = 0; i < o->nfiles; i++)
			split_set_load(s, load(r, o->files[i]), &r->conf,
			    o->period ? &r->period : NULL);
		if (o->weights != NULL)
			*weights = load(r, o->weights);
		return;
	}
	*weights = load(r, o->weights ? o->weights : o->files[0]);
	if (o->growth != NULL)
		*weights = split_growth_rows(*weights, &r->conf, o->date_col,
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

		if (num_mul(split_weights_total(&m, &r->conf, false),
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
	m.weight = r->o.weight;
	m.factor = r->o.factor;
	m.unit = r->unit;
	m.caps = r->caps;
	split_by_members(s, &out, &m, &r->conf);
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
	y = period_of(last, G_YEAR, &r->conf.fy);
	warn_at(h->file, 0, "left out %s, a partial year: its history ends "
	    "%s, earlier years go further", period_format(&y, &r->conf.fy, yl),
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
	const struct table *h = load(r, r->o.seasonality);
	const char *dname = r->o.date_col ? r->o.date_col : "date";
	const char *vname = r->o.value_col ? r->o.value_col : "amount";
	int dc = table_col_req(h, &r->conf, dname);
	int vc = table_col_req(h, &r->conf, vname);
	size_t nk = 0;

	while (r->keys != NULL && r->keys[nk] != NULL)
		nk++;
	r->hkeys = xcalloc(nk + 1, sizeof(*r->hkeys));
	if (nk > 0) {
		r->skeys = xcalloc(nk + 1, sizeof(*r->skeys));
		r->skeys[nk] = -1;
	}
	for (size_t j = 0; j < nk; j++) {
		r->hkeys[j] = table_col_req(h, &r->conf, r->keys[j]);
		r->skeys[j] = -1;
		for (size_t k = 0; k < s->nkeys; k++)
			if (ascii_casecmp(s->names[k], table_canon(&r->conf,
			    h->cols[r->hkeys[j]])) == 0)
				r->skeys[j] = (int)k;
		if (r->skeys[j] < 0)
			die_usage("-k: the rows being split have no column "
			    "\"%s\"", r->keys[j]);
	}
	r->season = season_new(g, &r->conf.fy, nk);
	season_load(r->season, h, dc, vc, r->hkeys, &r->conf);
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
	t.mode = r->o.workdays ? SPLIT_WORKDAYS : SPLIT_EVEN;
	if (r->o.seasonality != NULL) {
		learn(r, s, t.into);
		t.mode = SPLIT_SEASON;
		t.season = r->season;
		t.season_file = r->tables[r->ntables - 1]->file;
		t.season_keys = r->skeys;
	}
	split_by_time(s, &out, &t, &r->conf);
	split_set_free(s);
	*s = out;
}

int
main(int argc, char **argv)
{
	struct run r;
	struct split_set s;
	struct split_output so;
	const struct table *weights = NULL;
	struct csvout *out;

	tgt_init(argv);
	memset(&r, 0, sizeof(r));
	parse_options(argc, argv, &r.o);
	cli_setup(&r.o.cm, &r.conf, &r.inopts);
	r.unit = opt_unit(&r.o, &r.conf);
	opt_output(&r.o, &r.conf, r.unit, &so);
	r.by = r.o.by ? split_list(r.o.by, NULL) : NULL;
	r.within = r.o.within ? split_list(r.o.within, NULL) : NULL;
	r.keys = r.o.keys ? split_list(r.o.keys, NULL) : NULL;
	if (r.o.into != NULL)
		r.into = opt_gran("--into", r.o.into, G_DAY, G_HALF);
	r.parent = r.o.parent ? opt_gran("--parent", r.o.parent, G_QUARTER,
	    G_YEAR) : G_QUARTER;
	opt_caps(&r.o, &r.conf, &r.caps);
	opt_period(&r.o, &r.conf, &r.period);
	opt_base(&r.o, &r.conf, &r.base);
	if (r.o.total != NULL || r.o.growth != NULL)
		r.total = opt_num(r.o.total ? "--total" : "--growth",
		    r.o.total ? r.o.total : r.o.growth, &r.conf);
	if (r.o.rebalance) {
		split_rebalance_table(load(&r, r.o.files[0]), r.keys, r.parent,
		    cli_asof(&r.o.cm, &r.conf), r.unit, &r.conf, &s);
	} else {
		parents(&r, &s, &weights);
		if (r.o.by != NULL)
			members(&r, &s, weights);
		if (r.o.into != NULL)
			timesplit(&r, &s);
	}
	out = csvout_open(r.o.cm.output, r.o.cm.excel);
	split_write(&s, out, &so, &r.conf);
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
	conf_free(&r.conf);
	return TGT_EXIT_OK;
}
