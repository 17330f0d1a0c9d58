/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the entry points of the zero-sum module: options, method names, the
 * driver mpol_zs_solve (input checks, optional iterated dominance elimination, choice of
 * method, mapping the reduced game's strategies back, and the verification that every
 * result carries), mpol_zs_verify and the result's destructor.
 */
#include <math.h>
#include <string.h>

#include "core/method_table_internal.h"
#include "zs_internal.h"

static const mpol_i_method_entry methods[] = {{"auto", MPOL_ZS_AUTO},
                                              {"glpk", MPOL_ZS_GLPK},
                                              {"simplex", MPOL_ZS_SIMPLEX},
                                              {"oracle", MPOL_ZS_ORACLE},
                                              {"dense", MPOL_ZS_DENSE}};

const char *mpol_zs_method_name(mpol_zs_method method)
{
    return mpol_i_method_name(methods, MPOL_I_METHODS(methods), (int)method);
}

mpol_status mpol_zs_method_parse(mpol_zs_method *out, const char *name)
{
    int v;
    mpol_status st = mpol_i_method_parse(out != NULL ? &v : NULL, methods, MPOL_I_METHODS(methods),
                                         name, "zero-sum");
    if (st == MPOL_OK)
        *out = (mpol_zs_method)v;
    return st;
}

void mpol_zs_opts_init(mpol_zs_opts *opts)
{
    opts->method = MPOL_ZS_AUTO;
    opts->eliminate = MPOL_ZS_ELIM_PURE;
    opts->tol = MPOL_ZS_DEFAULT_TOL;
    opts->max_iter = 0;
}

void mpol_zs_result_free(mpol_zs_result *result)
{
    if (result == NULL)
        return;
    mpol_free(result->x);
    mpol_free(result->y);
    mpol_free(result->row_dominated);
    mpol_free(result->col_dominated);
    mpol_free(result);
}

mpol_status mpol_zs_verify(mpol_zs_check *check, const double *A, size_t m, size_t n,
                           const double *x, const double *y, double tol)
{
    if (check == NULL || A == NULL || x == NULL || y == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_zs_verify: NULL argument");
    if (m == 0 || n == 0)
        return mpol_error(MPOL_EINVAL, "mpol_zs_verify: %zu x %zu game; invalid dimension", m, n);
    if (!(tol > 0.0 && tol < 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_zs_verify: tol = %g; need 0 < tol < 1", tol);
    mpol_i_zs_scale sc;
    mpol_status st = mpol_i_zs_scan(&sc, A, m, n, "mpol_zs_verify");
    if (st != MPOL_OK)
        return st;
    for (size_t i = 0; i < m; i++)
        if (!isfinite(x[i]))
            return mpol_error(MPOL_EINVAL, "mpol_zs_verify: x[%zu] is not finite", i);
    for (size_t j = 0; j < n; j++)
        if (!isfinite(y[j]))
            return mpol_error(MPOL_EINVAL, "mpol_zs_verify: y[%zu] is not finite", j);
    long double *scratch = mpol_malloc(n * sizeof(long double));
    if (scratch == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_zs_verify: out of memory");
    mpol_i_zs_check(check, A, m, n, x, y, tol, scratch);
    mpol_free(scratch);
    return MPOL_OK;
}

/* Runs one method on the (possibly reduced) game. */
static mpol_status run_method(mpol_zs_method method, const double *A, size_t m, size_t n,
                              const mpol_zs_opts *opts, double *x, double *y, size_t *iter)
{
    mpol_i_zs_scale sc;
    mpol_status st = mpol_i_zs_scan(&sc, A, m, n, "mpol_zs_solve");
    if (st != MPOL_OK)
        return st;
    switch (method) {
    case MPOL_ZS_GLPK:
        return mpol_i_zs_glpk(A, m, n, &sc, opts->max_iter, x, y, iter);
    case MPOL_ZS_SIMPLEX:
        return mpol_i_zs_simplex(
            A, m, n, &sc, opts->max_iter != 0 ? opts->max_iter : 50 * (m + n) + 1000, x, y, iter);
    case MPOL_ZS_DENSE: {
        size_t fp;
        return mpol_i_zs_dense(A, m, n, &sc, opts->tol, opts->max_iter, x, y, iter, &fp);
    }
    default:
        return mpol_i_zs_oracle(A, m, n, &sc, opts->tol,
                                opts->max_iter != 0 ? opts->max_iter : 2 * (m + n) + 10, x, y,
                                iter);
    }
}

mpol_status mpol_zs_solve(mpol_zs_result **out, const double *A, size_t m, size_t n,
                          const mpol_zs_opts *opts)
{
    const char *where = "mpol_zs_solve";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", where);
    *out = NULL;
    if (A == NULL)
        return mpol_error(MPOL_EINVAL, "%s: payoff matrix is NULL", where);
    if (m == 0 || n == 0)
        return mpol_error(MPOL_EINVAL, "%s: %zu x %zu game; both players need a strategy", where, m,
                          n);
    mpol_zs_opts def;
    if (opts == NULL) {
        mpol_zs_opts_init(&def);
        opts = &def;
    }
    if ((unsigned)opts->method > MPOL_ZS_DENSE)
        return mpol_error(MPOL_EINVAL, "%s: unknown method %d", where, (int)opts->method);
    if (!(opts->tol > 0.0 && opts->tol < 1.0))
        return mpol_error(MPOL_EINVAL, "%s: tol = %g; need 0 < tol < 1", where, opts->tol);
    if (opts->eliminate < MPOL_ZS_ELIM_NONE || opts->eliminate > MPOL_ZS_ELIM_MIXED)
        return mpol_error(MPOL_EINVAL, "%s: eliminate = %d; need 0, 1 or 2", where,
                          opts->eliminate);
    if (m > SIZE_MAX / sizeof(double) / n)
        return mpol_error(MPOL_ELIMIT, "%s: %zu x %zu game is too large", where, m, n);
    mpol_i_zs_scale sc;
    mpol_status st = mpol_i_zs_scan(&sc, A, m, n, where);
    if (st != MPOL_OK)
        return st;

    double *Ared = NULL, *xr = NULL, *yr = NULL;
    size_t *ri = NULL, *ci = NULL;
    mpol_zs_result *res = mpol_calloc(1, sizeof *res);
    if (res == NULL)
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", where);
    res->m = m;
    res->n = n;
    res->x = mpol_calloc(m, sizeof(double));
    res->y = mpol_calloc(n, sizeof(double));
    res->row_dominated = mpol_calloc(m, 1);
    res->col_dominated = mpol_calloc(n, 1);
    if (!res->x || !res->y || !res->row_dominated || !res->col_dominated) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", where);
        goto fail;
    }
    if (opts->eliminate != MPOL_ZS_ELIM_NONE) {
        mpol_dominance_opts dopts;
        mpol_dominance_opts_init(&dopts);
        dopts.mixed = opts->eliminate == MPOL_ZS_ELIM_MIXED;
        st =
            mpol_dominance_eliminate_ex(A, NULL, m, n, &dopts, res->row_dominated,
                                        res->col_dominated, &res->rows_removed, &res->cols_removed);
        if (st != MPOL_OK)
            goto fail;
    }
    const size_t mr = m - res->rows_removed, nr = n - res->cols_removed;
    const double *G = A;
    double *xo = res->x, *yo = res->y;
    if (mr < m || nr < n) {
        Ared = mpol_malloc(mr * nr * sizeof(double));
        xr = mpol_malloc(mr * sizeof(double));
        yr = mpol_malloc(nr * sizeof(double));
        ri = mpol_malloc(mr * sizeof(size_t));
        ci = mpol_malloc(nr * sizeof(size_t));
        if (!Ared || !xr || !yr || !ri || !ci) {
            st = mpol_error(MPOL_ENOMEM, "%s: out of memory", where);
            goto fail;
        }
        size_t a = 0, b = 0;
        for (size_t i = 0; i < m; i++)
            if (!res->row_dominated[i])
                ri[a++] = i;
        for (size_t j = 0; j < n; j++)
            if (!res->col_dominated[j])
                ci[b++] = j;
        for (size_t i = 0; i < mr; i++)
            for (size_t j = 0; j < nr; j++)
                Ared[i * nr + j] = A[ri[i] * n + ci[j]];
        G = Ared;
        xo = xr;
        yo = yr;
    }
    mpol_zs_method method = opts->method;
    int auto_dense = 0;
    if (method == MPOL_ZS_AUTO) {
        if (mr * nr <= MPOL_ZS_AUTO_SIMPLEX_CELLS)
            method = MPOL_ZS_SIMPLEX;
        else if (mr * nr <= MPOL_ZS_AUTO_DENSE_CELLS && opts->max_iter == 0)
            method = MPOL_ZS_DENSE, auto_dense = 1;
        else
            method = MPOL_ZS_ORACLE;
    }
    res->method = method;
    st = run_method(method, G, mr, nr, opts, xo, yo, &res->iterations);
    if (st != MPOL_OK && auto_dense && (st == MPOL_ELIMIT || st == MPOL_ENUMERIC)) {
        /* The float stage of the dense method can stall on a degenerate game; the double
         * oracle always finishes with an exact certificate. */
        size_t spent = res->iterations;
        res->method = method = MPOL_ZS_ORACLE;
        st = run_method(method, G, mr, nr, opts, xo, yo, &res->iterations);
        res->iterations += spent;
    }
    if (st != MPOL_OK)
        goto fail;
    if (G != A) {
        for (size_t i = 0; i < mr; i++)
            res->x[ri[i]] = xr[i];
        for (size_t j = 0; j < nr; j++)
            res->y[ci[j]] = yr[j];
    }
    long double *scratch = mpol_malloc(n * sizeof(long double));
    if (scratch == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", where);
        goto fail;
    }
    res->value = mpol_i_zs_check(&res->check, A, m, n, res->x, res->y, opts->tol, scratch);
    res->verified = res->check.ok;
    res->max_error = fmax(fmax(res->check.gap, res->check.row_regret),
                          fmax(res->check.col_regret, res->check.simplex_error));
    mpol_free(scratch);
    mpol_free(Ared);
    mpol_free(xr);
    mpol_free(yr);
    mpol_free(ri);
    mpol_free(ci);
    *out = res;
    if (!res->check.ok)
        return mpol_error(MPOL_EVERIFY,
                          "%s: %s result failed verification (gap %g, regrets %g/%g, simplex "
                          "error %g, scale %g, tol %g)",
                          where, mpol_zs_method_name(method), res->check.gap, res->check.row_regret,
                          res->check.col_regret, res->check.simplex_error, res->check.scale,
                          opts->tol);
    return MPOL_OK;
fail:
    mpol_free(Ared);
    mpol_free(xr);
    mpol_free(yr);
    mpol_free(ri);
    mpol_free(ci);
    mpol_zs_result_free(res);
    return st;
}
