/*
 * fuzz_csv_diff: csvin's quote-free fast path against libcsv alone.
 *
 * Input: one mode byte (bit 0: encoding auto or utf-8; bits 1..3: the
 * delimiter, 0 = detect), then the file's bytes.  The file is read twice,
 * once as tgt reads it and once with TGT_CSV_SLOW=1 (every line through
 * libcsv); everything a caller can see must be the same: the header, every
 * row's fields, lengths and line, the error message, the delimiter, the
 * encoding and the skip counts.
 */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fuzz.h"

static const char delimiters[] = { 0, ',', ';', '\t', '|', 0, 0, 0 };

/* What reading path gives, as one string: fields NUL-separated. */
struct trace {
	char	*s;
	size_t	 len, cap;
};

static void
put(struct trace *t, const void *p, size_t n)
{
	if (t->cap - t->len < n + 1) {
		t->cap = 2 * (t->len + n + 1);
		if ((t->s = realloc(t->s, t->cap)) == NULL)
			abort();
	}
	memcpy(t->s + t->len, p, n);
	t->len += n;
	t->s[t->len++] = '\0';
}

static void
put_row(struct trace *t, const struct csv_row *r)
{
	put(t, &r->line, sizeof(r->line));
	put(t, &r->n, sizeof(r->n));
	for (size_t i = 0; i < r->n; i++) {
		if (strlen(r->field[i]) != r->len[i])
			abort();
		put(t, r->field[i], r->len[i]);
	}
}

static void
read_all(const char *path, const struct csvin_opts *o, int slow,
    struct trace *t)
{
	struct csvin *in;
	const struct csv_row *hdr, *row;
	int rc;

	if (slow)
		setenv("TGT_CSV_SLOW", "1", 1);
	else
		unsetenv("TGT_CSV_SLOW");
	in = csvin_open(path, o);
	unsetenv("TGT_CSV_SLOW");
	rc = csvin_header(in, &hdr);
	put(t, &rc, sizeof(rc));
	if (rc == 0) {
		char d = csvin_delimiter(in);

		put_row(t, hdr);
		while ((rc = csvin_next(in, &row)) == 1)
			put_row(t, row);
		put(t, &rc, sizeof(rc));
		put(t, &d, 1);
		put(t, csvin_stats(in), sizeof(struct csvin_stats));
	}
	put(t, csvin_error(in), strlen(csvin_error(in)));
	put(t, csvin_encoding(in), strlen(csvin_encoding(in)));
	csvin_close(in);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvin_opts o;
	struct trace fast = { NULL, 0, 0 }, slow = { NULL, 0, 0 };
	const char *path;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.encoding = data[0] & 1 ? "utf-8" : "auto";
	o.delimiter = delimiters[(data[0] >> 1) & 7];
	path = fuzz_tmpfile(data + 1, size - 1);
	read_all(path, &o, 0, &fast);
	read_all(path, &o, 1, &slow);
	if (fast.len != slow.len || memcmp(fast.s, slow.s, fast.len) != 0)
		abort();
	free(fast.s);
	free(slow.s);
	return 0;
}
