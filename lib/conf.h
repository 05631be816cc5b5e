/*
 * conf: tgt.ini (iniparser), DESIGN.md "Configuration".
 *
 * Looked up in this order: the -c FILE given, $TGT_CONFIG, ./tgt.ini,
 * $XDG_CONFIG_HOME/tgt/tgt.ini (or ~/.config/tgt/tgt.ini).  A missing file
 * given by -c or $TGT_CONFIG is an error; the others are optional.  An
 * unknown section or key, or a bad value, is an error naming the file and
 * line, and how the file was found when not by -c.  The file is read once
 * (a FIFO, /dev/stdin and -c <(...) work); a directory is an error.  The
 * format is iniparser's (lib/conf.c has the rules), read by our own
 * linear-time parser.
 */
#ifndef TGT_CONF_H
#define TGT_CONF_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"
#include "date.h"
#include "keymap.h"
#include "period.h"

struct conf_alias {
	char	 *name;		/* the [columns] key: canonical column name */
	char	**aliases;	/* trimmed alias names */
	size_t	  n;
};

struct conf_alert {
	char	*name;		/* NAME of [alert.NAME] */
	char	*when;		/* rule expression */
	char	*severity;	/* info | warning | critical (default warning) */
	char	*message;	/* template, may be NULL */
	long	 line;		/* line of the section header */
};

/* A "key = value" line, or (in conf->sections) a section header. */
struct conf_entry {
	char	*section;	/* lowercased: "payout.new_hire" */
	char	*key;		/* lowercased; NULL in conf->sections */
	char	*value;		/* as iniparser read it; NULL in conf->sections */
	long	 line;		/* in conf->path */
};

struct tgt_conf {
	char		*path;		/* file read, NULL if none; owned */
	const char	*origin;	/* how it was found ("$TGT_CONFIG"),
					   NULL for -c; static */
	/* [input] */
	char		*encoding;	/* NULL = auto */
	char		 delimiter;	/* 0 = detect */
	char		 decimal;	/* '.' or ',' */
	enum date_order	 date_order;
	int		 two_digit_year; /* first year of the window for
					   yy (2000: 2000..2099), 0 = none */
	/* [columns] */
	struct conf_alias *aliases;
	size_t		 naliases;
	/* [calendar] */
	struct fiscal	 fy;
	int		 week_start;	/* 1 = Monday (default) .. 7 = Sunday */
	struct calendar	 cal;
	/* [status] */
	double		 behind;	/* pace_pct below this is behind (80) */
	double		 ahead;		/* pace_pct above this is ahead (120) */
	/* [output] */
	int		 precision;	/* money decimals (2) */
	char		 thousands;	/* separator for human output, 0 = none (',') */
	/* [alert.NAME] */
	struct conf_alert *alerts;
	size_t		 nalerts;
	/* Every line and section as read, for the sections an engine reads
	 * itself ([metric.*], [score], [payout*], [funnel], [alert]). */
	struct conf_entry *entries;
	size_t		 nentries;
	struct conf_entry *sections;
	size_t		 nsections;
	struct keymap	 index;		/* (section, key) -> entries[i] */
};

/* Defaults, no file. */
void	conf_init(struct tgt_conf *conf);
/* conf_init() then read the file found by the lookup order (explicit may be
 * NULL).  Dies on any error. */
void	conf_load(struct tgt_conf *conf, const char *explicit_path);
void	conf_free(struct tgt_conf *conf);

/* Whether iconv can read name (or it is auto): for [input] encoding and
 * --encoding, so that a bad name is blamed on the setting, not on the
 * first data file. */
bool	conf_encoding_known(const char *name);

/* The aliases of a canonical column name, or NULL. */
const struct conf_alias *conf_alias_of(const struct tgt_conf *conf,
	    const char *name);

/*
 * The value of key in [section] (both lowercase), or NULL when the file
 * has no such line; *line (may be NULL) gets its line in conf->path, 0 if
 * none.  The string belongs to conf.
 */
const char *conf_get(const struct tgt_conf *conf, const char *section,
	    const char *key, long *line);
/*
 * The sections whose name starts with prefix and goes on ("payout." finds
 * [payout.new_hire], not [payout]), in file order: start with *iter = 0 and
 * call until NULL.  ->section is the whole name, ->line its header's line.
 */
const struct conf_entry *conf_section(const struct tgt_conf *conf,
	    const char *prefix, size_t *iter);

#endif
