/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of mpol_file_temp_name() (common.h): the temporary's name in the target's
 * folder, another serial another name, a symbolic link resolved to its target, a long base
 * name shortened, names that do not fit their buffers (MPOL_EIO, errno ENAMETOOLONG,
 * "PATH: reason"), NULL and empty arguments; nothing is created.
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, symlink, getpid */

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpol_test.h"
#include "multipolar.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static void test_names(void **state)
{
    (void)state;
    char final[PATH_MAX], temp[PATH_MAX + 64], want[PATH_MAX + 64];
    assert_int_equal(mpol_file_temp_name(final, sizeof final, temp, sizeof temp, "out/a.csv", 3),
                     MPOL_OK);
    assert_string_equal(final, "out/a.csv");
    snprintf(want, sizeof want, "out/.a.csv.%ld.3.tmp", (long)getpid());
    assert_string_equal(temp, want);
    assert_int_equal(mpol_file_temp_name(final, sizeof final, temp, sizeof temp, "b.json", 0),
                     MPOL_OK);
    snprintf(want, sizeof want, ".b.json.%ld.0.tmp", (long)getpid());
    assert_string_equal(temp, want);

    char longname[240];
    memset(longname, 'x', sizeof longname - 1);
    longname[sizeof longname - 1] = '\0';
    char path[300];
    snprintf(path, sizeof path, "d/%s", longname);
    assert_int_equal(mpol_file_temp_name(final, sizeof final, temp, sizeof temp, path, 1), MPOL_OK);
    snprintf(want, sizeof want, "d/.multipolar.%ld.1.tmp", (long)getpid());
    assert_string_equal(temp, want);
}

static void test_symlink(void **state)
{
    (void)state;
    char dir[] = "/tmp/mpol_temp_name_XXXXXX";
    assert_non_null(mkdtemp(dir));
    char target[PATH_MAX], link[PATH_MAX], real[PATH_MAX];
    snprintf(target, sizeof target, "%s/target.csv", dir);
    snprintf(link, sizeof link, "%s/link.csv", dir);
    FILE *f = fopen(target, "w");
    assert_non_null(f);
    fclose(f);
    assert_int_equal(symlink("target.csv", link), 0);
    assert_non_null(realpath(target, real));
    char final[PATH_MAX], temp[PATH_MAX + 64];
    assert_int_equal(mpol_file_temp_name(final, sizeof final, temp, sizeof temp, link, 0), MPOL_OK);
    assert_string_equal(final, real);
    assert_true(strncmp(temp, real, strlen(real) - strlen("target.csv")) == 0);
    assert_non_null(strstr(temp, "/.target.csv."));
    /* The resolved name does not fit a small buffer: an error, not an overflow. */
    char small[8], tsmall[PATH_MAX];
    errno = 0;
    assert_int_equal(mpol_file_temp_name(small, sizeof small, tsmall, sizeof tsmall, link, 0),
                     MPOL_EIO);
    assert_int_equal(errno, ENAMETOOLONG);
    assert_string_equal(small, "");
    /* A dangling link: the reason of the failed resolution. */
    assert_int_equal(unlink(target), 0);
    assert_int_equal(mpol_file_temp_name(final, sizeof final, temp, sizeof temp, link, 0),
                     MPOL_EIO);
    assert_int_equal(errno, ENOENT);
    assert_int_equal(unlink(link), 0);
    assert_int_equal(rmdir(dir), 0);
}

static void test_errors(void **state)
{
    (void)state;
    char final[64], temp[16];
    errno = 0;
    assert_int_equal(mpol_file_temp_name(final, sizeof final, temp, sizeof temp, "dir/abc.csv", 0),
                     MPOL_EIO);
    assert_int_equal(errno, ENAMETOOLONG);
    assert_string_equal(mpol_last_error(), "dir/abc.csv: File name too long");
    assert_string_equal(final, "");
    assert_string_equal(temp, "");
    assert_int_equal(mpol_file_temp_name(final, 4, temp, sizeof temp, "abcd", 0), MPOL_EIO);
    assert_int_equal(mpol_file_temp_name(NULL, 1, temp, sizeof temp, "a", 0), MPOL_EINVAL);
    assert_int_equal(mpol_file_temp_name(final, sizeof final, NULL, 1, "a", 0), MPOL_EINVAL);
    assert_int_equal(mpol_file_temp_name(final, 0, temp, sizeof temp, "a", 0), MPOL_EINVAL);
    assert_int_equal(mpol_file_temp_name(final, sizeof final, temp, sizeof temp, NULL, 0),
                     MPOL_EINVAL);
    assert_int_equal(mpol_file_temp_name(final, sizeof final, temp, sizeof temp, "", 0),
                     MPOL_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_symlink),
        cmocka_unit_test(test_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
