#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "outfile.h"
#include "util.h"

/* The mode a new file gets from open(2): 0666 less the umask, or the
 * mode of the file being replaced. */
static mode_t
new_file_mode(const char *path)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return 0666 & ~mask;
}

/* The file a symbolic link points to, even one that does not exist yet
 * (a dangling link): the path to replace.  NULL if it cannot be read. */
static char *
link_target(const char *path)
{
	char buf[PATH_MAX], *real, *slash;
	ssize_t n;

	if ((real = realpath(path, NULL)) != NULL)
		return real;
	if ((n = readlink(path, buf, sizeof(buf) - 1)) < 0)
		return NULL;
	buf[n] = '\0';
	if (buf[0] == '/' || (slash = strrchr(path, '/')) == NULL)
		return xstrdup(buf);
	return xasprintf("%.*s/%s", (int)(slash - path), path, buf);
}

static void
clear(struct outfile *of)
{
	free(of->path);
	free(of->tmp);
	of->path = of->tmp = NULL;
	of->fp = NULL;
}

int
outfile_open(struct outfile *of, const char *path)
{
	struct stat st;
	char *real = NULL;
	int fd, e;

	memset(of, 0, sizeof(*of));
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return (of->fp = fopen(path, "w")) != NULL ? 0 : -1;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		real = link_target(path);
	of->path = real != NULL ? real : xstrdup(path);
	of->tmp = xasprintf("%s.XXXXXX", of->path);
	if ((fd = mkstemp(of->tmp)) < 0) {
		e = errno;
		clear(of);
		errno = e;
		return -1;
	}
	if (fchmod(fd, new_file_mode(of->path)) < 0 ||
	    (of->fp = fdopen(fd, "w")) == NULL) {
		e = errno;
		close(fd);
		unlink(of->tmp);
		clear(of);
		errno = e;
		return -1;
	}
	return 0;
}

int
outfile_commit(struct outfile *of)
{
	int failed = fflush(of->fp) == EOF || ferror(of->fp) ||
	    (of->tmp != NULL && fsync(fileno(of->fp)) < 0);
	int e = errno ? errno : EIO;

	if (fclose(of->fp) == EOF && !failed) {
		failed = 1;
		e = errno;
	}
	of->fp = NULL;
	if (!failed && of->tmp != NULL && rename(of->tmp, of->path) < 0) {
		failed = 1;
		e = errno;
	}
	if (failed && of->tmp != NULL)
		unlink(of->tmp);
	clear(of);
	errno = e;
	return failed ? -1 : 0;
}

void
outfile_abort(struct outfile *of)
{
	if (of->fp != NULL)
		fclose(of->fp);
	if (of->tmp != NULL)
		unlink(of->tmp);
	clear(of);
}

/* Atomic text output (tgt-report's non-CSV formats, tgt-alert -f text). */
struct textout {
	FILE	*fp;		/* stdout or of.fp */
	char	*name;		/* -o FILE as given */
	struct outfile of;
	int	 cleanup;
};

static void
remove_tmp(void *arg)
{
	struct textout *ro = arg;

	if (ro->of.fp != NULL)
		outfile_abort(&ro->of);
}

struct textout *
textout_open(const char *path)
{
	struct textout *ro = xcalloc(1, sizeof(*ro));

	ro->cleanup = -1;
	if (path == NULL || strcmp(path, "-") == 0) {
		ro->fp = stdout;
		return ro;
	}
	if (outfile_open(&ro->of, path) < 0)
		die("%s: cannot create a temporary file: %s", path,
		    strerror(errno));
	ro->fp = ro->of.fp;
	ro->name = xstrdup(path);
	ro->cleanup = tgt_cleanup_add(remove_tmp, ro);
	return ro;
}

FILE *
textout_fp(struct textout *ro)
{
	return ro->fp;
}

void
textout_close(struct textout *ro)
{
	if (ro->fp == stdout) {
		tgt_fshut(stdout, "<stdout>");
	} else {
		tgt_cleanup_remove(ro->cleanup);
		if (outfile_commit(&ro->of) < 0)
			die("%s: write error: %s", ro->name, strerror(errno));
	}
	free(ro->name);
	free(ro);
}
