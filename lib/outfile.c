#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "outfile.h"
#include "util.h"

/* The temporary file of DIR/NAME is DIR/.NAME.tgt-XXXXXX (tmp_name). */
#define TMP_TAG		".tgt-"
/* A temporary file untouched this long was left by a killed run. */
#define STALE_SECONDS	3600

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

/*
 * Temporary files being written, for the signal handler: SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT remove them before the process dies as it would
 * have.  A slot is set before the file is created and cleared before its
 * path is freed, so the handler only ever sees a live path.
 */
#define MAX_LIVE	8
static char *volatile live[MAX_LIVE];
static const int fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };

static void
on_fatal_signal(int sig)
{
	int e = errno;

	for (int i = 0; i < MAX_LIVE; i++)
		if (live[i] != NULL)
			unlink(live[i]);
	errno = e;
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Install the handler once, for the signals still at their default
 * (a caller that handles one itself keeps it). */
static void
install_handler(void)
{
	static bool done;
	struct sigaction sa, old;

	if (done)
		return;
	done = true;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_fatal_signal;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof(fatal_signals) /
	    sizeof(fatal_signals[0]); i++) {
		if (sigaction(fatal_signals[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_DFL)
			sigaction(fatal_signals[i], &sa, NULL);
	}
}

static void
watch(char *tmp)
{
	install_handler();
	for (int i = 0; i < MAX_LIVE; i++)
		if (live[i] == NULL) {
			live[i] = tmp;
			return;
		}
}

static void
unwatch(const char *tmp)
{
	for (int i = 0; i < MAX_LIVE; i++)
		if (live[i] == tmp)
			live[i] = NULL;
}

static void
clear(struct outfile *of)
{
	unwatch(of->tmp);
	free(of->path);
	free(of->tmp);
	of->path = of->tmp = NULL;
	of->fp = NULL;
}

/*
 * The temporary file's name for path DIR/NAME: DIR/.NAME.tgt-XXXXXX, so
 * that it is hidden and recognisable.  NAME is cut (at a UTF-8 character
 * boundary) so that the whole fits the directory's name limit: -o with a
 * 255-byte name works.  *prefix_len gets the length up to the XXXXXX.
 */
static char *
tmp_name(const char *path, size_t *prefix_len)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash != NULL ? slash + 1 : path;
	size_t dirlen = (size_t)(base - path), blen = strlen(base);
	char *dir = dirlen > 0 ? xstrndup(path, dirlen) : xstrdup(".");
	long max = pathconf(dir, _PC_NAME_MAX);
	size_t room;
	char *tmp;

	free(dir);
	if (max <= 0 || max > 4096)
		max = 255;
	room = (size_t)max - strlen("." TMP_TAG "XXXXXX");
	if (blen > room) {
		blen = room;
		while (blen > 0 && ((unsigned char)base[blen] & 0xc0) == 0x80)
			blen--;
	}
	tmp = xasprintf("%.*s.%.*s" TMP_TAG "XXXXXX", (int)dirlen, path,
	    (int)blen, base);
	*prefix_len = strlen(tmp) - 6;
	return tmp;
}

/*
 * Remove the temporary files an earlier run left beside path when it was
 * killed outright (SIGKILL, a power cut): same prefix, six more bytes, a
 * regular file of ours, untouched for an hour.  A run still writing is
 * younger than that.
 */
static void
remove_stale(const char *tmp, size_t prefix_len)
{
	const char *slash = strrchr(tmp, '/');
	size_t dirlen = slash != NULL ? (size_t)(slash - tmp) + 1 : 0;
	const char *prefix = tmp + dirlen;
	size_t plen = prefix_len - dirlen;
	char *dir = dirlen > 0 ? xstrndup(tmp, dirlen) : xstrdup(".");
	time_t now = time(NULL);
	struct dirent *de;
	DIR *d;

	if ((d = opendir(dir)) == NULL) {
		free(dir);
		return;
	}
	while ((de = readdir(d)) != NULL) {
		struct stat st;
		char *p;

		if (strlen(de->d_name) != plen + 6 ||
		    strncmp(de->d_name, prefix, plen) != 0)
			continue;
		p = xasprintf("%s/%s", dir, de->d_name);
		if (lstat(p, &st) == 0 && S_ISREG(st.st_mode) &&
		    st.st_uid == geteuid() && now - st.st_mtime > STALE_SECONDS)
			unlink(p);
		free(p);
	}
	closedir(d);
	free(dir);
}

/* The file being replaced keeps its owner and group (as sed -i does):
 * as root, -o over another user's file must not hand it to root.  A
 * change we may not make (not root) is left as it is. */
static void
keep_owner(int fd, const char *path)
{
	struct stat st;

	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (st.st_uid != geteuid() || st.st_gid != getegid()))
		(void)!fchown(fd, st.st_uid, st.st_gid);
}

int
outfile_open(struct outfile *of, const char *path)
{
	struct stat st;
	char *real = NULL;
	size_t prefix_len;
	int fd, e;

	memset(of, 0, sizeof(*of));
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode))
		return (of->fp = fopen(path, "w")) != NULL ? 0 : -1;
	if (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))
		real = link_target(path);
	of->path = real != NULL ? real : xstrdup(path);
	of->tmp = tmp_name(of->path, &prefix_len);
	remove_stale(of->tmp, prefix_len);
	watch(of->tmp);
	if ((fd = mkstemp(of->tmp)) < 0) {
		e = errno;
		clear(of);
		errno = e;
		return -1;
	}
	keep_owner(fd, of->path);
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
		die_at(path, 0, "cannot create a temporary file: %s",
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
			die_at(ro->name, 0, "write error: %s", strerror(errno));
	}
	free(ro->name);
	free(ro);
}
