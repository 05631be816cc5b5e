/*
 * fuzz_funnel: tgt-funnel end to end (fuzz/tool.h): the fuzzed file is
 * the opportunities export, under option sets for the stages from
 * --stages or a config with benchmarks, --by, --stalled, --other,
 * --rollup and a fixed --target file (keys rep and region, a wildcard).
 * Exit 0 or 2 only.
 */
#include "fuzz.h"

int	tool_main(int, char **);
#define main tool_main
#include "../cmd/funnel.c"
#undef main

#define TOOL_NAME	"tgt-funnel"
#define TOOL_ASOF	1
#define TOOL_FOUND	0

static const char targets_csv[] =
	"region,rep,period,target\n"
	"East,Alice,2025-Q3,100000\n"
	"East,*,2025-Q3,250000\n"
	"*,*,2025-Q3,900000\n";

static const char funnel_ini[] =
	"[funnel]\n"
	"stages = 线索, 商机, 方案, 报价, 成交\n"
	"benchmark = 60%, 50%, 0.4, 30%\n";

#define STAGES	"--stages", "线索,商机,方案,报价,成交"
/* Filled in before the first input: fixed files made once. */
static const char *targets_path = "targets";
static const char *ini_path = "ini";

static const char *tool_args[][14] = {
	{ STAGES, NULL },
	{ STAGES, "--by", "month", "--stalled", "30", NULL },
	{ STAGES, "--other", "-k", "region,rep", "--rollup", "region", NULL },
	{ "-c", "ini", "--by", "quarter", "-k", "rep", NULL },
	{ STAGES, "-k", "region,rep", "--rollup", "region,rep", "--target",
	    "targets", NULL },
	{ "-c", "ini", "--stalled", "0", "--other", "--by", "week", NULL },
	{ "--stages", "lead,won", "-k", "", "--stage-date", "stage_date",
	    NULL },
	{ STAGES, "--excel", "--by", "day", "--value", "amount", NULL },
};

__attribute__((constructor)) static void
fixed_files(void)
{
	targets_path = fuzz_fixed_file(targets_csv);
	ini_path = fuzz_fixed_file(funnel_ini);
	for (size_t i = 0; i < sizeof(tool_args) / sizeof(tool_args[0]); i++)
		for (size_t j = 0; tool_args[i][j] != NULL; j++) {
			if (strcmp(tool_args[i][j], "targets") == 0)
				tool_args[i][j] = targets_path;
			else if (strcmp(tool_args[i][j], "ini") == 0)
				tool_args[i][j] = ini_path;
		}
}

#include "tool.h"
