/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter for bimatrix models. At each point both payoff
 * matrices are re-evaluated and all extreme Nash equilibria are enumerated
 * (mpol_bimatrix_enumerate: vertex enumeration of the best-response polytopes, degenerate
 * games included); then
 * - value       = the number of extreme equilibria;
 * - solution    = the first equilibrium in the enumeration's deterministic order (sorted by
 *                 x, then y, lexicographically): x then y, columns "Player:strategy";
 * - certificate = the largest regret of either player over all the equilibria, recomputed
 *                 here by mpol_bimatrix_regret() from the evaluated matrices; verified when
 *                 it is at most the module's tolerance (MPOL_BIMATRIX_TOL times the payoff
 *                 range, at least that figure's absolute floor tol_abs);
 * - signature   = the set of support pairs (supp x, supp y) of the equilibria, hashed
 *                 order-independently (probabilities above BM_SUPPORT_TOL count).
 * Maximal Nash subsets (cliques) are not computed in sweeps. Each point is solved from
 * scratch: enumeration has no useful warm start.
 */
#include <math.h>
#include <string.h>

#include "multipolar/bimatrix.h"
#include "multipolar/game.h"
#include "sweep/sweep_internal.h"

/* Probabilities above this put a strategy in an equilibrium's support. */
#define BM_SUPPORT_TOL 1e-9
/* Equilibria listed in a regime label. */
#define BM_DESCRIBE_MAX 3

typedef struct bm_ws {
    const mpol_model *model;
    mpol_game *game;
    size_t m, n;
    double *A, *B; /* m x n row-major */
    mpol_bimatrix_opts opts;
    mpol_bimatrix_result *last; /* the last enumeration (for describe) */
} bm_ws;

static void bm_free(void *p)
{
    bm_ws *w = p;
    if (w == NULL)
        return;
    mpol_game_free(w->game);
    mpol_free(w->A);
    mpol_free(w->B);
    mpol_bimatrix_result_free(w->last);
    mpol_free(w);
}

static mpol_status bm_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    const char *method = opts->method;
    *out = NULL;
    if (method != NULL && strcmp(method, "enumerate") != 0)
        return mpol_error(MPOL_EINVAL,
                          "mpol_sweep: bimatrix sweeps enumerate all extreme equilibria; "
                          "method '%s' is not available",
                          method);
    bm_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_bimatrix_opts_init(&w->opts);
    w->opts.cliques = 0;
    mpol_status st = mpol_model_game(&w->game, model);
    if (st != MPOL_OK)
        goto fail;
    if (w->game->nplayers != 2) {
        st = mpol_error(MPOL_EINVAL, "mpol_sweep: a bimatrix sweep needs two players");
        goto fail;
    }
    w->m = w->game->nstrategies[0];
    w->n = w->game->nstrategies[1];
    w->A = mpol_malloc(w->m * w->n * sizeof *w->A);
    w->B = mpol_malloc(w->m * w->n * sizeof *w->B);
    if (w->A == NULL || w->B == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        goto fail;
    }
    *out = w;
    return MPOL_OK;
fail:
    bm_free(w);
    return st;
}

static mpol_status bm_columns(void *p, size_t *ncols, char ***names)
{
    const bm_ws *w = p;
    return mpol_i_sweep_strategy_columns(w->game, ncols, names);
}

/* 64-bit mixer (splitmix64 finaliser) for the order-independent set hash. */
static uint64_t mix64(uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static mpol_status bm_solve(void *p, const double *params, int warm, double *value,
                            double *solution, double *certificate, uint64_t *signature,
                            int *verified)
{
    bm_ws *w = p;
    (void)warm;
    size_t m = w->m, n = w->n;
    mpol_status st = mpol_model_eval_game(w->model, params, w->game);
    if (st != MPOL_OK)
        return st;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++) {
            size_t cell = i + m * j;
            w->A[i * n + j] = w->game->payoff[2 * cell];
            w->B[i * n + j] = w->game->payoff[2 * cell + 1];
            lo = fmin(lo, fmin(w->A[i * n + j], w->B[i * n + j]));
            hi = fmax(hi, fmax(w->A[i * n + j], w->B[i * n + j]));
        }
    mpol_bimatrix_result *res = NULL;
    /* MPOL_EVERIFY: an equilibrium's regret is over the tolerance (near a breakpoint, where the
     * game is close to degenerate); the result is whole and the point is unverified below. */
    st = mpol_bimatrix_enumerate(&res, m, n, w->A, w->B, &w->opts);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_bimatrix_result_free(res);
        return st;
    }
    mpol_clear_error();
    mpol_bimatrix_result_free(w->last);
    w->last = res;
    double cert = 0.0;
    uint64_t h = 0;
    for (size_t e = 0; e < res->neq; e++) {
        const mpol_bimatrix_eq *q = &res->eq[e];
        double rr, rc;
        mpol_bimatrix_regret(m, n, w->A, w->B, q->x, q->y, &rr, &rc, NULL, NULL);
        cert = fmax(cert, fmax(rr, rc));
        uint64_t hs = MPOL_I_HASH_INIT;
        for (size_t i = 0; i < m; i++)
            if (q->x[i] > BM_SUPPORT_TOL)
                hs = mpol_i_hash_step(hs, i);
        hs = mpol_i_hash_step(hs, (uint64_t)-1);
        for (size_t j = 0; j < n; j++)
            if (q->y[j] > BM_SUPPORT_TOL)
                hs = mpol_i_hash_step(hs, j);
        h += mix64(hs);
    }
    *value = (double)res->neq;
    if (solution != NULL) {
        if (res->neq > 0) {
            memcpy(solution, res->eq[0].x, m * sizeof *solution);
            memcpy(solution + m, res->eq[0].y, n * sizeof *solution);
        } else {
            for (size_t c = 0; c < m + n; c++)
                solution[c] = NAN;
        }
    }
    double bound = fmax(MPOL_BIMATRIX_TOL * (hi - lo), res->tol_abs);
    *certificate = cert;
    *verified = st == MPOL_OK && res->neq > 0 && cert <= fmax(bound, MPOL_BIMATRIX_TOL);
    *signature = mix64(h ^ (uint64_t)res->neq);
    return MPOL_OK;
}

static char *bm_describe(void *p)
{
    bm_ws *w = p;
    const mpol_game *g = w->game;
    const mpol_bimatrix_result *res = w->last;
    mpol_i_strbuf b = {0};
    size_t neq = res != NULL ? res->neq : 0;
    mpol_i_strbuf_add(&b, "%zu equilibri%s", neq, neq == 1 ? "um" : "a");
    for (size_t e = 0; e < neq && e < BM_DESCRIBE_MAX; e++) {
        const mpol_bimatrix_eq *q = &res->eq[e];
        for (size_t pl = 0; pl < 2; pl++) {
            const double *s = pl == 0 ? q->x : q->y;
            size_t k = pl == 0 ? w->m : w->n;
            mpol_i_strbuf_add(&b, "%s{", pl == 0 ? (e ? "; " : ": ") : " x ");
            int first = 1;
            for (size_t i = 0; i < k; i++)
                if (s[i] > BM_SUPPORT_TOL) {
                    mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", g->strategy_names[pl][i]);
                    first = 0;
                }
            mpol_i_strbuf_add(&b, "}");
        }
    }
    if (neq > BM_DESCRIBE_MAX)
        mpol_i_strbuf_add(&b, "; ...");
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_bimatrix = {
    /* An unverified enumeration has no trustworthy structure: a bisection stops there. */
    "equilibria", "max_regret", bm_alloc, bm_free, bm_columns, bm_solve, bm_describe, 1,
};
