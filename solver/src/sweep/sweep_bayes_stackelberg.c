/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter of bayesian-stackelberg models. At each point the
 * priors and payoffs are re-evaluated and mpol_stackelberg_bayes_solve() runs; then
 * - value       = the leader's expected value;
 * - solution    = the commitment ("Leader:strategy") and each type's reply ("type:strategy",
 *                 1 for the strategy played);
 * - certificate = the check's max_error (types' regrets, leader value error);
 * - signature   = the commitment's support and every type's reply.
 * Each point is solved from scratch.
 */
#include <math.h>
#include <string.h>

#include "multipolar/stackelberg.h"
#include "sweep/sweep_internal.h"

#define BSG_SUPPORT_TOL 1e-9

typedef struct bw {
    const mpol_model *model;
    mpol_bsg_game *game;
    mpol_bsg_result *last;
} bw;

static void bw_free(void *p)
{
    bw *w = p;
    if (w == NULL)
        return;
    mpol_bsg_game_free(w->game);
    mpol_bsg_result_free(w->last);
    mpol_free(w);
}

static mpol_status bw_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    *out = NULL;
    if (opts->method != NULL && strcmp(opts->method, "milp") != 0)
        return mpol_error(MPOL_EINVAL,
                          "mpol_sweep: bayesian-stackelberg sweeps solve the MILP; method '%s' "
                          "is not available",
                          opts->method);
    bw *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_status st = mpol_model_bsg(&w->game, model);
    if (st != MPOL_OK) {
        bw_free(w);
        return st;
    }
    *out = w;
    return MPOL_OK;
}

static void column_name(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const mpol_bsg_game *g = ctx;
    if (c < g->game.m) {
        mpol_i_strbuf_add(b, "%s:%s", g->leader_name, g->leader_strategies[c]);
        return;
    }
    c -= g->game.m;
    mpol_i_strbuf_add(b, "%s:%s", g->type_names[c / g->game.n],
                      g->follower_strategies[c % g->game.n]);
}

static mpol_status bw_columns(void *p, size_t *ncols, char ***names)
{
    const bw *w = p;
    *ncols = w->game->game.m + w->game->game.ntypes * w->game->game.n;
    return mpol_i_sweep_columns(*ncols, column_name, w->game, names);
}

static mpol_status bw_solve(void *p, const double *params, int warm, double *value,
                            double *solution, double *certificate, uint64_t *signature,
                            int *verified)
{
    bw *w = p;
    (void)warm;
    mpol_status st = mpol_model_eval_bsg(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    mpol_bsg_result *r = NULL;
    st = mpol_stackelberg_bayes_solve(&r, &w->game->game, NULL);
    if (st != MPOL_OK && st != MPOL_EVERIFY)
        return st;
    mpol_clear_error();
    mpol_bsg_result_free(w->last);
    w->last = r;
    size_t m = r->m, n = r->n;
    *value = r->value;
    for (size_t c = 0; solution != NULL && c < m + r->ntypes * n; c++)
        solution[c] = c < m ? r->commitment[c] : (c - m) % n == r->reply[(c - m) / n] ? 1.0 : 0.0;
    *certificate = r->max_error;
    *verified = r->verified;
    uint64_t h = MPOL_I_HASH_INIT;
    for (size_t i = 0; i < m; i++)
        if (r->commitment[i] > BSG_SUPPORT_TOL)
            h = mpol_i_hash_step(h, i);
    for (size_t t = 0; t < r->ntypes; t++)
        h = mpol_i_hash_step(h, r->reply[t]);
    *signature = h;
    return MPOL_OK;
}

static char *bw_describe(void *p)
{
    const bw *w = p;
    const mpol_bsg_game *g = w->game;
    const mpol_bsg_result *r = w->last;
    mpol_i_strbuf b = {0};
    if (r == NULL) {
        mpol_i_strbuf_add(&b, "no equilibrium");
        return mpol_i_strbuf_take(&b);
    }
    mpol_i_strbuf_add(&b, "%s commits to {", g->leader_name);
    for (size_t i = 0, first = 1; i < r->m; i++)
        if (r->commitment[i] > BSG_SUPPORT_TOL) {
            mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", g->leader_strategies[i]);
            first = 0;
        }
    mpol_i_strbuf_add(&b, "}");
    for (size_t t = 0; t < r->ntypes; t++)
        mpol_i_strbuf_add(&b, ", %s %s", g->type_names[t], g->follower_strategies[r->reply[t]]);
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_bayes_stackelberg = {
    "leader_value", "max_error", bw_alloc, bw_free, bw_columns, bw_solve, bw_describe, 1,
};
