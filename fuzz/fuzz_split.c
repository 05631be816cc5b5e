/*
 * fuzz_split: tgt-split end to end (cmd/split.c in-process, see tool.h):
 * member splits, time splits and --rebalance over fuzzed CSV.
 */
#include "fuzz.h"

int	tool_main(int, char **);
#define main tool_main
#include "../cmd/split.c"
#undef main

#define TOOL_NAME	"tgt-split"
#define TOOL_ASOF	1
#define TOOL_FOUND	0

static const char *const tool_args[][12] = {
	{ "--total", "1000000", "-b", "region", NULL },
	{ "--total", "1000000", "-b", "region", "--weight", "weight",
	    "--round", "1000", NULL },
	{ "--growth", "15%", "-b", "rep", "--weight", "amount",
	    "--min", "10", "--max", "900000", NULL },
	{ "--into", "month", NULL },
	{ "--into", "week", "--workdays", NULL },
	{ "--into", "day", "--stretch", "10%", NULL },
	{ "--rebalance", "--parent", "quarter", NULL },
	{ "--total", "5000", "-b", "region", "--funnel",
	    "deal_size=500,win_rate=20%,lead_rate=30%", NULL }
};

#include "tool.h"
