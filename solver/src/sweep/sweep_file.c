/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements mpol_sweep_write_file(): the sweep writers of sweep_io.c aimed at a
 * named file, written through a temporary in the same folder and renamed over the file when
 * complete, with messages that name the file and give the system's reason.
 */
#define _XOPEN_SOURCE 700 /* fchmod, fdopen */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "multipolar/common.h"
#include "multipolar/sweep.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static mpol_status file_error(const char *path, int err)
{
    return mpol_error(MPOL_EIO, "%s: %s", path, strerror(err != 0 ? err : EIO));
}

static mpol_status write_to(FILE *f, const mpol_sweep_result *r, const mpol_model *model, int json,
                            const mpol_sweep_csv_opts *opts)
{
    return json ? mpol_sweep_write_json(r, model, f) : mpol_sweep_write_csv_opts(r, model, f, opts);
}

/* Runs the writer on @p f and closes it; returns MPOL_OK or the failure naming @p path. */
static mpol_status write_close(FILE *f, const char *path, const mpol_sweep_result *r,
                               const mpol_model *model, int json, const mpol_sweep_csv_opts *opts)
{
    mpol_status st = write_to(f, r, model, json, opts);
    int err = errno;
    if (st != MPOL_OK && st != MPOL_EIO) {
        fclose(f);
        return st;
    }
    int failed = st == MPOL_EIO || ferror(f);
    /* A flush after a failed write retries the buffered bytes: a fresh reason. */
    errno = 0;
    if (fflush(f) != 0) {
        failed = 1;
        err = errno;
    }
    errno = 0;
    if (fclose(f) != 0 && !failed) {
        failed = 1;
        err = errno;
    }
    return failed ? file_error(path, err) : MPOL_OK;
}

mpol_status mpol_sweep_write_file(const mpol_sweep_result *r, const mpol_model *model,
                                  const char *path, int json, const mpol_sweep_csv_opts *opts)
{
    if (r == NULL || model == NULL || path == NULL || path[0] == '\0')
        return mpol_error(MPOL_EINVAL, "sweep file: a result, a model and a file name are needed");
    if (!json && opts != NULL && (opts->digits < 1 || opts->digits > 17))
        return mpol_error(MPOL_EINVAL, "sweep CSV: digits must be 1..17, not %d", opts->digits);
    struct stat st;
    mode_t mode = 0;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return file_error(path, EISDIR);
        if (!S_ISREG(st.st_mode)) {
            FILE *f = fopen(path, "w");
            if (f == NULL)
                return file_error(path, errno);
            return write_close(f, path, r, model, json, opts);
        }
        mode = st.st_mode & 07777;
    } else if (errno != ENOENT) {
        return file_error(path, errno);
    }
    /* The final name (symbolic links resolved, so that the link's target is replaced) and a
     * temporary in its folder. */
    char final[PATH_MAX], temp[PATH_MAX + 64];
    int fd = -1;
    for (unsigned serial = 0; serial < 100 && fd < 0; serial++) {
        mpol_status ts = mpol_file_temp_name(final, sizeof final, temp, sizeof temp, path, serial);
        if (ts != MPOL_OK)
            return ts; /* "PATH: reason" */
        fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0 && errno != EEXIST)
            return file_error(path, errno);
    }
    if (fd < 0)
        return file_error(path, EEXIST);
    if (mode != 0)
        (void)fchmod(fd, mode);
    FILE *f = fdopen(fd, "w");
    if (f == NULL) {
        int err = errno;
        close(fd);
        unlink(temp);
        return file_error(path, err);
    }
    mpol_status s = write_close(f, path, r, model, json, opts);
    if (s == MPOL_OK && rename(temp, final) != 0)
        s = file_error(path, errno);
    if (s != MPOL_OK)
        unlink(temp);
    return s;
}
