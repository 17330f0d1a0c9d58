/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the coalition-row LP shared by the Bondareva–Shapley core LP, the
 * least core and the stages of the (pre)nucleolus: a GLPK problem over x (and t) whose rows
 * are generated from the 2^n coalition table. Constraint generation follows the cutting-plane
 * scheme used for large TU games (e.g. Benedek, Fliege & Nguyen 2021, Section 5, and
 * Hallefjord, Helming & Jørnsten 1995): solve the restricted LP, scan the table at the
 * current (x, t) for the most violated coalitions, add a batch of them and re-solve from the
 * previous basis by the dual simplex method. The table is never turned into 2^n rows except
 * in the full-table mode (the benchmark baseline). The scan evaluates x(S) from two tables of
 * 2^(n/2) subset sums, so a pass over 2^22 coalitions costs a few milliseconds.
 *
 * Deviations: the batch keeps the k most violated coalitions (a bounded heap) instead of all
 * violated ones; coalitions whose excess is already determined (in the span of the fixed
 * ones) are marked settled when the scan meets them and never enter the LP.
 * All GLPK calls must run under the caller's glpk_guard.
 */
#include <math.h>
#include <string.h>

#include "coop_internal.h"
#include "lp/glpk_guard_internal.h"

mpol_status mpol_i_clp_init(mpol_i_clp *c, const mpol_tu_game *game, int with_t, size_t batch,
                            double feas_tol, size_t max_lp_solves)
{
    memset(c, 0, sizeof *c);
    size_t n = game->n;
    c->game = game;
    c->n = n;
    c->with_t = with_t;
    c->feas_tol = feas_tol;
    c->max_lp_solves = max_lp_solves;
    c->cand_cap = batch > 0 ? batch : 2 * n;
    size_t words = (((size_t)1 << n) + 63) / 64;
    c->skip = mpol_calloc(words, sizeof *c->skip);
    c->ind = mpol_calloc(n + 2, sizeof *c->ind);
    c->val = mpol_calloc(n + 2, sizeof *c->val);
    c->x = mpol_calloc(n, sizeof *c->x);
    c->cand = mpol_calloc(c->cand_cap, sizeof *c->cand);
    c->cand_viol = mpol_calloc(c->cand_cap, sizeof *c->cand_viol);
    if (c->skip == NULL || c->ind == NULL || c->val == NULL || c->x == NULL || c->cand == NULL ||
        c->cand_viol == NULL || mpol_i_sums_init(&c->sums, n) != MPOL_OK) {
        mpol_i_clp_free(c);
        return mpol_error(MPOL_ENOMEM, "mpol_i_clp_init: out of memory");
    }
    /* The empty and the grand coalition are never cut rows. */
    mpol_i_clp_settle(c, 0);
    mpol_i_clp_settle(c, (mpol_coalition)(((size_t)1 << n) - 1));
    return MPOL_OK;
}

void mpol_i_clp_free(mpol_i_clp *c)
{
    if (c->lp != NULL)
        glp_delete_prob(c->lp);
    c->lp = NULL;
    mpol_free(c->mask);
    mpol_free(c->kind);
    mpol_free(c->skip);
    mpol_free(c->ind);
    mpol_free(c->val);
    mpol_free(c->x);
    mpol_free(c->cand);
    mpol_free(c->cand_viol);
    mpol_i_sums_free(&c->sums);
    c->mask = NULL;
    c->kind = NULL;
    c->skip = NULL;
    c->ind = NULL;
    c->val = NULL;
    c->x = NULL;
    c->cand = NULL;
    c->cand_viol = NULL;
}

void mpol_i_clp_create(mpol_i_clp *c, const double *lower)
{
    size_t n = c->n;
    c->lp = glp_create_prob();
    glp_set_obj_dir(c->lp, GLP_MIN);
    glp_add_cols(c->lp, (int)(n + (c->with_t ? 1 : 0)));
    for (size_t i = 0; i < n; i++) {
        int j = (int)i + 1;
        if (lower != NULL)
            glp_set_col_bnds(c->lp, j, GLP_LO, lower[i], 0.0);
        else
            glp_set_col_bnds(c->lp, j, GLP_FR, 0.0, 0.0);
        glp_set_obj_coef(c->lp, j, c->with_t ? 0.0 : 1.0);
    }
    if (c->with_t) {
        glp_set_col_bnds(c->lp, (int)n + 1, GLP_FR, 0.0, 0.0);
        glp_set_obj_coef(c->lp, (int)n + 1, 1.0);
    }
}

static mpol_status grow(mpol_i_clp *c, size_t add)
{
    if (c->nrows + add <= c->cap)
        return MPOL_OK;
    size_t cap = c->cap > 0 ? c->cap : 64;
    while (cap < c->nrows + add)
        cap *= 2;
    mpol_coalition *m = mpol_realloc(c->mask, cap * sizeof *m);
    if (m == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_i_clp: out of memory for %zu rows", cap);
    c->mask = m;
    unsigned char *k = mpol_realloc(c->kind, cap * sizeof *k);
    if (k == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_i_clp: out of memory for %zu rows", cap);
    c->kind = k;
    c->cap = cap;
    return MPOL_OK;
}

static void set_row(mpol_i_clp *c, int row, mpol_coalition S, int with_t)
{
    int len = 0;
    for (size_t i = 0; i < c->n; i++) {
        if ((S >> i) & 1u) {
            len++;
            c->ind[len] = (int)i + 1;
            c->val[len] = 1.0;
        }
    }
    if (with_t) {
        len++;
        c->ind[len] = (int)c->n + 1;
        c->val[len] = 1.0;
    }
    glp_set_mat_row(c->lp, row, len, c->ind, c->val);
}

mpol_status mpol_i_clp_add_cut(mpol_i_clp *c, mpol_coalition S)
{
    mpol_status st = grow(c, 1);
    if (st != MPOL_OK)
        return st;
    int row = glp_add_rows(c->lp, 1);
    set_row(c, row, S, c->with_t);
    glp_set_row_bnds(c->lp, row, GLP_LO, c->game->v[S], 0.0);
    c->mask[c->nrows] = S;
    c->kind[c->nrows] = MPOL_I_ROW_CUT;
    c->nrows++;
    c->rows_generated++;
    mpol_i_clp_settle(c, S);
    c->need_dual = 1;
    return MPOL_OK;
}

mpol_status mpol_i_clp_add_fixed(mpol_i_clp *c, mpol_coalition S, double rhs)
{
    mpol_status st = grow(c, 1);
    if (st != MPOL_OK)
        return st;
    int row = glp_add_rows(c->lp, 1);
    set_row(c, row, S, 0);
    glp_set_row_bnds(c->lp, row, GLP_FX, rhs, rhs);
    c->mask[c->nrows] = S;
    c->kind[c->nrows] = MPOL_I_ROW_FIXED;
    c->nrows++;
    mpol_i_clp_settle(c, S);
    return MPOL_OK;
}

mpol_status mpol_i_clp_add_all(mpol_i_clp *c)
{
    mpol_coalition full = (mpol_coalition)(((size_t)1 << c->n) - 1);
    for (mpol_coalition S = 1; S < full; S++) {
        if ((c->skip[S >> 6] >> (S & 63)) & 1u)
            continue;
        mpol_status st = mpol_i_clp_add_cut(c, S);
        if (st != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

/* Adds the starting rows: all coalitions (full-table mode) or singletons and complements. */
mpol_status mpol_i_clp_start_rows(mpol_i_clp *c, int full_table)
{
    if (full_table)
        return mpol_i_clp_add_all(c);
    mpol_coalition all = (mpol_coalition)(((size_t)1 << c->n) - 1);
    for (size_t i = 0; i < c->n; i++) {
        mpol_coalition S[2] = {(mpol_coalition)1 << i, all & ~((mpol_coalition)1 << i)};
        for (int k = 0; k < 2; k++) {
            if (S[k] == 0 || S[k] == all || ((c->skip[S[k] >> 6] >> (S[k] & 63)) & 1u))
                continue;
            mpol_status st = mpol_i_clp_add_cut(c, S[k]);
            if (st != MPOL_OK)
                return st;
        }
    }
    return MPOL_OK;
}

void mpol_i_clp_kill(mpol_i_clp *c, size_t k)
{
    glp_set_row_bnds(c->lp, (int)k + 1, GLP_FR, 0.0, 0.0);
    c->kind[k] = MPOL_I_ROW_DEAD;
}

double mpol_i_clp_row_dual(const mpol_i_clp *c, size_t k)
{
    return glp_get_row_dual(c->lp, (int)k + 1);
}

/* Primal and dual feasibility tolerances of GLPK's simplex in the coalition LPs. */
#define MPOL_I_CLP_GLPK_TOL 1e-10

mpol_status mpol_i_clp_solve(mpol_i_clp *c, const char *who)
{
    if (c->max_lp_solves > 0 && c->lp_solves >= c->max_lp_solves)
        return mpol_error(MPOL_ELIMIT, "%s: more than %zu LP solves (max_lp_solves)", who,
                          c->max_lp_solves);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = c->need_dual ? GLP_DUALP : GLP_PRIMAL;
    /* GLPK's default feasibility and optimality tolerances (1e-7, relative) are looser than
     * the independent check of the results (opts.tol, 1e-9 relative to the payoff scale): a
     * least core off by 5e-9 on a degenerate 3-player game passed GLPK and failed the check. */
    parm.tol_bnd = MPOL_I_CLP_GLPK_TOL;
    parm.tol_dj = MPOL_I_CLP_GLPK_TOL;
    int ret = glp_simplex(c->lp, &parm);
    if (ret == GLP_EBADB || ret == GLP_ESING || ret == GLP_ECOND) {
        /* The basis went bad after rows changed: restart from a fresh one. */
        glp_adv_basis(c->lp, 0);
        parm.meth = GLP_PRIMAL;
        ret = glp_simplex(c->lp, &parm);
    }
    c->lp_solves++;
    c->need_dual = 0;
    if (ret != 0)
        return mpol_i_glpk_map_ret(ret, who);
    int status = glp_get_status(c->lp);
    if (status == GLP_NOFEAS)
        return mpol_error(MPOL_ENUMERIC, "%s: the LP is infeasible", who);
    if (status == GLP_UNBND)
        return mpol_error(MPOL_ENUMERIC, "%s: the LP is unbounded", who);
    if (status != GLP_OPT)
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK did not reach an optimum (status %d)", who,
                          status);
    for (size_t i = 0; i < c->n; i++)
        c->x[i] = glp_get_col_prim(c->lp, (int)i + 1);
    c->t = c->with_t ? glp_get_col_prim(c->lp, (int)c->n + 1) : glp_get_obj_val(c->lp);
    return MPOL_OK;
}

/* Min-heap on violation: cand[0] is the least violated of the kept candidates. */
static void heap_push(mpol_i_clp *c, size_t *len, mpol_coalition S, double viol)
{
    size_t k;
    if (*len < c->cand_cap) {
        k = (*len)++;
        while (k > 0) {
            size_t p = (k - 1) / 2;
            if (c->cand_viol[p] <= viol)
                break;
            c->cand[k] = c->cand[p];
            c->cand_viol[k] = c->cand_viol[p];
            k = p;
        }
    } else {
        /* Replace the root and sift down. */
        k = 0;
        for (;;) {
            size_t l = 2 * k + 1, r = l + 1, m = k;
            double mv = viol;
            if (l < *len && c->cand_viol[l] < mv) {
                m = l;
                mv = c->cand_viol[l];
            }
            if (r < *len && c->cand_viol[r] < mv)
                m = r;
            if (m == k)
                break;
            c->cand[k] = c->cand[m];
            c->cand_viol[k] = c->cand_viol[m];
            k = m;
        }
    }
    c->cand[k] = S;
    c->cand_viol[k] = viol;
}

/* Scans all coalitions outside the skip bitmap; keeps the most violated ones. */
static size_t scan(mpol_i_clp *c)
{
    const double *v = c->game->v;
    size_t n = c->n, nlo = c->sums.nlo;
    size_t nl = (size_t)1 << nlo, nh = (size_t)1 << (n - nlo);
    const double *lo = c->sums.lo;
    double t = c->with_t ? c->t : 0.0;
    double thr = c->feas_tol;
    size_t len = 0;
    for (size_t h = 0; h < nh; h++) {
        double base = c->sums.hi[h] + t;
        const double *vh = v + h * nl;
        size_t S0 = h * nl;
        for (size_t l = 0; l < nl; l++) {
            double viol = vh[l] - base - lo[l];
            if (viol > thr) {
                size_t S = S0 + l;
                if ((c->skip[S >> 6] >> (S & 63)) & 1u)
                    continue;
                heap_push(c, &len, (mpol_coalition)S, viol);
                if (len == c->cand_cap)
                    thr = c->cand_viol[0] > c->feas_tol ? c->cand_viol[0] : c->feas_tol;
            }
        }
    }
    return len;
}

mpol_status mpol_i_clp_solve_generated(mpol_i_clp *c, mpol_i_span *sp, const char *who)
{
    int need_solve = 1;
    for (;;) {
        if (need_solve) {
            mpol_status st = mpol_i_clp_solve(c, who);
            if (st != MPOL_OK)
                return st;
            mpol_i_sums_set(&c->sums, c->x);
        }
        size_t len = scan(c);
        if (len == 0)
            return MPOL_OK;
        size_t added = 0;
        for (size_t k = 0; k < len; k++) {
            mpol_coalition S = c->cand[k];
            if (sp != NULL && mpol_i_span_residual_mask(sp, S, NULL) <= MPOL_I_SPAN_TOL) {
                /* Its excess is constant on the remaining feasible set: settled. */
                mpol_i_clp_settle(c, S);
                continue;
            }
            mpol_status st = mpol_i_clp_add_cut(c, S);
            if (st != MPOL_OK)
                return st;
            added++;
        }
        need_solve = added > 0;
    }
}
