/*
 * parse-floor: the parsing floor for bench/run.sh.
 *
 *	parse-floor [-f] FILE
 *
 * Runs libcsv's csv_parse() over FILE, in 1 MiB blocks, with the options
 * lib/csvline.c uses and callbacks that only count, and prints "ROWS
 * FIELDS".  No tool built on libcsv's callback interface can read the file
 * faster than this on one core; the gap between it and tgt-track is what
 * the rest of tgt-track costs.
 *
 * -f measures the floor of a fast path instead: a line without a quote
 * character is split at the commas by hand (memchr), anything else, and
 * the lines that follow until its row ends, goes to libcsv as above.  The
 * callbacks are the same and are called through pointers, as libcsv calls
 * them, so the two modes differ only in the splitting.  Both must count
 * the same rows and fields.
 */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK	(1 << 20)

struct counts {
	unsigned long long rows;
	unsigned long long fields;
	int	 row_done;
};

typedef void (*field_cb)(void *, size_t, void *);
typedef void (*row_cb)(int, void *);

static void
on_field(void *s, size_t len, void *data)
{
	struct counts *c = data;

	(void)s;
	(void)len;
	c->fields++;
}

static void
on_row(int term, void *data)
{
	struct counts *c = data;

	(void)term;
	c->rows++;
	c->row_done = 1;
}

/* volatile: the compiler must call through them, as libcsv does. */
static field_cb volatile fcb = on_field;
static row_cb volatile rcb = on_row;

static int
parse_error(const char *path, struct csv_parser *p)
{
	fprintf(stderr, "parse-floor: %s: %s\n", path,
	    csv_strerror(csv_error(p)));
	return 2;
}

/* Split one quote-free line (without its '\n') at the commas. */
static void
split_line(char *s, size_t n, struct counts *c)
{
	char *end = s + n, *comma;

	if (n > 0 && end[-1] == '\r')
		end--;
	while ((comma = memchr(s, ',', (size_t)(end - s))) != NULL) {
		*comma = '\0';
		fcb(s, (size_t)(comma - s), c);
		s = comma + 1;
	}
	*end = '\0';
	fcb(s, (size_t)(end - s), c);
	rcb('\n', c);
}

/* The lines of buf[0..n) up to the last '\n'; returns the bytes used. */
static size_t
fast_block(struct csv_parser *p, char *buf, size_t n, struct counts *c,
    int *in_lib, const char *path)
{
	char *s = buf, *end = buf + n, *nl;

	while ((nl = memchr(s, '\n', (size_t)(end - s))) != NULL) {
		size_t len = (size_t)(nl - s);

		if (!*in_lib && memchr(s, '"', len) == NULL) {
			split_line(s, len, c);
		} else {
			c->row_done = 0;
			if (csv_parse(p, s, len + 1, fcb, rcb, c) != len + 1)
				exit(parse_error(path, p));
			*in_lib = !c->row_done;
		}
		s = nl + 1;
	}
	return (size_t)(s - buf);
}

static int
run_fast(FILE *fp, struct csv_parser *p, struct counts *c, const char *path)
{
	static char buf[BLOCK + 1];
	size_t have = 0, n, used;
	int in_lib = 0;

	while ((n = fread(buf + have, 1, BLOCK - have, fp)) > 0) {
		have += n;
		used = fast_block(p, buf, have, c, &in_lib, path);
		memmove(buf, buf + used, have - used);
		have -= used;
		if (have == BLOCK) {
			fprintf(stderr, "parse-floor: %s: line too long\n",
			    path);
			return 2;
		}
	}
	if (have > 0 && csv_parse(p, buf, have, fcb, rcb, c) != have)
		return parse_error(path, p);
	return 0;
}

static int
run_libcsv(FILE *fp, struct csv_parser *p, struct counts *c,
    const char *path)
{
	static char buf[BLOCK];
	size_t n;

	while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
		if (csv_parse(p, buf, n, fcb, rcb, c) != n)
			return parse_error(path, p);
	return 0;
}

int
main(int argc, char *argv[])
{
	struct csv_parser p;
	struct counts c = { 0, 0, 0 };
	const char *path;
	FILE *fp;
	int fast, rc;

	fast = argc == 3 && strcmp(argv[1], "-f") == 0;
	if (argc != 2 + fast) {
		fputs("usage: parse-floor [-f] FILE\n", stderr);
		return 2;
	}
	path = argv[1 + fast];
	if ((fp = fopen(path, "rb")) == NULL) {
		perror(path);
		return 2;
	}
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
		fputs("parse-floor: csv_init failed\n", stderr);
		return 2;
	}
	rc = fast ? run_fast(fp, &p, &c, path) : run_libcsv(fp, &p, &c, path);
	if (rc != 0)
		return rc;
	if (ferror(fp)) {
		perror(path);
		return 2;
	}
	if (csv_fini(&p, fcb, rcb, &c) != 0)
		return parse_error(path, &p);
	csv_free(&p);
	fclose(fp);
	printf("%llu %llu\n", c.rows, c.fields);
	return 0;
}
