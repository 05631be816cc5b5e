/*
 * fuzz_alerttool: tgt-alert end to end (cmd/alert.c in-process, see
 * tool.h): built-in rules, -e rules, --anomaly and text output over
 * fuzzed CSV.  Exit 1 (alerts raised) is a normal end.
 */
#include "fuzz.h"

int	tool_main(int, char **);
#define main tool_main
#include "../cmd/alert.c"
#undef main

#define TOOL_NAME	"tgt-alert"
#define TOOL_ASOF	1
#define TOOL_FOUND	1

static const char *const tool_args[][8] = {
	{ NULL },
	{ "-e", "pace_pct < 80 && elapsed_pct >= 10", NULL },
	{ "-e", "days_since(last_date) > 7 || actual / target < 60%", NULL },
	{ "--anomaly", NULL },
	{ "--anomaly", "--window", "2", "--drop", "20%", NULL },
	{ "-f", "text", NULL },
	{ "--stale-days", "3", "--min-severity", "warning", NULL },
	{ "-k", "region", "-e", "actual > 0", NULL }
};

#include "tool.h"
