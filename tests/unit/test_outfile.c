/*
 * Unit tests for lib/outfile.c: the temporary file of an atomic output
 * never outlives the run.  Each case works in a fresh directory under
 * /tmp and lists it afterwards; what should be there is written by hand.
 */
#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "outfile.h"
#include "util.h"

static char dir[64];

static int
setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/tgt-outfile.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd) == 0 ? 0 : -1;
}

/* The names in dir, sorted, joined by spaces. */
static char *
listing(void)
{
	struct dirent **v;
	int n = scandir(dir, &v, NULL, alphasort);
	char *s = xstrdup("");

	for (int i = 0; i < n; i++) {
		if (strcmp(v[i]->d_name, ".") != 0 &&
		    strcmp(v[i]->d_name, "..") != 0) {
			char *t = xasprintf("%s%s%s", s, *s ? " " : "",
			    v[i]->d_name);

			free(s);
			s = t;
		}
		free(v[i]);
	}
	free(v);
	return s;
}

static char *
in_dir(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

/* SIGTERM and SIGINT while the temporary file is open: the process dies
 * of the signal, the temporary file is gone, the old file is intact. */
static void
test_signal_removes_tmp(void **state)
{
	static const int sigs[] = { SIGTERM, SIGINT, SIGHUP };

	(void)state;
	for (size_t i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++) {
		char *out = in_dir("out.csv"), *ls;
		FILE *fp = fopen(out, "w");
		int status;
		pid_t pid;

		fputs("old\n", fp);
		fclose(fp);
		if ((pid = fork()) == 0) {
			struct outfile of;

			if (outfile_open(&of, out) < 0)
				_exit(3);
			fputs("half", of.fp);
			fflush(of.fp);
			raise(sigs[i]);
			_exit(4);
		}
		waitpid(pid, &status, 0);
		assert_true(WIFSIGNALED(status));
		assert_int_equal(WTERMSIG(status), sigs[i]);
		ls = listing();
		assert_string_equal(ls, "out.csv");
		free(ls);
		free(out);
	}
}

/* The temporary file is .NAME.tgt-XXXXXX beside NAME. */
static void
test_tmp_name(void **state)
{
	char *out = in_dir("out.csv"), *ls;
	struct outfile of;

	(void)state;
	assert_int_equal(outfile_open(&of, out), 0);
	ls = listing();
	/* ".out.csv.tgt-" and six characters: 19 bytes. */
	assert_int_equal(strlen(ls), 19);
	assert_memory_equal(ls, ".out.csv.tgt-", 13);
	free(ls);
	fputs("new\n", of.fp);
	assert_int_equal(outfile_commit(&of), 0);
	ls = listing();
	assert_string_equal(ls, "out.csv");
	free(ls);
	free(out);
}

/* A 255-byte name (the limit): the temporary name is cut to fit. */
static void
test_long_name(void **state)
{
	char name[256], *out, *ls;
	struct outfile of;

	(void)state;
	memset(name, 'n', 255);
	name[255] = '\0';
	out = in_dir(name);
	assert_int_equal(outfile_open(&of, out), 0);
	fputs("x\n", of.fp);
	assert_int_equal(outfile_commit(&of), 0);
	ls = listing();
	assert_string_equal(ls, name);
	free(ls);
	free(out);
}

/* What a SIGKILLed run left: removed by the next -o of the same file
 * when older than an hour; a young one (a run still writing), another
 * file's, and a name that only looks alike stay. */
static void
test_stale_removed(void **state)
{
	static const char *const names[] = {
		".out.csv.tgt-OLD123",	/* stale: removed */
		".out.csv.tgt-NEW123",	/* young: kept */
		".other.csv.tgt-OLD123",	/* another file's: kept */
		".out.csv.tgt-OLD1234",	/* not six characters: kept */
	};
	struct timeval old[2] = { { time(NULL) - 7200, 0 },
	    { time(NULL) - 7200, 0 } };
	char *out = in_dir("out.csv"), *ls;
	struct outfile of;

	(void)state;
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		char *p = in_dir(names[i]);
		int fd = open(p, O_WRONLY | O_CREAT, 0600);

		assert_true(fd >= 0);
		close(fd);
		if (strstr(names[i], "NEW") == NULL)
			assert_int_equal(utimes(p, old), 0);
		free(p);
	}
	assert_int_equal(outfile_open(&of, out), 0);
	assert_int_equal(outfile_commit(&of), 0);
	ls = listing();
	assert_string_equal(ls, ".other.csv.tgt-OLD123 .out.csv.tgt-NEW123 "
	    ".out.csv.tgt-OLD1234 out.csv");
	free(ls);
	free(out);
}

/* As root, the new file keeps the old one's owner and group. */
static void
test_owner_kept(void **state)
{
	char *out = in_dir("owned.csv");
	struct outfile of;
	struct stat st;
	FILE *fp;

	(void)state;
	if (geteuid() != 0) {
		free(out);
		skip();
	}
	fp = fopen(out, "w");
	fclose(fp);
	assert_int_equal(chown(out, 65534, 65534), 0);
	assert_int_equal(chmod(out, 0640), 0);
	assert_int_equal(outfile_open(&of, out), 0);
	assert_int_equal(outfile_commit(&of), 0);
	assert_int_equal(stat(out, &st), 0);
	assert_int_equal(st.st_uid, 65534);
	assert_int_equal(st.st_gid, 65534);
	assert_int_equal(st.st_mode & 07777, 0640);
	free(out);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_signal_removes_tmp, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tmp_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_long_name, setup, teardown),
		cmocka_unit_test_setup_teardown(test_stale_removed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_owner_kept, setup,
		    teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
