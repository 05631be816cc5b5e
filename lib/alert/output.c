/*
 * output: CSV or text output of tgt-alert's alerts (output.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "output.h"
#include "outfile.h"
#include "safetext.h"
#include "sbuf.h"
#include "util.h"

void
alert_raised_init(struct alert_raised *a, enum severity sev, const char *rule,
    size_t nkey, size_t nextra)
{
	memset(a, 0, sizeof(*a));
	a->sev = sev;
	a->rule = rule;
	a->key = xcalloc(nkey, sizeof(*a->key));
	a->extra = xcalloc(nextra, sizeof(*a->extra));
}

void
alert_raised_free(struct alert_raised *a, size_t nkey, size_t nextra)
{
	for (size_t k = 0; k < nkey; k++)
		free(a->key[k]);
	for (size_t k = 0; k < nextra; k++)
		free(a->extra[k]);
	free(a->key);
	free(a->extra);
	free(a->period);
	free(a->msg);
}

void
alertout_init(struct alertout *ao, const char *path, bool excel, bool text)
{
	memset(ao, 0, sizeof(*ao));
	ao->path = path;
	ao->excel = excel;
	ao->text = text;
}

void
alertout_start(struct alertout *ao, char *const *keys, size_t nkey,
    char *const *extra, size_t nextra)
{
	ao->keys = keys;
	ao->nkey = nkey;
	ao->extra = extra;
	ao->nextra = nextra;
	if (ao->text)
		return;
	ao->csv = csvout_open(ao->path, ao->excel);
	csvout_cell(ao->csv, "severity");
	csvout_cell(ao->csv, "rule");
	for (size_t k = 0; k < nkey; k++)
		csvout_cell(ao->csv, keys[k]);
	csvout_cell(ao->csv, "period");
	csvout_cell(ao->csv, "message");
	for (size_t k = 0; k < nextra; k++)
		csvout_cell(ao->csv, extra[k]);
	csvout_end(ao->csv);
}

static void
write_csv(struct alertout *ao, const struct alert_raised *a)
{
	csvout_cell(ao->csv, severity_name(a->sev));
	csvout_cell(ao->csv, a->rule);
	for (size_t k = 0; k < ao->nkey; k++)
		csvout_cell(ao->csv, a->key[k]);
	csvout_cell(ao->csv, a->period);
	csvout_cell(ao->csv, a->msg);
	for (size_t k = 0; k < ao->nextra; k++)
		csvout_cell(ao->csv, a->extra[k] ? a->extra[k] : "");
	csvout_end(ao->csv);
}

/*
 * Text lines.
 */
FILE *
spill_open(void)
{
	const char *dir = getenv("TMPDIR");
	char *path;
	FILE *fp;
	int fd;

	if (dir == NULL || *dir == '\0')
		dir = "/tmp";
	path = xasprintf("%s/tgt-alert.XXXXXX", dir);
	if ((fd = mkstemp(path)) < 0)
		die("cannot create a temporary file in %s: %s", dir,
		    strerror(errno));
	unlink(path);
	free(path);
	if ((fp = fdopen(fd, "w+")) == NULL)
		die("cannot open a temporary file: %s", strerror(errno));
	return fp;
}

/* One cell of a text line, escaped by lib/safetext. */
static void
add_cell(struct sbuf *b, const char *s)
{
	safe_text_add(b, s, strlen(s), 0);
}

/* "warning behind East Alice 2025-05: message" */
static void
write_line(FILE *fp, const struct alertout *ao, const struct alert_raised *a)
{
	struct sbuf b = { NULL, 0, 0 };

	sbuf_adds(&b, severity_name(a->sev));
	sbuf_add(&b, " ", 1);
	add_cell(&b, a->rule);
	for (size_t k = 0; k < ao->nkey; k++) {
		sbuf_add(&b, " ", 1);
		add_cell(&b, a->key[k]);
	}
	if (a->period[0] != '\0') {
		sbuf_add(&b, " ", 1);
		add_cell(&b, a->period);
	}
	sbuf_add(&b, ": ", 2);
	add_cell(&b, a->msg);
	sbuf_add(&b, "\n", 1);
	fwrite(b.s, 1, b.len, fp);
	free(b.s);
}

void
alertout_put(struct alertout *ao, struct alert_raised *a)
{
	if (ao->text) {
		if (ao->spill[a->sev] == NULL)
			ao->spill[a->sev] = spill_open();
		write_line(ao->spill[a->sev], ao, a);
		if (ferror(ao->spill[a->sev]))
			die("cannot write a temporary file: %s",
			    strerror(errno));
	} else
		write_csv(ao, a);
	alert_raised_free(a, ao->nkey, ao->nextra);
}

/* Copy the spilled lines out, most severe first. */
static void
write_text(struct alertout *ao)
{
	struct textout *ro = textout_open(ao->path);
	FILE *out = textout_fp(ro);
	char buf[65536];

	for (int sev = SEV_CRITICAL; sev >= SEV_INFO; sev--) {
		FILE *fp = ao->spill[sev];
		size_t n;

		if (fp == NULL)
			continue;
		if (fflush(fp) == EOF || fseek(fp, 0, SEEK_SET) < 0)
			die("cannot read back a temporary file: %s",
			    strerror(errno));
		while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
			fwrite(buf, 1, n, out);
		if (ferror(fp))
			die("cannot read back a temporary file: %s",
			    strerror(errno));
		fclose(fp);
		ao->spill[sev] = NULL;
	}
	textout_close(ro);
}

void
alertout_close(struct alertout *ao)
{
	if (ao->text)
		write_text(ao);
	else if (ao->csv != NULL)
		csvout_close(ao->csv);
	ao->csv = NULL;
}

void
alertout_free(struct alertout *ao)
{
	for (int sev = SEV_INFO; sev <= SEV_CRITICAL; sev++)
		if (ao->spill[sev] != NULL)
			fclose(ao->spill[sev]);
	memset(ao->spill, 0, sizeof(ao->spill));
}
