/*
 * partial: what a run has added up, written so that another run can add
 * it to its own (tgt-track --partial, --merge; DESIGN.md "tgt-track").
 *
 * A partial is CSV of 9 + nkeys columns.  Its first row is a header
 * (tgt_partial, the format version, a fingerprint of the targets and the
 * settings that decide what is added up), then the records, by the first
 * cell:
 *
 *	K	the key column names (cells 9...)
 *	A	a target row's accumulator: index, sum, count, last day
 *	N	a no_target row's accumulator: metric, period (start, end,
 *		granularity), leaf, sum, count, last day, keys (9...)
 *	D	a value of a distinct set: A and the accumulator index, or N,
 *		the no_target row's index and the leaf; the value
 *	F	a first-seen customer: metric, day, value, keys (9...)
 *
 * Sums are the exact 128-bit sums, days are day numbers.  Partials may
 * follow one another in one stream (GNU parallel writes them so), each
 * with its header; they are added in the order read, so the no_target rows
 * and the ties of first-seen customers come out as one run over the
 * shards in that order would give them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tracker.h"
#include "util.h"

#define PARTIAL_MAGIC	"tgt_partial"
#define PARTIAL_VERSION	"1"
#define NFIX		9	/* columns before the keys */

static uint64_t
fnv(uint64_t h, const char *s)
{
	for (s = s ? s : "\001"; *s != '\0'; s++)
		h = (h ^ (unsigned char)*s) * UINT64_C(1099511628211);
	return h * UINT64_C(1099511628211);
}

static uint64_t
fnv_long(uint64_t h, long v)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%ld", v);
	return fnv(h, buf);
}

/*
 * The fingerprint of what decides the sums: the targets (every cell), the
 * asof day, the columns and options that pick and count the rows, the
 * config (metrics, decimal mark, calendar) and the key columns.  Output
 * options (--rollup, --leaves, --carry, -o) may differ between --partial
 * and --merge.
 */
static uint64_t
fingerprint(const struct tracker *tr)
{
	const struct table *t = tr->t;
	const struct tgt_conf *c = tr->conf;
	uint64_t h = UINT64_C(14695981039346656037);

	h = fnv(h, PARTIAL_VERSION);
	for (size_t j = 0; j < t->ncols; j++)
		h = fnv(h, t->cols[j]);
	for (size_t r = 0; r < t->nrows; r++)
		for (size_t j = 0; j < t->ncols; j++)
			h = fnv(h, t->rows[r][j]);
	h = fnv_long(h, tr->o.asof);
	h = fnv_long(h, tr->o.workdays);
	h = fnv_long(h, tr->o.strict);
	h = fnv_long(h, tr->o.measure);
	h = fnv(h, tr->o.date_col);
	h = fnv(h, tr->o.value_col);
	h = fnv(h, tr->o.distinct_col);
	h = fnv(h, tr->o.share_col);
	for (size_t i = 0; i < c->nentries; i++) {
		h = fnv(h, c->entries[i].section);
		h = fnv(h, c->entries[i].key);
		h = fnv(h, c->entries[i].value);
	}
	h = fnv_long(h, (long)c->decimal);
	h = fnv_long(h, (long)c->date_order);
	for (size_t i = 0; i < tr->nkeys; i++)
		h = fnv(h, tr->keys[i]);
	return h;
}

static char *
wide_format(track_wide v, char *buf, size_t size)
{
	unsigned __int128 u = v < 0 ? -(unsigned __int128)v :
	    (unsigned __int128)v;
	char tmp[48];
	size_t n = 0, k = 0;

	do {
		tmp[n++] = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u != 0);
	if (v < 0)
		buf[k++] = '-';
	while (n > 0 && k + 1 < size)
		buf[k++] = tmp[--n];
	buf[k] = '\0';
	return buf;
}

static bool
wide_parse(const char *s, track_wide *out)
{
	bool neg = *s == '-';
	unsigned __int128 u = 0;

	s += neg;
	if (*s == '\0')
		return false;
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9' || u > (~(unsigned __int128)0) / 20)
			return false;
		u = u * 10 + (unsigned)(*s - '0');
	}
	*out = neg ? -(track_wide)u : (track_wide)u;
	return true;
}

/* A record: the cells, empty past those given. */
struct rec {
	const char	*cell[NFIX + MATCH_MAX_KEYS];
	size_t		 n;
};

static void
put(struct csvout *out, const struct tracker *tr, struct rec *r)
{
	for (size_t i = 0; i < NFIX + tr->nkeys; i++)
		csvout_cell(out, i < r->n && r->cell[i] ? r->cell[i] : "");
	csvout_end(out);
}

static void
put_sets(struct csvout *out, const struct tracker *tr, const char *owner,
    size_t idx, size_t leaf, const struct track_acc *a)
{
	const struct idset *s = a->distinct;
	char ib[32], jb[32];
	struct rec r = { { "D", owner, ib, jb }, 5 };

	snprintf(ib, sizeof(ib), "%zu", idx);
	snprintf(jb, sizeof(jb), "%zu", leaf);
	for (uint32_t i = 0; s != NULL && i < s->cap; i++) {
		size_t len;

		if (s->slot[i] == 0)
			continue;
		r.cell[4] = fs_key(&tr->main->vals, s->slot[i] - 1, &len);
		put(out, tr, &r);
	}
}

static void
put_acc(struct csvout *out, const struct tracker *tr, struct rec *r,
    size_t at, const struct track_acc *a, char (*buf)[48])
{
	r->cell[at] = wide_format(a->sum, buf[0], sizeof(buf[0]));
	snprintf(buf[1], sizeof(buf[1]), "%lld", (long long)a->count);
	snprintf(buf[2], sizeof(buf[2]), "%ld", (long)a->last);
	r->cell[at + 1] = buf[1];
	r->cell[at + 2] = buf[2];
	put(out, tr, r);
}

static void
put_header(struct csvout *out, const struct tracker *tr)
{
	char fp[32], names[NFIX + MATCH_MAX_KEYS][16];
	struct rec r = { { PARTIAL_MAGIC, PARTIAL_VERSION, fp }, 3 };

	snprintf(fp, sizeof(fp), "%016llx",
	    (unsigned long long)fingerprint(tr));
	for (size_t i = 3; i < NFIX + tr->nkeys; i++) {
		snprintf(names[i], sizeof(names[i]), "c%zu", i);
		r.cell[i] = names[i];
	}
	r.n = NFIX + tr->nkeys;
	put(out, tr, &r);
	r = (struct rec){ { "K" }, NFIX + tr->nkeys };
	for (size_t i = 0; i < tr->nkeys; i++)
		r.cell[NFIX + i] = tr->keys[i];
	put(out, tr, &r);
}

static void
put_notarget(struct csvout *out, const struct tracker *tr, size_t k)
{
	const struct agg *a = &tr->main->nt.a[k];
	char f[5][32], buf[3][48];
	struct rec r = { { "N", f[0], f[1], f[2], f[3], f[4] },
	    NFIX + tr->nkeys };
	char *cells[MATCH_MAX_KEYS];

	snprintf(f[0], 32, "%s", tr->ms.m[a->metric].name);
	snprintf(f[1], 32, "%ld", (long)a->per.start);
	snprintf(f[2], 32, "%ld", (long)a->per.end);
	snprintf(f[3], 32, "%d", (int)a->per.gran);
	for (size_t i = 0; i < tr->nkeys; i++)
		r.cell[NFIX + i] = cells[i] = xstrndup(a->cells[i].s,
		    a->cells[i].len);
	for (size_t j = 0; j < tr->ms.m[a->metric].nleaf; j++) {
		snprintf(f[4], 32, "%zu", j);
		put_acc(out, tr, &r, 6, &a->acc[j], buf);
		put_sets(out, tr, "N", k, j, &a->acc[j]);
	}
	for (size_t i = 0; i < tr->nkeys; i++)
		free(cells[i]);
}

static void
put_firstseen(struct csvout *out, const struct tracker *tr, size_t m)
{
	const struct track_part *p = tr->main;
	const struct firstseen *fs = &p->fs[m];
	char day[32];
	struct rec r = { { "F", tr->ms.m[m].name, day }, NFIX + tr->nkeys };

	for (size_t k = 0; k < fs->n; k++) {
		size_t len;

		snprintf(day, sizeof(day), "%ld", (long)fs->day[k]);
		r.cell[4] = fs_key(fs, k, &len);
		for (size_t j = 0; j < tr->nkeys; j++)
			r.cell[NFIX + j] = keymap_cell(&p->tuples,
			    fs->tuple[k], j);
		put(out, tr, &r);
	}
}

void
tracker_write_partial(struct tracker *tr, struct csvout *out)
{
	char idx[32], buf[3][48];

	put_header(out, tr);
	for (size_t i = 0; i < tr->nacc; i++) {
		const struct track_acc *a = &tr->main->acc[i];
		struct rec r = { { "A", idx }, 5 };

		if (a->count == 0 && a->sum == 0)
			continue;
		snprintf(idx, sizeof(idx), "%zu", i);
		put_acc(out, tr, &r, 2, a, buf);
		put_sets(out, tr, "A", i, 0, a);
	}
	for (size_t k = 0; k < tr->main->nt.n; k++)
		put_notarget(out, tr, k);
	for (size_t m = 0; m < tr->ms.n; m++)
		put_firstseen(out, tr, m);
}

/* Reading: the partial being read and where. */
struct reader {
	struct tracker	*tr;
	const char	*name;
	long		 line;
	const struct csv_row *row;
	struct track_part *part;
};

static void
bad(const struct reader *rd, const char *what)
    __attribute__((noreturn));

static void
bad(const struct reader *rd, const char *what)
{
	die_at(rd->name, rd->line, "not a tgt-track partial of these targets: "
	    "%s", what);
}

static long
num_cell(const struct reader *rd, size_t i, long lo, long hi)
{
	char *end;
	long v;

	if (i >= rd->row->n)
		bad(rd, "a short record");
	v = strtol(rd->row->field[i], &end, 10);
	if (*rd->row->field[i] == '\0' || *end != '\0' || v < lo || v > hi)
		bad(rd, "a bad number");
	return v;
}

static void
acc_cells(const struct reader *rd, size_t at, struct track_acc *a)
{
	track_wide s;
	long n, last;

	if (!wide_parse(rd->row->field[at], &s))
		bad(rd, "a bad sum");
	n = num_cell(rd, at + 1, 0, INT64_MAX);
	last = num_cell(rd, at + 2, TRACK_NO_DAY, INT32_MAX);
	a->sum += s;
	a->count += n;
	if (last > a->last)
		a->last = (day_t)last;
}

static size_t
metric_cell(const struct reader *rd, size_t i)
{
	const char *s = rd->row->field[i];
	long m = metric_find(&rd->tr->ms, s, strlen(s));

	if (m < 0 || !rd->tr->ms.m[m].used)
		bad(rd, "a metric of other targets");
	return (size_t)m;
}

static void
keys_cells(const struct reader *rd, struct match_key *keys)
{
	for (size_t i = 0; i < rd->tr->nkeys; i++) {
		keys[i].s = rd->row->field[NFIX + i];
		keys[i].len = rd->row->len[NFIX + i];
	}
}

static void
read_notarget(struct reader *rd)
{
	struct match_key keys[MATCH_MAX_KEYS];
	struct period p;
	size_t m = metric_cell(rd, 1), j;
	struct agg *a;

	p.start = (day_t)num_cell(rd, 2, INT32_MIN, INT32_MAX);
	p.end = (day_t)num_cell(rd, 3, p.start, INT32_MAX);
	p.gran = (enum gran)num_cell(rd, 4, 0, G_RANGE);
	j = (size_t)num_cell(rd, 5, 0, (long)rd->tr->ms.m[m].nleaf - 1);
	keys_cells(rd, keys);
	a = aggmap_get(&rd->part->nt, keys, m, &p);
	acc_cells(rd, 6, &a->acc[j]);
}

static void
read_set(struct reader *rd)
{
	const char *owner = rd->row->field[1], *v = rd->row->field[4];
	size_t len = rd->row->len[4];
	struct track_acc *a;

	if (strcmp(owner, "A") == 0) {
		a = &rd->part->acc[num_cell(rd, 2, 0,
		    (long)rd->tr->nacc - 1)];
	} else if (strcmp(owner, "N") == 0) {
		const struct agg *g = &rd->part->nt.a[num_cell(rd, 2, 0,
		    (long)rd->part->nt.n - 1)];

		a = &g->acc[num_cell(rd, 3, 0,
		    (long)rd->tr->ms.m[g->metric].nleaf - 1)];
	} else {
		bad(rd, "a set of nothing");
	}
	acc_add_distinct(a, fs_intern(&rd->part->vals, v, len,
	    keymap_hash(&v, &len, 1)));
}

static void
read_firstseen(struct reader *rd)
{
	size_t m = metric_cell(rd, 1), k, len = rd->row->len[4];
	day_t day = (day_t)num_cell(rd, 2, INT32_MIN, INT32_MAX);
	const char *v = rd->row->field[4];
	const char *cells[MATCH_MAX_KEYS];
	struct firstseen *fs = &rd->part->fs[m];

	if (rd->tr->ms.m[m].kind != METRIC_NEW)
		bad(rd, "first-seen values of a metric that keeps none");
	if (!fs_note(fs, v, len, keymap_hash(&v, &len, 1), day, &k))
		return;
	for (size_t j = 0; j < rd->tr->nkeys; j++)
		cells[j] = rd->row->field[NFIX + j];
	fs->tuple[k] = (uint32_t)keymap_add(&rd->part->tuples, cells, NULL,
	    NULL);
}

/* A header (the file's first row, or one repeated in a stream). */
static void
check_header(const struct reader *rd, const struct csv_row *row)
{
	char fp[32];

	snprintf(fp, sizeof(fp), "%016llx",
	    (unsigned long long)fingerprint(rd->tr));
	if (row->n != NFIX + rd->tr->nkeys ||
	    strcmp(row->field[0], PARTIAL_MAGIC) != 0 ||
	    strcmp(row->field[1], PARTIAL_VERSION) != 0)
		die_at(rd->name, row->line, "not a tgt-track partial (version "
		    PARTIAL_VERSION ")");
	if (strcmp(row->field[2], fp) != 0)
		die_at(rd->name, row->line, "a partial of other targets, asof "
		    "or settings: refused (made with the same -t, --asof, "
		    "config and column options?)");
}

/* The part read so far into the tracker, and a fresh one. */
static void
flush(struct reader *rd)
{
	part_add(rd->tr, rd->tr->main, rd->part);
	tracker_part_free(rd->tr, rd->part);
	rd->part = tracker_part_new(rd->tr);
}

void
tracker_read_partial(struct tracker *tr, struct csvin *in)
{
	struct reader rd = { tr, csvin_name(in), 0, NULL, NULL };
	const struct csv_row *row;
	int rc;

	if (csvin_header(in, &row) < 0)
		die("%s", csvin_error(in));
	check_header(&rd, row);
	rd.part = tracker_part_new(tr);
	while ((rc = csvin_next(in, &row)) > 0) {
		const char *t = row->field[0];

		rd.row = row;
		rd.line = row->line;
		if (strcmp(t, PARTIAL_MAGIC) == 0) {
			check_header(&rd, row);
			flush(&rd);
		} else if (strcmp(t, "A") == 0) {
			acc_cells(&rd, 2, &rd.part->acc[num_cell(&rd, 1, 0,
			    (long)tr->nacc - 1)]);
		} else if (strcmp(t, "N") == 0) {
			read_notarget(&rd);
		} else if (strcmp(t, "D") == 0) {
			read_set(&rd);
		} else if (strcmp(t, "F") == 0) {
			read_firstseen(&rd);
		} else if (strcmp(t, "K") != 0) {
			bad(&rd, "an unknown record");
		}
	}
	if (rc < 0)
		die("%s", csvin_error(in));
	flush(&rd);
	tracker_part_free(tr, rd.part);
}

char **
tracker_partial_keys(struct csvin *in, size_t *n)
{
	const struct csv_row *row;
	char **keys;

	if (csvin_header(in, &row) < 0)
		die("%s", csvin_error(in));
	if (row->n < NFIX || strcmp(row->field[0], PARTIAL_MAGIC) != 0)
		die_at(csvin_name(in), row->line, "not a tgt-track partial");
	if (csvin_next(in, &row) <= 0 || strcmp(row->field[0], "K") != 0)
		die_at(csvin_name(in), 2, "not a tgt-track partial: no key "
		    "record");
	*n = row->n - NFIX;
	keys = xcalloc(*n + 1, sizeof(*keys));
	for (size_t i = 0; i < *n; i++)
		keys[i] = xstrdup(row->field[NFIX + i]);
	return keys;
}
