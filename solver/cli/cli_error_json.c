/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements errors under --format json: when a command run with --format json
 * (or -f json) fails before writing anything to standard output, one JSON document
 *   {"schema": "multipolar/error/1", "error": {"file", "line", "column", "message", "status"}}
 * is written to standard output (status: the exit code, unchanged). The plain message stays
 * on standard error. Standard error is teed into a buffer (its first line is the message) and
 * standard output is counted, both only under JSON, so text and CSV runs are untouched. */
#define _GNU_SOURCE /* fopencookie */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static FILE *real_out, *real_err;
static char captured[4096];
static size_t ncaptured;
static size_t out_bytes;

static ssize_t err_write(void *c, const char *buf, size_t n)
{
    (void)c;
    size_t room = sizeof captured - 1 - ncaptured;
    size_t k = n < room ? n : room;
    memcpy(captured + ncaptured, buf, k);
    ncaptured += k;
    return fwrite(buf, 1, n, real_err) == n ? (ssize_t)n : -1;
}

static ssize_t out_write(void *c, const char *buf, size_t n)
{
    (void)c;
    out_bytes += n;
    return fwrite(buf, 1, n, real_out) == n ? (ssize_t)n : -1;
}

static int out_close(void *c)
{
    (void)c;
    return fclose(real_out);
}

/* True if argument list @p argv asks for --format json. */
static int wants_json(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--format=json") == 0 || strcmp(a, "-fjson") == 0)
            return 1;
        if ((strcmp(a, "--format") == 0 || strcmp(a, "-f") == 0) && i + 1 < argc &&
            strcmp(argv[i + 1], "json") == 0)
            return 1;
    }
    return 0;
}

void cli_error_json_begin(int argc, char **argv)
{
    if (!wants_json(argc, argv))
        return;
    cookie_io_functions_t err_io = {NULL, err_write, NULL, NULL};
    cookie_io_functions_t out_io = {NULL, out_write, NULL, out_close};
    FILE *e = fopencookie(NULL, "w", err_io), *o = fopencookie(NULL, "w", out_io);
    if (e == NULL || o == NULL) {
        if (e != NULL)
            fclose(e);
        if (o != NULL)
            fclose(o);
        return; /* errors stay plain text */
    }
    setvbuf(e, NULL, _IONBF, 0);
    real_err = stderr;
    real_out = stdout;
    stderr = e;
    stdout = o;
}

/* Splits @p msg (one line) into FILE, LINE, COL and the message after "FILE:LINE:COL: ";
 * returns 0 when it holds no location. */
static int split_location(char *msg, char **file, long *line, long *col, char **text)
{
    for (char *c = strstr(msg, ": "); c != NULL; c = strstr(c + 1, ": ")) {
        char *p = c;
        long v[2] = {0, 0};
        int ok = 1;
        for (int f = 1; f >= 0 && ok; f--) {
            char *end = p;
            while (p > msg && p[-1] >= '0' && p[-1] <= '9')
                p--;
            ok = p < end && p > msg && p[-1] == ':';
            if (ok)
                v[f] = strtol(p, NULL, 10);
            p--;
        }
        if (!ok || p == msg)
            continue;
        char *start = p;
        while (start > msg && !(start[-1] == ' ' && start - 1 > msg && start[-2] == ':'))
            start--;
        *p = '\0';
        *file = start;
        *line = v[0];
        *col = v[1];
        *text = c + 2;
        return 1;
    }
    return 0;
}

int cli_error_json_end(int rc)
{
    if (real_out == NULL)
        return rc;
    fflush(stdout);
    if (rc != CLI_EXIT_OK && out_bytes == 0) {
        captured[ncaptured] = '\0';
        char *msg = captured, *nl = strchr(msg, '\n'), *file = NULL, *text = msg;
        if (nl != NULL)
            *nl = '\0';
        long line = 0, col = 0;
        if (!split_location(msg, &file, &line, &col, &text) &&
            strncmp(msg, "multipolar", 10) == 0) {
            char *c = strstr(msg, ": ");
            text = c != NULL ? c + 2 : msg;
        }
        fputs("{\n  \"schema\": \"multipolar/error/1\",\n  \"error\": {\n    \"file\": ", stdout);
        if (file != NULL) {
            mpol_report_json_string(stdout, file);
            fprintf(stdout, ",\n    \"line\": %ld,\n    \"column\": %ld", line, col);
        } else {
            fputs("null,\n    \"line\": null,\n    \"column\": null", stdout);
        }
        fputs(",\n    \"message\": ", stdout);
        mpol_report_json_string(stdout, text[0] != '\0' ? text : "failed");
        fprintf(stdout, ",\n    \"status\": %d\n  }\n}\n", rc);
    }
    return rc;
}
