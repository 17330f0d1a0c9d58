/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapters of the bargaining methods (nash-bargaining,
 * kalai-smorodinsky, egalitarian) and of ess. At each point the game is re-evaluated and
 * solved from scratch (mpol_bargain_solve with the method options of the sweep, or
 * mpol_ess_game); then
 * - bargaining: value = the Nash product (nash-bargaining) or the ray parameter t*
 *   (kalai-smorodinsky, egalitarian); solution = the payoffs u, then the disagreement point
 *   d (columns "u:Player", "d:Player"); certificate = max_error of mpol_bargain_verify();
 *   signature = the profiles with positive weight in the distribution that reaches u;
 * - ess: value = the number of ESS; solution = the first ESS (columns "Player:strategy" of
 *   the row player); certificate = the largest regret; signature = the ESS supports.
 */
#include <math.h>
#include <string.h>

#include "multipolar/bargaining.h"
#include "multipolar/game.h"
#include "sweep/sweep_internal.h"

#define BG_WEIGHT_TOL 1e-9

typedef struct bg_ws {
    const mpol_model *model;
    mpol_game *game;
    mpol_bargain_opts opts;
    double *values;
    int ess;
    mpol_bargain_result *last;
    mpol_ess_result *last_ess;
} bg_ws;

static void bg_free(void *p)
{
    bg_ws *w = p;
    if (w == NULL)
        return;
    mpol_game_free(w->game);
    mpol_free(w->values);
    mpol_bargain_result_free(w->last);
    mpol_ess_result_free(w->last_ess);
    mpol_free(w);
}

static mpol_status bg_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    *out = NULL;
    bg_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_bargain_opts_init(&w->opts);
    w->ess = opts->method != NULL && strcmp(opts->method, "ess") == 0;
    mpol_status st = mpol_model_game(&w->game, model);
    if (st == MPOL_OK && !w->ess)
        st = mpol_bargain_solution_parse(&w->opts.solution, opts->method);
    if (st == MPOL_OK && !w->ess) {
        w->values = mpol_malloc(w->game->nplayers * sizeof *w->values);
        st = w->values == NULL
                 ? mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory")
                 : mpol_bargain_opts_parse(&w->opts, opts->args.disagreement, opts->args.feasible,
                                           w->values, w->game->nplayers);
    }
    if (st == MPOL_OK && w->ess) {
        mpol_ess_result *r = NULL; /* refuse a game that is not symmetric at the defaults */
        st = mpol_ess_game(&r, w->game, 0.0);
        mpol_ess_result_free(r);
    }
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        bg_free(w);
        return st;
    }
    mpol_clear_error();
    *out = w;
    return MPOL_OK;
}

static void bg_column(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const mpol_game *g = ctx;
    mpol_i_strbuf_add(b, "%s:%s", c < g->nplayers ? "u" : "d", g->player_names[c % g->nplayers]);
}

static void ess_column(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const mpol_game *g = ctx;
    mpol_i_strbuf_add(b, "%s:%s", g->player_names[0], g->strategy_names[0][c]);
}

static mpol_status bg_columns(void *p, size_t *ncols, char ***names)
{
    const bg_ws *w = p;
    *ncols = w->ess ? w->game->nstrategies[0] : 2 * w->game->nplayers;
    return mpol_i_sweep_columns(*ncols, w->ess ? ess_column : bg_column, w->game, names);
}

/* A point where the problem has no solution (a disagreement point nothing dominates, no
 * point better for all, a game that is not symmetric there): a failed point, not an error
 * of the sweep. */
static mpol_status no_solution(bg_ws *w, mpol_status st, double *value, double *solution,
                               double *certificate, uint64_t *signature, int *verified)
{
    if (st != MPOL_EINVAL && st != MPOL_ELIMIT)
        return st;
    mpol_clear_error();
    mpol_bargain_result_free(w->last);
    mpol_ess_result_free(w->last_ess);
    w->last = NULL;
    w->last_ess = NULL;
    size_t ncols = w->ess ? w->game->nstrategies[0] : 2 * w->game->nplayers;
    for (size_t c = 0; solution != NULL && c < ncols; c++)
        solution[c] = NAN;
    *value = NAN;
    *certificate = NAN;
    *signature = 0;
    *verified = 0;
    return MPOL_OK;
}

static mpol_status ess_solve(bg_ws *w, double *value, double *solution, double *certificate,
                             uint64_t *signature, int *verified)
{
    mpol_ess_result *r = NULL;
    mpol_status st = mpol_ess_game(&r, w->game, 0.0);
    if (r == NULL)
        return no_solution(w, st, value, solution, certificate, signature, verified);
    mpol_clear_error();
    mpol_ess_result_free(w->last_ess);
    w->last_ess = r;
    size_t m = r->m;
    uint64_t h = MPOL_I_HASH_INIT;
    for (size_t e = 0; e < r->count; e++) {
        for (size_t k = 0; k < m; k++)
            if (r->ess[e].x[k] > BG_WEIGHT_TOL)
                h = mpol_i_hash_step(h, k);
        h = mpol_i_hash_step(h, (uint64_t)-1);
    }
    *value = (double)r->count;
    for (size_t k = 0; solution != NULL && k < m; k++)
        solution[k] = r->count > 0 ? r->ess[0].x[k] : NAN;
    *certificate = r->max_error;
    *verified = r->verified;
    *signature = h;
    return MPOL_OK;
}

static mpol_status bg_solve(void *p, const double *params, int warm, double *value,
                            double *solution, double *certificate, uint64_t *signature,
                            int *verified)
{
    bg_ws *w = p;
    (void)warm;
    mpol_status st = mpol_model_eval_game(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    if (w->ess)
        return ess_solve(w, value, solution, certificate, signature, verified);
    mpol_bargain_result *r = NULL;
    st = mpol_bargain_solve(&r, w->game, &w->opts);
    if (r == NULL)
        return no_solution(w, st, value, solution, certificate, signature, verified);
    mpol_clear_error();
    mpol_bargain_result_free(w->last);
    w->last = r;
    size_t n = r->nplayers;
    uint64_t h = MPOL_I_HASH_INIT;
    for (size_t c = 0; c < r->ncells; c++)
        if (r->weights[c] > BG_WEIGHT_TOL)
            h = mpol_i_hash_step(h, c);
    *value = r->solution == MPOL_BARGAIN_NASH ? r->nash_product : r->t;
    if (solution != NULL) {
        memcpy(solution, r->u, n * sizeof *solution);
        memcpy(solution + n, r->d, n * sizeof *solution);
    }
    *certificate = r->max_error;
    *verified = r->verified;
    *signature = h;
    return MPOL_OK;
}

/* "u = (a, b): {profile; profile}" or "k ESS: {s, t}; {u}". */
static char *bg_describe(void *p)
{
    bg_ws *w = p;
    const mpol_game *g = w->game;
    mpol_i_strbuf b = {0};
    if (w->ess) {
        const mpol_ess_result *r = w->last_ess;
        size_t count = r != NULL ? r->count : 0;
        mpol_i_strbuf_add(&b, "%zu ESS", count);
        for (size_t e = 0; e < count; e++) {
            mpol_i_strbuf_add(&b, "%s{", e ? "; " : ": ");
            int first = 1;
            for (size_t k = 0; k < r->m; k++)
                if (r->ess[e].x[k] > BG_WEIGHT_TOL) {
                    mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", g->strategy_names[0][k]);
                    first = 0;
                }
            mpol_i_strbuf_add(&b, "}");
        }
        return mpol_i_strbuf_take(&b);
    }
    const mpol_bargain_result *r = w->last;
    if (r == NULL)
        return mpol_i_strbuf_take(&b);
    size_t prof[64];
    mpol_i_strbuf_add(&b, "support {");
    int first = 1;
    for (size_t c = 0; g->nplayers <= 64 && c < r->ncells; c++) {
        if (!(r->weights[c] > BG_WEIGHT_TOL))
            continue;
        mpol_game_profile(g, c, prof);
        mpol_i_strbuf_add(&b, "%s(", first ? "" : "; ");
        for (size_t q = 0; q < g->nplayers; q++)
            mpol_i_strbuf_add(&b, "%s%s", q ? ", " : "", g->strategy_names[q][prof[q]]);
        mpol_i_strbuf_add(&b, ")");
        first = 0;
    }
    mpol_i_strbuf_add(&b, "}");
    return mpol_i_strbuf_take(&b);
}

/* An unverified solve has no trustworthy structure: a bisection stops there. */
const mpol_i_sweep_kind mpol_i_sweep_nash_bargaining = {
    "nash_product", "max_error", bg_alloc, bg_free, bg_columns, bg_solve, bg_describe, 1,
};
const mpol_i_sweep_kind mpol_i_sweep_ray_bargaining = {
    "t", "max_error", bg_alloc, bg_free, bg_columns, bg_solve, bg_describe, 1,
};
const mpol_i_sweep_kind mpol_i_sweep_ess = {
    "ess", "max_regret", bg_alloc, bg_free, bg_columns, bg_solve, bg_describe, 1,
};
