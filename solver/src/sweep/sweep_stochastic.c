/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter of `stochastic` models, over the discount factor,
 * transition and stop probabilities or payoffs (any parameter). Each point evaluates the game
 * and solves it with mpol_sg_solve (zero-sum: Shapley's value iteration + Hoffman-Karp;
 * general-sum: a stationary Markov perfect equilibrium, failed when not found). The headline
 * value is the first state's value of the first player; the columns are every state's values
 * (one per player; zero-sum: the row player's) and every stationary probability. A regime is
 * the set of supports of the stationary strategies, state by state, so a breakpoint is where
 * a player starts or stops using an action in some state. The certificate is the check's
 * bound (max error / (1 - beta)). No warm start: each point is solved from scratch, so a
 * point's answer does not depend on its neighbours.
 */
#include <string.h>

#include "multipolar/stochastic.h"
#include "sweep/sweep_internal.h"

#define SG_SWEEP_SUPPORT_TOL 1e-9

typedef struct sg_ws {
    const mpol_model *model;
    mpol_sg_game *game;
    mpol_sg_opts opts;
    mpol_sg_result *last;
    size_t nval; /* value columns */
} sg_ws;

static void sgw_free(void *p)
{
    sg_ws *w = p;
    if (w == NULL)
        return;
    mpol_sg_game_free(w->game);
    mpol_sg_result_free(w->last);
    mpol_free(w);
}

static mpol_status sgw_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    *out = NULL;
    sg_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_sg_opts_init(&w->opts);
    mpol_status st = MPOL_OK;
    if (opts->method != NULL)
        st = mpol_sg_method_parse(&w->opts.method, opts->method);
    if (st == MPOL_OK)
        st = mpol_model_stochastic(&w->game, model);
    if (st != MPOL_OK) {
        sgw_free(w);
        return st;
    }
    const mpol_sg *g = &w->game->game;
    w->nval = g->zero_sum ? g->nstates : g->nstates * g->nplayers;
    *out = w;
    return MPOL_OK;
}

static void column_name(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const sg_ws *w = ctx;
    const mpol_sg_game *gg = w->game;
    const mpol_sg *g = &gg->game;
    if (c < w->nval) {
        if (g->zero_sum)
            mpol_i_strbuf_add(b, "value:%s", gg->state_names[c]);
        else
            mpol_i_strbuf_add(b, "value:%s:%s", gg->state_names[c / g->nplayers],
                              gg->player_names[c % g->nplayers]);
        return;
    }
    c -= w->nval;
    for (size_t s = 0; s < g->nstates; s++)
        for (size_t p = 0; p < g->nplayers; p++) {
            size_t off = mpol_sg_strategy_offset(g, s, p), na = g->nactions[s * g->nplayers + p];
            if (c >= off && c < off + na) {
                mpol_i_strbuf_add(b, "%s:%s:%s", gg->state_names[s], gg->player_names[p],
                                  gg->action_names[c]);
                return;
            }
        }
}

static mpol_status sgw_columns(void *p, size_t *ncols, char ***names)
{
    const sg_ws *w = p;
    *ncols = w->nval + mpol_sg_strategy_size(&w->game->game);
    return mpol_i_sweep_columns(*ncols, column_name, w, names);
}

static mpol_status sgw_solve(void *p, const double *params, int warm, double *value,
                             double *solution, double *certificate, uint64_t *signature,
                             int *verified)
{
    sg_ws *w = p;
    (void)warm;
    mpol_status st = mpol_model_eval_stochastic(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    mpol_sg_result *r = NULL;
    st = mpol_sg_solve(&r, &w->game->game, &w->opts);
    if (st != MPOL_OK && st != MPOL_EVERIFY)
        return st;
    mpol_clear_error();
    mpol_sg_result_free(w->last);
    w->last = r;
    const mpol_sg *g = &w->game->game;
    *value = r->value[0];
    for (size_t c = 0; solution != NULL && c < w->nval; c++)
        solution[c] = g->zero_sum ? r->value[2 * c] : r->value[c];
    if (solution != NULL)
        memcpy(solution + w->nval, r->strategy, r->strategy_size * sizeof *solution);
    *certificate = r->check != NULL ? r->check->bound : 0.0;
    *verified = r->verified;
    uint64_t h = MPOL_I_HASH_INIT;
    for (size_t i = 0; i < r->strategy_size; i++)
        if (r->strategy[i] > SG_SWEEP_SUPPORT_TOL)
            h = mpol_i_hash_step(h, i);
    *signature = r->found ? h : 0;
    return MPOL_OK;
}

static char *sgw_describe(void *ws)
{
    const sg_ws *w = ws;
    const mpol_sg_game *gg = w->game;
    const mpol_sg *g = &gg->game;
    mpol_i_strbuf b = {0};
    if (w->last == NULL || !w->last->found) {
        mpol_i_strbuf_add(&b, "no equilibrium found");
        return mpol_i_strbuf_take(&b);
    }
    for (size_t s = 0; s < g->nstates; s++) {
        mpol_i_strbuf_add(&b, "%s%s:", s ? "; " : "", gg->state_names[s]);
        for (size_t p = 0; p < g->nplayers; p++) {
            size_t off = mpol_sg_strategy_offset(g, s, p), na = g->nactions[s * g->nplayers + p];
            mpol_i_strbuf_add(&b, " %s {", gg->player_names[p]);
            for (size_t a = 0, first = 1; a < na; a++)
                if (w->last->strategy[off + a] > SG_SWEEP_SUPPORT_TOL) {
                    mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", gg->action_names[off + a]);
                    first = 0;
                }
            mpol_i_strbuf_add(&b, "}");
        }
    }
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_stochastic = {
    "value", "error_bound", sgw_alloc, sgw_free, sgw_columns, sgw_solve, sgw_describe, 1,
};
