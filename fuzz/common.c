/*
 * common.c: helpers for the fuzz targets (see fuzz.h).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"

jmp_buf	fuzz_jmp;
int	fuzz_catching;
int	fuzz_exit_status;

/*
 * Temporary files are unlinked as soon as they are made and named by
 * /proc/self/fd/N, which opens the same file afresh: nothing is left behind
 * however the process ends (libFuzzer's fork workers are killed).  They
 * live on tmpfs when there is one: on a disk, rewriting a file for every
 * input makes the file system write it back each time, ten times slower.
 */
static int
make_tmp(char *path, size_t size)
{
	char name[64];
	int fd;

	snprintf(name, sizeof(name), "%s/tgt-fuzz.XXXXXX",
	    access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if ((fd = mkstemp(name)) == -1) {
		perror("fuzz: mkstemp");
		abort();
	}
	unlink(name);
	snprintf(path, size, "/proc/self/fd/%d", fd);
	return fd;
}

static void
write_all(int fd, const uint8_t *data, size_t size)
{
	size_t off = 0;

	if (ftruncate(fd, 0) == -1)
		abort();
	while (off < size) {
		ssize_t n = pwrite(fd, data + off, size - off, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			abort();
		off += (size_t)n;
	}
}

const char *
fuzz_tmpfile(const uint8_t *data, size_t size)
{
	static char path[64];
	static int fd = -1;

	if (fd == -1)
		fd = make_tmp(path, sizeof(path));
	write_all(fd, data, size);
	return path;
}

int
fuzz_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		size_t n;
		unsigned cp, min;

		if (c < 0x80) {
			i++;
			continue;
		}
		if ((c & 0xe0) == 0xc0) {
			n = 1, cp = c & 0x1f, min = 0x80;
		} else if ((c & 0xf0) == 0xe0) {
			n = 2, cp = c & 0x0f, min = 0x800;
		} else if ((c & 0xf8) == 0xf0) {
			n = 3, cp = c & 0x07, min = 0x10000;
		} else {
			return 0;
		}
		if (i + n >= len)
			return 0;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += n + 1;
	}
	return 1;
}

#define MAX_FD 1024
static unsigned char fd_was_open[MAX_FD];

void
fuzz_fd_mark(void)
{
	fuzz_tmpfile(NULL, 0);		/* its descriptor stays open */
	for (int fd = 0; fd < MAX_FD; fd++)
		fd_was_open[fd] = fcntl(fd, F_GETFD) != -1;
}

void
fuzz_fd_sweep(void)
{
	for (int fd = 3; fd < MAX_FD; fd++)
		if (!fd_was_open[fd] && fcntl(fd, F_GETFD) != -1)
			close(fd);
}

const char *
fuzz_fixed_file(const char *text)
{
	static char paths[4][64];
	static int n;

	if (n == 4)
		abort();
	write_all(make_tmp(paths[n], sizeof(paths[n])), (const uint8_t *)text,
	    strlen(text));
	return paths[n++];
}

/*
 * The files the code under test opened while FUZZ_TRY() was active, so the
 * ones a die() left open can be closed: otherwise the process runs out of
 * descriptors after a thousand failing inputs.
 */
#define MAX_OPEN 64
static FILE *open_files[MAX_OPEN];

FILE	*__real_fopen(const char *, const char *);
int	 __real_fclose(FILE *);
FILE	*__wrap_fopen(const char *, const char *);
int	 __wrap_fclose(FILE *);
_Noreturn void __real_exit(int);
_Noreturn void __wrap_exit(int);

FILE *
__wrap_fopen(const char *path, const char *mode)
{
	FILE *fp = __real_fopen(path, mode);

	if (fp != NULL && fuzz_catching)
		for (int i = 0; i < MAX_OPEN; i++)
			if (open_files[i] == NULL) {
				open_files[i] = fp;
				break;
			}
	return fp;
}

int
__wrap_fclose(FILE *fp)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (open_files[i] == fp)
			open_files[i] = NULL;
	return __real_fclose(fp);
}

static void
close_leftovers(void)
{
	for (int i = 0; i < MAX_OPEN; i++)
		if (open_files[i] != NULL) {
			__real_fclose(open_files[i]);
			open_files[i] = NULL;
		}
}

void
__wrap_exit(int status)
{
	if (fuzz_catching) {
		fuzz_catching = 0;
		fuzz_exit_status = status;
		close_leftovers();
		longjmp(fuzz_jmp, 1);
	}
	__real_exit(status);
}
