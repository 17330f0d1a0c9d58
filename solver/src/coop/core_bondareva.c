/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements core emptiness by the Bondareva–Shapley theorem (Bondareva 1963,
 * Shapley 1967): the core of (N, v) is nonempty iff the LP min x(N) s.t. x(S) >= v(S) for all
 * S != {} has optimum <= v(N); its dual optimum is a balanced collection with weights
 * lambda_S (sum over S containing i of lambda_S = 1) maximising sum lambda_S v(S), which
 * certifies emptiness when it exceeds v(N). It also implements the least core
 * (Maschler, Peleg & Shapley 1979): min eps s.t. x(S) + eps >= v(S) for S != {}, N and
 * x(N) = v(N), with the dual weights as a lower-bound certificate.
 *
 * Both LPs run on the coalition-row engine of core_lp.c with constraint generation for
 * n >= opts.cg_min_players. Deviation from the textbook LP: the grand coalition is a row of
 * the Bondareva–Shapley LP like any other (so an optimum equal to v(N) means a nonempty
 * core). Every result is checked afterwards against the full 2^n table.
 */
#include <math.h>
#include <string.h>

#include "coop_internal.h"
#include "lp/glpk_guard_internal.h"
#include "multipolar/core.h"

void mpol_core_opts_init(mpol_core_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->tol = MPOL_CORE_TOL;
    opts->cg_min_players = 10;
    opts->cg_batch = 0;
    opts->max_lp_solves = 0;
    opts->verify = 1;
}

static mpol_status check_opts(const mpol_core_opts *o, const char *who)
{
    if (!(o->tol > 0 && o->tol < 1e-2))
        return mpol_error(MPOL_EINVAL, "%s: tol = %g; must be in (0, 0.01)", who, o->tol);
    return MPOL_OK;
}

void mpol_core_result_free(mpol_core_result *res)
{
    if (res == NULL)
        return;
    mpol_free(res->x);
    mpol_free(res->masks);
    mpol_free(res->weights);
    mpol_free(res);
}

void mpol_least_core_result_free(mpol_least_core_result *res)
{
    if (res == NULL)
        return;
    mpol_free(res->x);
    mpol_free(res->masks);
    mpol_free(res->weights);
    mpol_free(res);
}

/* Collects the CUT rows with a positive dual into (masks, weights). */
static mpol_status collect_duals(mpol_i_clp *c, size_t *count, mpol_coalition **masks,
                                 double **weights)
{
    size_t k = 0;
    for (size_t r = 0; r < c->nrows; r++)
        if (c->kind[r] == MPOL_I_ROW_CUT && mpol_i_clp_row_dual(c, r) > 0)
            k++;
    *count = 0;
    if (k == 0)
        return MPOL_OK;
    *masks = mpol_calloc(k, sizeof **masks);
    *weights = mpol_calloc(k, sizeof **weights);
    if (*masks == NULL || *weights == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_core: out of memory for %zu weights", k);
    for (size_t r = 0; r < c->nrows; r++) {
        double d;
        if (c->kind[r] == MPOL_I_ROW_CUT && (d = mpol_i_clp_row_dual(c, r)) > 0) {
            (*masks)[*count] = c->mask[r];
            (*weights)[*count] = d;
            (*count)++;
        }
    }
    return MPOL_OK;
}

/* Coverage sum_{S containing i} w_S of player i. */
static double coverage(size_t nw, const mpol_coalition *m, const double *w, size_t i)
{
    double s = 0;
    for (size_t k = 0; k < nw; k++)
        if ((m[k] >> i) & 1u)
            s += w[k];
    return s;
}

static mpol_status core_work(mpol_i_clp *c, void *out, const mpol_core_opts *o)
{
    mpol_core_result *res = out;
    static const char who[] = "mpol_core_solve";
    const mpol_tu_game *g = c->game;
    size_t n = g->n;
    mpol_coalition all = (mpol_coalition)(((size_t)1 << n) - 1);
    mpol_i_clp_create(c, NULL);
    mpol_status st = mpol_i_clp_add_cut(c, all);
    if (st == MPOL_OK)
        st = mpol_i_clp_start_rows(c, n < o->cg_min_players);
    if (st == MPOL_OK)
        st = mpol_i_clp_solve_generated(c, NULL, who);
    if (st != MPOL_OK)
        return st;
    memcpy(res->x, c->x, n * sizeof *res->x);
    res->min_cost = c->t;
    res->lp_solves = c->lp_solves;
    res->rows_generated = c->rows_generated;
    return collect_duals(c, &res->nweights, &res->masks, &res->weights);
}

/* The LP work of one solver: fills its result from the solved coalition LP. */
typedef mpol_status (*lp_work_fn)(mpol_i_clp *c, void *res, const mpol_core_opts *o);

/* Runs @p work under the GLPK guard (GLPK's own errors become a status, not an abort). */
static mpol_status run_guarded(mpol_i_clp *c, lp_work_fn work, void *res, const mpol_core_opts *o,
                               const char *who)
{
    mpol_i_glpk_guard guard;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0) {
        c->lp = NULL;
        return mpol_i_glpk_failed(&guard, who);
    }
    mpol_status st = work(c, res, o);
    mpol_i_glpk_release(&guard);
    return st;
}

/*
 * The common start of mpol_core_solve and mpol_least_core: checks the arguments and options
 * (copied into *o, defaults for NULL), allocates the coalition LP *c and the n payoffs *x, and
 * sets the LP up (@p with_t: the least core's eps column). *tol receives the absolute
 * tolerance. On failure nothing is left allocated.
 */
static mpol_status prologue(const mpol_tu_game *game, const mpol_core_opts *opts, int with_t,
                            const char *who, mpol_core_opts *o, double *tol, mpol_i_clp **c,
                            double **x)
{
    *c = NULL;
    *x = NULL;
    if (opts != NULL)
        *o = *opts;
    else
        mpol_core_opts_init(o);
    double scale;
    mpol_status st = check_opts(o, who);
    if (st == MPOL_OK)
        st = mpol_i_tu_validate(game, &scale, who);
    if (st != MPOL_OK)
        return st;
    if (with_t && game->n < 2)
        return mpol_error(MPOL_EINVAL, "%s: a 1-player game has no proper coalitions", who);
    *tol = o->tol * scale;
    *c = mpol_calloc(1, sizeof **c);
    *x = mpol_calloc(game->n, sizeof **x);
    if (*c == NULL || *x == NULL) {
        mpol_free(*c);
        mpol_free(*x);
        *c = NULL;
        *x = NULL;
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    st = mpol_i_clp_init(*c, game, with_t, o->cg_batch, *tol, o->max_lp_solves);
    if (st != MPOL_OK) {
        mpol_free(*c);
        mpol_free(*x);
        *c = NULL;
        *x = NULL;
    }
    return st;
}

mpol_status mpol_core_solve(mpol_core_result **out, const mpol_tu_game *game,
                            const mpol_core_opts *opts)
{
    static const char who[] = "mpol_core_solve";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_core_opts o;
    double tol;
    mpol_i_clp *c;
    double *x;
    mpol_status st = prologue(game, opts, 0, who, &o, &tol, &c, &x);
    if (st != MPOL_OK)
        return st;
    size_t n = game->n;
    mpol_core_result *res = mpol_calloc(1, sizeof *res);
    if (res == NULL) {
        mpol_i_clp_free(c);
        mpol_free(c);
        mpol_free(x);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    res->n = n;
    res->x = x;
    st = run_guarded(c, core_work, res, &o, who);
    if (st != MPOL_OK)
        goto done;

    /* Independent check over the full table. */
    double vN = game->v[((size_t)1 << n) - 1];
    res->outcome = res->min_cost <= vN + tol ? MPOL_SOLVED : MPOL_EMPTY_CORE;
    mpol_i_sums_set(&c->sums, res->x);
    res->max_violation = mpol_i_max_excess(game, &c->sums, 1);
    double val = 0;
    res->balance_error = 0;
    for (size_t k = 0; k < res->nweights; k++)
        val += res->weights[k] * game->v[res->masks[k]];
    for (size_t i = 0; i < n; i++) {
        double e = fabs(coverage(res->nweights, res->masks, res->weights, i) - 1.0);
        if (e > res->balance_error)
            res->balance_error = e;
    }
    res->dual_gap = fabs(val - res->min_cost);
    int ok = res->max_violation <= tol && res->balance_error <= MPOL_I_BALANCE_TOL &&
             res->dual_gap <= MPOL_I_BALANCE_TOL * (1.0 + fabs(res->min_cost));
    if (res->outcome == MPOL_SOLVED) {
        double xN = mpol_i_sums_get(&c->sums, (mpol_coalition)(((size_t)1 << n) - 1));
        res->efficiency_error = fabs(xN - vN);
        ok = ok && res->efficiency_error <= tol;
    } else {
        ok = ok && val > vN + tol;
    }
    res->verified = o.verify ? ok : 0;
    res->max_error = fmax(fmax(res->efficiency_error, res->balance_error), res->dual_gap);
    if (res->outcome == MPOL_SOLVED)
        res->max_error = fmax(res->max_error, fmax(0.0, res->max_violation));
    if (o.verify && !ok)
        st = mpol_error(MPOL_EVERIFY,
                        "%s: check failed (violation %g, balance error %g, dual gap %g)", who,
                        res->max_violation, res->balance_error, res->dual_gap);
done:
    mpol_i_clp_free(c);
    mpol_free(c);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_core_result_free(res);
        return st;
    }
    *out = res; /* also on MPOL_EVERIFY, for the caller to inspect (docs/conventions.md) */
    return st;
}

static mpol_status least_work(mpol_i_clp *c, void *out, const mpol_core_opts *o)
{
    mpol_least_core_result *res = out;
    static const char who[] = "mpol_least_core";
    const mpol_tu_game *g = c->game;
    size_t n = g->n;
    mpol_coalition all = (mpol_coalition)(((size_t)1 << n) - 1);
    mpol_i_clp_create(c, NULL);
    mpol_status st = mpol_i_clp_add_fixed(c, all, g->v[all]);
    if (st == MPOL_OK)
        st = mpol_i_clp_start_rows(c, n < o->cg_min_players);
    if (st == MPOL_OK)
        st = mpol_i_clp_solve_generated(c, NULL, who);
    if (st != MPOL_OK)
        return st;
    memcpy(res->x, c->x, n * sizeof *res->x);
    res->eps = c->t;
    res->lp_solves = c->lp_solves;
    res->rows_generated = c->rows_generated;
    return collect_duals(c, &res->nweights, &res->masks, &res->weights);
}

mpol_status mpol_least_core(mpol_least_core_result **out, const mpol_tu_game *game,
                            const mpol_core_opts *opts)
{
    static const char who[] = "mpol_least_core";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_core_opts o;
    double tol;
    mpol_i_clp *c;
    double *x;
    mpol_status st = prologue(game, opts, 1, who, &o, &tol, &c, &x);
    if (st != MPOL_OK)
        return st;
    size_t n = game->n;
    mpol_least_core_result *res = mpol_calloc(1, sizeof *res);
    if (res == NULL) {
        mpol_i_clp_free(c);
        mpol_free(c);
        mpol_free(x);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
    }
    res->n = n;
    res->x = x;
    st = run_guarded(c, least_work, res, &o, who);
    if (st != MPOL_OK)
        goto done;

    /* Independent check: primal feasibility over the full table and the dual bound. */
    size_t all = ((size_t)1 << n) - 1;
    mpol_i_sums_set(&c->sums, res->x);
    res->max_excess = mpol_i_max_excess(game, &c->sums, 0);
    res->efficiency_error = fabs(mpol_i_sums_get(&c->sums, (mpol_coalition)all) - game->v[all]);
    double wsum = 0, val = 0, cov = 0;
    for (size_t k = 0; k < res->nweights; k++) {
        wsum += res->weights[k];
        val += res->weights[k] * game->v[res->masks[k]];
    }
    for (size_t i = 0; i < n; i++)
        cov += coverage(res->nweights, res->masks, res->weights, i) / (double)n;
    res->balance_error = fabs(wsum - 1.0);
    for (size_t i = 0; i < n; i++) {
        double e = fabs(coverage(res->nweights, res->masks, res->weights, i) - cov);
        if (e > res->balance_error)
            res->balance_error = e;
    }
    res->dual_bound = val - cov * game->v[all];
    int ok = res->max_excess <= res->eps + tol && res->efficiency_error <= tol &&
             res->balance_error <= MPOL_I_BALANCE_TOL &&
             res->eps - res->dual_bound <= tol + MPOL_I_BALANCE_TOL * fabs(res->eps);
    res->verified = o.verify ? ok : 0;
    res->max_error = fmax(fmax(fmax(0.0, res->max_excess - res->eps), res->efficiency_error),
                          fmax(res->balance_error, fmax(0.0, res->eps - res->dual_bound)));
    if (o.verify && !ok)
        st = mpol_error(MPOL_EVERIFY,
                        "%s: check failed (eps %g, max excess %g, dual bound %g, balance %g)", who,
                        res->eps, res->max_excess, res->dual_bound, res->balance_error);
done:
    mpol_i_clp_free(c);
    mpol_free(c);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_least_core_result_free(res);
        return st;
    }
    *out = res; /* also on MPOL_EVERIFY, for the caller to inspect (docs/conventions.md) */
    return st;
}
