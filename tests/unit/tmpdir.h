/*
 * tmpdir.h: a temporary directory for the unit tests that read and write
 * files (test_alert.c, test_alertrun.c).  tmpdir_setup and tmpdir_teardown
 * are the cmocka group setup and teardown that make and remove it; each
 * test removes the files it made.  Include after cmocka.h and util.h.
 */
#ifndef TGT_TEST_TMPDIR_H
#define TGT_TEST_TMPDIR_H

static char dir[64];

/* dir/name; the caller frees it. */
static char *
path_in(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static void
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

/* The first 4095 bytes of path; the caller frees it. */
static char *
read_all(const char *path)
{
	FILE *fp = fopen(path, "r");
	char *buf = xcalloc(1, 4096);

	assert_non_null(fp);
	(void)!fread(buf, 1, 4095, fp);
	fclose(fp);
	return buf;
}

static int
tmpdir_setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/tgt-unit.XXXXXX");
	return mkdtemp(dir) == NULL ? -1 : 0;
}

static int
tmpdir_teardown(void **state)
{
	(void)state;
	return rmdir(dir);
}

#endif
