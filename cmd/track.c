/*
 * tgt-track: actuals against targets (DESIGN.md "tgt-track").  Options and
 * wiring only; the matching is lib/match.c, the numbers lib/track.c.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "table.h"
#include "track/track.h"
#include "util.h"

enum {
	OPT_COUNT = 300,
	OPT_DATE,
	OPT_DISTINCT,
	OPT_ROLLUP,
	OPT_STRICT,
	OPT_VALUE,
	OPT_WORKDAYS
};

static const char short_options[] = CLI_COMMON_SHORT "k:t:";

static const struct option long_options[] = {
	CLI_COMMON_LONG,
	{ "count",	no_argument,		NULL,	OPT_COUNT },
	{ "date",	required_argument,	NULL,	OPT_DATE },
	{ "distinct",	required_argument,	NULL,	OPT_DISTINCT },
	{ "keys",	required_argument,	NULL,	'k' },
	{ "rollup",	required_argument,	NULL,	OPT_ROLLUP },
	{ "strict",	no_argument,		NULL,	OPT_STRICT },
	{ "targets",	required_argument,	NULL,	't' },
	{ "value",	required_argument,	NULL,	OPT_VALUE },
	{ "workdays",	no_argument,		NULL,	OPT_WORKDAYS },
	{ NULL,		0,			NULL,	0 }
};

struct tgt_track_opts {
	struct cli_common cm;
	struct track_opts track;
	const char	*targets;	/* -t */
	bool		 value_given;
	char	       **files;		/* actuals; "-" when none */
	int		 nfiles;
};

static void
usage(int status)
{
	FILE *fp = status == TGT_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: tgt-track -t TARGETS [-k COLS] [--value COL | --count | --distinct COL]\n"
"                 [--date COL] [--asof DATE] [--workdays] [--rollup COLS]\n"
"                 [--strict] [-o FILE] [--excel] [-c FILE] [-d C]\n"
"                 [--encoding E] [ACTUALS...]\n"
"\n"
"Measure actuals (files, or stdin) against the target rows of TARGETS:\n"
"achievement, pace against the time elapsed, forecast and what is still\n"
"needed, one output row per target row.\n"
"\n"
"  -t, --targets FILE    the targets: key columns, period, target\n"
"  -k, --keys COLS       join on these columns (default: the columns the\n"
"                        targets and the actuals share)\n"
"      --value COL       sum COL (default amount)\n"
"      --count           count rows instead of summing a value\n"
"      --distinct COL    count distinct values of COL (e.g. customer)\n"
"      --date COL        the actuals' date column (default date)\n"
"      --asof DATE       measure as of the end of DATE (default today);\n"
"                        later rows are not counted\n"
"      --workdays        count working days ([calendar] in tgt.ini)\n"
"      --rollup COLS     add subtotal rows by COLS and a grand total\n"
"      --strict          an actual row matching no target is an error\n"
CLI_COMMON_HELP);
	if (status != TGT_EXIT_OK)
		exit(status);
}

static void
parse_options(int argc, char **argv, struct tgt_track_opts *o)
{
	static char *stdin_only[] = { "-" };
	int c;

	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'k':
			o->track.keys = optarg;
			break;
		case 't':
			o->targets = optarg;
			break;
		case OPT_COUNT:
			if (o->track.measure == TRACK_DISTINCT)
				die_usage("--count and --distinct exclude each "
				    "other");
			o->track.measure = TRACK_COUNT;
			break;
		case OPT_DATE:
			o->track.date_col = optarg;
			break;
		case OPT_DISTINCT:
			if (o->track.measure == TRACK_COUNT)
				die_usage("--count and --distinct exclude each "
				    "other");
			o->track.measure = TRACK_DISTINCT;
			o->track.distinct_col = optarg;
			break;
		case OPT_ROLLUP:
			o->track.rollup = optarg;
			break;
		case OPT_STRICT:
			o->track.strict = true;
			break;
		case OPT_VALUE:
			o->track.value_col = optarg;
			o->value_given = true;
			break;
		case OPT_WORKDAYS:
			o->track.workdays = true;
			break;
		default:
			if (!cli_common_option(c, optarg, &o->cm, usage))
				usage(TGT_EXIT_ERROR);
		}
	}
	if (o->value_given && o->track.measure != TRACK_SUM)
		die_usage("--value excludes --count and --distinct");
	if (o->targets == NULL)
		die_usage("no targets: -t TARGETS is required");
	o->files = argv + optind;
	o->nfiles = argc - optind;
	if (o->nfiles == 0) {
		o->files = stdin_only;
		o->nfiles = 1;
	}
	if (strcmp(o->targets, "-") == 0)
		for (int i = 0; i < o->nfiles; i++)
			if (strcmp(o->files[i], "-") == 0)
				die_usage("the targets and the actuals cannot "
				    "both be stdin");
}

/*
 * Two threads when there are two CPUs: a regular file is read in two
 * halves at once, stdin is parsed in one thread and counted in another
 * (lib/tracker.c); TGT_THREADS=1 keeps everything in one thread.
 */
static int
threads(void)
{
	const char *env = getenv("TGT_THREADS");

	if (env != NULL && *env != '\0')
		return atoi(env) > 1 ? 2 : 1;
	return sysconf(_SC_NPROCESSORS_ONLN) > 1 ? 2 : 1;
}

int
main(int argc, char **argv)
{
	struct tgt_track_opts o;
	struct tgt_conf conf;
	struct csvin_opts inopts;
	struct table targets;
	const struct csv_row *hdr;
	struct csvin *in;
	struct tracker *tr;
	struct csvout *out;

	tgt_init(argv);
	memset(&o, 0, sizeof(o));
	parse_options(argc, argv, &o);
	cli_setup(&o.cm, &conf, &inopts);
	o.track.conf = &conf;
	o.track.asof = cli_asof(&o.cm, &conf);
	o.track.threads = threads();
	table_load(&targets, o.targets, &inopts);

	/* The first actuals header decides the default key columns. */
	in = csvin_open(o.files[0], &inopts);
	if (csvin_header(in, &hdr) < 0)
		die("%s", csvin_error(in));
	tr = tracker_new(&targets, hdr, &o.track);
	for (int i = 0; i < o.nfiles; i++) {
		if (i > 0)
			in = csvin_open(o.files[i], &inopts);
		tracker_feed(tr, in);
		csvin_close(in);
	}

	out = csvout_open(o.cm.output, o.cm.excel);
	tracker_write(tr, out);
	csvout_close(out);
	tracker_free(tr);
	table_free(&targets);
	conf_free(&conf);
	return TGT_EXIT_OK;
}
