/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements MPOL_ZS_SIMPLEX, the built-in dense simplex on the full game, and the
 * allocation-free hot-loop API (mpol_zs_workspace, mpol_zs_solve_ws) for sweeps over small
 * games. Both run the primal simplex of zs_tableau.c from the slack basis of the
 * shifted-positive LP (Dantzig 1951; the reduction of a matrix game to an LP is von
 * Neumann's, see Dantzig 1951, "A proof of the equivalence of the programming problem and
 * the game problem"). The workspace path verifies every answer with the same long double
 * check as mpol_zs_verify, using scratch memory held by the workspace.
 *
 * Deviation: no warm start across calls of mpol_zs_solve_ws. For the tiny games it serves
 * (4x4: 2 to 4 pivots of 16 multiply-adds), rebuilding a previous basis costs as many pivots
 * as the cold start does.
 */
#include <math.h>
#include <string.h>

#include "zs_internal.h"

struct mpol_zs_workspace {
    size_t m_max, n_max;
    mpol_i_zs_tab tab;
    long double *scratch; /* n_max, for the verification */
    mpol_zs_check check;  /* of the last solve */
    double tol;
    size_t pivots; /* of the last solve */
};

mpol_status mpol_i_zs_simplex(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                              size_t max_pivots, double *x, double *y, size_t *pivots)
{
    mpol_i_zs_tab tab;
    mpol_status st = mpol_i_zs_tab_init(&tab, m, n);
    if (st != MPOL_OK)
        return st;
    mpol_i_zs_tab_load(&tab, A, n, sc, NULL, m, NULL, n);
    tab.max_pivots = max_pivots;
    st = mpol_i_zs_primal(&tab);
    *pivots = tab.pivots;
    if (st == MPOL_OK) {
        memset(x, 0, m * sizeof(double));
        memset(y, 0, n * sizeof(double));
        if (isnan(mpol_i_zs_tab_extract(&tab, x, y)))
            st = mpol_error(MPOL_ENUMERIC, "mpol_zs_solve: simplex ended without strategies");
    }
    mpol_i_zs_tab_free(&tab);
    return st;
}

mpol_status mpol_zs_workspace_alloc(mpol_zs_workspace **out, size_t m_max, size_t n_max)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_zs_workspace_alloc: out is NULL");
    *out = NULL;
    if (m_max == 0 || n_max == 0)
        return mpol_error(MPOL_EINVAL,
                          "mpol_zs_workspace_alloc: %zu x %zu; both dimensions must be > 0", m_max,
                          n_max);
    mpol_zs_workspace *ws = mpol_calloc(1, sizeof *ws);
    if (ws == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_zs_workspace_alloc: out of memory");
    mpol_status st = mpol_i_zs_tab_init(&ws->tab, m_max, n_max);
    if (st != MPOL_OK) {
        mpol_free(ws);
        return st;
    }
    ws->scratch = mpol_malloc(n_max * sizeof(long double));
    if (ws->scratch == NULL) {
        mpol_zs_workspace_free(ws);
        return mpol_error(MPOL_ENOMEM, "mpol_zs_workspace_alloc: out of memory");
    }
    ws->m_max = m_max;
    ws->n_max = n_max;
    ws->tol = MPOL_ZS_DEFAULT_TOL;
    *out = ws;
    return MPOL_OK;
}

void mpol_zs_workspace_free(mpol_zs_workspace *ws)
{
    if (ws == NULL)
        return;
    mpol_i_zs_tab_free(&ws->tab);
    mpol_free(ws->scratch);
    mpol_free(ws);
}

mpol_status mpol_zs_workspace_set_tol(mpol_zs_workspace *ws, double tol)
{
    if (ws == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_zs_workspace_set_tol: ws is NULL");
    if (!(tol > 0.0 && tol < 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_zs_workspace_set_tol: tol = %g; need 0 < tol < 1",
                          tol);
    ws->tol = tol;
    return MPOL_OK;
}

const mpol_zs_check *mpol_zs_workspace_check(const mpol_zs_workspace *ws)
{
    return ws != NULL ? &ws->check : NULL;
}

size_t mpol_zs_workspace_pivots(const mpol_zs_workspace *ws)
{
    return ws != NULL ? ws->pivots : 0;
}

mpol_status mpol_zs_solve_ws(mpol_zs_workspace *ws, const double *A, size_t m, size_t n, double *x,
                             double *y, double *value)
{
    if (ws == NULL || A == NULL || x == NULL || y == NULL || value == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_zs_solve_ws: NULL argument");
    if (m == 0 || n == 0)
        return mpol_error(MPOL_EINVAL, "mpol_zs_solve_ws: %zu x %zu game; invalid dimension", m, n);
    if (m > ws->m_max || n > ws->n_max)
        return mpol_error(MPOL_EDIM,
                          "mpol_zs_solve_ws: %zu x %zu game exceeds the workspace "
                          "(%zu x %zu)",
                          m, n, ws->m_max, ws->n_max);
    mpol_i_zs_scale sc;
    mpol_status st = mpol_i_zs_scan(&sc, A, m, n, "mpol_zs_solve_ws");
    if (st != MPOL_OK)
        return st;
    mpol_i_zs_tab *tab = &ws->tab;
    mpol_i_zs_tab_load(tab, A, n, &sc, NULL, m, NULL, n);
    tab->pivots = 0;
    tab->max_pivots = 0;
    st = mpol_i_zs_primal(tab);
    ws->pivots = tab->pivots;
    if (st != MPOL_OK)
        return st;
    memset(x, 0, m * sizeof(double));
    memset(y, 0, n * sizeof(double));
    if (isnan(mpol_i_zs_tab_extract(tab, x, y)))
        return mpol_error(MPOL_ENUMERIC, "mpol_zs_solve_ws: simplex ended without strategies");
    *value = mpol_i_zs_check(&ws->check, A, m, n, x, y, ws->tol, ws->scratch);
    if (!ws->check.ok)
        return mpol_error(MPOL_EVERIFY,
                          "mpol_zs_solve_ws: verification failed (gap %g, scale %g, tol %g)",
                          ws->check.gap, ws->check.scale, ws->tol);
    return MPOL_OK;
}
