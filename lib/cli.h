/*
 * cli: the options every command shares (DESIGN.md "Commands"):
 * -h/--help, --version, -c/--config, -d/--delimiter, --encoding, --excel,
 * -o/--output, and --asof where time matters.
 *
 * A command lists CLI_COMMON_SHORT in its short options and
 * CLI_COMMON_LONG in its long_options[], then passes every option it does
 * not handle itself to cli_common_option().
 */
#ifndef TGT_CLI_H
#define TGT_CLI_H

#include <getopt.h>
#include <stdbool.h>

#include "conf.h"
#include "csvio.h"
#include "date.h"

#define TGT_VERSION "0.1.0"

/* Long-only option codes shared by all commands (commands use >= 300). */
enum {
	OPT_ASOF = 256,
	OPT_ENCODING,
	OPT_EXCEL,
	OPT_VERSION
};

#define CLI_COMMON_SHORT "c:d:ho:"
#define CLI_COMMON_LONG \
	{ "asof",	required_argument,	NULL,	OPT_ASOF }, \
	{ "config",	required_argument,	NULL,	'c' }, \
	{ "delimiter",	required_argument,	NULL,	'd' }, \
	{ "encoding",	required_argument,	NULL,	OPT_ENCODING }, \
	{ "excel",	no_argument,		NULL,	OPT_EXCEL }, \
	{ "help",	no_argument,		NULL,	'h' }, \
	{ "output",	required_argument,	NULL,	'o' }, \
	{ "version",	no_argument,		NULL,	OPT_VERSION }

/* Help text for the common options, for usage(). */
#define CLI_COMMON_HELP \
"  -c, --config FILE     read settings from FILE (default: $TGT_CONFIG,\n" \
"                        ./tgt.ini, $XDG_CONFIG_HOME/tgt/tgt.ini)\n" \
"  -d, --delimiter C     input delimiter: , ; tab | or comma, semicolon,\n" \
"                        tab, pipe (default: detect from the header)\n" \
"      --encoding E      input encoding: auto (UTF-8, UTF-16 by BOM, else\n" \
"                        GB18030) or any iconv name (gbk, big5, ...)\n" \
"      --excel           write a UTF-8 BOM and CRLF line ends for Excel\n" \
"  -o, --output FILE     write FILE atomically instead of stdout\n" \
"  -h, --help            print this help and exit\n" \
"      --version         print the version and exit\n"

struct cli_common {
	const char	*config;	/* -c */
	const char	*delimiter;	/* -d, as given */
	const char	*encoding;	/* --encoding */
	const char	*asof;		/* --asof, as given */
	const char	*output;	/* -o */
	bool		 excel;		/* --excel */
};

/*
 * After usage() printed the help: flush and check stdout (a write error
 * is exit 2, "--help > /dev/full") and exit with status.  A command's
 * usage(status) may end with it.
 */
_Noreturn void	cli_usage_exit(int status);

/*
 * Handle a common option: returns true when c was one.  -h calls usage(0)
 * (which prints to stdout and may return) and cli_usage_exit(0); --version prints and exits 0;
 * '?' (getopt's error) exits 2 with "try --help".
 */
bool	cli_common_option(int c, const char *arg, struct cli_common *cm,
	    void (*usage)(int status));

/*
 * Load the config (-c / lookup order) into conf and derive the input
 * options: flags override [input].  Dies on a bad -d or config.
 */
void	cli_setup(const struct cli_common *cm, struct tgt_conf *conf,
	    struct csvin_opts *in);

/* The --asof date, or today when not given; dies on a bad date. */
day_t	cli_asof(const struct cli_common *cm, const struct tgt_conf *conf);

#endif
