/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the CLI's output files: every file a command writes (sweep -o and
 * --plot, convert -o) is written to a temporary in the target's folder and renamed over the
 * target only when every write, the flush and the close succeeded, so a failure or an
 * interruption leaves an old file intact and no temporary behind. A target that is not a
 * regular file (a device such as /dev/full, a FIFO, /dev/stdout) is written directly;
 * standard output is flushed and checked. Every failure is reported as
 * "multipolar CMD: NAME: reason" (the system's strerror) with exit code 1. The temporaries
 * are registered with the signal handler (signals.c), which removes them on SIGINT/SIGTERM.
 */
#define _XOPEN_SOURCE 700 /* readlink, fchmod */

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

#ifndef PATH_MAX
#define PATH_MAX 4096
#endif

static int stdout_reported;

/* ---- paths ---- */

static int fail_errno(const char *cmd, const char *name, int err)
{
    fprintf(stderr, "multipolar %s: %s: %s\n", cmd, name, strerror(err));
    return CLI_EXIT_FAILURE;
}

/* True if @p path is, or links through, an alias of a file descriptor (/dev/stdout,
 * /dev/fd/N, /proc/self/fd/N): such a target is written directly, never replaced. */
static int is_fd_alias(const char *path)
{
    char cur[PATH_MAX], link[PATH_MAX];
    size_t n = strlen(path);
    if (n >= sizeof cur)
        return 0;
    memcpy(cur, path, n + 1);
    for (int hop = 0; hop < 40; hop++) {
        if (strncmp(cur, "/proc/", 6) == 0 || strncmp(cur, "/dev/fd/", 8) == 0 ||
            strcmp(cur, "/dev/stdout") == 0 || strcmp(cur, "/dev/stderr") == 0)
            return 1;
        ssize_t len = readlink(cur, link, sizeof link - 1);
        if (len < 0)
            return 0;
        link[len] = '\0';
        if (link[0] == '/') {
            memcpy(cur, link, (size_t)len + 1);
        } else {
            /* Relative to the link's folder. */
            char *slash = strrchr(cur, '/');
            size_t dlen = slash != NULL ? (size_t)(slash - cur) + 1 : 0;
            if (dlen + (size_t)len + 1 > sizeof cur)
                return 0;
            memmove(cur + dlen, link, (size_t)len + 1);
        }
    }
    return 0;
}

/* ---- outputs ---- */

const char *cli_output_name(const cli_output *o)
{
    return o->path != NULL ? o->path : "standard output";
}

static int open_temp(cli_output *o, const char *path, mode_t mode)
{
    char final[PATH_MAX];
    for (unsigned serial = 0; serial < 100; serial++) {
        char temp[PATH_MAX + 32];
        if (mpol_file_temp_name(final, sizeof final, temp, sizeof temp, path, serial) != MPOL_OK)
            return fail_errno(o->cmd, path, errno != 0 ? errno : EINVAL);
        int err;
        int slot = cli_temp_register(temp);
        if (slot < 0)
            return fail_errno(o->cmd, path, EMFILE);
        int fd = open(temp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0) {
            err = errno;
            cli_temp_unregister(slot);
            if (err == EEXIST)
                continue;
            /* The folder is the problem (missing, not a folder, not writable). */
            return fail_errno(o->cmd, path, err);
        }
        if (mode != 0)
            (void)fchmod(fd, mode);
        o->f = fdopen(fd, "w");
        if (o->f == NULL) {
            err = errno;
            close(fd);
            unlink(temp);
            cli_temp_unregister(slot);
            return fail_errno(o->cmd, path, err);
        }
        o->slot = slot;
        o->temp = cli_temp_name(slot);
        size_t n = strlen(final);
        o->final = malloc(n + 1);
        if (o->final == NULL) {
            cli_output_discard(o);
            return fail_errno(o->cmd, path, ENOMEM);
        }
        memcpy(o->final, final, n + 1);
        return CLI_EXIT_OK;
    }
    return fail_errno(o->cmd, path, EEXIST);
}

int cli_output_open(cli_output *o, const char *cmd, const char *path)
{
    memset(o, 0, sizeof *o);
    o->cmd = cmd;
    o->slot = -1;
    if (path == NULL || strcmp(path, "-") == 0) {
        o->f = stdout;
        return CLI_EXIT_OK;
    }
    o->path = path;
    struct stat st;
    if (stat(path, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return fail_errno(cmd, path, EISDIR);
        if (!S_ISREG(st.st_mode) || is_fd_alias(path)) {
            /* A device, a FIFO or a descriptor: written in place, checked all the same. */
            o->f = fopen(path, "w");
            return o->f != NULL ? CLI_EXIT_OK : fail_errno(cmd, path, errno);
        }
        /* An existing file the user may not write is not replaced behind their back. */
        if (access(path, W_OK) != 0)
            return fail_errno(cmd, path, errno);
        cli_signals_install(cmd);
        return open_temp(o, path, st.st_mode & 07777);
    }
    if (errno != ENOENT)
        return fail_errno(cmd, path, errno);
    if (is_fd_alias(path)) {
        o->f = fopen(path, "w");
        return o->f != NULL ? CLI_EXIT_OK : fail_errno(cmd, path, errno);
    }
    cli_signals_install(cmd);
    return open_temp(o, path, 0);
}

int cli_output_check(const char *cmd, const char *path)
{
    if (path == NULL || strcmp(path, "-") == 0)
        return CLI_EXIT_OK;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISDIR(st.st_mode) &&
        (!S_ISREG(st.st_mode) || is_fd_alias(path))) {
        /* Opening a FIFO here would block until a reader comes; ask for permission only. */
        return access(path, W_OK) == 0 ? CLI_EXIT_OK : fail_errno(cmd, path, errno);
    }
    /* Everything else: create (and remove) the very temporary the write will use. */
    cli_output o;
    int rc = cli_output_open(&o, cmd, path);
    if (rc == CLI_EXIT_OK)
        cli_output_discard(&o);
    return rc;
}

void cli_output_discard(cli_output *o)
{
    if (o->f != NULL && o->f != stdout)
        fclose(o->f);
    o->f = NULL;
    if (o->temp != NULL) {
        unlink(o->temp);
        cli_temp_unregister(o->slot);
        o->temp = NULL;
        o->slot = -1;
    }
    free(o->final);
    o->final = NULL;
}

/* Reports an output failure with the best reason known and discards the output. */
static int output_failed(cli_output *o, int err)
{
    if (err == 0)
        err = EIO;
    if (o->path == NULL)
        stdout_reported = 1;
    int rc = fail_errno(o->cmd, cli_output_name(o), err);
    cli_output_discard(o);
    return rc;
}

int cli_output_close(cli_output *o, mpol_status st)
{
    int saved = errno;
    if (st != MPOL_OK && st != MPOL_EIO) {
        /* Not an I/O failure (a model the format cannot express): the writer's message. */
        int rc = cli_fail(o->cmd, st);
        cli_output_discard(o);
        return rc;
    }
    int failed = st == MPOL_EIO || ferror(o->f);
    /* A flush after a failed write retries the buffered bytes and yields a fresh errno. */
    errno = 0;
    if (fflush(o->f) != 0)
        return output_failed(o, errno);
    if (failed) /* the writer's failure: the library leaves its reason in errno */
        return output_failed(o, saved);
    if (o->f == stdout)
        return CLI_EXIT_OK;
    FILE *f = o->f;
    o->f = NULL;
    errno = 0;
    if (fclose(f) != 0)
        return output_failed(o, errno);
    if (o->temp != NULL) {
        if (rename(o->temp, o->final) != 0)
            return output_failed(o, errno);
        cli_temp_unregister(o->slot);
        o->temp = NULL;
        o->slot = -1;
    }
    free(o->final);
    o->final = NULL;
    return CLI_EXIT_OK;
}

int cli_close_stdout(const char *cmd, int rc)
{
    int failed = ferror(stdout), saved = errno;
    errno = 0;
    if (fflush(stdout) != 0 || failed || fclose(stdout) != 0) {
        /* A failed flush or close sets errno now; an earlier failed write left it then. */
        int err = errno != 0 ? errno : saved != 0 ? saved : EIO;
        if (!stdout_reported && cmd != NULL)
            fail_errno(cmd, "standard output", err);
        else if (!stdout_reported)
            fprintf(stderr, "multipolar: standard output: %s\n", strerror(err));
        return rc == CLI_EXIT_OK ? CLI_EXIT_FAILURE : rc;
    }
    return rc;
}
