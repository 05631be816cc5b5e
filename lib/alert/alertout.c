/*
 * alertout: CSV or text output of tgt-alert's alerts (alertout.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "alertout.h"
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

void
alertout_put(struct alertout *ao, struct alert_raised *a)
{
	if (ao->text) {
		ao->kept = xreallocarray(ao->kept, ao->nkept + 1,
		    sizeof(*ao->kept));
		ao->kept[ao->nkept++] = *a;
		return;
	}
	write_csv(ao, a);
	alert_raised_free(a, ao->nkey, ao->nextra);
}

/* Most severe first; within a severity, the order raised (the array
 * order: qsort is not stable, so compare the addresses). */
static int
cmp_severity(const void *a, const void *b)
{
	const struct alert_raised *x = *(struct alert_raised *const *)a;
	const struct alert_raised *y = *(struct alert_raised *const *)b;

	if (x->sev != y->sev)
		return x->sev > y->sev ? -1 : 1;
	return (x > y) - (x < y);
}

/* "warning behind East Alice 2025-05: message" */
static void
write_line(FILE *fp, const struct alertout *ao, const struct alert_raised *a)
{
	fprintf(fp, "%s %s", severity_name(a->sev), a->rule);
	for (size_t k = 0; k < ao->nkey; k++)
		fprintf(fp, " %s", a->key[k]);
	if (a->period[0] != '\0')
		fprintf(fp, " %s", a->period);
	fprintf(fp, ": %s\n", a->msg);
}

static void
write_text(const struct alertout *ao)
{
	struct alert_raised **v = xcalloc(ao->nkept, sizeof(*v));
	struct textout *ro = textout_open(ao->path);

	for (size_t i = 0; i < ao->nkept; i++)
		v[i] = &ao->kept[i];
	if (ao->nkept > 0)
		qsort(v, ao->nkept, sizeof(*v), cmp_severity);
	for (size_t i = 0; i < ao->nkept; i++)
		write_line(textout_fp(ro), ao, v[i]);
	free(v);
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
	for (size_t i = 0; i < ao->nkept; i++)
		alert_raised_free(&ao->kept[i], ao->nkey, ao->nextra);
	free(ao->kept);
	ao->kept = NULL;
	ao->nkept = 0;
}
