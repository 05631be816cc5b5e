/*
 * conf_impl.h: what conf.c (the sections, keys and values of tgt.ini) and
 * conffile.c (reading files, dates lists) share.  Private to lib/conf*.c.
 */
#ifndef TGT_CONF_IMPL_H
#define TGT_CONF_IMPL_H

#include <stddef.h>

#include "calendar.h"
#include "conf.h"
#include "keymap.h"

/* One "key = value" line of the file. */
struct entry {
	char	*section;	/* lowercased */
	char	*key;		/* lowercased */
	char	*value;		/* iniparser's rules: see parse_line() */
	long	 line;
};

struct scan {
	const char	*path;
	const char	*origin;	/* where the path came from, for errors */
	struct entry	*e;
	size_t		 n, cap;
	struct keymap	 keys;		/* (section, key) -> index in e */
	char		**sections;	/* section names in order */
	long		*section_lines;
	size_t		 nsections;
	struct keymap	 secs;		/* section -> index in sections */
};

/* "PROG: FILE:LINE: message (config file from ORIGIN)", exit 2. */
_Noreturn void	conf_die(const struct scan *sc, long line, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/* Trim ASCII space in place; returns the start. */
char	*conf_strip(char *s);
/* The line of key in [section], 0 when absent. */
long	conf_line_of(const struct scan *sc, const char *section,
	    const char *key);
/* The whole of a file (a FIFO, /dev/stdin, <(...) too), NUL-terminated;
 * dies on a directory, a read error, a NUL byte.  The caller frees it. */
char	*conf_read_whole(const char *path, const char *what,
	    const char *origin, size_t *len);
/* Add the dates of a list or dates file (value of key) to conf->cal. */
void	conf_add_dates(struct tgt_conf *conf, struct scan *sc,
	    const char *key, const char *list,
	    void (*add)(struct calendar *, day_t));

#endif
