/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements regime detection for sweeps: the table of distinct solution
 * structures (signatures) in order of first appearance, and the breakpoints between
 * neighbouring grid points whose structures differ, each refined by bisection on the
 * parameter that changes until the bracket is narrower than the requested tolerance. The
 * bisections run in parallel (OpenMP, one workspace per thread); each is independent and
 * solves cold, so the breakpoints do not depend on the number of threads.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "multipolar/sweep.h"
#include "sweep/sweep_internal.h"

/* Bisection steps are bounded: 200 halvings shrink any double-precision bracket. */
#define MPOL_SWEEP_MAX_BISECT 200

/* Open-addressing map from signature to regime id. */
typedef struct sigmap {
    uint64_t *keys;
    size_t *vals;
    unsigned char *used;
    size_t cap;
} sigmap;

static mpol_status sigmap_init(sigmap *m, size_t expect)
{
    m->cap = 16;
    while (m->cap < 2 * expect && m->cap < ((size_t)1 << 40))
        m->cap *= 2;
    m->keys = mpol_calloc(m->cap, sizeof *m->keys);
    m->vals = mpol_calloc(m->cap, sizeof *m->vals);
    m->used = mpol_calloc(m->cap, 1);
    if (!m->keys || !m->vals || !m->used)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    return MPOL_OK;
}

static void sigmap_free(sigmap *m)
{
    mpol_free(m->keys);
    mpol_free(m->vals);
    mpol_free(m->used);
}

/* Returns the slot of key (used or the free slot where it belongs). */
static size_t sigmap_slot(const sigmap *m, uint64_t key)
{
    size_t i = (size_t)(key * 0x9e3779b97f4a7c15ULL) & (m->cap - 1);
    while (m->used[i] && m->keys[i] != key)
        i = (i + 1) & (m->cap - 1);
    return i;
}

/* Solves at grid point @p index with the axis @p axis set to @p x; returns the signature. */
static mpol_status signature_at(const mpol_i_sweep_kind *kind, void *ws, const mpol_model *model,
                                const mpol_sweep_grid *grid, size_t index, size_t axis, double x,
                                double *params, double *solution, uint64_t *sig, int *verified)
{
    double axis_values[2];
    size_t np = mpol_model_nparams(model);
    for (size_t i = 0; i < np; i++)
        params[i] = mpol_model_param_value(model, i);
    mpol_sweep_grid_point(grid, index, axis_values);
    for (size_t a = 0; a < grid->naxes; a++)
        params[grid->param[a]] = axis_values[a];
    params[grid->param[axis]] = x;
    double value, cert;
    int ok = 0;
    mpol_status st = kind->solve(ws, params, 0, &value, solution, &cert, sig, &ok);
    if (verified != NULL)
        *verified = ok;
    return st;
}

static mpol_status label_regimes(mpol_sweep_result *r, const mpol_model *model,
                                 const mpol_i_sweep_kind *kind, void *ws, double *params,
                                 double *solution, const size_t *first_point)
{
    for (size_t g = 0; g < r->nregimes; g++) {
        uint64_t sig;
        size_t p = first_point[g];
        mpol_status st =
            signature_at(kind, ws, model, &r->grid, p, 0, r->params[(p - r->first) * r->grid.naxes],
                         params, solution, &sig, NULL);
        if (st != MPOL_OK)
            return st;
        r->regime_labels[g] = kind->describe(ws);
        if (r->regime_labels[g] == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    }
    return MPOL_OK;
}

static mpol_status add_break(mpol_sweep_result *r, size_t *cap, const mpol_sweep_break *b)
{
    if (r->nbreaks == *cap) {
        size_t ncap = *cap ? 2 * *cap : 16;
        mpol_sweep_break *nb = mpol_realloc(r->breaks, ncap * sizeof *nb);
        if (nb == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        r->breaks = nb;
        *cap = ncap;
    }
    r->breaks[r->nbreaks++] = *b;
    return MPOL_OK;
}

/*
 * Bisects every breakpoint (in parallel: each is independent and solved cold, so the result
 * does not depend on the thread count). lo keeps the signature of the point before the
 * change; a midpoint with any other signature becomes hi. A midpoint that fails
 * verification stops its bisection when kind->unverified_is_failed (the bracket stays).
 */
static mpol_status refine_breaks(mpol_sweep_result *r, const mpol_model *model,
                                 const mpol_i_sweep_kind *kind, const mpol_sweep_opts *opts)
{
    const mpol_sweep_grid *grid = &r->grid;
    size_t np = mpol_model_nparams(model);
    volatile mpol_status failure = MPOL_OK;
    char failure_msg[1024] = "";
    int nthreads = 1;
#ifdef _OPENMP
    nthreads = opts->threads > 0 ? opts->threads : omp_get_max_threads();
    if ((size_t)nthreads > r->nbreaks)
        nthreads = (int)r->nbreaks;
#endif
    (void)nthreads;
    size_t ndone = 0;
    if (opts->refine_progress != NULL)
        opts->refine_progress(opts->userdata, 0, r->nbreaks);
#pragma omp parallel num_threads(nthreads)
    {
        void *ws = NULL;
        double *params = mpol_malloc((np ? np : 1) * sizeof *params);
        double *solution = mpol_malloc((r->ncols ? r->ncols : 1) * sizeof *solution);
        mpol_status tst = params == NULL || solution == NULL
                              ? mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory")
                              : kind->ws_alloc(&ws, model, opts);
        if (tst != MPOL_OK) {
#pragma omp critical(mpol_sweep_refine_failure)
            if (failure == MPOL_OK) {
                failure = tst;
                snprintf(failure_msg, sizeof failure_msg, "%s", mpol_last_error());
            }
        }
#pragma omp for schedule(dynamic, 4)
        for (size_t i = 0; i < r->nbreaks; i++) {
            if (failure != MPOL_OK || tst != MPOL_OK)
                continue;
            mpol_sweep_break *b = &r->breaks[i];
            uint64_t sig_lo = r->signature[b->point];
            for (int it = 0; it < MPOL_SWEEP_MAX_BISECT && fabs(b->hi - b->lo) > opts->refine_tol;
                 it++) {
                double mid = 0.5 * (b->lo + b->hi);
                if (mid == b->lo || mid == b->hi)
                    break;
                uint64_t sig;
                int ok = 0;
                mpol_status pst = signature_at(kind, ws, model, grid, b->point, b->axis, mid,
                                               params, solution, &sig, &ok);
                if (pst != MPOL_OK) {
#pragma omp critical(mpol_sweep_refine_failure)
                    if (failure == MPOL_OK) {
                        failure = pst;
                        double xv[2];
                        char at[256];
                        mpol_sweep_grid_point(grid, b->point, xv);
                        xv[b->axis] = mid;
                        mpol_i_sweep_point_text(at, sizeof at, model, grid, xv);
                        snprintf(failure_msg, sizeof failure_msg, "bisection at %s: %s", at,
                                 mpol_last_error());
                    }
                    break;
                }
                if (!ok && kind->unverified_is_failed)
                    break; /* a failed midpoint: the bracket stays as it is */
                if (sig == sig_lo)
                    b->lo = mid;
                else
                    b->hi = mid;
            }
            b->at = 0.5 * (b->lo + b->hi);
            size_t now;
#pragma omp atomic capture
            now = ++ndone;
#ifdef _OPENMP
            if (opts->refine_progress != NULL && omp_get_thread_num() == 0)
#else
            if (opts->refine_progress != NULL)
#endif
                opts->refine_progress(opts->userdata, now, r->nbreaks);
        }
        if (ws != NULL)
            kind->ws_free(ws);
        mpol_free(params);
        mpol_free(solution);
    }
    if (failure != MPOL_OK)
        return mpol_error(failure, "%s", failure_msg);
    if (opts->refine_progress != NULL)
        opts->refine_progress(opts->userdata, r->nbreaks, r->nbreaks);
    return MPOL_OK;
}

mpol_status mpol_sweep_finalize(mpol_sweep_result *r, const mpol_model *model,
                                const mpol_sweep_opts *opts)
{
    mpol_sweep_opts defaults;
    if (opts == NULL) {
        mpol_sweep_opts_init(&defaults);
        opts = &defaults;
    }
    const mpol_sweep_grid *grid = &r->grid;
    if (r->first != 0 || r->npoints != mpol_sweep_grid_size(grid))
        return mpol_error(MPOL_EINVAL, "mpol_sweep_finalize: the result does not cover the grid");
    const mpol_i_sweep_kind *kind = mpol_i_sweep_adapter(model, opts->method);
    if (kind == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sweep_finalize: kind cannot be swept");
    if (!(opts->refine_tol > 0))
        return mpol_error(MPOL_EINVAL, "mpol_sweep_finalize: refine_tol must be positive");

    mpol_status st;
    sigmap map = {0};
    size_t *first_point = NULL, cap = 0;
    void *ws = NULL;
    size_t np = mpol_model_nparams(model);
    double *params = mpol_malloc((np ? np : 1) * sizeof *params);
    double *solution = mpol_malloc((r->ncols ? r->ncols : 1) * sizeof *solution);
    r->regime = mpol_calloc(r->npoints, sizeof *r->regime);
    if (params == NULL || solution == NULL || r->regime == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        goto done;
    }
    if ((st = sigmap_init(&map, 64)) != MPOL_OK)
        goto done;
    mpol_free(r->failed);
    r->failed = NULL;
    r->nfailed = 0;
    for (size_t k = 0; k < r->npoints; k++)
        r->nfailed += !r->verified[k];
    if (r->nfailed > 0) {
        if ((r->failed = mpol_malloc(r->nfailed * sizeof *r->failed)) == NULL) {
            st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
            goto done;
        }
        for (size_t k = 0, f = 0; k < r->npoints; k++)
            if (!r->verified[k])
                r->failed[f++] = k;
    }
    for (size_t k = 0; k < r->npoints; k++) {
        if (!r->verified[k]) {
            /* A failed point: no regime. */
            r->regime[k] = MPOL_SWEEP_NO_REGIME;
            continue;
        }
        size_t slot = sigmap_slot(&map, r->signature[k]);
        if (!map.used[slot]) {
            if (2 * (r->nregimes + 1) > map.cap) {
                /* Grow and rehash. */
                sigmap bigger;
                if ((st = sigmap_init(&bigger, 2 * map.cap)) != MPOL_OK) {
                    sigmap_free(&bigger);
                    goto done;
                }
                for (size_t i = 0; i < map.cap; i++)
                    if (map.used[i]) {
                        size_t s = sigmap_slot(&bigger, map.keys[i]);
                        bigger.used[s] = 1;
                        bigger.keys[s] = map.keys[i];
                        bigger.vals[s] = map.vals[i];
                    }
                sigmap_free(&map);
                map = bigger;
                slot = sigmap_slot(&map, r->signature[k]);
            }
            if (r->nregimes == cap) {
                size_t ncap = cap ? 2 * cap : 16;
                size_t *fp = mpol_realloc(first_point, ncap * sizeof *fp);
                uint64_t *rs = mpol_realloc(r->regime_signatures, ncap * sizeof *rs);
                if (fp != NULL)
                    first_point = fp;
                if (rs != NULL)
                    r->regime_signatures = rs;
                if (fp == NULL || rs == NULL) {
                    st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
                    goto done;
                }
                cap = ncap;
            }
            map.used[slot] = 1;
            map.keys[slot] = r->signature[k];
            map.vals[slot] = r->nregimes;
            first_point[r->nregimes] = k;
            r->regime_signatures[r->nregimes] = r->signature[k];
            r->nregimes++;
        }
        r->regime[k] = map.vals[slot];
    }
    r->regime_labels = mpol_calloc(r->nregimes ? r->nregimes : 1, sizeof *r->regime_labels);
    if (r->regime_labels == NULL) {
        st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        goto done;
    }
    if ((st = kind->ws_alloc(&ws, model, opts)) != MPOL_OK)
        goto done;
    if ((st = label_regimes(r, model, kind, ws, params, solution, first_point)) != MPOL_OK)
        goto done;

    /* Breakpoints between neighbours along each axis. */
    size_t bcap = 0;
    size_t stride[2] = {1, grid->steps[0]};
    for (size_t k = 0; k < r->npoints; k++) {
        for (size_t a = 0; a < grid->naxes; a++) {
            size_t pos = a == 0 ? k % grid->steps[0] : k / grid->steps[0];
            if (pos + 1 >= grid->steps[a])
                continue;
            size_t q = k + stride[a];
            if (r->regime[k] == r->regime[q] || r->regime[k] == MPOL_SWEEP_NO_REGIME ||
                r->regime[q] == MPOL_SWEEP_NO_REGIME)
                continue;
            mpol_sweep_break b;
            memset(&b, 0, sizeof b);
            b.axis = a;
            b.point = k;
            b.lo = r->params[k * grid->naxes + a];
            b.hi = r->params[q * grid->naxes + a];
            b.other = grid->naxes == 2 ? r->params[k * grid->naxes + (1 - a)] : 0;
            b.at = 0.5 * (b.lo + b.hi);
            b.from_regime = mpol_strdup(r->regime_labels[r->regime[k]]);
            b.to_regime = mpol_strdup(r->regime_labels[r->regime[q]]);
            if (b.from_regime == NULL || b.to_regime == NULL) {
                mpol_free(b.from_regime);
                mpol_free(b.to_regime);
                st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
                goto done;
            }
            if ((st = add_break(r, &bcap, &b)) != MPOL_OK) {
                mpol_free(b.from_regime);
                mpol_free(b.to_regime);
                goto done;
            }
        }
    }
    if (opts->refine && r->nbreaks > 0 && (st = refine_breaks(r, model, kind, opts)) != MPOL_OK)
        goto done;
    st = MPOL_OK;
done:
    if (ws != NULL)
        kind->ws_free(ws);
    sigmap_free(&map);
    mpol_free(first_point);
    mpol_free(params);
    mpol_free(solution);
    return st;
}
