/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapters of `--method correlated` and `coarse-correlated`
 * on the strategic kinds: at each point the model's game is evaluated and mpol_ce_solve()
 * optimises the objective of --objective (mpol_method_args: welfare, a player's name or
 * 1-based index, or range).
 * - value       = the objective reached (the welfare, or the player's payoff);
 * - solution    = each player's payoff at the optimum, and with range each player's lowest
 *                 and highest payoff over the polytope;
 * - certificate = the result's max_error (obedience recount and duality gaps, payoff units);
 * - signature   = a hash of the optimum's support (the profiles with probability above
 *                 1e-9), so a regime is a set of profiles the device recommends.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "multipolar/correlated.h"
#include "multipolar/game.h"
#include "sweep/sweep_internal.h"

#define CE_SUPPORT_TOL 1e-9

typedef struct ce_ws {
    const mpol_model *model;
    mpol_game *game;
    mpol_ce_opts opts;
    double *prob; /* the last optimum */
    size_t *profile;
} ce_ws;

static void ce_free(void *p)
{
    ce_ws *w = p;
    if (w == NULL)
        return;
    mpol_game_free(w->game);
    mpol_free(w->prob);
    mpol_free(w->profile);
    mpol_free(w);
}

static mpol_status parse_objective(ce_ws *w, const char *text)
{
    const mpol_game *g = w->game;
    if (text == NULL || strcmp(text, "welfare") == 0)
        return MPOL_OK;
    if (strcmp(text, "range") == 0) {
        w->opts.objective = MPOL_CE_RANGE;
        return MPOL_OK;
    }
    w->opts.objective = MPOL_CE_PLAYER;
    for (size_t p = 0; p < g->nplayers; p++)
        if (strcmp(text, g->player_names[p]) == 0) {
            w->opts.player = p;
            return MPOL_OK;
        }
    char *end = NULL;
    unsigned long k = strtoul(text, &end, 10);
    if (text[0] >= '1' && text[0] <= '9' && *end == '\0' && k <= g->nplayers) {
        w->opts.player = (size_t)k - 1;
        return MPOL_OK;
    }
    return mpol_error(MPOL_EINVAL,
                      "mpol_sweep: --objective \"%s\" is neither welfare, range, a player's "
                      "name nor an index 1..%zu",
                      text, g->nplayers);
}

static mpol_status ce_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    *out = NULL;
    ce_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_ce_opts_init(&w->opts);
    if (opts->method != NULL && strcmp(opts->method, "coarse-correlated") == 0)
        w->opts.kind = MPOL_CE_COARSE;
    mpol_status st = mpol_model_game(&w->game, model);
    if (st == MPOL_OK)
        st = parse_objective(w, opts->args.objective);
    if (st == MPOL_OK) {
        mpol_free(w->game->exact);
        w->game->exact = NULL;
        w->prob = mpol_calloc(w->game->ncells, sizeof *w->prob);
        w->profile = mpol_calloc(w->game->nplayers, sizeof *w->profile);
        if (w->prob == NULL || w->profile == NULL)
            st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    }
    if (st != MPOL_OK) {
        ce_free(w);
        return st;
    }
    *out = w;
    return MPOL_OK;
}

static void column_name(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const ce_ws *w = ctx;
    const mpol_game *g = w->game;
    size_t N = g->nplayers;
    if (c < N)
        mpol_i_strbuf_add(b, "%s:payoff", g->player_names[c]);
    else
        mpol_i_strbuf_add(b, "%s:%s", g->player_names[(c - N) / 2], (c - N) % 2 ? "max" : "min");
}

static mpol_status ce_columns(void *p, size_t *ncols, char ***names)
{
    const ce_ws *w = p;
    size_t N = w->game->nplayers;
    *ncols = w->opts.objective == MPOL_CE_RANGE ? 3 * N : N;
    return mpol_i_sweep_columns(*ncols, column_name, w, names);
}

static mpol_status ce_solve(void *p, const double *params, int warm, double *value,
                            double *solution, double *certificate, uint64_t *signature,
                            int *verified)
{
    ce_ws *w = p;
    (void)warm;
    mpol_status st = mpol_model_eval_game(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    mpol_ce_result *r = NULL;
    st = mpol_ce_solve(&r, w->game, &w->opts);
    if (st != MPOL_OK && st != MPOL_EVERIFY)
        return st;
    size_t N = w->game->nplayers;
    *value = w->opts.objective == MPOL_CE_PLAYER ? r->best.payoff[w->opts.player] : r->best.welfare;
    for (size_t q = 0; q < N; q++)
        solution[q] = r->best.payoff[q];
    if (r->range_lo != NULL)
        for (size_t q = 0; q < N; q++) {
            solution[N + 2 * q] = r->range_lo[q];
            solution[N + 2 * q + 1] = r->range_hi[q];
        }
    memcpy(w->prob, r->best.prob, w->game->ncells * sizeof *w->prob);
    uint64_t h = MPOL_I_HASH_INIT;
    for (size_t c = 0; c < w->game->ncells; c++)
        if (w->prob[c] > CE_SUPPORT_TOL)
            h = mpol_i_hash_step(h, (uint64_t)c);
    *signature = h;
    *certificate = r->max_error;
    *verified = r->verified;
    mpol_ce_result_free(r);
    return MPOL_OK;
}

static char *ce_describe(void *p)
{
    ce_ws *w = p;
    const mpol_game *g = w->game;
    mpol_i_strbuf b = {0};
    mpol_i_strbuf_add(&b, "support");
    size_t shown = 0, total = 0;
    for (size_t c = 0; c < g->ncells; c++) {
        if (!(w->prob[c] > CE_SUPPORT_TOL))
            continue;
        if (total++ >= 6)
            continue;
        mpol_game_profile(g, c, w->profile);
        mpol_i_strbuf_add(&b, " (");
        for (size_t q = 0; q < g->nplayers; q++)
            mpol_i_strbuf_add(&b, "%s%s", q ? "," : "", g->strategy_names[q][w->profile[q]]);
        mpol_i_strbuf_add(&b, ")");
        shown++;
    }
    if (total > shown)
        mpol_i_strbuf_add(&b, " ... (%zu profiles)", total);
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_correlated = {
    "objective", "max_error", ce_alloc, ce_free, ce_columns, ce_solve, ce_describe, 1,
};
