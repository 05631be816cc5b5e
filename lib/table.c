/*
 * table: column lookup with [columns] aliases, and tables in memory
 * (see table.h).
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "table.h"
#include "util.h"

/* Whether cell, trimmed, is name (trimmed by the caller), ASCII case
 * ignored. */
static int
cell_is(const char *cell, const char *name, size_t nlen)
{
	size_t n = strlen(cell);
	const char *s = trim_span(cell, &n);

	return n == nlen && ascii_ncasecmp(s, name, n) == 0;
}

static int
find_plain(const struct csv_row *hdr, const char *name, size_t nlen)
{
	for (size_t i = 0; i < hdr->n; i++)
		if (cell_is(hdr->field[i], name, nlen))
			return (int)i;
	return -1;
}

/* The header cell for canonical name or one of its aliases, or -1. */
static int
find_alias(const struct csv_row *hdr, const struct conf_alias *a)
{
	int i = find_plain(hdr, a->name, strlen(a->name));

	for (size_t k = 0; i < 0 && k < a->n; k++)
		i = find_plain(hdr, a->aliases[k], strlen(a->aliases[k]));
	return i;
}

int
table_find(const struct csv_row *hdr, const struct tgt_conf *conf,
    const char *name)
{
	size_t nlen = strlen(name);
	const char *s = trim_span(name, &nlen);
	const struct conf_alias *a;
	int i;

	if ((i = find_plain(hdr, s, nlen)) >= 0 || conf == NULL)
		return i;
	/* "amount" finds 销售额; and a name given as an alias (--value
	 * 销售额) finds the canonical column or its other aliases. */
	for (size_t k = 0; k < conf->naliases; k++) {
		a = &conf->aliases[k];
		if (cell_is(a->name, s, nlen) &&
		    (i = find_alias(hdr, a)) >= 0)
			return i;
	}
	for (size_t k = 0; k < conf->naliases; k++) {
		a = &conf->aliases[k];
		for (size_t j = 0; j < a->n; j++)
			if (cell_is(a->aliases[j], s, nlen) &&
			    (i = find_alias(hdr, a)) >= 0)
				return i;
	}
	return -1;
}

int
table_require(const struct csv_row *hdr, const struct tgt_conf *conf,
    const char *name, const char *file)
{
	int i = table_find(hdr, conf, name);
	size_t len = 1;
	char *list;

	if (i >= 0)
		return i;
	for (size_t k = 0; k < hdr->n; k++)
		len += strlen(hdr->field[k]) + 2;
	list = xmalloc(len);
	list[0] = '\0';
	for (size_t k = 0; k < hdr->n; k++) {
		if (k > 0)
			strcat(list, ", ");
		strcat(list, hdr->field[k]);
	}
	die_at(file, 0, "column \"%s\" not found (columns: %s)", name, list);
}

const char *
table_canon(const struct tgt_conf *conf, const char *cell)
{
	size_t n = strlen(cell);
	const char *s = trim_span(cell, &n);

	if (conf == NULL)
		return cell;
	for (size_t k = 0; k < conf->naliases; k++) {
		const struct conf_alias *a = &conf->aliases[k];

		if (cell_is(a->name, s, n))
			return a->name;
		for (size_t j = 0; j < a->n; j++)
			if (cell_is(a->aliases[j], s, n))
				return a->name;
	}
	return cell;
}

char **
table_copy_row(const struct csv_row *row)
{
	size_t size = (row->n + 1) * sizeof(char *);
	char **cells, *p;

	for (size_t i = 0; i < row->n; i++)
		size += row->len[i] + 1;
	cells = xmalloc(size);
	p = (char *)(cells + row->n + 1);
	for (size_t i = 0; i < row->n; i++) {
		memcpy(p, row->field[i], row->len[i] + 1);
		cells[i] = p;
		p += row->len[i] + 1;
	}
	cells[row->n] = NULL;
	return cells;
}

/* Read path into t; on error fill err (errsz bytes) with csvin's message
 * and free what was read. */
static int
table_read(struct table *t, const char *path, const struct csvin_opts *opts,
    bool report_skips, char *err, size_t errsz)
{
	struct csvin *in = csvin_open(path, opts);
	const struct csv_row *hdr, *row;
	size_t cap = 0;
	int r;

	memset(t, 0, sizeof(*t));
	if ((r = csvin_header(in, &hdr)) == 0) {
		t->file = xstrdup(csvin_name(in));
		t->delimiter = csvin_delimiter(in);
		t->ncols = hdr->n;
		t->cols = xcalloc(hdr->n + 1, sizeof(*t->cols));
		for (size_t i = 0; i < hdr->n; i++)
			t->cols[i] = xstrdup(hdr->field[i]);
	}
	while (r == 0 && (r = csvin_next(in, &row)) > 0) {
		if (t->nrows == cap) {
			cap = cap ? cap * 2 : 64;
			t->rows = xreallocarray(t->rows, cap, sizeof(*t->rows));
			t->lines = xreallocarray(t->lines, cap,
			    sizeof(*t->lines));
		}
		t->rows[t->nrows] = table_copy_row(row);
		t->lines[t->nrows] = row->line;
		t->nrows++;
		r = 0;
	}
	if (r < 0) {
		snprintf(err, errsz, "%s", csvin_error(in));
		table_free(t);
	} else if (report_skips) {
		csvin_report_skips(in);
	}
	csvin_close(in);
	return r < 0 ? -1 : 0;
}

int
table_try_load(struct table *t, const char *path, const struct csvin_opts *opts,
    char *err, size_t errsz)
{
	return table_read(t, path, opts, false, err, errsz);
}

void
table_load(struct table *t, const char *path, const struct csvin_opts *opts)
{
	char err[1024];

	if (table_read(t, path, opts, true, err, sizeof(err)) < 0)
		die("%s", err);
}

void
table_free(struct table *t)
{
	for (size_t i = 0; i < t->ncols; i++)
		free(t->cols[i]);
	for (size_t i = 0; i < t->nrows; i++)
		free(t->rows[i]);
	free(t->cols);
	free(t->rows);
	free(t->lines);
	free(t->file);
	memset(t, 0, sizeof(*t));
}

/* The header of a loaded table as a csv_row, for table_find(). */
static struct csv_row
table_header(const struct table *t)
{
	struct csv_row hdr = {
		.field = t->cols,
		.len = NULL,
		.n = t->ncols,
		.line = 1
	};

	return hdr;
}

int
table_col(const struct table *t, const struct tgt_conf *conf,
    const char *name)
{
	struct csv_row hdr = table_header(t);

	return table_find(&hdr, conf, name);
}

int
table_col_req(const struct table *t, const struct tgt_conf *conf,
    const char *name)
{
	struct csv_row hdr = table_header(t);

	return table_require(&hdr, conf, name, t->file);
}
