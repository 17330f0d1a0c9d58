/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the helpers shared by the CLI commands: loading, --set, formats. */
#define _XOPEN_SOURCE 700 /* readlink, realpath */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"

int cli_parse_format(const char *s, int allow_csv, cli_format *out)
{
    if (strcmp(s, "text") == 0)
        *out = CLI_FORMAT_TEXT;
    else if (strcmp(s, "json") == 0)
        *out = CLI_FORMAT_JSON;
    else if (allow_csv && strcmp(s, "csv") == 0)
        *out = CLI_FORMAT_CSV;
    else
        return -1;
    return 0;
}

/* The default model, kazakhstan/hedging.yaml in the first of: $MULTIPOLAR_MODELS (taken as
 * given, so a wrong setting is reported, not skipped); ./models (a source checkout, printed
 * as the relative path it always was); the installed models beside the executable
 * (PREFIX/bin/../share/multipolar/models); the build tree's link BUILD/models. No source
 * path is compiled in, so an installed tree works wherever it is moved. */
const char *cli_default_model(void)
{
    static const char rel[] = "kazakhstan/hedging.yaml", cwd[] = "models/kazakhstan/hedging.yaml";
    static const char *const beside[] = {"/../share/multipolar/models", "/models"};
    static char path[2 * PATH_MAX];
    const char *env = getenv("MULTIPOLAR_MODELS");
    if (env != NULL && env[0] != '\0') {
        snprintf(path, sizeof path, "%s/%s", env, rel);
        return path;
    }
    if (access(cwd, R_OK) == 0)
        return cwd;
    char exe[PATH_MAX], dir[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0)
        exe[n] = '\0';
    char *slash = n > 0 ? strrchr(exe, '/') : NULL;
    if (slash != NULL) {
        *slash = '\0';
        for (size_t i = 0; i < sizeof beside / sizeof beside[0]; i++) {
            snprintf(path, sizeof path, "%s%s", exe, beside[i]);
            if (realpath(path, dir) == NULL)
                continue;
            snprintf(path, sizeof path, "%s/%s", dir, rel);
            if (access(path, R_OK) == 0)
                return path;
        }
    }
    return cwd;
}

int cli_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

/* The command being run ("solve", "sweep", ...), for messages of shared helpers. */
static const char *current_command = NULL;

void cli_set_command(const char *name)
{
    current_command = name;
}

const char *cli_command_name(void)
{
    return current_command != NULL ? current_command : "";
}

int cli_exit_for(mpol_status st)
{
    switch (st) {
    case MPOL_OK:
        return CLI_EXIT_OK;
    case MPOL_EPARSE:
    case MPOL_EINVAL:
    case MPOL_EDIM:
    case MPOL_ENUMERIC: /* NaN/Inf or division by zero in a model is a model error */
        return CLI_EXIT_USAGE;
    default: /* solver failures, failed checks, limits, I/O errors, out of memory */
        return CLI_EXIT_FAILURE;
    }
}

/* True at an identifier made of [A-Za-z0-9_] that starts with "mpol_" (either case). */
static size_t symbol_len(const char *s)
{
    if (strncasecmp(s, "mpol_", 5) != 0)
        return 0;
    size_t k = 5;
    while (s[k] == '_' || (s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z') ||
           (s[k] >= '0' && s[k] <= '9'))
        k++;
    return k;
}

const char *cli_message(const char *msg, char *buf, size_t size)
{
    size_t o = 0;
    if (size == 0)
        return "";
    for (const char *s = msg; *s != '\0' && o + 1 < size;) {
        size_t k = symbol_len(s);
        int at_word = s == msg || !(s[-1] == '_' || (s[-1] >= 'a' && s[-1] <= 'z') ||
                                    (s[-1] >= 'A' && s[-1] <= 'Z'));
        if (k > 0 && at_word) {
            const char *t = s + k;
            if (t[0] == ':' && t[1] == ' ') { /* a function's name as a prefix: "mpol_x: " */
                s = t + 2;
                continue;
            }
            if (t[0] == '(') { /* an API call "mpol_x(...)": skip it */
                const char *close = strchr(t, ')');
                if (close != NULL) {
                    t = close + 1;
                    k = (size_t)(t - s);
                }
            }
            if (strncmp(t, " or ", 4) == 0) { /* "API or --flag": keep the flag */
                s = t + 4;
                continue;
            }
            if (t[0] == '.' && k > 10 && strncmp(t - 5, "_opts", 5) == 0) {
                s = t + 1; /* "mpol_x_opts.field": keep the field */
                continue;
            }
            if (t[0] == '\0' || strchr(" ),;=", t[0]) != NULL) {
                s += 5; /* a symbol in prose: drop the prefix */
                continue;
            }
            /* anything else (a file name such as mpol_x.yaml or mpol_dir/) stays */
        }
        buf[o++] = *s++;
    }
    buf[o] = '\0';
    return buf;
}

/* True if the text before @p c (a ": " in @p msg) ends with "X:LINE:COL", X not empty. */
static int located_end(const char *msg, const char *c)
{
    const char *p = c;
    for (int field = 0; field < 2; field++) { /* COL, then LINE, read backwards */
        const char *digits_end = p;
        while (p > msg && p[-1] >= '0' && p[-1] <= '9')
            p--;
        if (p == digits_end || p == msg || p[-1] != ':')
            return 0;
        p--;
    }
    return p > msg && p[-1] != ' ';
}

/* True if @p msg begins with a location "FILE:LINE:COL: " (the first ": " ends it). */
static int located(const char *msg)
{
    const char *c = strstr(msg, ": ");
    return c != NULL && located_end(msg, c);
}

/* True if @p msg holds a location ":LINE:COL: " anywhere (a model error passed through, e.g.
 * "at p=0 (grid point 0): FILE:LINE:COL: division by zero"). */
static int mentions_location(const char *msg)
{
    for (const char *p = strstr(msg, ": "); p != NULL; p = strstr(p + 1, ": "))
        if (located_end(msg, p))
            return 1;
    return 0;
}

int cli_fail(const char *cmd, mpol_status st)
{
    char buf[1100];
    const char *msg = cli_message(mpol_last_error(), buf, sizeof buf);
    int code = cli_exit_for(st);
    /* MPOL_ENUMERIC is a model error where a model's expression failed (the message then
     * carries its FILE:LINE:COL) and a solver failure otherwise (singular basis, an LP
     * that GLPK could not solve, ...). */
    if (st == MPOL_ENUMERIC && !mentions_location(msg))
        code = CLI_EXIT_FAILURE;
    /* Located errors ("file:line:col: ...") are printed as they are. */
    if (located(msg))
        fprintf(stderr, "%s\n", msg);
    else if (msg[0] != '\0')
        fprintf(stderr, "multipolar %s: %s\n", cmd, msg);
    else
        fprintf(stderr, "multipolar %s: failed (%s)\n", cmd,
                code == CLI_EXIT_USAGE ? "invalid input" : "solver failure");
    return code;
}

int cli_load_model(const char *path, mpol_model **out)
{
    *out = NULL;
    if (path[0] == '\0') {
        fprintf(stderr, "multipolar %s: the model path is empty\n", cli_command_name());
        return CLI_EXIT_USAGE;
    }
    if (strcmp(path, "-") == 0)
        return cli_load_stdin_model(out);
    /* The model layer picks the format from the suffix (model.h). */
    mpol_status st = mpol_model_load_file(out, path);
    if (st == MPOL_EIO) {
        /* The model named on the command line cannot be read: a usage error. */
        cli_fail(cli_command_name(), st);
        return CLI_EXIT_USAGE;
    }
    if (st != MPOL_OK)
        return cli_fail(cli_command_name(), st);
    return CLI_EXIT_OK;
}

int cli_apply_set(mpol_model *model, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (eq == NULL || eq == assignment) {
        fprintf(stderr, "multipolar %s: --set expects NAME=VALUE, got '%s'\n", cli_command_name(),
                assignment);
        return CLI_EXIT_USAGE;
    }
    char name[256];
    size_t len = (size_t)(eq - assignment);
    if (len >= sizeof name) {
        fprintf(stderr, "multipolar %s: --set: parameter name too long\n", cli_command_name());
        return CLI_EXIT_USAGE;
    }
    memcpy(name, assignment, len);
    name[len] = '\0';
    double v;
    if (cli_parse_double(eq + 1, &v) != 0) {
        fprintf(stderr, "multipolar %s: --set %s: '%s' is not a finite number\n",
                cli_command_name(), name, eq + 1);
        return CLI_EXIT_USAGE;
    }
    mpol_status st = mpol_model_set_param(model, name, v);
    if (st != MPOL_OK) {
        char buf[1100];
        fprintf(stderr, "multipolar %s: --set: %s\n", cli_command_name(),
                cli_message(mpol_last_error(), buf, sizeof buf));
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

int cli_parse_double(const char *s, double *out)
{
    char *end;
    if (s == NULL || s[0] == '\0' || s[0] == ' ' || s[0] == '\t')
        return -1;
    errno = 0;
    double v = strtod(s, &end);
    if (*end != '\0' || errno == ERANGE || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int cli_parse_long(const char *s, long lo, long hi, long *out)
{
    char *end;
    if (s == NULL || !((s[0] >= '0' && s[0] <= '9') || s[0] == '-' || s[0] == '+'))
        return -1;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (*end != '\0' || errno == ERANGE || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}
