/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep engine: grids over one or two model parameters, the
 * parallel evaluation of grid points (OpenMP) in fixed warm-start blocks, the regime table
 * (distinct solution structures) and the bisection of regime breakpoints.
 *
 * Determinism: points are grouped in blocks of MPOL_SWEEP_BLOCK consecutive grid indices
 * that do not depend on the number of threads or on the slice a distributed rank computes;
 * a solve is warm-started only from the previous point of its own block. Every point is
 * therefore computed by the same sequence of operations whatever the parallelism, and a
 * serial run, a threaded run and an MPI run give identical numbers.
 */
#include "multipolar/sweep.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#include "model/model_internal.h"
#include "sweep/sweep_internal.h"

void mpol_sweep_opts_init(mpol_sweep_opts *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->refine = 1;
    opts->refine_tol = 1e-9;
}

const mpol_i_sweep_kind *mpol_i_sweep_kind_for(mpol_model_kind kind)
{
    /* The sweep hooks are part of the kind's entry in the kind table (model.c). */
    const mpol_i_kind_ops *ops = mpol_i_kind_ops_for(kind);
    return ops != NULL ? ops->sweep : NULL;
}

void mpol_i_strbuf_add(mpol_i_strbuf *b, const char *fmt, ...)
{
    if (b->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return;
    }
    if (b->len + (size_t)n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 64;
        while (cap < b->len + (size_t)n + 1)
            cap *= 2;
        char *s = mpol_realloc(b->s, cap);
        if (s == NULL) {
            b->failed = 1;
            return;
        }
        b->s = s;
        b->cap = cap;
    }
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *mpol_i_strbuf_take(mpol_i_strbuf *b)
{
    if (b->failed) {
        mpol_free(b->s);
        b->s = NULL;
        return NULL;
    }
    if (b->s == NULL)
        return mpol_strdup("");
    char *s = b->s;
    b->s = NULL;
    return s;
}

mpol_status mpol_i_sweep_columns(size_t ncols, mpol_i_sweep_column_fn fn, const void *ctx,
                                 char ***names)
{
    *names = mpol_calloc(ncols ? ncols : 1, sizeof **names);
    if (*names == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    for (size_t c = 0; c < ncols; c++) {
        mpol_i_strbuf b = {0};
        fn(&b, ctx, c);
        if (((*names)[c] = mpol_i_strbuf_take(&b)) == NULL) {
            for (size_t d = 0; d < c; d++)
                mpol_free((*names)[d]);
            mpol_free(*names);
            *names = NULL;
            return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
        }
    }
    return MPOL_OK;
}

static void strategy_column(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    const mpol_game *g = ctx;
    size_t p = 0;
    while (c >= g->nstrategies[p])
        c -= g->nstrategies[p++];
    mpol_i_strbuf_add(b, "%s:%s", g->player_names[p], g->strategy_names[p][c]);
}

mpol_status mpol_i_sweep_strategy_columns(const mpol_game *game, size_t *ncols, char ***names)
{
    *ncols = 0;
    for (size_t p = 0; p < game->nplayers; p++)
        *ncols += game->nstrategies[p];
    return mpol_i_sweep_columns(*ncols, strategy_column, game, names);
}

mpol_status mpol_sweep_grid_from_model(mpol_sweep_grid *grid, const mpol_model *model)
{
    size_t n = mpol_model_nsweep(model);
    if (n == 0)
        return mpol_error(MPOL_EINVAL, "%s: the model has no sweep section; give --param",
                          mpol_model_source(model));
    if (n > 2)
        return mpol_error(MPOL_EINVAL, "%s: a sweep has one or two parameters, not %zu",
                          mpol_model_source(model), n);
    memset(grid, 0, sizeof *grid);
    grid->naxes = n;
    for (size_t i = 0; i < n; i++) {
        mpol_status st = mpol_model_sweep_axis(model, i, &grid->param[i], &grid->from[i],
                                               &grid->to[i], &grid->steps[i]);
        if (st != MPOL_OK)
            return st;
    }
    return MPOL_OK;
}

size_t mpol_sweep_grid_size(const mpol_sweep_grid *grid)
{
    size_t n = 1;
    for (size_t a = 0; a < grid->naxes; a++) {
        if (grid->steps[a] != 0 && n > SIZE_MAX / grid->steps[a])
            return SIZE_MAX;
        n *= grid->steps[a];
    }
    return n;
}

static double axis_value(const mpol_sweep_grid *grid, size_t a, size_t i)
{
    if (grid->steps[a] <= 1)
        return grid->from[a];
    if (i == grid->steps[a] - 1)
        return grid->to[a];
    return grid->from[a] + (grid->to[a] - grid->from[a]) * (double)i / (double)(grid->steps[a] - 1);
}

void mpol_sweep_grid_point(const mpol_sweep_grid *grid, size_t index, double *values)
{
    for (size_t a = 0; a < grid->naxes; a++) {
        values[a] = axis_value(grid, a, index % grid->steps[a]);
        index /= grid->steps[a];
    }
}

void mpol_i_sweep_point_text(char *buf, size_t size, const mpol_model *model,
                             const mpol_sweep_grid *grid, const double *axis_values)
{
    size_t o = 0;
    if (size == 0)
        return;
    buf[0] = '\0';
    for (size_t a = 0; a < grid->naxes && o < size; a++) {
        int w = snprintf(buf + o, size - o, "%s%s=%.10g", a ? ", " : "",
                         mpol_model_param_name(model, grid->param[a]), axis_values[a]);
        if (w < 0)
            return;
        o += (size_t)w;
    }
}

static mpol_status check_grid(const mpol_sweep_grid *grid, const mpol_model *model)
{
    if (grid == NULL || model == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sweep: grid or model is NULL");
    if (grid->naxes < 1 || grid->naxes > 2)
        return mpol_error(MPOL_EINVAL, "mpol_sweep: one or two parameters, not %zu", grid->naxes);
    for (size_t a = 0; a < grid->naxes; a++) {
        if (grid->param[a] >= mpol_model_nparams(model))
            return mpol_error(MPOL_EINVAL, "mpol_sweep: no parameter %zu", grid->param[a]);
        if (grid->steps[a] < 1)
            return mpol_error(MPOL_EINVAL, "mpol_sweep: %s: at least one point",
                              mpol_model_param_name(model, grid->param[a]));
        if (!isfinite(grid->from[a]) || !isfinite(grid->to[a]))
            return mpol_error(MPOL_EINVAL, "mpol_sweep: %s: bounds must be finite",
                              mpol_model_param_name(model, grid->param[a]));
    }
    if (grid->naxes == 2 && grid->param[0] == grid->param[1])
        return mpol_error(MPOL_EINVAL, "mpol_sweep: parameter %s given twice",
                          mpol_model_param_name(model, grid->param[0]));
    size_t total = mpol_sweep_grid_size(grid);
    /* The grid is limited by MPOL_LIMIT_SWEEP_POINTS (default 10^8 points, ~10 GB of
     * results for a 4x4 game). */
    size_t limit = mpol_limit_get(MPOL_LIMIT_SWEEP_POINTS);
    if (total > limit)
        return mpol_error(MPOL_ELIMIT,
                          "mpol_sweep: %zu grid points exceed the sweep-points limit of %zu; "
                          "split the sweep, or raise the limit with "
                          "mpol_limit_set(MPOL_LIMIT_SWEEP_POINTS, points) or --limit "
                          "sweep-points=VALUE",
                          total, limit);
    return MPOL_OK;
}

void mpol_sweep_result_free(mpol_sweep_result *r)
{
    if (r == NULL)
        return;
    mpol_free(r->value_name);
    mpol_free(r->certificate_name);
    if (r->colnames != NULL)
        for (size_t c = 0; c < r->ncols; c++)
            mpol_free(r->colnames[c]);
    mpol_free(r->colnames);
    mpol_free(r->params);
    mpol_free(r->value);
    mpol_free(r->solution);
    mpol_free(r->certificate);
    mpol_free(r->signature);
    mpol_free(r->verified);
    mpol_free(r->regime);
    mpol_free(r->failed);
    mpol_free(r->regime_signatures);
    if (r->regime_labels != NULL)
        for (size_t i = 0; i < r->nregimes; i++)
            mpol_free(r->regime_labels[i]);
    mpol_free(r->regime_labels);
    for (size_t i = 0; i < r->nbreaks; i++) {
        mpol_free(r->breaks[i].from_regime);
        mpol_free(r->breaks[i].to_regime);
    }
    mpol_free(r->breaks);
    mpol_free(r);
}

mpol_status mpol_sweep_result_alloc(mpol_sweep_result **out, const mpol_model *model,
                                    const mpol_sweep_grid *grid, const mpol_sweep_opts *opts,
                                    size_t first, size_t npoints)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sweep_result_alloc: out is NULL");
    *out = NULL;
    mpol_status st = check_grid(grid, model);
    if (st != MPOL_OK)
        return st;
    mpol_sweep_opts defaults;
    if (opts == NULL) {
        mpol_sweep_opts_init(&defaults);
        opts = &defaults;
    }
    const mpol_i_sweep_kind *kind = mpol_i_sweep_adapter(model, opts->method);
    if (kind == NULL)
        return mpol_error(MPOL_EINVAL, "%s: sweeps of kind %s are not supported",
                          mpol_model_source(model),
                          mpol_model_kind_name(mpol_model_get_kind(model)));
    if (npoints == 0 || first + npoints > mpol_sweep_grid_size(grid))
        return mpol_error(MPOL_EINVAL, "mpol_sweep: points %zu..%zu are outside the grid", first,
                          first + npoints);
    mpol_sweep_result *r = mpol_calloc(1, sizeof *r);
    if (r == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    void *ws = NULL;
    if ((st = kind->ws_alloc(&ws, model, opts)) != MPOL_OK)
        goto fail;
    st = kind->columns(ws, &r->ncols, &r->colnames);
    kind->ws_free(ws);
    if (st != MPOL_OK)
        goto fail;
    r->grid = *grid;
    r->first = first;
    r->npoints = npoints;
    r->nparams_out = grid->naxes;
    r->value_name = mpol_strdup(kind->value_name);
    r->certificate_name = mpol_strdup(kind->certificate_name);
    r->params = mpol_calloc(npoints * grid->naxes, sizeof *r->params);
    r->value = mpol_calloc(npoints, sizeof *r->value);
    r->solution = r->ncols ? mpol_calloc(npoints * r->ncols, sizeof *r->solution) : NULL;
    r->certificate = mpol_calloc(npoints, sizeof *r->certificate);
    r->signature = mpol_calloc(npoints, sizeof *r->signature);
    r->verified = mpol_calloc(npoints, sizeof *r->verified);
    if (!r->value_name || !r->certificate_name || !r->params || !r->value ||
        (r->ncols && !r->solution) || !r->certificate || !r->signature || !r->verified) {
        st = mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory for %zu points", npoints);
        goto fail;
    }
    *out = r;
    return MPOL_OK;
fail:
    mpol_sweep_result_free(r);
    return st;
}

/* Parameter vector for grid point @p index: the model's current values with the axes set. */
static void fill_params(const mpol_sweep_grid *grid, size_t index, double *params,
                        double *axis_values)
{
    mpol_sweep_grid_point(grid, index, axis_values);
    for (size_t a = 0; a < grid->naxes; a++)
        params[grid->param[a]] = axis_values[a];
}

static int set_threads(int threads)
{
#ifdef _OPENMP
    return threads > 0 ? threads : omp_get_max_threads();
#else
    (void)threads;
    return 1;
#endif
}

mpol_status mpol_sweep_run(mpol_sweep_result **out, const mpol_model *model,
                           const mpol_sweep_grid *grid, const mpol_sweep_opts *opts)
{
    mpol_sweep_opts defaults;
    if (opts == NULL) {
        mpol_sweep_opts_init(&defaults);
        opts = &defaults;
    }
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_sweep_run: out is NULL");
    *out = NULL;
    mpol_status st = check_grid(grid, model);
    if (st != MPOL_OK)
        return st;
    size_t total = mpol_sweep_grid_size(grid);
    size_t first = opts->first;
    if (first >= total)
        return mpol_error(MPOL_EINVAL, "mpol_sweep: first point %zu is outside the grid of %zu",
                          first, total);
    size_t count = opts->count ? opts->count : total - first;
    if (count > total - first)
        return mpol_error(MPOL_EINVAL, "mpol_sweep: %zu points from %zu exceed the grid of %zu",
                          count, first, total);
    mpol_sweep_result *r;
    if ((st = mpol_sweep_result_alloc(&r, model, grid, opts, first, count)) != MPOL_OK)
        return st;
    const mpol_i_sweep_kind *kind = mpol_i_sweep_adapter(model, opts->method);
    size_t np = mpol_model_nparams(model);
    size_t block0 = first / MPOL_SWEEP_BLOCK;
    size_t block1 = (first + count - 1) / MPOL_SWEEP_BLOCK;
    size_t nblocks = block1 - block0 + 1;
    volatile mpol_status failure = MPOL_OK;
    char failure_msg[1024] = "";
    size_t done = 0;
    int nthreads = set_threads(opts->threads);
    (void)nthreads;

#pragma omp parallel num_threads(nthreads)
    {
        void *ws = NULL;
        double *params = mpol_malloc((np ? np : 1) * sizeof *params);
        double axis_values[2];
        mpol_status tst = params == NULL ? mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory")
                                         : kind->ws_alloc(&ws, model, opts);
        if (tst != MPOL_OK) {
#pragma omp critical(mpol_sweep_failure)
            if (failure == MPOL_OK) {
                failure = tst;
                snprintf(failure_msg, sizeof failure_msg, "%s", mpol_last_error());
            }
        }
        for (size_t i = 0; i < np; i++)
            if (params != NULL)
                params[i] = mpol_model_param_value(model, i);
#pragma omp for schedule(dynamic, 1)
        for (size_t b = 0; b < nblocks; b++) {
            if (failure != MPOL_OK || tst != MPOL_OK)
                continue;
            size_t lo = (block0 + b) * MPOL_SWEEP_BLOCK, hi = lo + MPOL_SWEEP_BLOCK;
            if (lo < first)
                lo = first;
            if (hi > first + count)
                hi = first + count;
            size_t block_start = (block0 + b) * MPOL_SWEEP_BLOCK;
            for (size_t idx = lo; idx < hi; idx++) {
                size_t k = idx - first;
                fill_params(grid, idx, params, axis_values);
                memcpy(r->params + k * grid->naxes, axis_values, grid->naxes * sizeof(double));
                /* Warm only from the previous point of this block along axis 0. */
                int warm = idx > block_start && idx > lo && (idx % grid->steps[0]) != 0;
                /* A block computed from its start is always warm-started the same way; a
                 * slice that begins mid-block recomputes the block's head so that its
                 * first point sees the same warm start as in a full run. */
                if (idx == lo && lo > block_start) {
                    for (size_t j = block_start; j < lo; j++) {
                        double v, c;
                        uint64_t s;
                        int ok;
                        double *scratch = r->solution != NULL ? r->solution + k * r->ncols : NULL;
                        fill_params(grid, j, params, axis_values);
                        kind->solve(ws, params, j > block_start && (j % grid->steps[0]) != 0, &v,
                                    scratch, &c, &s, &ok);
                    }
                    fill_params(grid, idx, params, axis_values);
                    warm = (idx % grid->steps[0]) != 0;
                }
                mpol_status pst =
                    kind->solve(ws, params, warm, &r->value[k],
                                r->solution != NULL ? r->solution + k * r->ncols : NULL,
                                &r->certificate[k], &r->signature[k], &r->verified[k]);
                if (pst != MPOL_OK) {
#pragma omp critical(mpol_sweep_failure)
                    if (failure == MPOL_OK) {
                        failure = pst;
                        char at[256];
                        mpol_i_sweep_point_text(at, sizeof at, model, grid, axis_values);
                        snprintf(failure_msg, sizeof failure_msg, "at %s (grid point %zu): %s", at,
                                 idx, mpol_last_error());
                    }
                    break;
                }
            }
            size_t now;
#pragma omp atomic capture
            now = done += hi - lo;
#ifdef _OPENMP
            if (opts->progress != NULL && omp_get_thread_num() == 0)
#else
            if (opts->progress != NULL)
#endif
                opts->progress(opts->userdata, now, count);
        }
        if (ws != NULL)
            kind->ws_free(ws);
        mpol_free(params);
    }
    if (failure != MPOL_OK) {
        mpol_sweep_result_free(r);
        return mpol_error(failure, "%s", failure_msg);
    }
    for (size_t k = 0; k < count; k++)
        r->unverified += !r->verified[k];
    if (opts->progress != NULL)
        opts->progress(opts->userdata, count, count);
    if (first == 0 && count == total) {
        if ((st = mpol_sweep_finalize(r, model, opts)) != MPOL_OK) {
            mpol_sweep_result_free(r);
            return st;
        }
    }
    *out = r;
    return MPOL_OK;
}
