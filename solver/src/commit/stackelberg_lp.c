/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the multiple-LPs method of Conitzer and Sandholm (2006) for the strong
 * Stackelberg equilibrium with mixed commitment. For each pure profile q of the followers:
 *     max  sum_i x_i u_L(i, q)
 *     s.t. sum_i x_i [u_f(i, q) - u_f(i, q with f playing s')] >= 0   (each follower f, s')
 *          sum_i x_i = 1, x >= 0,
 * i.e. q is a Nash equilibrium among the followers given x (for two players: q is a best
 * reply). The best feasible LP is the equilibrium (ties among replies go to the leader).
 * Payoffs are scaled per player to [0, 1]. Profiles are taken in decreasing order of their
 * upper bound max_i u_L(i, q); once that bound is no better than the best value found (at
 * first the best pure commitment, which the caller puts in *best), the rest are pruned.
 *
 * Two players: one LP whose matrix stays fixed, rows  sum_i x_i u_F(i, j') - v <= 0  for
 * every follower strategy j' (v free, the follower's value), with the row of the profile j
 * fixed at 0; only that row's bounds and the objective change from LP to LP, so GLPK starts
 * each from the previous basis. n players: the rows of each profile are set in place
 * (glp_set_mat_row) and the previous basis is kept as the start.
 */
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include <glpk.h>

#include "commit_internal.h"
#include "lp/glpk_guard_internal.h"

#define SG_LP_TOL 1e-12 /* GLPK's feasibility and optimality tolerances (scaled payoffs) */

mpol_status mpol_i_sg_init(mpol_i_sg *s, const mpol_game *g, size_t L, size_t max_lps)
{
    *s = (mpol_i_sg){.g = g, .n = g->nplayers, .L = L, .m = g->nstrategies[L]};
    size_t P = 1;
    for (size_t p = 0; p < s->n; p++)
        if (p != L) {
            if (P > SIZE_MAX / g->nstrategies[p] || P * g->nstrategies[p] > max_lps) {
                double est = 1.0;
                for (size_t k = 0; k < s->n; k++)
                    est *= k == L ? 1.0 : (double)g->nstrategies[k];
                return mpol_error(MPOL_ELIMIT,
                                  "mpol_stackelberg_solve: the followers have %.4g pure profiles, "
                                  "one LP each (limit %zu; about %.3g s at 1e-4 s an LP)",
                                  est, max_lps, est * 1e-4);
            }
            P *= g->nstrategies[p];
        }
    s->P = P;
    s->stride = mpol_malloc(s->n * sizeof *s->stride);
    s->base = mpol_malloc(P * sizeof *s->base);
    s->lo = mpol_malloc(s->n * sizeof *s->lo);
    s->inv = mpol_malloc(s->n * sizeof *s->inv);
    if (s->stride == NULL || s->base == NULL || s->lo == NULL || s->inv == NULL) {
        mpol_i_sg_free(s);
        return mpol_error(MPOL_ENOMEM, "mpol_stackelberg_solve: out of memory");
    }
    for (size_t p = 0, st = 1; p < s->n; st *= g->nstrategies[p], p++)
        s->stride[p] = st;
    for (size_t q = 0; q < P; q++) { /* profile q: the followers' strategies, first fastest */
        size_t c = 0, r = q;
        for (size_t p = 0; p < s->n; p++)
            if (p != L) {
                c += (r % g->nstrategies[p]) * s->stride[p];
                r /= g->nstrategies[p];
            }
        s->base[q] = c;
    }
    for (size_t p = 0; p < s->n; p++) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t c = 0; c < g->ncells; c++) {
            lo = fmin(lo, g->payoff[c * s->n + p]);
            hi = fmax(hi, g->payoff[c * s->n + p]);
        }
        s->lo[p] = lo;
        s->inv[p] = hi > lo ? 1.0 / (hi - lo) : 1.0;
    }
    return MPOL_OK;
}

void mpol_i_sg_free(mpol_i_sg *s)
{
    mpol_free(s->stride);
    mpol_free(s->base);
    mpol_free(s->lo);
    mpol_free(s->inv);
    s->stride = s->base = NULL;
    s->lo = s->inv = NULL;
}

/* The profiles in decreasing order of their bound (ties by index). */
typedef struct sg_order {
    double ub;
    size_t q;
} sg_order;

static int order_cmp(const void *a, const void *b)
{
    const sg_order *x = a, *y = b;
    if (x->ub != y->ub)
        return x->ub > y->ub ? -1 : 1;
    return x->q < y->q ? -1 : x->q > y->q;
}

static sg_order *make_order(const mpol_i_sg *s)
{
    sg_order *o = mpol_malloc(s->P * sizeof *o);
    if (o == NULL)
        return NULL;
    for (size_t q = 0; q < s->P; q++) {
        double ub = -INFINITY;
        for (size_t i = 0; i < s->m; i++)
            ub = fmax(ub, mpol_i_sg_u(s, s->base[q] + i * s->stride[s->L], s->L));
        o[q] = (sg_order){ub, q};
    }
    qsort(o, s->P, sizeof *o, order_cmp);
    return o;
}

/* Solves the LP as it stands; 1 optimal, 0 infeasible, or an error status (negative). */
static int solve_lp(glp_prob *lp, mpol_status *st)
{
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.tol_bnd = SG_LP_TOL;
    parm.tol_dj = SG_LP_TOL;
    int ret = glp_simplex(lp, &parm);
    if (ret == GLP_ESING || ret == GLP_ECOND || ret == GLP_EBADB) {
        glp_adv_basis(lp, 0); /* a start GLPK could not factorise: a fresh basis */
        ret = glp_simplex(lp, &parm);
    }
    if (ret != 0) {
        *st = mpol_i_glpk_map_ret(ret, "mpol_stackelberg_solve");
        return -1;
    }
    int status = glp_get_status(lp);
    if (status == GLP_OPT)
        return 1;
    if (status == GLP_NOFEAS)
        return 0;
    *st = mpol_error(MPOL_ENUMERIC, "mpol_stackelberg_solve: GLPK ended an LP with status %d",
                     status);
    return -1;
}

/* The columns x_1..x_m (>= 0), the rows as set by the caller, sum x = 1 as the last row. */
static void add_simplex(glp_prob *lp, size_t m, size_t rows, int ncols)
{
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, ncols);
    for (size_t i = 0; i < m; i++)
        glp_set_col_bnds(lp, (int)i + 1, GLP_LO, 0.0, 0.0);
    glp_add_rows(lp, (int)rows + 1);
    glp_set_row_bnds(lp, (int)rows + 1, GLP_FX, 1.0, 1.0);
}

/* Two players: the fixed matrix of the header comment. */
static void build_two(glp_prob *lp, const mpol_i_sg *s, int *ind, double *val)
{
    size_t m = s->m, F = 1 - s->L, nf = s->P;
    add_simplex(lp, m, nf, (int)m + 1);
    glp_set_col_bnds(lp, (int)m + 1, GLP_FR, 0.0, 0.0);
    for (size_t j = 0; j < nf; j++) {
        for (size_t i = 0; i < m; i++) {
            ind[i + 1] = (int)i + 1;
            val[i + 1] = mpol_i_sg_u(s, s->base[j] + i * s->stride[s->L], F);
        }
        ind[m + 1] = (int)m + 1;
        val[m + 1] = -1.0;
        glp_set_mat_row(lp, (int)j + 1, (int)m + 1, ind, val);
        glp_set_row_bnds(lp, (int)j + 1, GLP_UP, 0.0, 0.0);
    }
    for (size_t i = 0; i < m; i++) {
        ind[i + 1] = (int)i + 1;
        val[i + 1] = 1.0;
    }
    glp_set_mat_row(lp, (int)nf + 1, (int)m, ind, val);
}

/* n players: the rows of profile q (each follower's each other strategy). */
static void set_rows_generic(glp_prob *lp, const mpol_i_sg *s, size_t q, int *ind, double *val)
{
    size_t r = 0, c0 = s->base[q], sL = s->stride[s->L];
    for (size_t f = 0; f < s->n; f++) {
        if (f == s->L)
            continue;
        size_t nf = s->g->nstrategies[f], cur = mpol_i_sg_strategy(s, c0, f);
        for (size_t k = 0; k < nf; k++) {
            if (k == cur)
                continue;
            size_t alt = c0 - cur * s->stride[f] + k * s->stride[f];
            for (size_t i = 0; i < s->m; i++) {
                ind[i + 1] = (int)i + 1;
                val[i + 1] = mpol_i_sg_u(s, c0 + i * sL, f) - mpol_i_sg_u(s, alt + i * sL, f);
            }
            glp_set_mat_row(lp, (int)++r, (int)s->m, ind, val);
            glp_set_row_bnds(lp, (int)r, GLP_LO, 0.0, 0.0);
        }
    }
}

static size_t generic_rows(const mpol_i_sg *s)
{
    size_t rows = 0;
    for (size_t f = 0; f < s->n; f++)
        rows += f == s->L ? 0 : s->g->nstrategies[f] - 1;
    return rows;
}

/* The loop over the ordered profiles inside the guard; returns the status. */
static mpol_status strong_loop(glp_prob *lp, const mpol_i_sg *s, const sg_order *o,
                               mpol_i_sg_best *best, int two, int *ind, double *val)
{
    size_t m = s->m, sL = s->stride[s->L];
    mpol_status st = MPOL_OK;
    for (size_t k = 0; k < s->P; k++) {
        size_t q = o[k].q;
        if (best->q != SIZE_MAX && o[k].ub <= best->value)
            break;
        if (two)
            glp_set_row_bnds(lp, (int)q + 1, GLP_FX, 0.0, 0.0);
        else
            set_rows_generic(lp, s, q, ind, val);
        for (size_t i = 0; i < m; i++)
            glp_set_obj_coef(lp, (int)i + 1, mpol_i_sg_u(s, s->base[q] + i * sL, s->L));
        int r = solve_lp(lp, &st);
        best->solved++;
        if (two)
            glp_set_row_bnds(lp, (int)q + 1, GLP_UP, 0.0, 0.0);
        if (r < 0)
            return st;
        if (r == 0)
            continue;
        best->inducible++;
        double obj = glp_get_obj_val(lp);
        if (best->q == SIZE_MAX || obj > best->value) {
            best->q = q;
            best->value = obj;
            for (size_t i = 0; i < m; i++)
                best->x[i] = glp_get_col_prim(lp, (int)i + 1);
        }
    }
    return st;
}

/* The LP inside the GLPK guard (the caller frees o, ind, val). */
static mpol_status strong_guarded(const mpol_i_sg *s, mpol_i_sg_best *best, int two, size_t rows,
                                  const sg_order *o, int *ind, double *val)
{
    mpol_i_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0)
        return mpol_i_glpk_failed(&guard, "mpol_stackelberg_solve");
    lp = glp_create_prob();
    if (two) {
        build_two(lp, s, ind, val);
    } else {
        add_simplex(lp, s->m, rows, (int)s->m);
        for (size_t i = 0; i < s->m; i++) {
            ind[i + 1] = (int)i + 1;
            val[i + 1] = 1.0;
        }
        glp_set_mat_row(lp, (int)rows + 1, (int)s->m, ind, val);
    }
    mpol_status st = strong_loop(lp, s, o, best, two, ind, val);
    glp_delete_prob(lp);
    mpol_i_glpk_release(&guard);
    return st;
}

mpol_status mpol_i_sg_strong(const mpol_i_sg *s, mpol_i_sg_best *best, int generic)
{
    int two = s->n == 2 && !generic;
    size_t rows = two ? s->P : generic_rows(s);
    if (s->m >= (size_t)INT_MAX / 4 || rows >= (size_t)INT_MAX / 4 ||
        (double)s->m * (double)(rows + 1) > (double)INT_MAX / 4)
        return mpol_error(MPOL_ELIMIT, "mpol_stackelberg_solve: the LP is too large for GLPK");
    sg_order *o = make_order(s);
    int *ind = mpol_malloc((s->m + 2) * sizeof *ind);
    double *val = mpol_malloc((s->m + 2) * sizeof *val);
    mpol_status st = MPOL_OK;
    if (o == NULL || ind == NULL || val == NULL)
        st = mpol_error(MPOL_ENOMEM, "mpol_stackelberg_solve: out of memory");
    else
        st = strong_guarded(s, best, two, rows, o, ind, val);
    mpol_free(o);
    mpol_free(ind);
    mpol_free(val);
    return st;
}
