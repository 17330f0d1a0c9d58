/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the helpers shared by the CLI commands: loading, --set, formats. */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli.h"
#include "multipolar/core.h"
#include "multipolar/efg.h"
#include "multipolar/nfg.h"
#include "multipolar/voting.h"

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

const char *cli_default_model(void)
{
    static const char rel[] = "models/kazakhstan/hedging.yaml";
    if (access(rel, R_OK) == 0)
        return rel;
    return MPOL_SOURCE_DIR "/models/kazakhstan/hedging.yaml";
}

int cli_has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

int cli_exit_for(mpol_status st)
{
    switch (st) {
    case MPOL_OK:
        return CLI_EXIT_OK;
    case MPOL_EPARSE:
    case MPOL_EINVAL:
    case MPOL_EDIM:
    case MPOL_EIO:
        return CLI_EXIT_USAGE;
    case MPOL_ENUMERIC:
        /* NaN/Inf or division by zero in a model is a model error. */
        return CLI_EXIT_USAGE;
    default:
        return CLI_EXIT_FAILURE;
    }
}

int cli_fail(const char *cmd, mpol_status st)
{
    const char *msg = mpol_last_error();
    int code = cli_exit_for(st);
    /* Located model errors ("file:line:col: ...") are printed as they are. */
    if (code == CLI_EXIT_USAGE && strchr(msg, ':') != NULL && msg[0] != '\0')
        fprintf(stderr, "%s\n", msg);
    else
        fprintf(stderr, "multipolar %s: %s\n", cmd, msg[0] ? msg : mpol_status_name(st));
    return code;
}

static mpol_status game_model(const mpol_game *game, mpol_model **out)
{
    mpol_model_kind kind = MPOL_MODEL_NORMAL_FORM;
    if (game->nplayers == 2) {
        kind = MPOL_MODEL_BIMATRIX;
        int zero_sum = 1;
        /* As mpol_model_from_game decides it: on the rationals when the game has them. */
        const mpol_rational *q = game->exact;
        for (size_t c = 0; c < game->ncells && zero_sum; c++)
            zero_sum = q != NULL
                           ? q[2 * c + 1].num != INT64_MIN && q[2 * c].num == -q[2 * c + 1].num &&
                                 q[2 * c].den == q[2 * c + 1].den
                           : game->payoff[2 * c] == -game->payoff[2 * c + 1];
        if (zero_sum)
            kind = MPOL_MODEL_ZERO_SUM;
    }
    return mpol_model_from_game(out, game, kind);
}

int cli_load_model(const char *path, mpol_model **out)
{
    mpol_status st;
    *out = NULL;
    if (cli_has_suffix(path, ".nfg") || cli_has_suffix(path, ".efg")) {
        mpol_game *game = NULL;
        st = cli_has_suffix(path, ".nfg") ? mpol_nfg_read_file(&game, path)
                                          : mpol_efg_read_file(&game, path, NULL);
        if (st == MPOL_OK) {
            st = game_model(game, out);
            mpol_game_free(game);
        }
        /* Reports name the file (mpol_model_from_game names the model after the title). */
        if (st == MPOL_OK && (st = mpol_model_set_source(*out, path)) != MPOL_OK) {
            mpol_model_free(*out);
            *out = NULL;
        }
    } else if (cli_has_suffix(path, ".tu") || cli_has_suffix(path, ".txt")) {
        /* A TU table: one value per line in bitmask order (core.h). */
        mpol_tu_game *tu = NULL;
        st = mpol_tu_read_table_file(&tu, path);
        if (st == MPOL_OK)
            st = mpol_model_from_tu(out, tu, path);
        mpol_tu_free(tu);
    } else if (cli_has_suffix(path, ".csv")) {
        /* An EPIC weighted voting game: the quota, then one weight per line. */
        mpol_wvg *wvg = NULL;
        st = mpol_wvg_read_file(&wvg, path, 0);
        if (st == MPOL_OK)
            st = mpol_model_from_wvg(out, wvg, path);
        mpol_wvg_free(wvg);
    } else {
        st = mpol_model_load_file(out, path);
    }
    if (st != MPOL_OK)
        return cli_fail("load", st);
    return CLI_EXIT_OK;
}

int cli_apply_set(mpol_model *model, const char *assignment)
{
    const char *eq = strchr(assignment, '=');
    if (eq == NULL || eq == assignment) {
        fprintf(stderr, "multipolar: --set expects NAME=VALUE, got '%s'\n", assignment);
        return CLI_EXIT_USAGE;
    }
    char name[256];
    size_t len = (size_t)(eq - assignment);
    if (len >= sizeof name) {
        fprintf(stderr, "multipolar: --set: parameter name too long\n");
        return CLI_EXIT_USAGE;
    }
    memcpy(name, assignment, len);
    name[len] = '\0';
    char *end;
    errno = 0;
    double v = strtod(eq + 1, &end);
    if (eq[1] == '\0' || *end != '\0' || errno == ERANGE || !isfinite(v)) {
        fprintf(stderr, "multipolar: --set %s: '%s' is not a finite number\n", name, eq + 1);
        return CLI_EXIT_USAGE;
    }
    mpol_status st = mpol_model_set_param(model, name, v);
    if (st != MPOL_OK) {
        fprintf(stderr, "multipolar: --set: %s\n", mpol_last_error());
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}
