/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter of `bayesian` models, over priors or payoffs (any
 * parameter). Each point evaluates the game and solves it with mpol_bayes_solve (default:
 * all extreme Bayes-Nash equilibria for two players, one by logit otherwise; --method picks
 * another); then
 * - value       = the first player's ex-ante payoff in the first equilibrium (sorted order);
 * - solution    = the number of equilibria, then the first equilibrium's per-type mixed
 *                 actions, columns "Player:type:action";
 * - certificate = the largest interim regret over all equilibria (mpol_bayes_certify);
 * - signature   = the set of equilibria's supports, type by type (types of positive
 *                 probability only), hashed order-independently; so when a prior is the
 *                 swept parameter, a breakpoint is a belief threshold where some type of
 *                 some player starts or stops using an action.
 * Each point is solved from scratch.
 */
#include <math.h>
#include <string.h>

#include "multipolar/bayesian.h"
#include "sweep/sweep_internal.h"

/* Probabilities above this put an action in a type's support: enumeration's vertices are
 * solved to rounding error, so a tight threshold (a mixed equilibrium whose probability
 * vanishes at a belief threshold keeps its support until 1e-12 of it); the iterative
 * methods (logit, tree) end within their tolerance, so theirs is looser. */
#define BG_SUPPORT_TOL_VERTEX 1e-12
#define BG_SUPPORT_TOL 1e-9
#define BG_DESCRIBE_MAX 3

typedef struct bg_ws {
    const mpol_model *model;
    mpol_bayes_game *game;
    mpol_bayes_opts opts;
    mpol_bayes_result *last;
} bg_ws;

static void bgw_free(void *p)
{
    bg_ws *w = p;
    if (w == NULL)
        return;
    mpol_bayes_game_free(w->game);
    mpol_bayes_result_free(w->last);
    mpol_free(w);
}

static mpol_status bgw_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    *out = NULL;
    bg_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_bayes_opts_init(&w->opts);
    mpol_status st = MPOL_OK;
    if (opts->method != NULL)
        st = mpol_bayes_method_parse(&w->opts.method, opts->method);
    if (st == MPOL_OK)
        st = mpol_model_bayesian(&w->game, model);
    if (st != MPOL_OK) {
        bgw_free(w);
        return st;
    }
    *out = w;
    return MPOL_OK;
}

static void column_name(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const mpol_bayes_game *gg = ctx;
    const mpol_bayes *g = &gg->game;
    if (c == 0) {
        mpol_i_strbuf_add(b, "equilibria");
        return;
    }
    c--;
    for (size_t p = 0, o = 0, ti = 0, ao = 0; p < g->nplayers; ao += g->nactions[p], p++)
        for (size_t t = 0; t < g->ntypes[p]; t++, ti++, o += g->nactions[p])
            if (c >= o && c < o + g->nactions[p]) {
                mpol_i_strbuf_add(b, "%s:%s:%s", gg->player_names[p], gg->type_names[ti],
                                  gg->action_names[ao + c - o]);
                return;
            }
}

static mpol_status bgw_columns(void *p, size_t *ncols, char ***names)
{
    const bg_ws *w = p;
    *ncols = 1 + mpol_bayes_strategy_size(&w->game->game);
    return mpol_i_sweep_columns(*ncols, column_name, w->game, names);
}

static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static double support_tol(const mpol_bayes_result *r)
{
    return r->method == MPOL_BAYES_ENUMERATE || r->method == MPOL_BAYES_PURE ? BG_SUPPORT_TOL_VERTEX
                                                                             : BG_SUPPORT_TOL;
}

static uint64_t signature_of(const mpol_bayes_result *r)
{
    double tol = support_tol(r);
    uint64_t h = mpol_i_hash_step(MPOL_I_HASH_INIT, r->neq);
    for (size_t e = 0; e < r->neq; e++) {
        uint64_t hs = MPOL_I_HASH_INIT;
        for (size_t i = 0; i < r->strategy_size; i++)
            if (r->eq[e].strategy[i] > tol)
                hs = mpol_i_hash_step(hs, i);
        h += mix64(hs);
    }
    return h;
}

static mpol_status bgw_solve(void *p, const double *params, int warm, double *value,
                             double *solution, double *certificate, uint64_t *signature,
                             int *verified)
{
    bg_ws *w = p;
    (void)warm;
    mpol_status st = mpol_model_eval_bayesian(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    mpol_bayes_result *r = NULL;
    st = mpol_bayes_solve(&r, &w->game->game, &w->opts);
    if (st != MPOL_OK && !(st == MPOL_EVERIFY && r != NULL))
        return st;
    mpol_clear_error();
    mpol_bayes_result_free(w->last);
    w->last = r;
    /* Unreached types (marginal 0) play their first action in every result: the support
     * hash sees them the same way at every point. */
    *value = r->neq > 0 ? r->eq[0].ex_ante[0] : NAN;
    if (solution != NULL) {
        solution[0] = (double)r->neq;
        for (size_t i = 0; i < r->strategy_size; i++)
            solution[1 + i] = r->neq > 0 ? r->eq[0].strategy[i] : NAN;
    }
    *certificate = r->max_error;
    *verified = r->verified && r->neq > 0;
    *signature = r->neq > 0 ? signature_of(r) : 0;
    return MPOL_OK;
}

static void describe_eq(mpol_i_strbuf *b, const mpol_bayes_game *gg, const mpol_bayes_eq *e,
                        const double *marginal, double tol)
{
    const mpol_bayes *g = &gg->game;
    for (size_t p = 0, o = 0, ti = 0, ao = 0; p < g->nplayers; ao += g->nactions[p], p++) {
        mpol_i_strbuf_add(b, "%s%s", p ? "; " : "", gg->player_names[p]);
        for (size_t t = 0; t < g->ntypes[p]; t++, ti++, o += g->nactions[p]) {
            if (!(marginal[ti] > 0.0))
                continue;
            if (g->ntypes[p] > 1)
                mpol_i_strbuf_add(b, " %s", gg->type_names[ti]);
            mpol_i_strbuf_add(b, " {");
            for (size_t a = 0, first = 1; a < g->nactions[p]; a++)
                if (e->strategy[o + a] > tol) {
                    mpol_i_strbuf_add(b, "%s%s", first ? "" : ", ", gg->action_names[ao + a]);
                    first = 0;
                }
            mpol_i_strbuf_add(b, "}");
        }
    }
}

static char *bgw_describe(void *ws)
{
    const bg_ws *w = ws;
    const mpol_bayes_result *r = w->last;
    mpol_i_strbuf b = {0};
    if (r == NULL || r->neq == 0) {
        mpol_i_strbuf_add(&b, "no equilibrium found");
        return mpol_i_strbuf_take(&b);
    }
    if (r->neq > 1)
        mpol_i_strbuf_add(&b, "%zu equilibria: ", r->neq);
    for (size_t e = 0; e < r->neq && e < BG_DESCRIBE_MAX; e++) {
        mpol_i_strbuf_add(&b, "%s", e ? " | " : "");
        describe_eq(&b, w->game, &r->eq[e], r->marginal, support_tol(r));
    }
    if (r->neq > BG_DESCRIBE_MAX)
        mpol_i_strbuf_add(&b, " | ...");
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_bayesian = {
    "value", "max_interim_regret", bgw_alloc, bgw_free, bgw_columns, bgw_solve, bgw_describe, 1,
};
