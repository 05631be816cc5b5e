/*
 * tgt-alert: rules over rows, made for a daily cron (DESIGN.md "tgt-alert").
 *
 * This file parses the options and wires the library: the engine that
 * chooses the rules, evaluates rows and writes the alerts is
 * lib/alertrun.c (rules lib/alertrules.c, output lib/alertout.c); the
 * expression language is lib/rule.c; templates, built-ins, anomaly and
 * state are lib/alert.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "alert/alertrun.h"
#include "cli.h"
#include "conf.h"
#include "csvio.h"
#include "num.h"
#include "util.h"

enum {
	OPT_ANOMALY = 300,
	OPT_DROP,
	OPT_MIN_SEVERITY,
	OPT_NO_BUILTIN,
	OPT_PERIOD,
	OPT_REPEAT_AFTER,
	OPT_SEVERITY,
	OPT_STALE_DAYS,
	OPT_STATE,
	OPT_VALUE,
	OPT_WINDOW
};

static const char short_options[] = CLI_COMMON_SHORT "e:f:k:";

static const struct option long_options[] = {
	{ "anomaly",		no_argument,		NULL,	OPT_ANOMALY },
	{ "drop",		required_argument,	NULL,	OPT_DROP },
	{ "expr",		required_argument,	NULL,	'e' },
	{ "format",		required_argument,	NULL,	'f' },
	{ "keys",		required_argument,	NULL,	'k' },
	{ "min-severity",	required_argument,	NULL,	OPT_MIN_SEVERITY },
	{ "no-builtin",		no_argument,		NULL,	OPT_NO_BUILTIN },
	{ "period",		required_argument,	NULL,	OPT_PERIOD },
	{ "repeat-after",	required_argument,	NULL,	OPT_REPEAT_AFTER },
	{ "severity",		required_argument,	NULL,	OPT_SEVERITY },
	{ "stale-days",		required_argument,	NULL,	OPT_STALE_DAYS },
	{ "state",		required_argument,	NULL,	OPT_STATE },
	{ "value",		required_argument,	NULL,	OPT_VALUE },
	{ "window",		required_argument,	NULL,	OPT_WINDOW },
	CLI_COMMON_LONG,
	{ NULL,			0,			NULL,	0 }
};

struct alert_opts {
	struct cli_common cm;
	struct alertrun_opts run;	/* conf and asof set by main() */
	int		 severity;	/* --severity, -1 = not given */
	const char	*format;	/* -f, NULL = csv */
};

static void
usage(int status)
{
	FILE *fp = status == TGT_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: tgt-alert [-e EXPR] [--severity LEVEL] [-k COLS] [--period COL]\n"
"                 [--no-builtin] [--stale-days N] [--anomaly] [--value COL]\n"
"                 [--drop PCT] [--window N] [--min-severity LEVEL]\n"
"                 [-f csv|text] [--state FILE] [--repeat-after DAYS]\n"
"                 [options] [FILE...]\n"
"\n"
"Raise alerts on rows (tgt-track output by default): built-in rules\n"
"behind, at_risk, ahead, missed and stale, [alert.NAME] rules from the\n"
"config, or -e EXPR.  Exit 0: no alert, 1: alerts printed, 2: error.\n"
"\n"
"  -e, --expr EXPR       raise rule \"expr\" where EXPR holds (instead of\n"
"                        the built-in and [alert.NAME] rules)\n"
"      --severity LEVEL  severity of -e and --anomaly alerts: info,\n"
"                        warning (default) or critical\n"
"  -k, --keys COLS       key columns (default: the columns left of the\n"
"                        period column)\n"
"      --period COL      the period column (default period)\n"
"      --no-builtin      only the [alert.NAME] rules of the config\n"
"      --stale-days N    built-in rule stale: no sales for N days (7)\n"
"      --anomaly         flag periods whose value drops against the\n"
"                        previous periods of the same key (no built-ins)\n"
"      --value COL       the value --anomaly follows (default actual)\n"
"      --drop PCT        drop below the mean that is flagged (30%%)\n"
"      --window N        periods the mean is taken over (3)\n"
"      --min-severity LEVEL  leave out alerts below LEVEL\n"
"  -f, --format FMT      csv (default) or text, a plain mail body\n"
"      --state FILE      print only alerts new or escalated since the run\n"
"                        that wrote FILE, and update FILE\n"
"      --repeat-after DAYS  with --state, print an alert again after DAYS\n"
"      --asof DATE       the day of the run: days_since(), --state dates\n"
"                        and --anomaly's finished periods (default today)\n"
CLI_COMMON_HELP);
	if (status == TGT_EXIT_OK)
		tgt_fshut(stdout, "<stdout>");
	exit(status);
}

static enum severity
severity_arg(const char *opt, const char *arg)
{
	int s = severity_parse(arg);

	if (s < 0)
		die_usage("%s: \"%s\" is not info, warning or critical", opt,
		    arg);
	return (enum severity)s;
}

static long
count_arg(const char *opt, const char *arg, long min)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(arg, &end, 10);
	if (end == arg || *end != '\0' || errno != 0 || v < min || v > 100000)
		die_usage("%s: \"%s\" is not a whole number from %ld", opt,
		    arg, min);
	return v;
}

static double
drop_arg(const char *arg)
{
	size_t len = strlen(arg);
	num_t v;

	/* "30%" and "30" both mean 30 %. */
	if (num_parse(arg, len, '.', &v) != NUM_OK || v <= 0)
		die_usage("--drop: \"%s\" is not a percentage above 0", arg);
	if (arg[len - 1] != '%')
		v /= 100;
	if (v >= NUM_SCALE)
		die_usage("--drop: \"%s\" is not below 100%%", arg);
	return num_to_double(v);
}

static void
check_opts(struct alert_opts *o)
{
	struct alertrun_opts *r = &o->run;
	const char *fmt = o->format;

	if (fmt != NULL && strcmp(fmt, "text") == 0)
		r->text = true;
	else if (fmt != NULL && strcmp(fmt, "csv") != 0)
		die_usage("-f: \"%s\" is not csv or text", fmt);
	if (r->text && o->cm.excel)
		die_usage("--excel applies to CSV output only");
	if (o->severity >= 0 && r->expr == NULL && !r->anomaly)
		die_usage("--severity needs -e or --anomaly");
	if (r->repeat_after > 0 && r->state == NULL)
		die_usage("--repeat-after needs --state");
	if (!r->anomaly && (r->value != NULL || r->drop > 0 || r->window > 0))
		die_usage("--value, --drop and --window need --anomaly");
	if (r->expr != NULL && r->no_builtin)
		die_usage("-e already leaves out the built-in rules");
	r->severity = o->severity < 0 ? SEV_WARNING :
	    (enum severity)o->severity;
	r->output = o->cm.output;
	r->excel = o->cm.excel;
	if (r->period == NULL)
		r->period = "period";
	if (r->value == NULL)
		r->value = "actual";
	if (r->drop == 0)
		r->drop = 0.30;
	if (r->window == 0)
		r->window = 3;
	if (r->stale_days == 0)
		r->stale_days = 7;
}

static void
parse_args(int argc, char **argv, struct alert_opts *o)
{
	struct alertrun_opts *r = &o->run;
	int c;

	memset(o, 0, sizeof(*o));
	o->severity = -1;
	while ((c = getopt_long(argc, argv, short_options, long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'e':
			if (r->expr != NULL)
				die_usage("-e given twice: join the rules "
				    "with ||");
			r->expr = optarg;
			break;
		case 'f':
			o->format = optarg;
			break;
		case 'k':
			r->keys = optarg;
			break;
		case OPT_ANOMALY:
			r->anomaly = true;
			break;
		case OPT_DROP:
			r->drop = drop_arg(optarg);
			break;
		case OPT_MIN_SEVERITY:
			r->min_sev = severity_arg("--min-severity", optarg);
			break;
		case OPT_NO_BUILTIN:
			r->no_builtin = true;
			break;
		case OPT_PERIOD:
			r->period = optarg;
			r->period_given = true;
			break;
		case OPT_REPEAT_AFTER:
			r->repeat_after = count_arg("--repeat-after", optarg,
			    1);
			break;
		case OPT_SEVERITY:
			o->severity = (int)severity_arg("--severity", optarg);
			break;
		case OPT_STALE_DAYS:
			r->stale_days = count_arg("--stale-days", optarg, 1);
			break;
		case OPT_STATE:
			r->state = optarg;
			break;
		case OPT_VALUE:
			r->value = optarg;
			break;
		case OPT_WINDOW:
			r->window = count_arg("--window", optarg, 1);
			break;
		default:
			if (!cli_common_option(c, optarg, &o->cm, usage))
				usage(TGT_EXIT_ERROR);
		}
	}
	check_opts(o);
}

int
main(int argc, char **argv)
{
	struct alert_opts o;
	struct tgt_conf conf;
	struct csvin_opts inopts;
	struct alertrun *ar;
	size_t found;

	tgt_init(argv);
	parse_args(argc, argv, &o);
	cli_setup(&o.cm, &conf, &inopts);
	o.run.conf = &conf;
	o.run.asof = cli_asof(&o.cm, &conf);
	ar = alertrun_new(&o.run);
	argc -= optind;
	argv += optind;
	for (int i = 0; i < (argc > 0 ? argc : 1); i++) {
		struct csvin *in = csvin_open(argc > 0 ? argv[i] : NULL,
		    &inopts);

		alertrun_feed(ar, in);
		csvin_close(in);
	}
	found = alertrun_finish(ar);
	alertrun_free(ar);
	conf_free(&conf);
	return found > 0 ? TGT_EXIT_FOUND : TGT_EXIT_OK;
}
