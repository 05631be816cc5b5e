/*
 * csvsplit: reading one CSV file in two parts at once (tgt-track on two
 * cores).  Implemented in csvsplit.c.
 *
 * After csvin_header(), csvin_split() cuts a regular file at the first
 * line end after its middle: the reader given stops there, the one
 * returned reads from there to the end with the same header, delimiter and
 * encoding.  Each can then be read (csvin_next) in its own thread.  The
 * cut is right only if no quoted field spans it, which shows once both
 * are read: csvin_split_valid().  When it is false, or either part had an
 * error, the caller reads the file again from the start in one piece
 * (csvin_reopen), which gives the exact first error with its line: line
 * numbers in the second part are relative to the cut.
 */
#ifndef TGT_CSVSPLIT_H
#define TGT_CSVSPLIT_H

#include <stdbool.h>
#include <sys/types.h>

struct csvin;

/* The second part, or NULL when in cannot be split: stdin or a pipe, a
 * file under min_size bytes, an encoding other than UTF-8 (or auto still
 * undecided), or in already read past the middle. */
struct csvin *csvin_split(struct csvin *in, off_t min_size);
/* Both parts read to their end without error: whether the second part's
 * rows are exactly those one reader would have returned. */
bool	csvin_split_valid(const struct csvin *one, const struct csvin *two);
/* Add two's skip counts (blank and total rows) into one's. */
void	csvin_split_join(struct csvin *one, const struct csvin *two);
/* A new reader of in's file from the start, with in's options; NULL for
 * stdin. */
struct csvin *csvin_reopen(const struct csvin *in);

#endif
