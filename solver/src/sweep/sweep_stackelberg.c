/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter of the Stackelberg methods (stackelberg,
 * stackelberg-pure, stackelberg-weak) on zero-sum, bimatrix and normal-form models. At each
 * point the game is re-evaluated and mpol_stackelberg_solve() runs with the leader of
 * --leader (opts->args.leader; default the first player); then
 * - value       = the leader's Stackelberg value (weak: the supremum);
 * - solution    = every player's strategies, "Player:strategy": the leader's commitment and
 *                 each follower's pure reply (1 for the strategy played, 0 otherwise);
 * - certificate = the check's max_error (follower regret, leader value error), verified
 *                 when it is within the tolerance (mpol_stackelberg_certify);
 * - signature   = the support of the commitment and the reply (and, weak, whether the
 *                 supremum is attained), so regimes are the commitment's structure.
 * Each point is solved from scratch.
 */
#include <math.h>
#include <string.h>

#include "multipolar/game.h"
#include "multipolar/stackelberg.h"
#include "sweep/sweep_internal.h"

#define SG_SUPPORT_TOL 1e-9

typedef struct sg_ws {
    const mpol_model *model;
    mpol_game *game;
    mpol_stackelberg_opts opts;
    mpol_stackelberg_result *last;
} sg_ws;

static void sg_free(void *p)
{
    sg_ws *w = p;
    if (w == NULL)
        return;
    mpol_game_free(w->game);
    mpol_stackelberg_result_free(w->last);
    mpol_free(w);
}

static mpol_status sg_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    *out = NULL;
    sg_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_stackelberg_opts_init(&w->opts);
    mpol_status st = mpol_stackelberg_method_parse(&w->opts.method, opts->method);
    if (st == MPOL_OK)
        st = mpol_model_game(&w->game, model);
    if (st == MPOL_OK)
        st = mpol_stackelberg_leader_parse(&w->opts.leader, w->game, opts->args.leader);
    if (st == MPOL_OK && w->game->nplayers < 2)
        st = mpol_error(MPOL_EINVAL, "mpol_sweep: a Stackelberg sweep needs two players or more");
    if (st != MPOL_OK) {
        sg_free(w);
        return st;
    }
    *out = w;
    return MPOL_OK;
}

static mpol_status sg_columns(void *p, size_t *ncols, char ***names)
{
    const sg_ws *w = p;
    return mpol_i_sweep_strategy_columns(w->game, ncols, names);
}

static void fill_solution(const sg_ws *w, const mpol_stackelberg_result *r, double *solution)
{
    const mpol_game *g = w->game;
    for (size_t p = 0, c = 0; p < g->nplayers; p++)
        for (size_t k = 0; k < g->nstrategies[p]; k++, c++)
            solution[c] = r == NULL          ? NAN
                          : p == r->leader   ? r->commitment[k]
                          : k == r->reply[p] ? 1.0
                                             : 0.0;
}

static mpol_status sg_solve(void *p, const double *params, int warm, double *value,
                            double *solution, double *certificate, uint64_t *signature,
                            int *verified)
{
    sg_ws *w = p;
    (void)warm;
    mpol_status st = mpol_model_eval_game(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    mpol_stackelberg_result *r = NULL;
    st = mpol_stackelberg_solve(&r, w->game, &w->opts);
    if (st == MPOL_ENUMERIC && r == NULL) {
        /* Numerical trouble at this point (the weak n-player MILP near a point where the
         * followers' equilibrium margins vanish): a failed point, not an end of the sweep. */
        mpol_clear_error();
        mpol_stackelberg_result_free(w->last);
        w->last = NULL;
        if (solution != NULL)
            fill_solution(w, NULL, solution);
        *value = NAN;
        *certificate = NAN;
        *signature = 0;
        *verified = 0;
        return MPOL_OK;
    }
    if (st != MPOL_OK && st != MPOL_EVERIFY)
        return st;
    mpol_clear_error();
    mpol_stackelberg_result_free(w->last);
    w->last = r;
    *value = r->value;
    if (solution != NULL)
        fill_solution(w, r, solution);
    *certificate = r->max_error;
    *verified = r->verified;
    uint64_t h = MPOL_I_HASH_INIT;
    for (size_t k = 0; k < r->nleader; k++)
        if (r->commitment[k] > SG_SUPPORT_TOL)
            h = mpol_i_hash_step(h, k);
    for (size_t q = 0; q < r->nplayers; q++)
        h = mpol_i_hash_step(h, q == r->leader ? (uint64_t)-1 : r->reply[q]);
    *signature = mpol_i_hash_step(h, (uint64_t)r->attained);
    return MPOL_OK;
}

static char *sg_describe(void *p)
{
    const sg_ws *w = p;
    const mpol_game *g = w->game;
    const mpol_stackelberg_result *r = w->last;
    mpol_i_strbuf b = {0};
    if (r == NULL) {
        mpol_i_strbuf_add(&b, "no equilibrium");
        return mpol_i_strbuf_take(&b);
    }
    mpol_i_strbuf_add(&b, "%s commits to {", g->player_names[r->leader]);
    for (size_t k = 0, first = 1; k < r->nleader; k++)
        if (r->commitment[k] > SG_SUPPORT_TOL) {
            mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", g->strategy_names[r->leader][k]);
            first = 0;
        }
    mpol_i_strbuf_add(&b, "}");
    for (size_t q = 0; q < r->nplayers; q++)
        if (q != r->leader)
            mpol_i_strbuf_add(&b, ", %s %s", g->player_names[q], g->strategy_names[q][r->reply[q]]);
    if (!r->attained)
        mpol_i_strbuf_add(&b, " (supremum)");
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_stackelberg = {
    "leader_value", "max_error", sg_alloc, sg_free, sg_columns, sg_solve, sg_describe, 1,
};
