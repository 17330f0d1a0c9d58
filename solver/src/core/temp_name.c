/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements mpol_file_temp_name() (common.h) and mpol_i_temp_name() of
 * core/temp_name_internal.h, the same names with an errno-style result. */
#define _XOPEN_SOURCE 700 /* lstat, realpath, getpid */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/temp_name_internal.h"
#include "multipolar/common.h"

/* Copies @p s into @p dst of @p size bytes; ENAMETOOLONG if it does not fit. */
static int copy_name(char *dst, size_t size, const char *s)
{
    size_t n = strlen(s);
    if (n >= size)
        return ENAMETOOLONG;
    memcpy(dst, s, n + 1);
    return 0;
}

int mpol_i_temp_name(const char *path, char *final, size_t fsize, char *temp, size_t tsize,
                     unsigned serial)
{
    struct stat lst;
    int err;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        /* realpath() into a buffer needs PATH_MAX bytes; let it allocate instead. */
        char *resolved = realpath(path, NULL);
        if (resolved == NULL)
            return errno;
        err = copy_name(final, fsize, resolved);
        free(resolved);
    } else {
        err = copy_name(final, fsize, path);
    }
    if (err != 0)
        return err;
    const char *slash = strrchr(final, '/');
    int dlen = slash != NULL ? (int)(slash - final) + 1 : 0;
    /* A name too long to take the suffix (NAME_MAX is 255 on Linux) gets a short one. */
    const char *base = strlen(final + dlen) <= 200 ? final + dlen : "multipolar";
    int n = snprintf(temp, tsize, "%.*s.%s.%ld.%u.tmp", dlen, final, base, (long)getpid(), serial);
    return n > 0 && (size_t)n < tsize ? 0 : ENAMETOOLONG;
}

mpol_status mpol_file_temp_name(char *final, size_t fsize, char *temp, size_t tsize,
                                const char *path, unsigned serial)
{
    if (final == NULL || temp == NULL || fsize == 0 || tsize == 0 || path == NULL ||
        path[0] == '\0')
        return mpol_error(MPOL_EINVAL, "mpol_file_temp_name: NULL or empty argument");
    int err = mpol_i_temp_name(path, final, fsize, temp, tsize, serial);
    if (err == 0)
        return MPOL_OK;
    final[0] = temp[0] = '\0';
    mpol_status st = mpol_error(MPOL_EIO, "%s: %s", path, strerror(err));
    errno = err;
    return st;
}
