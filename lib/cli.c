#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"

void
cli_usage_exit(int status)
{
	/* The help went to stdout: a full disk or a closed pipe is exit 2,
	 * not a silent 0 (tgt_fshut dies). */
	tgt_fshut(stdout, "<stdout>");
	exit(status);
}

bool
cli_common_option(int c, const char *arg, struct cli_common *cm,
    void (*usage)(int status))
{
	switch (c) {
	case OPT_ASOF:
		cm->asof = arg;
		return true;
	case 'c':
		cm->config = arg;
		return true;
	case 'd':
		cm->delimiter = arg;
		return true;
	case OPT_ENCODING:
		cm->encoding = arg;
		return true;
	case OPT_EXCEL:
		cm->excel = true;
		return true;
	case 'h':
		usage(TGT_EXIT_OK);
		cli_usage_exit(TGT_EXIT_OK);
	case 'o':
		cm->output = arg;
		return true;
	case OPT_VERSION:
		printf("%s %s\n", tgt_progname, TGT_VERSION);
		tgt_fshut(stdout, "<stdout>");
		exit(TGT_EXIT_OK);
	case '?':
		/* getopt has printed what was wrong. */
		fprintf(stderr, "try '%s --help'\n", tgt_progname);
		exit(TGT_EXIT_ERROR);
	default:
		return false;
	}
}

void
cli_setup(const struct cli_common *cm, struct tgt_conf *conf,
    struct csvin_opts *in)
{
	conf_load(conf, cm->config);
	memset(in, 0, sizeof(*in));
	in->encoding = conf->encoding;
	in->delimiter = conf->delimiter;
	if (cm->encoding != NULL)
		in->encoding = cm->encoding;
	if (cm->delimiter != NULL &&
	    (in->delimiter = csv_delimiter_parse(cm->delimiter)) == 0)
		die_usage("-d: \"%s\" is not a delimiter (, ; tab | or comma, "
		    "semicolon, tab, pipe)", cm->delimiter);
}

day_t
cli_asof(const struct cli_common *cm, const struct tgt_conf *conf)
{
	const char *why;
	day_t day;

	if (cm->asof == NULL)
		return date_today();
	if ((why = date_parse(cm->asof, strlen(cm->asof), conf->date_order,
	    &day)) != NULL)
		die_usage("--asof: cannot read \"%s\" as a date: %s", cm->asof,
		    why);
	return day;
}
