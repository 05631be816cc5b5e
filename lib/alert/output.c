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

/* The escape of the character at s (len bytes), or NULL to copy it. */
static const char *
escape_of(const unsigned char *s, size_t *len, char *buf, size_t bufsz)
{
	*len = 1;
	switch (s[0]) {
	case '\n': return "\\n";
	case '\r': return "\\r";
	case '\t': return "\\t";
	case 0x1b: return "\\e";
	case 0x07: return "\\a";
	}
	if (s[0] < 0x20 || s[0] == 0x7f) {
		snprintf(buf, bufsz, "\\x%02x", s[0]);
		return buf;
	}
	/* C1 controls are U+0080..U+009F: C2 80..C2 9F in UTF-8. */
	if (s[0] == 0xc2 && s[1] >= 0x80 && s[1] <= 0x9f) {
		*len = 2;
		snprintf(buf, bufsz, "\\u%04x", s[1]);
		return buf;
	}
	/* U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR. */
	if (s[0] == 0xe2 && s[1] == 0x80 && (s[2] == 0xa8 || s[2] == 0xa9)) {
		*len = 3;
		snprintf(buf, bufsz, "\\u%04x", 0x2000 + s[2] - 0x80);
		return buf;
	}
	return NULL;
}

void
text_escaped(FILE *fp, const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	const unsigned char *run = s;
	char buf[16];

	while (*s != '\0') {
		size_t len;
		const char *esc = escape_of(s, &len, buf, sizeof(buf));

		if (esc == NULL) {
			s++;
			continue;
		}
		fwrite(run, 1, (size_t)(s - run), fp);
		fputs(esc, fp);
		s += len;
		run = s;
	}
	fwrite(run, 1, (size_t)(s - run), fp);
}

/* "warning behind East Alice 2025-05: message" */
static void
write_line(FILE *fp, const struct alertout *ao, const struct alert_raised *a)
{
	fputs(severity_name(a->sev), fp);
	fputc(' ', fp);
	text_escaped(fp, a->rule);
	for (size_t k = 0; k < ao->nkey; k++) {
		fputc(' ', fp);
		text_escaped(fp, a->key[k]);
	}
	if (a->period[0] != '\0') {
		fputc(' ', fp);
		text_escaped(fp, a->period);
	}
	fputs(": ", fp);
	text_escaped(fp, a->msg);
	fputc('\n', fp);
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
