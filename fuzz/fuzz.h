/*
 * fuzz.h: helpers shared by the libFuzzer targets in fuzz/.
 *
 * Each fuzz_NAME.c defines LLVMFuzzerTestOneInput().  The parsers under
 * test take a pointer and a length and return a code, so most targets call
 * them directly on libFuzzer's buffer (which ASan bounds exactly: a read
 * past len is caught).  Two things need help:
 *
 * - csvin and conf take a path, so the input is written to a temporary
 *   file, created once per process and rewritten for every input.
 * - conf_load() and the tools report errors through die(), which exits.
 *   libFuzzer treats an exit as a crash, so the targets that need it are
 *   linked with -Wl,--wrap=exit: while FUZZ_TRY() is active, exit()
 *   longjmp()s back instead.  What the dying code had allocated leaks
 *   (a real run exits there), so those targets run with -detect_leaks=0.
 */
#ifndef TGT_FUZZ_H
#define TGT_FUZZ_H

#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Write data to this process's temporary file and return its path (a
 * /proc/self/fd/N name: the file itself is already unlinked). */
const char *fuzz_tmpfile(const uint8_t *data, size_t size);

/* Whether s[0..len) is valid UTF-8 (no overlongs, surrogates or > U+10FFFF). */
int	fuzz_utf8_valid(const char *s, size_t len);

/*
 * Catching exit().  FUZZ_TRY() is true on the first pass and false when
 * the code under it called exit() (die()); fuzz_exit_status then holds the
 * status.  FUZZ_END() must follow on every path.
 */
extern jmp_buf	fuzz_jmp;
extern int	fuzz_catching;
extern int	fuzz_exit_status;
#define FUZZ_TRY()	(fuzz_catching = 1, setjmp(fuzz_jmp) == 0)
#define FUZZ_END()	(fuzz_catching = 0)

/*
 * After an exit was caught: close the descriptors opened since
 * fuzz_fd_mark() (by open(2) in csvin, say) that the dying code left open.
 * Call fuzz_fd_mark() once, before the first FUZZ_TRY().
 */
void	fuzz_fd_mark(void);
void	fuzz_fd_sweep(void);

/* A second temporary file for a fixed input (targets), written once. */
const char *fuzz_fixed_file(const char *text);

#endif
