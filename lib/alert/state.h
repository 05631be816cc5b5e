/*
 * state: the --state file of tgt-alert.  Nothing here exits: errors come
 * back as -1 with a reason.
 */
#ifndef TGT_ALERT_STATE_H
#define TGT_ALERT_STATE_H

#include <stdbool.h>
#include <stddef.h>

#include "builtin.h"
#include "date.h"
#include "keymap.h"

/*
 * The --state file: the alerts raised by the last run, so a daily run
 * prints only what is new.  Text, UTF-8, one alert per line:
 *
 *	tgt-alert state v1
 *	# severity	first	last	rule	period	keys...
 *	warning	2025-05-18	2025-05-18	behind	2025-05	East	Alice
 *	end 1
 *
 * Fields are separated by tabs; a tab, newline or backslash inside a field
 * is written \t, \n, \\.  "first" is the day the alert was first raised,
 * "last" the day it was last printed.  The "end N" line (N = the number of
 * alerts) shows the file is whole.  A file with another first line, a
 * bad line or no end line is refused, never silently reset.
 */
struct astate_entry {
	enum severity sev;
	day_t	 first;
	day_t	 last;
	bool	 seen;		/* raised again by this run */
	int	 verdict;	/* astate_note's answer in this run */
};

/* The alerts by id (rule, period and keys, escaped and tab-joined): the
 * keymap's index i is entry e[i]. */
struct astate {
	struct keymap ids;
	struct astate_entry *e;
	size_t	 cap;
};

enum astate_verdict {
	AS_NEW,		/* not raised before: print */
	AS_ESCALATED,	/* raised before at a lower severity: print */
	AS_REPEAT,	/* raised before, but repeat_after days have passed */
	AS_SAME		/* already raised: do not print */
};

void	astate_init(struct astate *st);
/* Free what st holds; st is empty again, as after astate_init(). */
void	astate_free(struct astate *st);
/* The number of alerts held, and the id of alert i (owned by st). */
size_t	astate_count(const struct astate *st);
const char *astate_id(const struct astate *st, size_t i);
/*
 * Read path into st (after astate_init).  A missing file is an empty state
 * (the first run).  Returns 0, or -1 with "LINE: reason" (or "reason") in
 * err.
 */
int	astate_load(struct astate *st, const char *path, char *err,
	    size_t errsz);
/*
 * Record that the alert (rule, period, keys) was raised at sev on asof and
 * say whether to print it.  repeat_after <= 0: never repeat.  A printed
 * alert gets last = asof.
 */
enum astate_verdict astate_note(struct astate *st, const char *rule,
	    const char *period, const char *const *keys, size_t nkeys,
	    enum severity sev, day_t asof, long repeat_after);
/*
 * Write the alerts noted by this run (the others are resolved and
 * forgotten) to a temporary file beside path, then rename it over path.
 * Returns 0, or -1 with a reason in err (the temporary file removed).
 */
int	astate_save(const struct astate *st, const char *path, char *err,
	    size_t errsz);

/*
 * Delivery in two steps (--pending, --commit).  A run with --pending saves
 * the new state to FILE.pending (astate_pending_path) and leaves FILE as
 * it was; astate_commit() renames FILE.pending over FILE once the alerts
 * are delivered.  A pending file a failed delivery left behind is replaced
 * by the next --pending run, which compares with FILE again, so the
 * alerts it did not deliver are raised again.
 *
 * Runs on one state file are serialised by an exclusive flock(2) on
 * FILE.lock (astate_lock), held from loading the state to saving it, or
 * around the rename of a commit.
 */
/* "FILE.pending", a new string the caller frees. */
char	*astate_pending_path(const char *path);
/* Rename FILE.pending over FILE.  -1 with a reason in err; "nothing to
 * commit" when there is no pending file. */
int	astate_commit(const char *path, char *err, size_t errsz);
/* Remove a FILE.pending that a save of FILE made stale (0 also when there
 * is none). */
int	astate_drop_pending(const char *path, char *err, size_t errsz);
/* Wait for the lock on FILE.lock; returns the descriptor to pass to
 * astate_unlock(), or -1 with a reason in err. */
int	astate_lock(const char *path, char *err, size_t errsz);
void	astate_unlock(int fd);

#endif
