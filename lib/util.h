/*
 * util: exit codes, error messages, checked allocation and cleanup on exit.
 *
 * Every message goes to stderr as "PROG: message" (git's rules: lowercase,
 * no full stop, the error first, the subject quoted).  Data errors name the
 * place: "PROG: FILE:LINE: message".  Messages are written through
 * safe_text() (safetext.h): control characters and invalid bytes from the
 * data are shown escaped (\e, \r, \n, \t, \xHH, \u0085).  die*() run the registered cleanups
 * (e.g. removing the temporary file of -o) and exit with TGT_EXIT_ERROR.
 */
#ifndef TGT_UTIL_H
#define TGT_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/* Exit codes, named once for every tool. */
enum {
	TGT_EXIT_OK = 0,	/* success, nothing found */
	TGT_EXIT_FOUND = 1,	/* "found something" (tgt-alert raised alerts) */
	TGT_EXIT_ERROR = 2	/* bad data or usage */
};

/* The program name used in messages ("tgt-track").  Not owned. */
extern const char *tgt_progname;
void	tgt_setprogname(const char *argv0);
/* tgt_setprogname(argv[0]), and argv[0] shortened to the name so that
 * getopt's own messages read "tgt-track: unrecognized option ...". */
void	tgt_init(char **argv);

_Noreturn void	die(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));
/* "PROG: FILE:LINE: message"; line <= 0 omits ":LINE". */
_Noreturn void	die_at(const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* "PROG: message" on stderr, and go on. */
void	warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* The old name, for branches written before the rename; use warning(). */
#define warnx_ warning
void	warn_at(const char *file, long line, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Usage error: "PROG: message" and "try 'PROG --help'", exit 2. */
_Noreturn void	die_usage(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

/* Allocation that dies on failure.  The caller owns what they return. */
void	*xmalloc(size_t n);
void	*xcalloc(size_t n, size_t size);
void	*xrealloc(void *p, size_t n);
/* realloc for an array of n elements of size, checking n * size. */
void	*xreallocarray(void *p, size_t n, size_t size);
char	*xstrdup(const char *s);
char	*xstrndup(const char *s, size_t n);
/* printf into a new string. */
char	*xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char	*xvasprintf(const char *fmt, va_list ap)
	    __attribute__((format(printf, 1, 0)));

/*
 * Cleanups run by die*() before exiting (and by tgt_cleanup_run()).  Used by
 * csvout to remove the temporary file of -o when a run fails.  The handle
 * returned by tgt_cleanup_add() is passed to tgt_cleanup_remove() once the
 * cleanup is no longer wanted.
 */
int	tgt_cleanup_add(void (*fn)(void *), void *arg);
void	tgt_cleanup_remove(int handle);
void	tgt_cleanup_run(void);

/*
 * Flush and check a stream before exit (sbase's fshut): a full disk or a
 * closed pipe is an error, not a silent truncation.  Returns 0 or dies.
 */
void	tgt_fshut(FILE *fp, const char *name);

/* The display name of an input path: "-" or NULL is "<stdin>". */
const char *tgt_input_name(const char *path);

/* ASCII-only helpers (the C locale's rules whatever the locale is). */
int	ascii_casecmp(const char *a, const char *b);
int	ascii_ncasecmp(const char *a, const char *b, size_t n);
/* Trim ASCII spaces/tabs (and U+3000 ideographic space) in place: returns
 * the start and sets *len. */
const char *trim_span(const char *s, size_t *len);

/* Split a comma-separated list ("region,rep") into a NULL-terminated array
 * of trimmed, non-empty names; *n (may be NULL) gets the count.  The caller
 * owns the array and each name: free_list() frees both. */
char	**split_list(const char *list, size_t *n);
void	 free_list(char **list);

#endif
