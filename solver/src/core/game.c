/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the strategic-form game container (mpol_game): allocation with
 * default names, deep copies, cell/profile indexing in Gambit's order, and exact rational
 * literals shared by the .nfg reader and the model loader.
 */
#include "multipolar/game.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s)
{
    return mpol_strdup(s != NULL ? s : "");
}

void mpol_game_free(mpol_game *game)
{
    if (game == NULL)
        return;
    mpol_free(game->title);
    mpol_free(game->comment);
    if (game->player_names != NULL) {
        for (size_t p = 0; p < game->nplayers; p++)
            mpol_free(game->player_names[p]);
    }
    if (game->strategy_names != NULL) {
        for (size_t p = 0; p < game->nplayers; p++) {
            if (game->strategy_names[p] == NULL)
                continue;
            for (size_t k = 0; k < game->nstrategies[p]; k++)
                mpol_free(game->strategy_names[p][k]);
            mpol_free(game->strategy_names[p]);
        }
    }
    mpol_free(game->player_names);
    mpol_free(game->strategy_names);
    mpol_free(game->nstrategies);
    mpol_free(game->payoff);
    mpol_free(game->exact);
    mpol_free(game);
}

mpol_status mpol_game_alloc(mpol_game **out, size_t nplayers, const size_t *nstrategies)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_game_alloc: out is NULL");
    *out = NULL;
    if (nstrategies == NULL && nplayers > 0)
        return mpol_error(MPOL_EINVAL, "mpol_game_alloc: nstrategies is NULL");
    if (nplayers == 0)
        return mpol_error(MPOL_EINVAL, "mpol_game_alloc: a game needs at least one player");
    /* Payoff cells (profiles x players) are limited by MPOL_LIMIT_GAME_CELLS (limits.c):
     * larger games are refused, not attempted. */
    size_t limit = mpol_limit_get(MPOL_LIMIT_GAME_CELLS), ncells = 1;
    for (size_t p = 0; p < nplayers; p++) {
        if (nstrategies[p] == 0)
            return mpol_error(MPOL_EINVAL, "mpol_game_alloc: player %zu has no strategies", p + 1);
        if (ncells > limit / nstrategies[p])
            return mpol_error(MPOL_ELIMIT,
                              "mpol_game_alloc: more than %zu strategy profiles, above the "
                              "game-cells limit (raise it with "
                              "mpol_limit_set(MPOL_LIMIT_GAME_CELLS, cells) or --limit "
                              "game-cells=VALUE); refused",
                              limit);
        ncells *= nstrategies[p];
    }
    if (ncells > limit / nplayers)
        return mpol_error(MPOL_ELIMIT,
                          "mpol_game_alloc: %zu strategy profiles x %zu players are more than "
                          "%zu payoffs, the game-cells limit (raise it with "
                          "mpol_limit_set(MPOL_LIMIT_GAME_CELLS, cells) or --limit "
                          "game-cells=VALUE); refused",
                          ncells, nplayers, limit);

    mpol_game *g = mpol_calloc(1, sizeof *g);
    if (g == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_game_alloc: out of memory");
    g->nplayers = nplayers;
    g->ncells = ncells;
    g->title = dup_or_null("");
    g->comment = dup_or_null("");
    g->player_names = mpol_calloc(nplayers, sizeof *g->player_names);
    g->strategy_names = mpol_calloc(nplayers, sizeof *g->strategy_names);
    g->nstrategies = mpol_calloc(nplayers, sizeof *g->nstrategies);
    g->payoff = mpol_calloc(ncells * nplayers, sizeof *g->payoff);
    if (!g->title || !g->comment || !g->player_names || !g->strategy_names || !g->nstrategies ||
        !g->payoff)
        goto nomem;
    char buf[32];
    for (size_t p = 0; p < nplayers; p++) {
        g->nstrategies[p] = nstrategies[p];
        snprintf(buf, sizeof buf, "Player %zu", p + 1);
        g->player_names[p] = mpol_strdup(buf);
        g->strategy_names[p] = mpol_calloc(nstrategies[p], sizeof **g->strategy_names);
        if (g->player_names[p] == NULL || g->strategy_names[p] == NULL)
            goto nomem;
        for (size_t k = 0; k < nstrategies[p]; k++) {
            snprintf(buf, sizeof buf, "%zu", k + 1);
            g->strategy_names[p][k] = mpol_strdup(buf);
            if (g->strategy_names[p][k] == NULL)
                goto nomem;
        }
    }
    *out = g;
    return MPOL_OK;
nomem:
    mpol_game_free(g);
    return mpol_error(MPOL_ENOMEM, "mpol_game_alloc: out of memory");
}

mpol_status mpol_game_copy(mpol_game **out, const mpol_game *game)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_game_copy: out is NULL");
    *out = NULL;
    if (game == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_game_copy: game is NULL");
    mpol_status st = mpol_game_alloc(out, game->nplayers, game->nstrategies);
    if (st != MPOL_OK)
        return st;
    mpol_game *g = *out;
    if ((st = mpol_game_set_title(g, game->title)) != MPOL_OK)
        goto fail;
    mpol_free(g->comment);
    if ((g->comment = mpol_strdup(game->comment)) == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_game_copy: out of memory");
        goto fail;
    }
    for (size_t p = 0; p < game->nplayers; p++) {
        if ((st = mpol_game_set_player_name(g, p, game->player_names[p])) != MPOL_OK)
            goto fail;
        for (size_t k = 0; k < game->nstrategies[p]; k++)
            if ((st = mpol_game_set_strategy_name(g, p, k, game->strategy_names[p][k])) != MPOL_OK)
                goto fail;
    }
    memcpy(g->payoff, game->payoff, game->ncells * game->nplayers * sizeof *g->payoff);
    if (game->exact != NULL) {
        if ((st = mpol_game_alloc_exact(g)) != MPOL_OK)
            goto fail;
        memcpy(g->exact, game->exact, game->ncells * game->nplayers * sizeof *g->exact);
    }
    return MPOL_OK;
fail:
    mpol_game_free(g);
    *out = NULL;
    return st;
}

static mpol_status replace(char **slot, const char *name, const char *what)
{
    char *d = mpol_strdup(name != NULL ? name : "");
    if (d == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", what);
    mpol_free(*slot);
    *slot = d;
    return MPOL_OK;
}

mpol_status mpol_game_set_title(mpol_game *game, const char *title)
{
    return replace(&game->title, title, "mpol_game_set_title");
}

mpol_status mpol_game_set_player_name(mpol_game *game, size_t p, const char *name)
{
    if (p >= game->nplayers)
        return mpol_error(MPOL_EINVAL, "mpol_game_set_player_name: no player %zu", p + 1);
    return replace(&game->player_names[p], name, "mpol_game_set_player_name");
}

mpol_status mpol_game_set_strategy_name(mpol_game *game, size_t p, size_t k, const char *name)
{
    if (p >= game->nplayers || k >= game->nstrategies[p])
        return mpol_error(MPOL_EINVAL, "mpol_game_set_strategy_name: no strategy %zu of player %zu",
                          k + 1, p + 1);
    return replace(&game->strategy_names[p][k], name, "mpol_game_set_strategy_name");
}

size_t mpol_game_cell(const mpol_game *game, const size_t *profile)
{
    size_t cell = 0;
    for (size_t p = game->nplayers; p-- > 0;)
        cell = cell * game->nstrategies[p] + profile[p];
    return cell;
}

void mpol_game_profile(const mpol_game *game, size_t cell, size_t *profile)
{
    for (size_t p = 0; p < game->nplayers; p++) {
        profile[p] = cell % game->nstrategies[p];
        cell /= game->nstrategies[p];
    }
}

int mpol_game_is_constant_sum(const mpol_game *game, double tol)
{
    if (game->nplayers != 2)
        return 0;
    double c = game->payoff[0] + game->payoff[1];
    for (size_t cell = 1; cell < game->ncells; cell++) {
        double s = game->payoff[2 * cell] + game->payoff[2 * cell + 1];
        if (fabs(s - c) > tol * (1.0 + fabs(c)))
            return 0;
    }
    return 1;
}

mpol_status mpol_game_bimatrix(const mpol_game *game, double **A, double **B)
{
    if (A != NULL)
        *A = NULL;
    if (B != NULL)
        *B = NULL;
    if (game->nplayers != 2)
        return mpol_error(MPOL_EDIM, "mpol_game_bimatrix: the game has %zu players, not 2",
                          game->nplayers);
    size_t m = game->nstrategies[0], n = game->nstrategies[1];
    double *a = A != NULL ? mpol_malloc(m * n * sizeof *a) : NULL;
    double *b = B != NULL ? mpol_malloc(m * n * sizeof *b) : NULL;
    if ((A != NULL && a == NULL) || (B != NULL && b == NULL)) {
        mpol_free(a);
        mpol_free(b);
        return mpol_error(MPOL_ENOMEM, "mpol_game_bimatrix: out of memory");
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            size_t cell = i + m * j;
            if (a != NULL)
                a[i * n + j] = game->payoff[2 * cell];
            if (b != NULL)
                b[i * n + j] = game->payoff[2 * cell + 1];
        }
    if (A != NULL)
        *A = a;
    if (B != NULL)
        *B = b;
    return MPOL_OK;
}

mpol_status mpol_game_alloc_exact(mpol_game *game)
{
    if (game->exact != NULL)
        return MPOL_OK;
    game->exact = mpol_calloc(game->ncells * game->nplayers, sizeof *game->exact);
    if (game->exact == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_game_alloc_exact: out of memory");
    for (size_t i = 0; i < game->ncells * game->nplayers; i++)
        game->exact[i].den = 1;
    return MPOL_OK;
}

static int64_t gcd64(int64_t a, int64_t b)
{
    if (a < 0)
        a = -a;
    if (b < 0)
        b = -b;
    while (b != 0) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* Multiplies *v by 10^k, failing on overflow. */
static int mul_pow10(int64_t *v, long k)
{
    for (long i = 0; i < k; i++) {
        if (*v > INT64_MAX / 10 || *v < INT64_MIN / 10)
            return 0;
        *v *= 10;
    }
    return 1;
}

mpol_status mpol_rational_parse(mpol_rational *out, const char *text)
{
    const char *s = text;
    int neg = 0;
    if (*s == '-') {
        neg = 1;
        s++;
    }
    int64_t num = 0, den = 1;
    int digits = 0;
    while (isdigit((unsigned char)*s)) {
        if (num > (INT64_MAX - 9) / 10)
            return mpol_error(MPOL_ENUMERIC, "'%s' does not fit a 64-bit rational", text);
        num = num * 10 + (*s++ - '0');
        digits++;
    }
    if (*s == '/') {
        if (digits == 0)
            return mpol_error(MPOL_EPARSE, "'%s' is not a number", text);
        s++;
        if (!isdigit((unsigned char)*s))
            return mpol_error(MPOL_EPARSE, "'%s' is not a number", text);
        den = 0;
        while (isdigit((unsigned char)*s)) {
            if (den > (INT64_MAX - 9) / 10)
                return mpol_error(MPOL_ENUMERIC, "'%s' does not fit a 64-bit rational", text);
            den = den * 10 + (*s++ - '0');
        }
        if (*s != '\0')
            return mpol_error(MPOL_EPARSE, "'%s' is not a number", text);
        if (den == 0)
            return mpol_error(MPOL_ENUMERIC, "'%s': division by zero", text);
    } else {
        if (*s == '.') {
            s++;
            while (isdigit((unsigned char)*s)) {
                if (num > (INT64_MAX - 9) / 10 || den > INT64_MAX / 10)
                    return mpol_error(MPOL_ENUMERIC, "'%s' does not fit a 64-bit rational", text);
                num = num * 10 + (*s++ - '0');
                den *= 10;
                digits++;
            }
        }
        if (digits == 0)
            return mpol_error(MPOL_EPARSE, "'%s' is not a number", text);
        if (*s == 'e' || *s == 'E') {
            s++;
            int eneg = 0;
            if (*s == '-' || *s == '+') {
                eneg = *s == '-';
                s++;
            }
            if (!isdigit((unsigned char)*s))
                return mpol_error(MPOL_EPARSE, "'%s' is not a number", text);
            long e = 0;
            while (isdigit((unsigned char)*s)) {
                if (e > 100)
                    return mpol_error(MPOL_ENUMERIC, "'%s' does not fit a 64-bit rational", text);
                e = e * 10 + (*s++ - '0');
            }
            if (!mul_pow10(eneg ? &den : &num, e))
                return mpol_error(MPOL_ENUMERIC, "'%s' does not fit a 64-bit rational", text);
        }
        if (*s != '\0')
            return mpol_error(MPOL_EPARSE, "'%s' is not a number", text);
    }
    int64_t g = gcd64(num, den);
    if (g > 1) {
        num /= g;
        den /= g;
    }
    out->num = neg ? -num : num;
    out->den = den;
    return MPOL_OK;
}

double mpol_rational_to_double(mpol_rational r)
{
    return (double)r.num / (double)r.den;
}
