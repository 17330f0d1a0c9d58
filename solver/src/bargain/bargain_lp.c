/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file holds the LPs of the bargaining module over the feasible set (the convex
 * combinations of the payoff profiles, with obedience rows for correlated equilibria), solved
 * by GLPK inside the guard. The obedience rows are written here in one function; they are the
 * same rows a correlated-equilibrium module writes and should be shared with it. */
#include <math.h>
#include <string.h>

#include <glpk.h>

#include "bargain/bargain_internal.h"
#include "lp/glpk_guard_internal.h"

/* The stride of player p's strategy index in a cell number (first player fastest). */
static size_t stride_of(const mpol_game *g, size_t p)
{
    size_t s = 1;
    for (size_t q = 0; q < p; q++)
        s *= g->nstrategies[q];
    return s;
}

/* Number of obedience rows: sum_p m_p (m_p - 1). */
static size_t obedience_rows(const mpol_i_bg *pb)
{
    size_t rows = 0;
    for (size_t p = 0; pb->correlated && p < pb->n; p++)
        rows += pb->game->nstrategies[p] * (pb->game->nstrategies[p] - 1);
    return rows;
}

/* Gain of player p at cell c from playing k2 instead of its strategy there. */
static double gain(const mpol_i_bg *pb, size_t c, size_t p, size_t k2, size_t stride)
{
    size_t mp = pb->game->nstrategies[p];
    size_t k = (c / stride) % mp;
    size_t c2 = c + (k2 - k) * stride; /* unsigned wrap cancels */
    return pb->P[c2 * pb->n + p] - pb->P[c * pb->n + p];
}

double mpol_i_bg_obedience(const mpol_i_bg *pb, const double *w)
{
    double worst = 0.0;
    for (size_t p = 0; pb->correlated && p < pb->n; p++) {
        size_t mp = pb->game->nstrategies[p], stride = stride_of(pb->game, p);
        for (size_t k = 0; k < mp; k++)
            for (size_t k2 = 0; k2 < mp; k2++) {
                if (k2 == k)
                    continue;
                long double s = 0.0L;
                for (size_t c = 0; c < pb->ncells; c++)
                    if ((c / stride) % mp == k)
                        s += (long double)w[c] * gain(pb, c, p, k2, stride);
                worst = fmax(worst, (double)s);
            }
    }
    return worst;
}

/* Loads the obedience rows from row @p row0 (1-based) into the triplets at @p k. */
static void load_obedience(const mpol_i_bg *pb, int row0, int *ia, int *ja, double *ar, size_t *k,
                           glp_prob *lp)
{
    int row = row0;
    for (size_t p = 0; pb->correlated && p < pb->n; p++) {
        size_t mp = pb->game->nstrategies[p], stride = stride_of(pb->game, p);
        for (size_t s = 0; s < mp; s++)
            for (size_t s2 = 0; s2 < mp; s2++) {
                if (s2 == s)
                    continue;
                glp_set_row_bnds(lp, row, GLP_UP, 0.0, 0.0);
                for (size_t c = 0; c < pb->ncells; c++)
                    if ((c / stride) % mp == s) {
                        ia[*k] = row;
                        ja[*k] = (int)c + 1;
                        ar[*k] = gain(pb, c, p, s2, stride) / pb->scale;
                        (*k)++;
                    }
                row++;
            }
    }
}

typedef struct lp_arrays {
    int *ia, *ja;
    double *ar;
} lp_arrays;

static void arrays_free(lp_arrays *a)
{
    mpol_free(a->ia);
    mpol_free(a->ja);
    mpol_free(a->ar);
}

/* Builds the LP in @p lp (columns w then t; rows lo, sum, obedience). */
static void build(glp_prob *lp, const mpol_i_bg *pb, const double *cu, const double *lo,
                  const double *dir, lp_arrays *a)
{
    size_t n = pb->n, nc = pb->ncells, nlo = lo != NULL ? n : 0;
    int has_t = dir != NULL;
    glp_set_obj_dir(lp, GLP_MAX);
    glp_add_cols(lp, (int)(nc + (size_t)has_t));
    size_t nrows = nlo + 1 + obedience_rows(pb);
    glp_add_rows(lp, (int)nrows);
    size_t k = 1;
    for (size_t c = 0; c < nc; c++) {
        glp_set_col_bnds(lp, (int)c + 1, GLP_LO, 0.0, 0.0);
        double oc = 0.0;
        for (size_t i = 0; cu != NULL && i < n; i++)
            oc += cu[i] * pb->P[c * n + i];
        glp_set_obj_coef(lp, (int)c + 1, oc / pb->scale);
        for (size_t i = 0; i < nlo; i++, k++) {
            a->ia[k] = (int)i + 1;
            a->ja[k] = (int)c + 1;
            a->ar[k] = pb->P[c * n + i] / pb->scale;
        }
        a->ia[k] = (int)nlo + 1;
        a->ja[k] = (int)c + 1;
        a->ar[k++] = 1.0;
    }
    if (has_t) {
        glp_set_col_bnds(lp, (int)nc + 1, GLP_FR, 0.0, 0.0);
        glp_set_obj_coef(lp, (int)nc + 1, 1.0);
        for (size_t i = 0; i < nlo; i++, k++) {
            a->ia[k] = (int)i + 1;
            a->ja[k] = (int)nc + 1;
            a->ar[k] = -dir[i] / pb->scale;
        }
    }
    for (size_t i = 0; i < nlo; i++)
        glp_set_row_bnds(lp, (int)i + 1, GLP_LO, lo[i] / pb->scale, 0.0);
    glp_set_row_bnds(lp, (int)nlo + 1, GLP_FX, 1.0, 1.0);
    load_obedience(pb, (int)nlo + 2, a->ia, a->ja, a->ar, &k, lp);
    glp_load_matrix(lp, (int)k - 1, a->ia, a->ja, a->ar);
}

/* Reads the solution of a solved LP. */
static mpol_status read_solution(glp_prob *lp, const mpol_i_bg *pb, const double *lo,
                                 const double *dir, double *w, double *t, double *obj,
                                 double *lambda)
{
    int status = glp_get_status(lp);
    if (status == GLP_NOFEAS || status == GLP_INFEAS) {
        if (obj != NULL)
            *obj = -INFINITY;
        return MPOL_OK;
    }
    if (status != GLP_OPT)
        return mpol_error(MPOL_ENUMERIC, "mpol_bargain_solve: the LP ended with GLPK status %d",
                          status);
    size_t nc = pb->ncells;
    double sum = 0.0;
    for (size_t c = 0; w != NULL && c < nc; c++) {
        double v = glp_get_col_prim(lp, (int)c + 1);
        w[c] = v > 0.0 ? v : 0.0;
        sum += w[c];
    }
    for (size_t c = 0; w != NULL && c < nc; c++)
        w[c] /= sum;
    double tv = dir != NULL ? glp_get_col_prim(lp, (int)nc + 1) : 0.0;
    if (t != NULL)
        *t = tv;
    if (obj != NULL)
        *obj = (glp_get_obj_val(lp) - tv) * pb->scale + tv;
    for (size_t i = 0; lambda != NULL && lo != NULL && i < pb->n; i++)
        lambda[i] = fabs(glp_get_row_dual(lp, (int)i + 1));
    return MPOL_OK;
}

mpol_status mpol_i_bg_lp(const mpol_i_bg *pb, const double *cu, const double *lo, const double *dir,
                         double *w, double *t, double *obj, double *lambda)
{
    size_t n = pb->n, nc = pb->ncells;
    size_t nnz = nc * (n + 1) + n + 1;
    for (size_t p = 0; pb->correlated && p < n; p++)
        nnz += (pb->game->nstrategies[p] - 1) * nc;
    if (nnz > (size_t)0x7fffffff / 2)
        return mpol_error(MPOL_ELIMIT, "mpol_bargain_solve: the LP is too large (%zu entries)",
                          nnz);
    lp_arrays a = {mpol_malloc((nnz + 1) * sizeof(int)), mpol_malloc((nnz + 1) * sizeof(int)),
                   mpol_malloc((nnz + 1) * sizeof(double))};
    if (a.ia == NULL || a.ja == NULL || a.ar == NULL) {
        arrays_free(&a);
        return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    }
    mpol_i_glpk_guard guard;
    glp_prob *volatile lp = NULL;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0) {
        arrays_free(&a);
        return mpol_i_glpk_failed(&guard, "mpol_bargain_solve");
    }
    lp = glp_create_prob();
    build(lp, pb, cu, lo, dir, &a);
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    parm.tol_bnd = 1e-10;
    parm.tol_dj = 1e-10;
    int ret = glp_simplex(lp, &parm);
    mpol_status st = ret != 0 ? mpol_i_glpk_map_ret(ret, "mpol_bargain_solve")
                              : read_solution(lp, pb, lo, dir, w, t, obj, lambda);
    glp_delete_prob(lp);
    mpol_i_glpk_release(&guard);
    arrays_free(&a);
    return st;
}

mpol_status mpol_i_bg_support(const mpol_i_bg *pb, const double *l, double *h, double *v, double *w)
{
    size_t n = pb->n;
    if (pb->correlated) {
        mpol_status st = mpol_i_bg_lp(pb, l, NULL, NULL, w, NULL, h, NULL);
        if (st == MPOL_OK && v != NULL && w != NULL)
            for (size_t i = 0; i < n; i++) {
                long double s = 0.0L;
                for (size_t c = 0; c < pb->ncells; c++)
                    s += (long double)w[c] * pb->P[c * n + i];
                v[i] = (double)s;
            }
        return st;
    }
    size_t best = 0;
    double hb = -INFINITY;
    for (size_t c = 0; c < pb->ncells; c++) {
        long double s = 0.0L;
        for (size_t i = 0; i < n; i++)
            s += (long double)l[i] * pb->P[c * n + i];
        if ((double)s > hb) {
            hb = (double)s;
            best = c;
        }
    }
    *h = hb;
    if (v != NULL)
        memcpy(v, pb->P + best * n, n * sizeof *v);
    if (w != NULL) {
        memset(w, 0, pb->ncells * sizeof *w);
        w[best] = 1.0;
    }
    return MPOL_OK;
}
