/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the LP of ce_internal.h with GLPK's primal simplex, inside the GLPK
 * guard: one column per cell (p >= 0), one row per obedience constraint (<= 0) and the row
 * sum p = 1, loaded as one sparse triplet list. For a maximisation GLPK reports the dual of
 * an active <= row with the sign of d(objective)/d(rhs), >= 0; it is clipped at 0 so that
 * the dual bound (ce_verify.c) holds for whatever GLPK returned. The crossover (large LPs
 * with few rows: ncells columns, sum_i n_i (n_i - 1) rows) runs GLPK's interior-point method
 * first, whose normal equations are only rows x rows, then the simplex on the columns of its
 * answer's support and last on every column from that basis: 22 pivots instead of 5000 on a
 * random 4-player 8-strategy game.
 */
#include <limits.h>
#include <math.h>
#include <string.h>

#include <glpk.h>

#include "ce_internal.h"
#include "lp/glpk_guard_internal.h"

static const char who[] = "mpol_ce_solve";

/* The largest LP (rows x columns) that the exact rational simplex is tried on. */
#define EXACT_MAX MPOL_I_CE_EXACT_MAX

static mpol_status map_status(int status)
{
    switch (status) {
    case GLP_OPT:
        return MPOL_OK;
    case GLP_FEAS:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK stopped at a feasible, not optimal, point", who);
    case GLP_INFEAS:
    case GLP_NOFEAS:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK reports the polytope empty", who);
    case GLP_UNBND:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK reports the LP unbounded", who);
    default:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK solution status undefined (%d)", who, status);
    }
}

void mpol_i_ce_rows_triplets(const mpol_i_ce_rows *r, int *ia, int *ja, double *ar)
{
    size_t k = 1;
    for (size_t row = 0; row < r->nrows; row++)
        for (size_t e = r->start[row]; e < r->start[row + 1]; e++, k++) {
            ia[k] = (int)row + 1;
            ja[k] = (int)r->col[e] + 1;
            ar[k] = r->val[e];
        }
    for (size_t c = 0; c < r->ncols; c++, k++) {
        ia[k] = (int)r->nrows + 1;
        ja[k] = (int)c + 1;
        ar[k] = 1.0;
    }
}

/* Reads the distribution (cleaned) and the clipped duals. */
static mpol_status read_solution(glp_prob *lp, const mpol_i_ce_rows *r, double *prob, double *dual)
{
    double sum = 0.0;
    for (size_t c = 0; c < r->ncols; c++) {
        double v = glp_get_col_prim(lp, (int)c + 1);
        prob[c] = v > 0.0 ? v : 0.0;
        sum += prob[c];
    }
    if (!(sum > 0.0) || !isfinite(sum))
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK returned no distribution", who);
    for (size_t c = 0; c < r->ncols; c++)
        prob[c] /= sum;
    for (size_t row = 0; row < r->nrows; row++) {
        double y = glp_get_row_dual(lp, (int)row + 1);
        dual[row] = y > 0.0 && isfinite(y) ? y : 0.0;
    }
    return MPOL_OK;
}

static void set_up(glp_prob *lp, const mpol_i_ce_rows *r, const double *obj, size_t nnz,
                   const int *ia, const int *ja, const double *ar)
{
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_rows(lp, (int)r->nrows + 1);
    glp_add_cols(lp, (int)r->ncols);
    for (size_t row = 0; row < r->nrows; row++)
        glp_set_row_bnds(lp, (int)row + 1, GLP_UP, 0.0, 0.0);
    glp_set_row_bnds(lp, (int)r->nrows + 1, GLP_FX, 1.0, 1.0);
    for (size_t c = 0; c < r->ncols; c++) {
        glp_set_col_bnds(lp, (int)c + 1, GLP_LO, 0.0, 0.0);
        glp_set_obj_coef(lp, (int)c + 1, obj[c]);
    }
    glp_load_matrix(lp, (int)nnz, ia, ja, ar);
}

/* GLPK's interior-point method, then the columns outside its answer's support fixed at 0
 * so that the simplex that follows works on the support only. Returns 0 (nothing fixed)
 * when the interior-point method failed. */
static int restrict_to_support(glp_prob *lp, const mpol_i_ce_rows *r)
{
    glp_iptcp ip;
    glp_init_iptcp(&ip);
    ip.msg_lev = GLP_MSG_OFF;
    if (glp_interior(lp, &ip) != 0 || glp_ipt_status(lp) != GLP_OPT)
        return 0;
    for (size_t c = 0; c < r->ncols; c++)
        if (!(glp_ipt_col_prim(lp, (int)c + 1) > 1e-7))
            glp_set_col_bnds(lp, (int)c + 1, GLP_FX, 0.0, 0.0);
    return 1;
}

/* Frees every column again after the restricted simplex. */
static void unrestrict(glp_prob *lp, const mpol_i_ce_rows *r)
{
    for (size_t c = 0; c < r->ncols; c++)
        if (glp_get_col_type(lp, (int)c + 1) == GLP_FX)
            glp_set_col_bnds(lp, (int)c + 1, GLP_LO, 0.0, 0.0);
}

/* The simplex with tight tolerances (after the crossover's interior-point method and
 * restricted simplex when @p interior); where GLPK fails or finds no optimum, once more from
 * the standard basis on the scaled LP with GLPK's default tolerances (dual, then primal),
 * and last, for LPs of at most EXACT_MAX rows x columns, GLPK's exact rational simplex. The
 * certificate judges whatever comes out. */
static mpol_status solve(glp_prob *lp, const mpol_i_ce_rows *r, int interior)
{
    if (interior == MPOL_I_CE_EXACT) {
        glp_smcp parm;
        glp_init_smcp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        int ret = glp_exact(lp, &parm);
        return ret != 0 ? mpol_i_glpk_map_ret(ret, who) : map_status(glp_get_status(lp));
    }
    int restricted = interior && restrict_to_support(lp, r);
    /* GLPK's simplex can cycle on degenerate LPs with tight tolerances (seen in a sweep
     * near a breakpoint): an iteration limit hands such an LP to the next attempt. */
    double lim = 50.0 * ((double)r->nrows + (double)r->ncols) + 10000.0;
    int it_lim = lim < (double)INT_MAX ? (int)lim : INT_MAX;
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.tol_bnd = 1e-10;
    parm.tol_dj = 1e-10;
    parm.it_lim = it_lim;
    int ret = glp_simplex(lp, &parm);
    if (restricted) { /* from the support's optimal basis to the whole LP's optimum */
        unrestrict(lp, r);
        if (ret != 0 || glp_get_status(lp) != GLP_OPT)
            glp_std_basis(lp);
        ret = glp_simplex(lp, &parm);
    }
    if (ret == 0 && glp_get_status(lp) == GLP_OPT)
        return MPOL_OK;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.meth = GLP_DUALP;
    parm.it_lim = it_lim;
    glp_scale_prob(lp, GLP_SF_AUTO);
    glp_std_basis(lp);
    ret = glp_simplex(lp, &parm);
    if ((ret != 0 || glp_get_status(lp) != GLP_OPT) &&
        (double)r->nrows * (double)r->ncols <= EXACT_MAX) {
        glp_unscale_prob(lp);
        glp_std_basis(lp);
        ret = glp_exact(lp, &parm);
    }
    return ret != 0 ? mpol_i_glpk_map_ret(ret, who) : map_status(glp_get_status(lp));
}

mpol_status mpol_i_ce_lp_max(const mpol_i_ce_rows *r, const double *obj, int interior, double *prob,
                             double *dual, size_t *iterations)
{
    size_t nnz = r->nnz + r->ncols;
    if (r->nrows >= (size_t)INT_MAX / 2 || r->ncols >= (size_t)INT_MAX / 2 ||
        nnz >= (size_t)INT_MAX / 2)
        return mpol_error(MPOL_ELIMIT, "%s: %zu rows, %zu columns: too large for GLPK", who,
                          r->nrows, r->ncols);
    int *ia = mpol_malloc((nnz + 1) * sizeof *ia);
    int *ja = mpol_malloc((nnz + 1) * sizeof *ja);
    double *ar = mpol_malloc((nnz + 1) * sizeof *ar);
    if (ia == NULL || ja == NULL || ar == NULL) {
        mpol_free(ia);
        mpol_free(ja);
        mpol_free(ar);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for the GLPK LP", who);
    }
    mpol_i_ce_rows_triplets(r, ia, ja, ar);
    mpol_i_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0) {
        mpol_free(ia);
        mpol_free(ja);
        mpol_free(ar);
        return mpol_i_glpk_failed(&guard, who);
    }
    lp = glp_create_prob();
    set_up(lp, r, obj, nnz, ia, ja, ar);
    mpol_status st = solve(lp, r, interior);
    *iterations += (size_t)glp_get_it_cnt(lp);
    if (st == MPOL_OK)
        st = read_solution(lp, r, prob, dual);
    glp_delete_prob(lp);
    mpol_i_glpk_release(&guard);
    mpol_free(ia);
    mpol_free(ja);
    mpol_free(ar);
    return st;
}
