#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "safetext.h"
#include "util.h"

const char *tgt_progname = "tgt";

#define MAX_CLEANUPS 8

static struct {
	void	(*fn)(void *);
	void	 *arg;
} cleanups[MAX_CLEANUPS];

void
tgt_setprogname(const char *argv0)
{
	const char *slash = strrchr(argv0, '/');

	tgt_progname = slash ? slash + 1 : argv0;
}

void
tgt_init(char **argv)
{
	tgt_setprogname(argv[0]);
	argv[0] = (char *)tgt_progname;
}

/*
 * One message line on stderr.  The whole line (file name and data quoted
 * in it included) goes through safe_text(): a cell's ESC, CR or line
 * break reaches the terminal escaped, never raw.
 */
static void
vmessage(const char *file, long line, const char *fmt, va_list ap)
{
	char stack[512], *msg = stack, *safe;
	va_list aq;
	int n;

	va_copy(aq, ap);
	n = vsnprintf(stack, sizeof(stack), fmt, aq);
	va_end(aq);
	if (n < 0) {
		n = 0;
		stack[0] = '\0';
	} else if ((size_t)n >= sizeof(stack) &&
	    (msg = malloc((size_t)n + 1)) != NULL) {
		vsnprintf(msg, (size_t)n + 1, fmt, ap);
	} else if (msg == NULL) {
		msg = stack;	/* out of memory: the message cut short */
		n = sizeof(stack) - 1;
	}
	fflush(stdout);
	fprintf(stderr, "%s: ", tgt_progname);
	/* Text that needs no escape is written as it is: "out of memory"
	 * must not allocate, or its die() would recurse until the stack
	 * overflows (a segfault under ulimit -v). */
	if (file != NULL) {
		safe = safe_text_needed(file, strlen(file), 0) ?
		    safe_text(file, strlen(file), 0) : NULL;
		if (line > 0)
			fprintf(stderr, "%s:%ld: ", safe ? safe : file, line);
		else
			fprintf(stderr, "%s: ", safe ? safe : file);
		free(safe);
	}
	safe = safe_text_needed(msg, (size_t)n, 0) ?
	    safe_text(msg, (size_t)n, 0) : NULL;
	if (safe != NULL)
		fputs(safe, stderr);
	else
		fwrite(msg, 1, (size_t)n, stderr);
	fputc('\n', stderr);
	free(safe);
	if (msg != stack)
		free(msg);
}

void
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, 0, fmt, ap);
	va_end(ap);
	tgt_cleanup_run();
	exit(TGT_EXIT_ERROR);
}

void
die_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(file, line, fmt, ap);
	va_end(ap);
	tgt_cleanup_run();
	exit(TGT_EXIT_ERROR);
}

void
die_usage(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, 0, fmt, ap);
	va_end(ap);
	fprintf(stderr, "try '%s --help'\n", tgt_progname);
	tgt_cleanup_run();
	exit(TGT_EXIT_ERROR);
}

void
warning(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(NULL, 0, fmt, ap);
	va_end(ap);
}

void
warn_at(const char *file, long line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmessage(file, line, fmt, ap);
	va_end(ap);
}

void *
xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		die("out of memory");
	return p;
}

void *
xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		die("out of memory");
	return p;
}

void *
xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		die("out of memory");
	return p;
}

void *
xreallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > (size_t)-1 / size)
		die("out of memory");
	return xrealloc(p, n * size);
}

char *
xstrdup(const char *s)
{
	return xstrndup(s, strlen(s));
}

char *
xstrndup(const char *s, size_t n)
{
	char *p = xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *
xvasprintf(const char *fmt, va_list ap)
{
	va_list copy;
	int n;
	char *p;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		die("cannot format message");
	p = xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap);
	return p;
}

char *
xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *p;

	va_start(ap, fmt);
	p = xvasprintf(fmt, ap);
	va_end(ap);
	return p;
}

int
tgt_cleanup_add(void (*fn)(void *), void *arg)
{
	for (int i = 0; i < MAX_CLEANUPS; i++) {
		if (cleanups[i].fn == NULL) {
			cleanups[i].fn = fn;
			cleanups[i].arg = arg;
			return i;
		}
	}
	die("too many pending cleanups");
}

void
tgt_cleanup_remove(int handle)
{
	if (handle >= 0 && handle < MAX_CLEANUPS)
		cleanups[handle].fn = NULL;
}

void
tgt_cleanup_run(void)
{
	for (int i = MAX_CLEANUPS - 1; i >= 0; i--) {
		void (*fn)(void *) = cleanups[i].fn;

		cleanups[i].fn = NULL;
		if (fn != NULL)
			fn(cleanups[i].arg);
	}
}

void
tgt_fshut(FILE *fp, const char *name)
{
	int failed = fflush(fp) == EOF || ferror(fp);
	int saved = errno;

	if (fp != stdout && fp != stderr && fclose(fp) == EOF)
		failed = 1;
	if (failed) {
		errno = saved;
		die_at(name, 0, "write error: %s", strerror(errno ? errno : EIO));
	}
}

const char *
tgt_input_name(const char *path)
{
	if (path == NULL || strcmp(path, "-") == 0)
		return "<stdin>";
	return path;
}

static int
ascii_lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

int
ascii_casecmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int ca = ascii_lower((unsigned char)*a);
		int cb = ascii_lower((unsigned char)*b);

		if (ca != cb || ca == 0)
			return ca - cb;
	}
}

int
ascii_ncasecmp(const char *a, const char *b, size_t n)
{
	for (; n > 0; a++, b++, n--) {
		int ca = ascii_lower((unsigned char)*a);
		int cb = ascii_lower((unsigned char)*b);

		if (ca != cb || ca == 0)
			return ca - cb;
	}
	return 0;
}

/* U+3000 IDEOGRAPHIC SPACE in UTF-8, common in Chinese spreadsheets. */
static size_t
space_at(const char *s, size_t len)
{
	if (len >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\r'))
		return 1;
	if (len >= 3 && memcmp(s, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

static size_t
space_before(const char *s, size_t len)
{
	if (len >= 1 && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
	    s[len - 1] == '\r'))
		return 1;
	if (len >= 3 && memcmp(s + len - 3, "\xe3\x80\x80", 3) == 0)
		return 3;
	return 0;
}

const char *
trim_span(const char *s, size_t *len)
{
	size_t k;

	while ((k = space_at(s, *len)) > 0) {
		s += k;
		*len -= k;
	}
	while ((k = space_before(s, *len)) > 0)
		*len -= k;
	return s;
}

char **
split_list(const char *list, size_t *n)
{
	char **v = xcalloc(1, sizeof(*v));
	size_t count = 0;
	const char *p = list != NULL ? list : "";

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
		const char *s = trim_span(p, &len);

		if (len > 0) {
			v = xreallocarray(v, count + 2, sizeof(*v));
			v[count++] = xstrndup(s, len);
			v[count] = NULL;
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (n != NULL)
		*n = count;
	return v;
}

void
free_list(char **list)
{
	if (list == NULL)
		return;
	for (char **p = list; *p != NULL; p++)
		free(*p);
	free(list);
}
