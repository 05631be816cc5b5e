/*
 * funnelread: tgt-funnel's input.  Each opportunity row is checked and
 * added to the counters of its key tuple and period (r->fine); nothing of
 * the row is kept.
 */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "date.h"
#include "funnelagg.h"
#include "num.h"
#include "period.h"
#include "sbuf.h"
#include "table.h"
#include "util.h"

enum fstatus { FS_WON, FS_LOST, FS_OPEN };

/* Status words as CRMs export them (ASCII case ignored). */
static const struct {
	const char	*word;
	enum fstatus	 st;
} status_words[] = {
	{ "won", FS_WON }, { "closed won", FS_WON }, { "赢单", FS_WON },
	{ "成交", FS_WON }, { "已成交", FS_WON },
	{ "lost", FS_LOST }, { "closed lost", FS_LOST }, { "输单", FS_LOST },
	{ "丢单", FS_LOST }, { "失败", FS_LOST },
	{ "open", FS_OPEN }, { "进行中", FS_OPEN }, { "跟进中", FS_OPEN },
};

/* Column positions in one file; -1 = absent. */
struct fcols {
	int	 stage, created, closed, status, amount, stage_date;
	int	*key;
};

/* An optional column: -1 when absent, unless named by its option. */
static int
find_opt(struct frun *r, const struct csv_row *hdr, const char *name,
    bool given, const char *file)
{
	if (given)
		return table_require(hdr, &r->conf, name, file);
	return table_find(hdr, &r->conf, name);
}

static void
find_cols(struct frun *r, const struct csv_row *hdr, const char *file,
    struct fcols *c)
{
	const struct funnel_opts *o = r->o;

	c->stage = table_require(hdr, &r->conf, o->stage_col, file);
	c->created = table_require(hdr, &r->conf, o->created_col, file);
	c->status = table_require(hdr, &r->conf, o->status_col, file);
	c->closed = find_opt(r, hdr, o->closed_col, o->closed_given, file);
	c->amount = find_opt(r, hdr, o->value_col, o->value_given, file);
	c->stage_date = find_opt(r, hdr, o->stage_date_col,
	    o->stage_date_given, file);
	if (c->amount >= 0)
		r->has_amount = true;
}

/* Whether header cell i is one of the columns read (not a key). */
static bool
is_data_col(struct frun *r, const struct csv_row *hdr, const struct fcols *c,
    int i)
{
	return i == c->stage || i == c->created || i == c->closed ||
	    i == c->status || i == c->amount || i == c->stage_date ||
	    ascii_casecmp(table_canon(&r->conf, hdr->field[i]), "id") == 0;
}

static void
add_key(struct frun *r, const char *name)
{
	for (size_t i = 0; i < r->nkeys; i++)
		if (ascii_casecmp(r->keys[i], name) == 0)
			return;
	r->keys = xreallocarray(r->keys, r->nkeys + 2, sizeof(*r->keys));
	r->keys[r->nkeys++] = xstrdup(name);
	r->keys[r->nkeys] = NULL;
}

/* The key columns: -k, or every column not read otherwise. */
static void
set_keys(struct frun *r, const struct csv_row *hdr, const struct fcols *c)
{
	r->keys = xcalloc(1, sizeof(*r->keys));
	if (r->o->keys != NULL) {
		size_t n;
		char **v = split_list(r->o->keys, &n);

		for (size_t i = 0; i < n; i++)
			add_key(r, table_canon(&r->conf, v[i]));
		free_list(v);
	} else {
		for (size_t i = 0; i < hdr->n; i++)
			if (!is_data_col(r, hdr, c, (int)i) &&
			    hdr->field[i][0] != '\0')
				add_key(r, table_canon(&r->conf,
				    hdr->field[i]));
	}
	if (r->nkeys > 31)
		die_usage("-k: at most 31 key columns, got %zu", r->nkeys);
	r->cell = xcalloc(r->nkeys + 2, sizeof(*r->cell));
	r->len = xcalloc(r->nkeys + 2, sizeof(*r->len));
	flevel_init(&r->fine, r->nkeys == 0 ? 0 :
	    (uint32_t)((UINT64_C(1) << r->nkeys) - 1), r->nkeys);
}

static void
key_cols(struct frun *r, const struct csv_row *hdr, const char *file,
    struct fcols *c)
{
	c->key = r->colkey = xcalloc(r->nkeys + 1, sizeof(*c->key));
	for (size_t i = 0; i < r->nkeys; i++) {
		c->key[i] = table_require(hdr, &r->conf, r->keys[i], file);
		if (is_data_col(r, hdr, c, c->key[i]))
			die_usage("-k: \"%s\" is a column tgt-funnel reads "
			    "as data, not a key", r->keys[i]);
	}
}

/* A cell trimmed, as a span. */
static const char *
cell_of(const struct csv_row *row, int col, size_t *len)
{
	*len = row->len[col];
	return trim_span(row->field[col], len);
}

/* "线索, 商机, 成交" for a message. */
static char *
stage_list(const struct frun *r)
{
	struct sbuf b = { NULL, 0, 0 };

	for (size_t i = 0; i < r->nstages; i++) {
		if (i > 0)
			sbuf_adds(&b, ", ");
		sbuf_adds(&b, r->stages[i]);
	}
	return b.s;
}

static size_t
stage_of(struct frun *r, const struct csv_row *row, int col,
    const char *file)
{
	size_t len;
	const char *s = cell_of(row, col, &len);

	for (size_t i = 0; i < r->nstages; i++)
		if (strlen(r->stages[i]) == len &&
		    memcmp(r->stages[i], s, len) == 0)
			return i;
	if (len == 0)
		die_at(file, row->line, "column \"%s\": empty stage",
		    r->o->stage_col);
	if (r->o->other)
		return r->nstages;
	{
		char *list = stage_list(r);

		die_at(file, row->line, "column \"%s\": \"%.*s\" is not a "
		    "stage of %s (%s); --other counts such rows separately",
		    r->o->stage_col, (int)len, s, r->stages_line ?
		    "[funnel] stages" : "--stages", list);
	}
}

static enum fstatus
status_of(struct frun *r, const struct csv_row *row, int col,
    const char *file)
{
	size_t len;
	const char *s = cell_of(row, col, &len);

	for (size_t i = 0; i < sizeof(status_words) / sizeof(status_words[0]);
	    i++)
		if (strlen(status_words[i].word) == len &&
		    ascii_ncasecmp(status_words[i].word, s, len) == 0)
			return status_words[i].st;
	die_at(file, row->line, "column \"%s\": \"%.*s\" is not a status "
	    "(won, lost or open)", r->o->status_col, (int)len, s);
}

/* A date cell: true and *day set, false when empty; a bad date dies. */
static bool
date_of(struct frun *r, const struct csv_row *row, int col,
    const char *name, const char *file, day_t *day)
{
	size_t len;
	const char *s = cell_of(row, col, &len);
	const char *why;

	if (len == 0)
		return false;
	if ((why = date_parse(s, len, r->conf.date_order, day)) != NULL)
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" "
		    "as a date: %s", name, (int)len, s, why);
	return true;
}

/* The won amount of a row into a; the column is optional. */
static void
add_amount(struct frun *r, const struct csv_row *row, const struct fcols *c,
    const char *file, struct fagg *a)
{
	size_t len;
	const char *s;
	num_t x;

	if (c->amount < 0) {
		a->has_amount = false;
		return;
	}
	s = cell_of(row, c->amount, &len);
	switch (num_parse(s, len, r->conf.decimal, &x)) {
	case NUM_OK:
		break;
	case NUM_EMPTY:
		die_at(file, row->line, "column \"%s\": a won opportunity "
		    "without an amount", r->o->value_col);
	default:
		die_at(file, row->line, "column \"%s\": cannot read \"%.*s\" "
		    "as a number", r->o->value_col, (int)len, s);
	}
	if (num_add(a->won_amount, x, &a->won_amount) < 0)
		die_at(file, row->line, "column \"%s\": the sum of won "
		    "amounts overflows", r->o->value_col);
}

/* Whether an open opportunity has waited more than --stalled days. */
static bool
is_stalled(struct frun *r, const struct csv_row *row, const struct fcols *c,
    const char *file, day_t created)
{
	day_t since = created;

	if (r->o->stalled < 0)
		return false;
	if (c->stage_date >= 0)
		(void)date_of(r, row, c->stage_date, r->o->stage_date_col,
		    file, &since);
	return (long)r->asof - (long)since > r->o->stalled;
}

static void
check_row(struct frun *r, const struct csv_row *row, const char *file,
    size_t s, enum fstatus st, bool has_closed, day_t created, day_t closed)
{
	size_t last = r->nstages - 1;

	if (st == FS_WON && !has_closed)
		die_at(file, row->line, "a won opportunity without a closed "
		    "date (column \"%s\")", r->o->closed_col);
	if (has_closed && closed < created) {
		char a[DATE_FMT_MAX], b[DATE_FMT_MAX];

		die_at(file, row->line, "closed %s before created %s",
		    date_format(closed, a), date_format(created, b));
	}
	if (st == FS_WON && s != last)
		die_at(file, row->line, "a won opportunity at stage \"%s\": "
		    "won ones reach the last stage \"%s\"", s < r->nstages ?
		    r->stages[s] : "other", r->stages[last]);
	if (st != FS_WON && s == last)
		die_at(file, row->line, "an opportunity %s at the last stage "
		    "\"%s\": the last stage means won", st == FS_LOST ?
		    "lost" : "open", r->stages[last]);
}

static void
add_row(struct frun *r, const struct csv_row *row, const struct fcols *c,
    const char *file)
{
	size_t s = stage_of(r, row, c->stage, file);
	enum fstatus st = status_of(r, row, c->status, file);
	day_t created, closed = 0;
	bool has_closed;
	struct period p = { 0, 0, G_RANGE };
	struct fgroup *g;

	if (!date_of(r, row, c->created, r->o->created_col, file, &created))
		die_at(file, row->line, "column \"%s\": empty date",
		    r->o->created_col);
	has_closed = c->closed >= 0 && date_of(r, row, c->closed,
	    r->o->closed_col, file, &closed);
	check_row(r, row, file, s, st, has_closed, created, closed);
	if (created > r->asof) {
		r->after_asof++;
		return;
	}
	if (r->has_by)
		p = period_of(created, r->by, &r->conf.fy);
	for (size_t i = 0; i < r->nkeys; i++)
		r->cell[i] = cell_of(row, c->key[i], &r->len[i]);
	g = flevel_group(&r->fine, r->cell, r->len, r->nkeys, &p, r->nstages);
	g->a.reached[s]++;
	if (st == FS_WON) {
		g->a.won++;
		g->a.won_days += closed - created;
		add_amount(r, row, c, file, &g->a);
	} else if (st == FS_OPEN && is_stalled(r, row, c, file, created)) {
		g->a.stalled[s]++;
	}
	if (!r->any || created < r->first)
		r->first = created;
	if (!r->any || created > r->lastday)
		r->lastday = created;
	r->any = true;
}

static void
read_file(struct frun *r, const char *path, bool first)
{
	const struct csv_row *hdr, *row;
	struct fcols c;
	const char *file;
	int rc;

	r->in = csvin_open(path, &r->in_opts);
	file = csvin_name(r->in);
	if (csvin_header(r->in, &hdr) < 0)
		die("%s", csvin_error(r->in));
	find_cols(r, hdr, file, &c);
	if (first) {
		set_keys(r, hdr, &c);
		funnel_targets_load(r);
	}
	key_cols(r, hdr, file, &c);
	while ((rc = csvin_next(r->in, &row)) > 0)
		add_row(r, row, &c, file);
	if (rc < 0)
		die("%s", csvin_error(r->in));
	csvin_report_skips(r->in);
	free(c.key);
	r->colkey = NULL;
	csvin_close(r->in);
	r->in = NULL;
}

void
funnel_read(struct frun *r, int nfiles, char *const *files)
{
	if (nfiles == 0) {
		read_file(r, "-", true);
	} else {
		for (int i = 0; i < nfiles; i++)
			read_file(r, files[i], i == 0);
	}
	if (r->after_asof > 0) {
		char d[DATE_FMT_MAX];

		warnx_("%ld opportunit%s created after --asof %s not counted",
		    r->after_asof, r->after_asof == 1 ? "y" : "ies",
		    date_format(r->asof, d));
	}
}
