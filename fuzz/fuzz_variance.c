/*
 * fuzz_variance: tgt-variance end to end (cmd/variance.c in-process, see
 * tool.h): plain, --pvm and --compare over fuzzed CSV.
 */
#include "fuzz.h"

int	tool_main(int, char **);
#define main tool_main
#include "../cmd/variance.c"
#undef main

#define TOOL_NAME	"tgt-variance"
#define TOOL_ASOF	0
#define TOOL_FOUND	0

static const char *const tool_args[][8] = {
	{ NULL },
	{ "-k", "region", NULL },
	{ "--pvm", "-k", "region", "--item", "product", NULL },
	{ "--compare", "yoy", "--value", "actual", NULL },
	{ "--compare", "prev", "--by", "month", NULL },
	{ "--lower-is-better", "--no-sort", "--all-rows", NULL },
	{ "--in", "2025-Q2", "--period", "period", NULL },
	{ "--excel", "-k", "region,rep", NULL }
};

#include "tool.h"
