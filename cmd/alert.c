/*
 * tgt-alert: rules over rows, made for a daily cron (DESIGN.md "tgt-alert").
 *
 * This file parses the options; the engine is lib/alert (alert.h lists
 * its files) and the expression language lib/rule.c.
 */
#include <errno.h>
#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alert/alert.h"
#include "cli.h"
#include "num.h"
#include "util.h"

enum {
	OPT_ANOMALY = 300,
	OPT_BY,
	OPT_COMMIT,
	OPT_DROP,
	OPT_IN,
	OPT_MIN_SEVERITY,
	OPT_NO_BUILTIN,
	OPT_PENDING,
	OPT_PERIOD,
	OPT_REPEAT_AFTER,
	OPT_SEVERITY,
	OPT_STALE_DAYS,
	OPT_STATE,
	OPT_VALUE,
	OPT_WHERE,
	OPT_WINDOW,
	OPT_WORKDAYS
};

static const char short_options[] = CLI_COMMON_SHORT "e:f:k:";

static const struct option long_options[] = {
	{ "anomaly",		no_argument,		NULL,	OPT_ANOMALY },
	{ "by",			required_argument,	NULL,	OPT_BY },
	{ "commit",		required_argument,	NULL,	OPT_COMMIT },
	{ "drop",		required_argument,	NULL,	OPT_DROP },
	{ "expr",		required_argument,	NULL,	'e' },
	{ "format",		required_argument,	NULL,	'f' },
	{ "in",			required_argument,	NULL,	OPT_IN },
	{ "keys",		required_argument,	NULL,	'k' },
	{ "min-severity",	required_argument,	NULL,	OPT_MIN_SEVERITY },
	{ "no-builtin",		no_argument,		NULL,	OPT_NO_BUILTIN },
	{ "pending",		no_argument,		NULL,	OPT_PENDING },
	{ "period",		required_argument,	NULL,	OPT_PERIOD },
	{ "repeat-after",	required_argument,	NULL,	OPT_REPEAT_AFTER },
	{ "severity",		required_argument,	NULL,	OPT_SEVERITY },
	{ "stale-days",		required_argument,	NULL,	OPT_STALE_DAYS },
	{ "state",		required_argument,	NULL,	OPT_STATE },
	{ "value",		required_argument,	NULL,	OPT_VALUE },
	{ "where",		required_argument,	NULL,	OPT_WHERE },
	{ "window",		required_argument,	NULL,	OPT_WINDOW },
	{ "workdays",		no_argument,		NULL,	OPT_WORKDAYS },
	CLI_COMMON_LONG,
	{ NULL,			0,			NULL,	0 }
};

/* What parse_args() reads besides struct alert_opts. */
struct args {
	struct alert_opts run;
	int		 severity;	/* --severity, -1 = not given */
	const char	*format;	/* -f, NULL = csv */
};

static void
usage(int status)
{
	FILE *fp = status == TGT_EXIT_OK ? stdout : stderr;

	fprintf(fp,
"usage: tgt-alert [-e EXPR] [--severity LEVEL] [-k COLS] [--period COL]\n"
"                 [--no-builtin] [--stale-days N] [--workdays]\n"
"                 [--anomaly] [--value COL] [--by GRAN] [--drop PCT]\n"
"                 [--window N] [--in PERIOD] [--where EXPR]\n"
"                 [--min-severity LEVEL] [-f csv|text]\n"
"                 [--state FILE [--pending]] [--repeat-after DAYS]\n"
"                 [options] [FILE...]\n"
"       tgt-alert --commit FILE\n"
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
"                        period column; metric is always one)\n"
"      --period COL      the period column (default period; date with --by)\n"
"      --no-builtin      only the [alert.NAME] rules of the config\n"
"      --stale-days N    built-in rule stale: no sales for N days (7)\n"
"      --workdays        days_since_sale counts working days ([calendar])\n"
"      --anomaly         flag periods whose value drops against the\n"
"                        previous periods of the same key (no built-ins)\n"
"      --value COL       the value --anomaly follows (default actual)\n"
"      --by GRAN         --anomaly: sum rows by day, week, month, quarter,\n"
"                        half or year of their period (or date)\n"
"      --drop PCT        drop below the mean that is flagged (30%%)\n"
"      --window N        periods the mean is taken over (3)\n"
"      --in PERIOD       raise alerts only on rows whose period lies\n"
"                        within PERIOD\n"
"      --where EXPR      raise alerts only on rows where EXPR holds\n"
"      --min-severity LEVEL  leave out alerts below LEVEL\n"
"  -f, --format FMT      csv (default) or text, a plain mail body\n"
"      --state FILE      print only alerts new or escalated since the run\n"
"                        that wrote FILE, and update FILE\n"
"      --pending         with --state, write the new state to FILE.pending;\n"
"                        --commit FILE makes it current once delivered\n"
"      --commit FILE     make FILE.pending the state FILE, read nothing\n"
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
check_opts(struct args *a)
{
	struct alert_opts *r = &a->run;
	const char *fmt = a->format;

	if (fmt != NULL && strcmp(fmt, "text") == 0)
		r->text = true;
	else if (fmt != NULL && strcmp(fmt, "csv") != 0)
		die_usage("-f: \"%s\" is not csv or text", fmt);
	if (r->text && r->cm.excel)
		die_usage("--excel applies to CSV output only");
	if (a->severity >= 0 && r->expr == NULL && !r->anomaly)
		die_usage("--severity needs -e or --anomaly");
	if (r->repeat_after > 0 && r->state == NULL)
		die_usage("--repeat-after needs --state");
	if (r->pending && r->state == NULL)
		die_usage("--pending needs --state");
	if (r->commit != NULL && (r->state != NULL || r->expr != NULL ||
	    r->anomaly))
		die_usage("--commit FILE only commits: give it alone");
	if (!r->anomaly && (r->value != NULL || r->drop > 0 ||
	    r->window > 0 || r->by != NULL))
		die_usage("--value, --by, --drop and --window need --anomaly");
	if (r->expr != NULL && r->no_builtin)
		die_usage("-e already leaves out the built-in rules");
	r->severity = a->severity < 0 ? SEV_WARNING :
	    (enum severity)a->severity;
	if (r->period == NULL)
		r->period = r->by != NULL ? "date" : "period";
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
parse_args(int argc, char **argv, struct args *a)
{
	struct alert_opts *r = &a->run;
	int c;

	memset(a, 0, sizeof(*a));
	a->severity = -1;
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
			a->format = optarg;
			break;
		case 'k':
			r->keys = optarg;
			break;
		case OPT_ANOMALY:
			r->anomaly = true;
			break;
		case OPT_BY:
			r->by = optarg;
			break;
		case OPT_COMMIT:
			r->commit = optarg;
			break;
		case OPT_DROP:
			r->drop = drop_arg(optarg);
			break;
		case OPT_IN:
			r->in = optarg;
			break;
		case OPT_MIN_SEVERITY:
			r->min_sev = severity_arg("--min-severity", optarg);
			break;
		case OPT_NO_BUILTIN:
			r->no_builtin = true;
			break;
		case OPT_PENDING:
			r->pending = true;
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
			a->severity = (int)severity_arg("--severity", optarg);
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
		case OPT_WHERE:
			r->where = optarg;
			break;
		case OPT_WINDOW:
			r->window = count_arg("--window", optarg, 1);
			break;
		case OPT_WORKDAYS:
			r->workdays = true;
			break;
		default:
			if (!cli_common_option(c, optarg, &r->cm, usage))
				usage(TGT_EXIT_ERROR);
		}
	}
	check_opts(a);
}

int
main(int argc, char **argv)
{
	struct args a;

	tgt_init(argv);
	parse_args(argc, argv, &a);
	if (a.run.commit != NULL && optind < argc)
		die_usage("--commit FILE reads no input");
	return alert_run(&a.run, argc - optind, argv + optind);
}
