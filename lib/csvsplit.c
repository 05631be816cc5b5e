/*
 * csvsplit: one CSV file read in two parts at once (csvsplit.h).
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "csvin_impl.h"
#include "csvsplit.h"
#include "util.h"

/*
 * Splitting a file in two (csvsplit.h).  The first part is in itself,
 * stopped at the split; the second is a new reader started there with a
 * copy of the header, the delimiter and the encoding decided so far.
 * Whether the split point is a record boundary is known only once the
 * first part is read: a line end inside a quoted field leaves libcsv
 * inside the field at the first part's end, which is an error there
 * ("unterminated quoted field"), so the caller reads the file again.
 */

/* Offset just past the first '\n' at or after from, or -1. */
static off_t
line_end_after(int fd, off_t from)
{
	char b[4096];
	ssize_t n;

	while ((n = pread(fd, b, sizeof(b), from)) > 0) {
		char *nl = memchr(b, '\n', (size_t)n);

		if (nl != NULL)
			return from + (nl - b) + 1;
		from += n;
	}
	return -1;
}

static void
copy_header(struct csvin *to, const struct csvin *from)
{
	size_t total = 0;
	char *p;

	for (size_t i = 0; i < from->hdr.n; i++)
		total += from->hdr.len[i] + 1;
	to->hbuf = p = xmalloc(total + 1);
	to->hdr.field = xcalloc(from->hdr.n + 1, sizeof(*to->hdr.field));
	to->hdr.len = xcalloc(from->hdr.n + 1, sizeof(*to->hdr.len));
	to->hdr.n = from->hdr.n;
	to->hdr.line = from->hdr.line;
	for (size_t i = 0; i < from->hdr.n; i++) {
		memcpy(p, from->hdr.field[i], from->hdr.len[i] + 1);
		to->hdr.field[i] = p;
		to->hdr.len[i] = from->hdr.len[i];
		p += from->hdr.len[i] + 1;
	}
	to->have_header = 1;
}

struct csvin *
csvin_split(struct csvin *in, off_t min_size)
{
	struct csvin *two;
	struct stat st;
	off_t at, cur;

	if (in->path == NULL || in->failed || !in->have_header ||
	    in->midrow || in->linepos != in->linelen || in->limit != 0 ||
	    (in->mode != ENC_UNDECIDED && in->mode != ENC_UTF8) ||
	    fstat(in->fd, &st) < 0 || !S_ISREG(st.st_mode) ||
	    st.st_size < min_size)
		return NULL;
	/* buf holds the file's bytes from cur (no conversion in these modes) */
	cur = in->nread - (off_t)(in->bend - in->bpos);
	if ((at = line_end_after(in->fd, st.st_size / 2 > cur ?
	    st.st_size / 2 : cur)) < 0 || at >= st.st_size)
		return NULL;
	two = csvin_open(in->path, &in->opts);
	if (two->failed || lseek(two->fd, at, SEEK_SET) != at) {
		csvin_close(two);
		return NULL;
	}
	if (in->nread > at) {
		/* Read past the cut already: drop those bytes from buf. */
		in->bend -= (size_t)(in->nread - at);
		in->nread = at;
		in->src_eof = 0;
	}
	in->limit = at;
	two->nread = at;
	two->mode = ENC_UTF8;	/* invalid UTF-8 fails: read again */
	two->bom_checked = 1;
	two->lineno = 1;	/* not 0: no BOM to drop; lines are relative */
	two->delim = in->delim;
	two->delim_set = 1;
	csv_set_delim(&two->parser, (unsigned char)two->delim);
	copy_header(two, in);
	return two;
}

bool
csvin_split_valid(const struct csvin *one, const struct csvin *two)
{
	/*
	 * Read to its end without an error, the first part ended outside
	 * quotes.  Its encoding: still undecided (all ASCII) or UTF-8, so the
	 * second part's lines read as UTF-8 as they would have read on.
	 */
	return !one->failed && !two->failed && one->fini_done &&
	    (one->mode == ENC_UNDECIDED || one->mode == ENC_UTF8);
}

void
csvin_split_join(struct csvin *one, const struct csvin *two)
{
	one->st.rows += two->st.rows;
	one->st.blank += two->st.blank;
	one->st.totals += two->st.totals;
}

struct csvin *
csvin_reopen(const struct csvin *in)
{
	if (in->path == NULL)
		return NULL;
	return csvin_open(in->path, &in->opts);
}
