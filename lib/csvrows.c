/*
 * csvrows: the header, blank rows and Excel total rows (csvio.h), and
 * csvin_header()/csvin_next() over the rows csvline.c reads.
 */
#include <stdlib.h>
#include <string.h>

#include "csvin_impl.h"
#include "util.h"

#define LABEL(s)	{ s, sizeof(s) - 1 }
static const struct {
	const char	*s;
	size_t		 n;
} total_labels[] = {
	LABEL("合计"), LABEL("总计"), LABEL("小计"), LABEL("总和"),
	LABEL("total"), LABEL("grand total"), LABEL("subtotal")
};
#undef LABEL

/* A digit: the common first byte of a cell, neither a space nor a total
 * label's first byte, so both checks below can stop at once. */
static inline int
starts_digit(const char *s, size_t n)
{
	return n > 0 && s[0] >= '0' && s[0] <= '9';
}

static int
cell_empty(const char *s, size_t n)
{
	if (starts_digit(s, n))
		return 0;
	trim_span(s, &n);
	return n == 0;
}

static size_t
cell_len(const struct csv_row *row, size_t i)
{
	return row->len != NULL ? row->len[i] : strlen(row->field[i]);
}

static int
row_blank(const struct csv_row *row)
{
	for (size_t i = 0; i < row->n; i++)
		if (!cell_empty(row->field[i], cell_len(row, i)))
			return 0;
	return 1;
}

bool
csv_is_total_row(const struct csv_row *row)
{
	for (size_t i = 0; i < row->n; i++) {
		size_t n = cell_len(row, i);
		const char *s;

		if (starts_digit(row->field[i], n))
			return false;
		s = trim_span(row->field[i], &n);
		if (n == 0)
			continue;
		for (size_t k = 0; k < sizeof(total_labels) /
		    sizeof(total_labels[0]); k++)
			if (total_labels[k].n == n &&
			    ascii_ncasecmp(s, total_labels[k].s, n) == 0)
				return true;
		return false;
	}
	return false;
}

/* A header cell and its position, to find duplicates by sorting. */
struct hcol {
	const char	*name;
	size_t		 i;
};

static int
hcol_cmp(const void *a, const void *b)
{
	const struct hcol *x = a, *y = b;
	int c = ascii_casecmp(x->name, y->name);

	if (c != 0)
		return c;
	return x->i < y->i ? -1 : x->i > y->i;
}

/*
 * The duplicate name whose second use comes first, as (*first, *second):
 * sorting (name, position) and comparing neighbours is O(n log n), where
 * comparing every pair took minutes on a 100000-column header.
 */
static int
find_duplicate(const struct csv_row *h, size_t *first, size_t *second)
{
	struct hcol *v = xreallocarray(NULL, h->n, sizeof(*v));
	int found = 0;

	for (size_t i = 0; i < h->n; i++) {
		v[i].name = h->field[i];
		v[i].i = i;
	}
	qsort(v, h->n, sizeof(*v), hcol_cmp);
	for (size_t k = 1; k < h->n; k++) {
		if (ascii_casecmp(v[k - 1].name, v[k].name) == 0 &&
		    (!found || v[k].i < *second)) {
			*first = v[k - 1].i;
			*second = v[k].i;
			found = 1;
		}
	}
	free(v);
	return found;
}

/* Keep the header: trimmed copies, checked for empty and duplicate names. */
static int
keep_header(struct csvin *in)
{
	const struct csv_row *r = &in->row;
	size_t total = 0, first = 0, second = 0;
	int dup;
	char *p;

	for (size_t i = 0; i < r->n; i++)
		total += r->len[i] + 1;
	in->hbuf = p = xmalloc(total + 1);
	in->hdr.field = xcalloc(r->n, sizeof(*in->hdr.field));
	in->hdr.len = xcalloc(r->n, sizeof(*in->hdr.len));
	in->hdr.n = r->n;
	in->hdr.line = r->line;
	for (size_t i = 0; i < r->n; i++) {
		size_t n = r->len[i];
		const char *s = trim_span(r->field[i], &n);

		memcpy(p, s, n);
		p[n] = '\0';
		in->hdr.field[i] = p;
		in->hdr.len[i] = n;
		p += n + 1;
	}
	dup = find_duplicate(&in->hdr, &first, &second);
	for (size_t i = 0; i < r->n && (!dup || i < second); i++) {
		if (in->hdr.len[i] == 0) {
			csvin_fail(in, r->line, "column %zu has no name", i + 1);
			return -1;
		}
	}
	if (dup) {
		csvin_fail(in, r->line, "duplicate column \"%s\" (columns %zu and "
		    "%zu)", in->hdr.field[second], first + 1, second + 1);
		return -1;
	}
	in->have_header = 1;
	return 0;
}

int
csvin_header(struct csvin *in, const struct csv_row **hdr)
{
	int r;

	if (in->failed)
		return -1;
	if (!in->have_header) {
		for (;;) {
			if ((r = csvin_read_row(in)) < 0)
				return -1;
			if (r == 0) {
				csvin_fail(in, 0, "no header row (empty file)");
				return -1;
			}
			if (!row_blank(&in->row))
				break;
			in->st.blank++;
		}
		if (keep_header(in) < 0)
			return -1;
	}
	*hdr = &in->hdr;
	return 0;
}

int
csvin_next(struct csvin *in, const struct csv_row **row)
{
	const struct csv_row *hdr;
	int r;

	if (in->failed)
		return -1;
	if (!in->have_header && csvin_header(in, &hdr) < 0)
		return -1;
	for (;;) {
		if ((r = csvin_read_row(in)) <= 0)
			return r;
		if (row_blank(&in->row)) {
			in->st.blank++;
			continue;
		}
		if (csv_is_total_row(&in->row) && !(in->keep_totals &&
		    strcmp(in->row.field[0], "TOTAL") == 0)) {
			in->st.totals++;
			continue;
		}
		if (in->row.n != in->hdr.n) {
			csvin_fail(in, in->row.line, "row has %zu field%s, "
			    "header has %zu", in->row.n,
			    in->row.n == 1 ? "" : "s", in->hdr.n);
			return -1;
		}
		in->st.rows++;
		*row = &in->row;
		return 1;
	}
}

void
csvin_report_skips(const struct csvin *in)
{
	long b = in->st.blank, t = in->st.totals;

	if (b > 0 && t > 0)
		warn_at(in->name, 0, "skipped %ld blank row%s and %ld total "
		    "row%s", b, b == 1 ? "" : "s", t, t == 1 ? "" : "s");
	else if (b > 0)
		warn_at(in->name, 0, "skipped %ld blank row%s", b,
		    b == 1 ? "" : "s");
	else if (t > 0)
		warn_at(in->name, 0, "skipped %ld total row%s", t,
		    t == 1 ? "" : "s");
}
