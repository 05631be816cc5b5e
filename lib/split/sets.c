/*
 * sets: the row layer of tgt-split.  Parent rows come from tables into a
 * split_set; members.c splits them among members (weights rows),
 * timesplit.c into periods, output.c writes them.  Data errors die with the
 * place of the row, as commands do.
 */
#include <stdlib.h>
#include <string.h>

#include "split.h"
#include "util.h"

void
split_set_init(struct split_set *s)
{
	memset(s, 0, sizeof(*s));
}

void
split_set_free(struct split_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		for (size_t j = 0; j < s->nkeys; j++)
			free(s->rows[i].keys[j]);
		free(s->rows[i].keys);
	}
	free(s->rows);
	for (size_t j = 0; j < s->nkeys; j++)
		free(s->names[j]);
	free(s->names);
	memset(s, 0, sizeof(*s));
}

/* A new row with every key cell NULL.  The row is counted only once its
 * allocations are done, so a die() on the way (out of memory) leaves a
 * set that split_set_free() can still free (trust 19). */
struct split_row *
split_set_add(struct split_set *s)
{
	char **keys;
	struct split_row *r;

	if (s->n == s->cap) {
		size_t cap = s->cap ? 2 * s->cap : 64;

		s->rows = xreallocarray(s->rows, cap, sizeof(*s->rows));
		s->cap = cap;
	}
	keys = xcalloc(s->nkeys ? s->nkeys : 1, sizeof(*keys));
	r = &s->rows[s->n++];
	memset(r, 0, sizeof(*r));
	r->keys = keys;
	return r;
}

bool
split_is_wild(const char *s)
{
	return s[0] == '\0' || strcmp(s, "*") == 0;
}

/* A trimmed copy of a cell; a wildcard becomes "*" (DESIGN.md "Wildcards
 * in output"). */
char *
split_key_dup(const char *cell)
{
	size_t len = strlen(cell);
	const char *s = trim_span(cell, &len);

	if (len == 0)
		return xstrdup("*");
	return xstrndup(s, len);
}

bool
split_is_metric(const char *name)
{
	return ascii_casecmp(name, "metric") == 0;
}

char *
split_key_cell(const struct table *t, size_t r, int col, const char *canon)
{
	const char *c = t->rows[r][col];
	size_t len = strlen(c);

	if (!split_is_metric(canon))
		return split_key_dup(c);
	c = trim_span(c, &len);
	if (len == 0)
		return xstrdup("amount");
	if (len == 1 && c[0] == '*')
		die_at(t->file, t->lines[r], "column \"%s\": a metric cannot "
		    "be a wildcard", t->cols[col]);
	return xstrndup(c, len);
}

long
split_metric_key(const struct split_set *s)
{
	for (size_t j = 0; j < s->nkeys; j++)
		if (split_is_metric(s->names[j]))
			return (long)j;
	return -1;
}

static const char *const value_columns[] = {
	"period", "target", "original_target", "stretch", "deals",
	"opportunities", "leads", NULL
};

bool
split_is_value_column(const char *canon)
{
	for (size_t i = 0; value_columns[i] != NULL; i++)
		if (ascii_casecmp(canon, value_columns[i]) == 0)
			return true;
	return false;
}

/*
 * A number cell: dies with the place when it is not one.  An empty cell is
 * dflt when empty_ok, else an error.
 */
num_t
split_cell_num(const struct table *t, size_t r, int col,
    const struct tgt_conf *conf, bool empty_ok, num_t dflt)
{
	const char *c = t->rows[r][col];
	num_t v;

	switch (num_parse(c, strlen(c), conf->decimal, &v)) {
	case NUM_OK:
		return v;
	case NUM_EMPTY:
		if (empty_ok)
			return dflt;
		die_at(t->file, t->lines[r], "column \"%s\": empty cell",
		    t->cols[col]);
	case NUM_RANGE:
		die_at(t->file, t->lines[r], "column \"%s\": \"%s\" is out of "
		    "range", t->cols[col], c);
	default:
		die_at(t->file, t->lines[r], "column \"%s\": cannot read \"%s\" "
		    "as a number", t->cols[col], c);
	}
}

static struct period
cell_period(const struct table *t, size_t r, int col,
    const struct tgt_conf *conf)
{
	const char *c = t->rows[r][col], *why;
	struct period p;

	if ((why = period_parse(c, strlen(c), &conf->fy, conf->date_order,
	    &p)) != NULL)
		die_at(t->file, t->lines[r], "column \"%s\": cannot read \"%s\" "
		    "as a period: %s", t->cols[col], c, why);
	return p;
}

/* "region "East", rep "Alice", period 2025-Q2" for messages. */
const char *
split_row_desc(const struct split_set *s, const struct split_row *r,
    const struct tgt_conf *conf, char *buf)
{
	char pb[PERIOD_FMT_MAX];
	size_t len = 0;

	buf[0] = '\0';
	for (size_t j = 0; j < s->nkeys && len < SPLIT_DESC_MAX; j++) {
		if (split_is_wild(r->keys[j]))
			continue;
		len += (size_t)snprintf(buf + len, SPLIT_DESC_MAX - len, "%s%s \"%s\"",
		    len ? ", " : "", s->names[j], r->keys[j]);
	}
	if (len == 0)
		len = (size_t)snprintf(buf, SPLIT_DESC_MAX, "the total");
	if (s->has_period && len < SPLIT_DESC_MAX)
		snprintf(buf + len, SPLIT_DESC_MAX - len, ", period %s",
		    period_format(&r->period, &conf->fy, pb));
	return buf;
}

void
split_set_names(struct split_set *s, char **names, size_t n)
{
	s->names = names;
	s->nkeys = n;
}

void
split_set_load(struct split_set *s, const struct table *t,
    const struct tgt_conf *conf, const struct period *defperiod)
{
	int pcol = table_col(t, conf, "period");
	int tcol = table_col_req(t, conf, "target");
	int *kc;
	char **names;
	size_t nk = 0;

	if (pcol >= 0 && defperiod != NULL)
		die_at(t->file, 0, "--period: the rows have a period column");
	/* Check the cells first: nothing is allocated yet if one is bad. */
	for (size_t i = 0; i < t->nrows; i++) {
		if (pcol >= 0)
			cell_period(t, i, pcol, conf);
		split_cell_num(t, i, tcol, conf, false, 0);
	}
	kc = xcalloc(t->ncols, sizeof(*kc));
	names = xcalloc(t->ncols + 1, sizeof(*names));
	for (size_t j = 0; j < t->ncols; j++) {
		const char *canon = table_canon(conf, t->cols[j]);

		if ((int)j == pcol || (int)j == tcol ||
		    split_is_value_column(canon))
			continue;
		kc[nk] = (int)j;
		names[nk++] = xstrdup(canon);
	}
	if (s->names == NULL) {
		split_set_names(s, names, nk);
		s->has_period = pcol >= 0 || defperiod != NULL;
	} else {
		bool same = nk == s->nkeys;

		for (size_t j = 0; same && j < nk; j++)
			same = ascii_casecmp(names[j], s->names[j]) == 0;
		same = same && s->has_period == (pcol >= 0 ||
		    defperiod != NULL);
		for (size_t j = 0; j < nk; j++)
			free(names[j]);
		free(names);
		if (!same) {
			free(kc);
			die_at(t->file, 0, "columns differ from the first "
			    "input's");
		}
	}
	for (size_t i = 0; i < t->nrows; i++) {
		struct split_row *r = split_set_add(s);

		for (size_t j = 0; j < nk; j++)
			r->keys[j] = split_key_cell(t, i, kc[j], s->names[j]);
		if (pcol >= 0)
			r->period = cell_period(t, i, pcol, conf);
		else if (defperiod != NULL)
			r->period = *defperiod;
		r->target = split_cell_num(t, i, tcol, conf, false, 0);
		r->original = r->target;
		r->file = t->file;
		r->line = t->lines[i];
		r->src[1] = t;
		r->srcrow[1] = i;
	}
	free(kc);
}

