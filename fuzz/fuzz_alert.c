/*
 * fuzz_alert: the parsers of tgt-alert besides the rule language (that is
 * fuzz_rule): the --state file and message templates.
 *
 * Input: a template up to the first newline, then a state file.  The
 * state is loaded (astate_load returns errors, it does not exit), a few
 * alerts are noted, and a state that loaded is saved and loaded again: it
 * must load, with the same number of entries.  The template is parsed,
 * bound to a tgt-track header and rendered over a row.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "alert/state.h"
#include "alert/template.h"
#include "fuzz.h"
#include "util.h"

static const char *const header[] = {
	"region", "rep", "period", "target", "actual", "achievement_pct",
	"status", "金额"
};
static const char *const row[] = {
	"East", "Alice", "2025-05", "420000", "315000.5", "75.0", "behind",
	"1,234.5678"
};
#define NCOLS (sizeof(header) / sizeof(header[0]))

static char saved[80];

static void
remove_saved(void)
{
	unlink(saved);
}

static int
find(void *ctx, const char *name)
{
	(void)ctx;
	for (size_t i = 0; i < NCOLS; i++)
		if (ascii_casecmp(header[i], name) == 0)
			return (int)i;
	return -1;
}

static void
fuzz_state(const uint8_t *data, size_t size)
{
	static const char *const keys[] = { "East", "Alice" };
	struct astate st, back;
	char err[256];
	day_t asof = date_from_ymd(2025, 5, 20);
	size_t n;

	astate_init(&st);
	if (astate_load(&st, fuzz_tmpfile(data, size), err, sizeof(err)) != 0) {
		if (err[0] == '\0')
			abort();
		astate_free(&st);
		return;
	}
	astate_note(&st, "behind", "2025-05", keys, 2, SEV_WARNING, asof, 7);
	astate_note(&st, "missed", "2025-04", keys, 1, SEV_CRITICAL, asof, 0);
	for (size_t i = 0; i < astate_count(&st) && i < 8; i++) {
		char *id = xstrdup(astate_id(&st, i));

		astate_note(&st, "x", id, keys, 2, SEV_INFO, asof, 1);
		free(id);
	}
	n = 0;
	for (size_t i = 0; i < astate_count(&st); i++)
		n += st.e[i].seen;
	if (astate_save(&st, saved, err, sizeof(err)) != 0)
		abort();
	astate_init(&back);
	if (astate_load(&back, saved, err, sizeof(err)) != 0 ||
	    astate_count(&back) != n)
		abort();
	astate_free(&back);
	astate_free(&st);
}

static void
fuzz_tmpl(const char *src)
{
	struct rule_err err;
	struct tmpl *t;
	char *msg;

	memset(&err, 0, sizeof(err));
	if ((t = tmpl_parse(src, &err)) == NULL) {
		if (err.msg[0] == '\0')
			abort();
		return;
	}
	if (tmpl_bind(t, find, NULL, &err) == 0) {
		msg = tmpl_render(t, row, NCOLS, '.');
		if (msg == NULL)
			abort();
		free(msg);
	}
	tmpl_free(t);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t tlen = nl ? (size_t)(nl - data) : size;
	char *src;

	if (saved[0] == '\0') {
		/* astate_save() renames a file over this path: a real name. */
		snprintf(saved, sizeof(saved), "%s/tgt-fuzz-state.%ld",
		    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
		    (long)getpid());
		atexit(remove_saved);
	}
	src = malloc(tlen + 1);
	memcpy(src, data, tlen);
	src[tlen] = '\0';
	fuzz_tmpl(src);
	free(src);
	if (nl != NULL)
		fuzz_state(nl + 1, size - tlen - 1);
	return 0;
}
