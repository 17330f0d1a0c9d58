/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the TU-game and weighted-voting-game containers of tu.h. Tables are
 * checked against MPOL_LIMIT_TU_BYTES (limits.c) before they are allocated.
 */
#include "multipolar/tu.h"

#include <stdio.h>

#include "core/limits_internal.h"

static void free_names(char **names, size_t n)
{
    if (names == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        mpol_free(names[i]);
    mpol_free(names);
}

static char **default_names(size_t n)
{
    char **names = mpol_calloc(n, sizeof *names);
    if (names == NULL)
        return NULL;
    char buf[24];
    for (size_t i = 0; i < n; i++) {
        snprintf(buf, sizeof buf, "%zu", i + 1);
        if ((names[i] = mpol_strdup(buf)) == NULL) {
            free_names(names, n);
            return NULL;
        }
    }
    return names;
}

static mpol_status set_name(char **names, size_t n, size_t i, const char *name, const char *who)
{
    if (i >= n)
        return mpol_error(MPOL_EINVAL, "%s: no player %zu", who, i + 1);
    char *d = mpol_strdup(name);
    if (d == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    mpol_free(names[i]);
    names[i] = d;
    return MPOL_OK;
}

mpol_status mpol_tu_alloc(mpol_tu_game **out, size_t n)
{
    *out = NULL;
    mpol_status st = mpol_i_limit_tu(n, "mpol_tu_alloc");
    if (st != MPOL_OK)
        return st;
    mpol_tu_game *g = mpol_calloc(1, sizeof *g);
    if (g == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_tu_alloc: out of memory");
    g->n = n;
    g->names = default_names(n);
    g->v = mpol_calloc((size_t)1 << n, sizeof *g->v);
    if (g->names == NULL || g->v == NULL) {
        mpol_tu_free(g);
        return mpol_error(MPOL_ENOMEM, "mpol_tu_alloc: out of memory for 2^%zu values", n);
    }
    *out = g;
    return MPOL_OK;
}

void mpol_tu_free(mpol_tu_game *game)
{
    if (game == NULL)
        return;
    free_names(game->names, game->n);
    mpol_free(game->v);
    mpol_free(game);
}

mpol_status mpol_tu_set_name(mpol_tu_game *game, size_t i, const char *name)
{
    return set_name(game->names, game->n, i, name, "mpol_tu_set_name");
}

mpol_status mpol_wvg_alloc(mpol_wvg **out, size_t n)
{
    *out = NULL;
    if (n == 0)
        return mpol_error(MPOL_EINVAL, "mpol_wvg_alloc: a voting game needs players");
    mpol_wvg *g = mpol_calloc(1, sizeof *g);
    if (g == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_wvg_alloc: out of memory");
    g->n = n;
    g->quota = 1;
    g->names = default_names(n);
    g->weights = mpol_calloc(n, sizeof *g->weights);
    if (g->names == NULL || g->weights == NULL) {
        mpol_wvg_free(g);
        return mpol_error(MPOL_ENOMEM, "mpol_wvg_alloc: out of memory");
    }
    *out = g;
    return MPOL_OK;
}

void mpol_wvg_free(mpol_wvg *game)
{
    if (game == NULL)
        return;
    free_names(game->names, game->n);
    mpol_free(game->weights);
    mpol_free(game);
}

mpol_status mpol_wvg_set_name(mpol_wvg *game, size_t i, const char *name)
{
    return set_name(game->names, game->n, i, name, "mpol_wvg_set_name");
}
