/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the input formats of mpol_model_load_file() (model.h): one table of
 * (name, suffixes, sniffer, reader). A file's suffix picks its format, compared without
 * regard to case; a file whose suffix is in no entry is sniffed (its first bytes) and read
 * as YAML when no sniffer claims it. A new input format is one reader and one line in the
 * table below.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "model/model_internal.h"
#include "multipolar/core.h"
#include "multipolar/efg.h"
#include "multipolar/nfg.h"
#include "multipolar/tree.h"
#include "multipolar/voting.h"

/* How many bytes of a file the sniffers see. */
#define SNIFF_BYTES 64

/* The strategic kind of a game read from a file: zero-sum if two players with B = -A (on
 * the rationals when the game has them, as mpol_model_from_game checks it), bimatrix if two
 * players, normal-form otherwise (a one-player game is a decision problem, normal-form). */
mpol_model_kind mpol_i_game_kind(const mpol_game *game)
{
    if (game->nplayers != 2)
        return MPOL_MODEL_NORMAL_FORM;
    const mpol_rational *q = game->exact;
    for (size_t c = 0; c < game->ncells; c++) {
        int neg = q != NULL ? q[2 * c + 1].num != INT64_MIN && q[2 * c].num == -q[2 * c + 1].num &&
                                  q[2 * c].den == q[2 * c + 1].den
                            : game->payoff[2 * c] == -game->payoff[2 * c + 1];
        if (!neg)
            return MPOL_MODEL_BIMATRIX;
    }
    return MPOL_MODEL_ZERO_SUM;
}

/* A game as a model of its kind, named after the file (mpol_model_from_game names the
 * model after the game's title). Frees @p game. */
static mpol_status game_model(mpol_model **out, mpol_game *game, const char *path)
{
    mpol_status st = mpol_model_from_game(out, game, mpol_i_game_kind(game));
    mpol_game_free(game);
    if (st == MPOL_OK && (st = mpol_model_set_source(*out, path)) != MPOL_OK) {
        mpol_model_free(*out);
        *out = NULL;
    }
    return st;
}

static mpol_status read_nfg(mpol_model **out, const char *path)
{
    mpol_game *game = NULL;
    mpol_status st = mpol_nfg_read_file(&game, path);
    return st == MPOL_OK ? game_model(out, game, path) : st;
}

/* The note a .efg file without perfect recall carries as its description (cmd_check shows
 * it): such a tree has no tree model, so it is read as its reduced strategic form. */
static const char mpol_i_efg_no_recall_note[] =
    "no perfect recall: loaded as its reduced strategic form";

/* A .efg file loads as a `tree` model (the game tree itself, no strategic-form expansion);
 * a file whose tree lacks perfect recall falls back to its reduced strategic form (a
 * strategic model, as before trees were models), noted in its description. */
static mpol_status read_efg(mpol_model **out, const char *path)
{
    mpol_tree *tree = NULL;
    mpol_status st = mpol_efg_read_tree_file(&tree, path);
    if (st == MPOL_OK) {
        st = mpol_model_from_tree(out, tree, path);
        mpol_tree_free(tree);
        return st;
    }
    if (st != MPOL_EINVAL || strstr(mpol_last_error(), "perfect recall") == NULL)
        return st;
    mpol_clear_error();
    mpol_game *game = NULL;
    if ((st = mpol_efg_read_file(&game, path, NULL)) != MPOL_OK)
        return st;
    if ((st = game_model(out, game, path)) != MPOL_OK)
        return st;
    mpol_free((*out)->description);
    if (((*out)->description = mpol_strdup(mpol_i_efg_no_recall_note)) == NULL) {
        mpol_model_free(*out);
        *out = NULL;
        return mpol_error(MPOL_ENOMEM, "mpol_model: out of memory");
    }
    return MPOL_OK;
}

/* A TU table: one value per line in bitmask order (tu.h). */
static mpol_status read_tu_table(mpol_model **out, const char *path)
{
    mpol_tu_game *tu = NULL;
    mpol_status st = mpol_tu_read_table_file(&tu, path);
    if (st == MPOL_OK)
        st = mpol_model_from_tu(out, tu, path);
    mpol_tu_free(tu);
    return st;
}

/* An EPIC weighted voting game: the quota, then one weight per line. */
static mpol_status read_wvg(mpol_model **out, const char *path)
{
    mpol_wvg *wvg = NULL;
    mpol_status st = mpol_wvg_read_file(&wvg, path, 0);
    if (st == MPOL_OK)
        st = mpol_model_from_wvg(out, wvg, path);
    mpol_wvg_free(wvg);
    return st;
}

/* True if the text after leading white space begins with @p tag and then white space. */
static int begins_with_tag(const char *head, size_t n, const char *tag)
{
    size_t i = 0, k = strlen(tag);
    while (i < n && (head[i] == ' ' || head[i] == '\t' || head[i] == '\r' || head[i] == '\n'))
        i++;
    return n - i > k && memcmp(head + i, tag, k) == 0 &&
           (head[i + k] == ' ' || head[i + k] == '\t' || head[i + k] == '\r' ||
            head[i + k] == '\n');
}

static int sniff_nfg(const char *head, size_t n)
{
    return begins_with_tag(head, n, "NFG");
}

static int sniff_efg(const char *head, size_t n)
{
    return begins_with_tag(head, n, "EFG");
}

/* The formats; the last entry (YAML) is the default. */
static const mpol_i_format formats[] = {
    {"nfg", {".nfg", NULL}, sniff_nfg, read_nfg},
    {"efg", {".efg", NULL}, sniff_efg, read_efg},
    {"tu-table", {".tu", ".txt"}, NULL, read_tu_table},
    {"wvg-csv", {".csv", NULL}, NULL, read_wvg},
    {"yaml", {".yaml", ".yml"}, NULL, mpol_i_model_load_yaml_file},
};

#define NFORMATS (sizeof formats / sizeof formats[0])

static int has_suffix(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcasecmp(s + n - k, suffix) == 0;
}

const mpol_i_format *mpol_i_format_for(const char *path)
{
    for (size_t i = 0; i < NFORMATS; i++)
        for (size_t j = 0; j < MPOL_I_FORMAT_SUFFIXES && formats[i].suffixes[j] != NULL; j++)
            if (has_suffix(path, formats[i].suffixes[j]))
                return &formats[i];
    /* No suffix matched: the first bytes decide; a file that cannot be opened is left to
     * the YAML reader, which reports it. */
    char head[SNIFF_BYTES];
    size_t n = 0;
    FILE *f = fopen(path, "rb");
    if (f != NULL) {
        n = fread(head, 1, sizeof head, f);
        fclose(f);
    }
    for (size_t i = 0; i < NFORMATS; i++)
        if (formats[i].sniff != NULL && formats[i].sniff(head, n))
            return &formats[i];
    return &formats[NFORMATS - 1];
}

mpol_status mpol_model_load_file(mpol_model **out, const char *path)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_load_file: NULL argument");
    *out = NULL;
    if (path == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_model_load_file: NULL argument");
    return mpol_i_format_for(path)->read(out, path);
}
