/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements mpol_i_temp_name() of core/temp_name_internal.h. */
#define _XOPEN_SOURCE 700 /* lstat, realpath, getpid */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/temp_name_internal.h"

int mpol_i_temp_name(const char *path, char *final, size_t fsize, char *temp, size_t tsize,
                     unsigned serial)
{
    struct stat lst;
    if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
        if (realpath(path, final) == NULL)
            return errno;
    } else {
        size_t n = strlen(path);
        if (n >= fsize)
            return ENAMETOOLONG;
        memcpy(final, path, n + 1);
    }
    const char *slash = strrchr(final, '/');
    int dlen = slash != NULL ? (int)(slash - final) + 1 : 0;
    /* A name too long to take the suffix (NAME_MAX is 255 on Linux) gets a short one. */
    const char *base = strlen(final + dlen) <= 200 ? final + dlen : "multipolar";
    int n = snprintf(temp, tsize, "%.*s.%s.%ld.%u.tmp", dlen, final, base, (long)getpid(), serial);
    return n > 0 && (size_t)n < tsize ? 0 : ENAMETOOLONG;
}
