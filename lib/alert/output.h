/*
 * output: where tgt-alert's alerts go.  CSV is streamed as alerts are
 * raised, so memory stays flat however many rows alert.  The text format
 * (a plain mail body) is written most severe first and in the order
 * raised within a severity: each line goes to a temporary file of its
 * severity at once, and alertout_close() copies the three files out, so
 * memory stays flat there too.
 *
 * Text reaches a terminal or a mail: every cell of a line goes through
 * lib/safetext (safe_text_add), so control characters in the data are
 * shown escaped (\n, \r, \t, \e, \xHH, \uHHHH) and no cell can end a
 * line, forge a line of its own or send a terminal escape.
 *
 * The columns are severity, rule, the key columns, period, message, then
 * the extra columns (the cells the rules read, or --anomaly's numbers).
 */
#ifndef TGT_ALERTOUT_H
#define TGT_ALERTOUT_H

#include <stdbool.h>
#include <stddef.h>

#include <stdio.h>

#include "builtin.h"
#include "csvio.h"

/* One raised alert.  Owns its strings; alert_raised_free() frees them. */
struct alert_raised {
	enum severity sev;
	const char *rule;	/* a rule's name or "anomaly"; not owned, must
				 * outlive the alert */
	char	**key;		/* nkey cells */
	char	*period;	/* "" without a period column */
	char	*msg;
	char	**extra;	/* nextra cells; NULL = empty */
};

/* Allocate the key and extra arrays (all NULL) of a. */
void	alert_raised_init(struct alert_raised *a, enum severity sev,
	    const char *rule, size_t nkey, size_t nextra);
void	alert_raised_free(struct alert_raised *a, size_t nkey, size_t nextra);

/*
 * The sink.  The names of the columns are not owned and must outlive it
 * (alertrun keeps them).  The kept text alerts are owned.
 */
struct alertout {
	const char *path;		/* -o, NULL = stdout; not owned */
	bool	 excel;
	bool	 text;
	char *const *keys;		/* key column names */
	size_t	 nkey;
	char *const *extra;		/* extra column names */
	size_t	 nextra;
	struct csvout *csv;		/* CSV: open after alertout_start() */
	FILE	*spill[3];		/* text: the lines of each severity */
};

void	alertout_init(struct alertout *ao, const char *path, bool excel,
	    bool text);
/* Fix the columns; CSV opens path (atomically, see csvout_open) and
 * writes the header line. */
void	alertout_start(struct alertout *ao, char *const *keys, size_t nkey,
	    char *const *extra, size_t nextra);
/* Write *a (CSV) or its line (text) and free it. */
void	alertout_put(struct alertout *ao, struct alert_raised *a);
/* Close the CSV, or write the text (to a temporary file renamed over
 * path).  Dies on a write error. */
void	alertout_close(struct alertout *ao);
/* Close what alertout_close() did not (a run that stops early). */
void	alertout_free(struct alertout *ao);

/* An anonymous temporary file (removed when closed) in $TMPDIR or /tmp,
 * open for reading and writing; dies on failure. */
FILE	*spill_open(void);

#endif
