/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the nucleolus (Schmeidler 1969) and the prenucleolus of TU games by
 * the sequential LP scheme of Maschler, Peleg & Shapley (1979) and Kopelowitz (1967), in
 * the form of Benedek, Fliege & Nguyen (2021), "Finding and verifying the nucleolus of
 * cooperative games", Math. Programming 190:135-170:
 *
 *   stage k:  min t  s.t.  x(S) + t >= v(S)   for S not yet settled,
 *                          x(S) = v(S) - e_S  for the fixed coalitions (a basis of them),
 *                          x(N) = v(N),  and x_i >= v({i}) for the nucleolus.
 *
 * After each stage the coalitions whose excess is the same in every optimal solution are
 * fixed: by complementary slackness every row with a positive dual (and, for the nucleolus,
 * every imputation bound with a positive reduced cost). The fixed coalition vectors and 1_N
 * span a subspace L (kept orthonormal by Gram–Schmidt, core_span.c); every coalition whose
 * vector lies in L has a constant excess from then on and is settled, which is the
 * "rank-revealing" improvement of BNF over the classical scheme: at most n - 1 stages, as the
 * rank of L grows in every stage. The stage LPs are solved by constraint generation over the
 * 2^n table (core_lp.c), warm-started from the previous basis.
 *
 * Deviations from BNF: their dual-simplex pivoting on the full table and their subroutine
 * LP that finds all settled coalitions of a stage are replaced by (a) fixing the rows with a
 * positive dual in GLPK's optimal basis — a coalition with a constant excess but a zero dual
 * is fixed in a later stage with the same t (at no loss of correctness) — and (b) a lazy span
 * test applied only to coalitions that the scan finds violated. Should no dual exceed the
 * tolerance, the row with the largest dual is fixed, so every stage makes progress.
 * The result is certified independently by the Kohlberg criterion (nucleolus_kohlberg.c).
 */
#include <math.h>
#include <string.h>

#include "coop_internal.h"
#include "lp/glpk_guard_internal.h"
#include "multipolar/core.h"

typedef struct nuc_ctx {
    mpol_i_clp c;
    mpol_i_span sp;
    double *lower; /* n imputation bounds (nucleolus) */
    int pre;
    mpol_nucleolus_result *res;
    const mpol_core_opts *o;
} nuc_ctx;

void mpol_nucleolus_result_free(mpol_nucleolus_result *res)
{
    if (res == NULL)
        return;
    mpol_free(res->x);
    mpol_free(res->stage_excess);
    mpol_kohlberg_result_free(res->check);
    mpol_free(res);
}

/* Fixes CUT row r at excess t: the row dies and, if its coalition adds a dimension to the
 * span, an equality row takes its place. */
static mpol_status fix_row(nuc_ctx *k, size_t r, double t)
{
    mpol_i_clp *c = &k->c;
    mpol_coalition S = c->mask[r];
    mpol_i_clp_kill(c, r);
    if (!mpol_i_span_add_mask(&k->sp, S, MPOL_I_SPAN_TOL))
        return MPOL_OK;
    return mpol_i_clp_add_fixed(c, S, k->c.game->v[S] - t);
}

static mpol_status nuc_work(nuc_ctx *k)
{
    const char *who = k->pre ? "mpol_prenucleolus" : "mpol_nucleolus";
    mpol_i_clp *c = &k->c;
    const mpol_tu_game *g = c->game;
    size_t n = g->n;
    mpol_coalition all = (mpol_coalition)(((size_t)1 << n) - 1);
    mpol_i_clp_create(c, k->pre ? NULL : k->lower);
    mpol_status st = mpol_i_clp_add_fixed(c, all, g->v[all]);
    if (st != MPOL_OK)
        return st;
    mpol_i_span_add_mask(&k->sp, all, MPOL_I_SPAN_TOL);
    st = mpol_i_clp_start_rows(c, n < k->o->cg_min_players);
    if (st != MPOL_OK)
        return st;
    while (k->sp.rank < n) {
        st = mpol_i_clp_solve_generated(c, &k->sp, who);
        if (st != MPOL_OK)
            return st;
        double t = c->t;
        k->res->stage_excess[k->res->nstages++] = t;
        size_t rank0 = k->sp.rank, nrows = c->nrows, best = nrows;
        double bestd = 0;
        for (size_t r = 0; r < nrows && st == MPOL_OK; r++) {
            if (c->kind[r] != MPOL_I_ROW_CUT)
                continue;
            double d = mpol_i_clp_row_dual(c, r);
            if (d > bestd) {
                bestd = d;
                best = r;
            }
            if (d > MPOL_I_DUAL_TOL)
                st = fix_row(k, r, t);
        }
        if (st != MPOL_OK)
            return st;
        if (!k->pre) {
            for (size_t i = 0; i < n; i++) {
                int j = (int)i + 1;
                if (glp_get_col_stat(c->lp, j) == GLP_NL &&
                    glp_get_col_dual(c->lp, j) > MPOL_I_DUAL_TOL) {
                    mpol_i_span_add_mask(&k->sp, (mpol_coalition)1 << i, MPOL_I_SPAN_TOL);
                    glp_set_col_bnds(c->lp, j, GLP_FX, k->lower[i], k->lower[i]);
                }
            }
        }
        if (k->sp.rank == rank0 && best < nrows && c->kind[best] == MPOL_I_ROW_CUT) {
            st = fix_row(k, best, t);
            if (st != MPOL_OK)
                return st;
        }
        if (k->sp.rank == rank0)
            return mpol_error(MPOL_ENUMERIC,
                              "%s: stage %zu fixed no new coalition (rank %zu of %zu); the "
                              "LP lost precision",
                              who, k->res->nstages, rank0, n);
        /* Rows whose coalitions entered the span are settled now. */
        for (size_t r = 0; r < c->nrows; r++)
            if (c->kind[r] == MPOL_I_ROW_CUT &&
                mpol_i_span_residual_mask(&k->sp, c->mask[r], NULL) <= MPOL_I_SPAN_TOL)
                mpol_i_clp_kill(c, r);
        /* The fixed rows and columns changed: the old basis stays primal feasible. */
        c->need_dual = 0;
    }
    memcpy(k->res->x, c->x, n * sizeof *c->x);
    k->res->lp_solves = c->lp_solves;
    k->res->rows_generated = c->rows_generated;
    return MPOL_OK;
}

static mpol_status nuc_guarded(nuc_ctx *k)
{
    mpol_i_glpk_guard guard;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0) {
        k->c.lp = NULL;
        return mpol_i_glpk_failed(&guard, k->pre ? "mpol_prenucleolus" : "mpol_nucleolus");
    }
    mpol_status st = nuc_work(k);
    mpol_i_glpk_release(&guard);
    return st;
}

static mpol_status solve(mpol_nucleolus_result **out, const mpol_tu_game *game,
                         const mpol_core_opts *opts, int pre)
{
    const char *who = pre ? "mpol_prenucleolus" : "mpol_nucleolus";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_core_opts o;
    if (opts != NULL)
        o = *opts;
    else
        mpol_core_opts_init(&o);
    if (!(o.tol > 0 && o.tol < 1e-2))
        return mpol_error(MPOL_EINVAL, "%s: tol = %g; must be in (0, 0.01)", who, o.tol);
    double scale;
    mpol_status st = mpol_i_tu_validate(game, &scale, who);
    if (st != MPOL_OK)
        return st;
    size_t n = game->n, all = ((size_t)1 << n) - 1;
    double tol = o.tol * scale;
    if (!pre) {
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += game->v[(size_t)1 << i];
        if (sum > game->v[all] + tol)
            return mpol_error(MPOL_EINVAL,
                              "%s: the imputation set is empty (sum of v({i}) = %g > v(N) = %g)",
                              who, sum, game->v[all]);
    }
    nuc_ctx *k = mpol_calloc(1, sizeof *k);
    mpol_nucleolus_result *res = mpol_calloc(1, sizeof *res);
    if (k == NULL || res == NULL || (res->x = mpol_calloc(n, sizeof *res->x)) == NULL ||
        (res->stage_excess = mpol_calloc(n, sizeof *res->stage_excess)) == NULL ||
        (k->lower = mpol_calloc(n, sizeof *k->lower)) == NULL) {
        if (k != NULL)
            mpol_free(k->lower);
        mpol_free(k);
        mpol_nucleolus_result_free(res);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    res->n = n;
    res->prenucleolus = pre;
    k->pre = pre;
    k->res = res;
    k->o = &o;
    for (size_t i = 0; i < n; i++)
        k->lower[i] = game->v[(size_t)1 << i];
    if (n == 1) {
        res->x[0] = game->v[1];
    } else {
        st = mpol_i_span_init(&k->sp, n);
        if (st == MPOL_OK) {
            st = mpol_i_clp_init(&k->c, game, 1, o.cg_batch, tol, o.max_lp_solves);
            if (st == MPOL_OK) {
                st = nuc_guarded(k);
                mpol_i_clp_free(&k->c);
            }
            mpol_i_span_free(&k->sp);
        }
    }
    mpol_free(k->lower);
    mpol_free(k);
    if (st == MPOL_OK && o.verify) {
        st = mpol_kohlberg_check(&res->check, game, res->x, pre, &o);
        if (st == MPOL_OK && !res->check->passed) {
            const mpol_kohlberg_result *ck = res->check;
            st = mpol_error(
                MPOL_EVERIFY,
                "%s: the Kohlberg check rejected the result at level %zu (excess "
                "%g, %zu coalitions); efficiency error %g",
                who, ck->nlevels, ck->nlevels > 0 ? ck->level_excess[ck->nlevels - 1] : 0.0,
                ck->nlevels > 0 ? ck->level_size[ck->nlevels - 1] : 0, ck->efficiency_error);
        }
    }
    if (res != NULL) {
        res->verified = res->check != NULL && res->check->passed;
        res->max_error = res->check != NULL
                             ? fmax(res->check->efficiency_error, res->check->imputation_violation)
                             : NAN;
    }
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_nucleolus_result_free(res);
        return st;
    }
    *out = res; /* also on MPOL_EVERIFY, for the caller to inspect (docs/conventions.md) */
    return st;
}

/* Games whose largest |v(S)| lies outside [NUC_SCALE_LO, NUC_SCALE_HI] are solved scaled to
 * max |v(S)| = 1 and scaled back: the (pre)nucleolus is homogeneous, N(c v) = c N(v) for
 * c > 0, while the LP and span tolerances are relative to max(1, max |v(S)|), so payoffs of
 * 1e-12 would otherwise fall below them. */
#define NUC_SCALE_LO 1e-3
#define NUC_SCALE_HI 1e6

static void scale_result(mpol_nucleolus_result *r, double c)
{
    if (isfinite(r->max_error))
        r->max_error *= c;
    for (size_t i = 0; i < r->n; i++)
        r->x[i] *= c;
    for (size_t k = 0; k < r->nstages; k++)
        r->stage_excess[k] *= c;
    mpol_kohlberg_result *h = r->check;
    if (h != NULL) {
        for (size_t k = 0; k < h->nlevels; k++)
            h->level_excess[k] *= c;
        h->efficiency_error *= c;
        h->imputation_violation *= c;
        h->max_excess *= c;
        h->tol_abs *= c;
    }
}

static mpol_status solve_scaled(mpol_nucleolus_result **out, const mpol_tu_game *game,
                                const mpol_core_opts *opts, int pre)
{
    if (out == NULL || game == NULL || game->v == NULL || game->n == 0 ||
        game->n > MPOL_TU_MAX_PLAYERS)
        return solve(out, game, opts, pre); /* it reports the error */
    size_t m = (size_t)1 << game->n;
    double big = 0.0;
    for (size_t S = 0; S < m; S++)
        if (isfinite(game->v[S]) && fabs(game->v[S]) > big)
            big = fabs(game->v[S]);
    if (big == 0.0 || (big >= NUC_SCALE_LO && big <= NUC_SCALE_HI))
        return solve(out, game, opts, pre);
    mpol_tu_game *h = NULL;
    mpol_status st = mpol_tu_alloc(&h, game->n);
    if (st != MPOL_OK)
        return st;
    for (size_t S = 0; S < m; S++)
        h->v[S] = game->v[S] / big;
    st = solve(out, h, opts, pre);
    mpol_tu_free(h);
    if (*out != NULL)
        scale_result(*out, big);
    return st;
}

mpol_status mpol_nucleolus(mpol_nucleolus_result **out, const mpol_tu_game *game,
                           const mpol_core_opts *opts)
{
    return solve_scaled(out, game, opts, 0);
}

mpol_status mpol_prenucleolus(mpol_nucleolus_result **out, const mpol_tu_game *game,
                              const mpol_core_opts *opts)
{
    return solve_scaled(out, game, opts, 1);
}
