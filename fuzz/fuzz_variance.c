/*
 * fuzz_variance: tgt-variance's main path in-process, through
 * variance_run() (the engine objects, lib/variance): plan against actual,
 * the wildcard hierarchy, --pvm, --compare and --in over a fuzzed CSV.
 *
 * Input: one mode byte (bits 0..1: encoding auto, gbk, utf-16, utf-8; the
 * rest: which option set, mod their number), then the input file.  The
 * run ends with 0, or dies with 2 (the exit is caught, fuzz.h); anything
 * else aborts.  variance_run() frees what it holds on a die() through its
 * cleanup handler.
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "fuzz.h"
#include "util.h"
#include "variance/run.h"

static const struct variance_opts sets[] = {
	{ .mode = VAR_MODE_PLAN },
	{ .mode = VAR_MODE_PLAN, .keys = "region" },
	{ .mode = VAR_MODE_PVM, .keys = "region", .item = "product" },
	{ .mode = VAR_MODE_COMPARE, .yoy = true },
	{ .mode = VAR_MODE_COMPARE, .by = "month", .by_gran = G_MONTH },
	{ .mode = VAR_MODE_PLAN, .lower = true, .no_sort = true,
	    .all_rows = true },
	{ .mode = VAR_MODE_PLAN, .in = "2025-Q2" },
	{ .mode = VAR_MODE_PLAN, .excel = true, .keys = "region,rep" }
};

#define NSETS	(sizeof(sets) / sizeof(sets[0]))

static const char *const encodings[] = { "auto", "gbk", "utf-16", "utf-8" };

static struct tgt_conf conf;

/* The defaults cmd/variance.c fills in. */
static void
defaults(struct variance_opts *o)
{
	o->plan = "target";
	o->actual = "actual";
	o->plan_qty = "target_qty";
	o->actual_qty = "actual_qty";
	o->value = "actual";
	o->period = "period";
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int inited;
	struct variance_opts o;
	char *files[1];
	int status;

	if (!inited) {
		tgt_setprogname("fuzz_variance");
		conf_init(&conf);
		fuzz_fd_mark();
		inited = 1;
	}
	if (size < 1)
		return 0;
	o = sets[(data[0] >> 2) % NSETS];
	defaults(&o);
	o.conf = &conf;
	o.in_opts.encoding = encodings[data[0] & 3];
	files[0] = (char *)fuzz_tmpfile(data + 1, size - 1);
	if (FUZZ_TRY()) {
		status = variance_run(&o, 1, files);
		FUZZ_END();
	} else {
		status = fuzz_exit_status;
	}
	if (status != TGT_EXIT_OK && status != TGT_EXIT_ERROR)
		abort();
	fuzz_fd_sweep();
	return 0;
}
