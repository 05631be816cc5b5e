/*
 * fuzz_csv: CSV input (csvin) with the encodings auto, gbk, utf-16 and
 * utf-8, delimiter detected or given.
 *
 * Input: one mode byte (bits 0..1: encoding; bits 2..4: delimiter, 0 =
 * detect), then the file's bytes, written to a temporary file because
 * csvin_open() takes a path.  Checks: every row has as many fields as the
 * header, every field is valid UTF-8 with no NUL inside its length, an
 * error has a message naming the file, and reading stops.
 */
#include <stdlib.h>
#include <string.h>

#include "csvio.h"
#include "fuzz.h"

static const char *const encodings[] = { "auto", "gbk", "utf-16", "utf-8" };
static const char delimiters[] = { 0, ',', ';', '\t', '|', 0, 0, 0 };

static void
check_row(const struct csv_row *r, size_t want)
{
	if (want != 0 && r->n != want)
		abort();
	if (r->line < 1)
		abort();
	for (size_t i = 0; i < r->n; i++) {
		if (strlen(r->field[i]) != r->len[i])
			abort();
		if (!fuzz_utf8_valid(r->field[i], r->len[i]))
			abort();
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csvin_opts o;
	struct csvin *in;
	const struct csv_row *hdr, *row;
	const char *path;
	long rows = 0;
	int rc;

	if (size < 1)
		return 0;
	memset(&o, 0, sizeof(o));
	o.encoding = encodings[data[0] & 3];
	o.delimiter = delimiters[(data[0] >> 2) & 7];
	path = fuzz_tmpfile(data + 1, size - 1);
	in = csvin_open(path, &o);
	if (csvin_header(in, &hdr) == 0) {
		size_t ncols = hdr->n;

		check_row(hdr, 0);
		if (ncols == 0)
			abort();
		while ((rc = csvin_next(in, &row)) == 1) {
			check_row(row, ncols);
			rows++;
		}
		if (rc == -1 && strncmp(csvin_error(in), path,
		    strlen(path)) != 0)
			abort();
		if (rows != csvin_stats(in)->rows)
			abort();
		/* Reading past the end or an error stays there. */
		if (csvin_next(in, &row) == 1)
			abort();
	} else if (csvin_error(in) == NULL || *csvin_error(in) == '\0') {
		abort();
	}
	csvin_close(in);
	return 0;
}
