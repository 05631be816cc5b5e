/*
 * outfile: a named output file written atomically, shared by csvout (-o),
 * tgt-report's -o and tgt-alert's --state.
 *
 * A regular file (or a new one) is written to a temporary file beside it
 * and renamed over it by outfile_commit() only: a run that fails leaves
 * the old file as it was.  The temporary file is DIR/.NAME.tgt-XXXXXX
 * (NAME cut to fit the name limit); SIGINT, SIGTERM, SIGHUP and SIGQUIT
 * remove it before the process dies, and outfile_open() removes those of
 * the same NAME that a killed run (SIGKILL) left more than an hour ago.
 * The new file keeps the old one's mode, owner and group (as sed -i).  Through a symbolic link, the file it points to
 * is replaced and the link kept.  A device or a FIFO (-o /dev/stdout, a
 * named pipe) is written in place, since renaming over it would replace
 * the device itself; such output cannot be atomic.
 *
 * Nothing here exits: errors return -1 with errno set.  The caller owns
 * the struct; outfile_commit() and outfile_abort() free what it holds.
 */
#ifndef TGT_OUTFILE_H
#define TGT_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE	*fp;		/* write here */
	char	*path;		/* renamed over at commit; NULL: in place */
	char	*tmp;		/* the temporary file, or NULL */
};

int	outfile_open(struct outfile *of, const char *path);
/* Flush, check, fsync and rename (or close, in place). */
int	outfile_commit(struct outfile *of);
/* Close and remove the temporary file (for cleanups on die()). */
void	outfile_abort(struct outfile *of);

/*
 * Text output (not CSV): stdout (path NULL or "-"), or a temporary
 * file beside path renamed over it by textout_close() only (removed when
 * the run dies).
 */
struct textout;
struct textout *textout_open(const char *path);
FILE	*textout_fp(struct textout *ro);
void	textout_close(struct textout *ro);

#endif
