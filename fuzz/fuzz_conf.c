/*
 * fuzz_conf: config loading (conf_load over tgt.ini bytes).
 *
 * conf_load() reports a bad file through die(), which exits; this target
 * is linked with -Wl,--wrap=exit so the exit comes back here (fuzz.h).
 * What the dying call had allocated is leaked, as in a real run, so the
 * target runs with -detect_leaks=0; a file that loads is freed and must
 * not leak.  die() prints to stderr: `make fuzz` runs with
 * -close_fd_mask=3, which keeps libFuzzer's and ASan's reports.
 * Checks: an error exits with status 2; a loaded config has sane values
 * (decimal mark, fiscal start, week start, workdays mask, sorted
 * holidays).
 */
#include <stdlib.h>
#include <string.h>

#include "conf.h"
#include "fuzz.h"
#include "util.h"

static void
check(const struct tgt_conf *c)
{
	if (c->decimal != '.' && c->decimal != ',')
		abort();
	if (c->fy.start_month < 1 || c->fy.start_month > 12)
		abort();
	if (c->week_start < 1 || c->week_start > 7)
		abort();
	if (c->cal.workdays > 0x7f)
		abort();
	for (size_t i = 1; i < c->cal.nholidays; i++)
		if (c->cal.holidays[i - 1] >= c->cal.holidays[i])
			abort();
	for (size_t i = 1; i < c->cal.nextra; i++)
		if (c->cal.extra[i - 1] >= c->cal.extra[i])
			abort();
	for (size_t i = 0; i < c->naliases; i++)
		if (c->aliases[i].name == NULL)
			abort();
	for (size_t i = 0; i < c->nalerts; i++)
		if (c->alerts[i].name == NULL || c->alerts[i].when == NULL)
			abort();
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static int init;
	struct tgt_conf conf;
	const char *path;

	if (!init) {
		tgt_setprogname("fuzz_conf");
		init = 1;
	}
	path = fuzz_tmpfile(data, size);
	if (FUZZ_TRY()) {
		conf_load(&conf, path);
		FUZZ_END();
		check(&conf);
		conf_free(&conf);
	} else if (fuzz_exit_status != TGT_EXIT_ERROR) {
		abort();
	}
	return 0;
}
