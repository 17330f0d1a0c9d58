/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements MPOL_ZS_GLPK: the classic LP of a matrix game (von Neumann; Dantzig
 * 1951) solved by GLPK's primal simplex,
 *     max v  s.t.  sum_i S_ij x_i - v >= 0  (each column j),  sum_i x_i = 1,  x >= 0,
 * on the scaled payoffs S = (A - min A) / range(A) in [0, 1], so GLPK's absolute tolerances
 * fit every payoff scale. The column player's strategy is the dual of the column rows
 * (y_j = -dual_j: GLPK reports duals of a maximisation with the sign of d(objective)/d(rhs),
 * which is <= 0 for active >= rows). GLPK is called only inside the guard of
 * lp/glpk_guard_internal.h; every return code and every solution status is mapped.
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include <glpk.h>

#include "lp/glpk_guard_internal.h"
#include "zs_internal.h"

/* Primal and dual feasibility tolerance passed to glp_simplex (payoffs scaled to [0, 1]). */
#define MPOL_I_ZS_GLPK_TOL 1e-12

static mpol_status map_status(int status)
{
    switch (status) {
    case GLP_OPT:
        return MPOL_OK;
    case GLP_FEAS:
        return mpol_error(MPOL_ELIMIT, "mpol_zs_solve: GLPK stopped with a feasible, "
                                       "not optimal, solution");
    case GLP_INFEAS:
    case GLP_NOFEAS:
        return mpol_error(MPOL_ENUMERIC, "mpol_zs_solve: GLPK reports the game LP infeasible");
    case GLP_UNBND:
        return mpol_error(MPOL_ENUMERIC, "mpol_zs_solve: GLPK reports the game LP unbounded");
    default:
        return mpol_error(MPOL_ENUMERIC, "mpol_zs_solve: GLPK solution status undefined (%d)",
                          status);
    }
}

mpol_status mpol_i_zs_glpk(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                           size_t max_iter, double *x, double *y, size_t *iterations)
{
    *iterations = 0;
    if (m >= (size_t)INT_MAX / 2 || n >= (size_t)INT_MAX / 2 ||
        m * n + m + n >= (size_t)INT_MAX / 2 || max_iter > (size_t)INT_MAX)
        return mpol_error(MPOL_ELIMIT, "mpol_zs_solve: %zu x %zu is too large for GLPK", m, n);
    const size_t nnz = m * n + n + m;
    int *ia = mpol_malloc((nnz + 1) * sizeof(int));
    int *ja = mpol_malloc((nnz + 1) * sizeof(int));
    double *ar = mpol_malloc((nnz + 1) * sizeof(double));
    if (ia == NULL || ja == NULL || ar == NULL) {
        mpol_free(ia);
        mpol_free(ja);
        mpol_free(ar);
        return mpol_error(MPOL_ENOMEM, "mpol_zs_solve: out of memory for the GLPK LP");
    }
    size_t k = 1;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++, k++) {
            ia[k] = (int)j + 1;
            ja[k] = (int)i + 1;
            ar[k] = (A[i * n + j] - sc->amin) * sc->inv;
        }
    for (size_t j = 0; j < n; j++, k++) {
        ia[k] = (int)j + 1;
        ja[k] = (int)m + 1;
        ar[k] = -1.0;
    }
    for (size_t i = 0; i < m; i++, k++) {
        ia[k] = (int)n + 1;
        ja[k] = (int)i + 1;
        ar[k] = 1.0;
    }

    mpol_status st = MPOL_OK;
    mpol_i_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0) {
        mpol_free(ia);
        mpol_free(ja);
        mpol_free(ar);
        return mpol_i_glpk_failed(&guard, "mpol_zs_solve");
    }
    lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, (int)n + 1);
    glp_add_cols(lp, (int)m + 1);
    for (size_t j = 0; j < n; j++)
        glp_set_row_bnds(lp, (int)j + 1, GLP_LO, 0.0, 0.0);
    glp_set_row_bnds(lp, (int)n + 1, GLP_FX, 1.0, 1.0);
    for (size_t i = 0; i < m; i++)
        glp_set_col_bnds(lp, (int)i + 1, GLP_LO, 0.0, 0.0);
    glp_set_col_bnds(lp, (int)m + 1, GLP_FR, 0.0, 0.0);
    glp_set_obj_coef(lp, (int)m + 1, 1.0);
    glp_load_matrix(lp, (int)nnz, ia, ja, ar);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    /* GLPK's default 1e-7 feasibility/optimality tolerances leave the duals (y) off by up to
     * 1e-5 of the range on 500 x 500 games; the scaled LP takes much tighter ones. */
    parm.tol_bnd = MPOL_I_ZS_GLPK_TOL;
    parm.tol_dj = MPOL_I_ZS_GLPK_TOL;
    if (max_iter != 0)
        parm.it_lim = (int)max_iter;
    int ret = glp_simplex(lp, &parm);
    *iterations = (size_t)glp_get_it_cnt(lp);
    if (ret != 0)
        st = mpol_i_glpk_map_ret(ret, "mpol_zs_solve");
    else
        st = map_status(glp_get_status(lp));
    if (st == MPOL_OK) {
        double sx = 0.0, sy = 0.0;
        for (size_t i = 0; i < m; i++) {
            double v = glp_get_col_prim(lp, (int)i + 1);
            x[i] = v > 0.0 ? v : 0.0;
            sx += x[i];
        }
        for (size_t j = 0; j < n; j++) {
            double v = -glp_get_row_dual(lp, (int)j + 1);
            y[j] = v > 0.0 ? v : 0.0;
            sy += y[j];
        }
        if (sx > 0.0 && sy > 0.0 && isfinite(sx) && isfinite(sy)) {
            for (size_t i = 0; i < m; i++)
                x[i] /= sx;
            for (size_t j = 0; j < n; j++)
                y[j] /= sy;
        } else {
            st = mpol_error(MPOL_ENUMERIC, "mpol_zs_solve: GLPK returned no strategies");
        }
    }
    glp_delete_prob(lp);
    mpol_i_glpk_release(&guard);
    mpol_free(ia);
    mpol_free(ja);
    mpol_free(ar);
    return st;
}
