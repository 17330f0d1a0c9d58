/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the entry point of the repeated-game module: grim-trigger critical
 * discount factors with Nash reversion (each deviator punished by the pure stage equilibrium
 * worst for him), the feasible and individually rational polygons, and mpol_rg_solve, which
 * gathers minmax values, critical factors (grim trigger and optimal penal codes), the
 * verdicts at the model's discount factor with their one-shot deviation checks, and the
 * Abreu-Sannikov set.
 */
#include <math.h>
#include <string.h>

#include "repeated/rg_internal.h"

void mpol_rg_opts_init(mpol_rg_opts *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    mpol_rg_as_opts_init(&opts->as);
    opts->penal_code = 1;
    opts->spe_set = 1;
    opts->delta_tol = MPOL_RG_DEFAULT_DELTA_TOL;
}

void mpol_rg_result_free(mpol_rg_result *r)
{
    if (r == NULL)
        return;
    mpol_rg_minmax_free(r->minmax);
    mpol_rg_polygon_clear(&r->feasible);
    mpol_rg_polygon_clear(&r->ir);
    mpol_rg_polygon_clear(&r->ir_pure);
    mpol_free(r->nash);
    mpol_free(r->cell);
    mpol_free(r->payoff);
    mpol_free(r->grim);
    mpol_free(r->grim_sustained);
    mpol_free(r->penal);
    mpol_free(r->penal_sustained);
    mpol_free(r->grim_error);
    mpol_free(r->penal_error);
    mpol_rg_as_result_free(r->as);
    mpol_free(r);
}

/* The critical factor of one player: the least delta with (1 - delta) d + delta p <= u. */
static double player_factor(double u, double d, double p, double eps)
{
    if (d <= u + eps)
        return p <= u + eps ? 0.0 : INFINITY;
    if (p >= u - eps)
        return p > u + eps ? INFINITY : 1.0;
    return (d - u) / (d - p);
}

mpol_status mpol_rg_grim_factor(mpol_rg_grim *out, const mpol_game *g, size_t cell)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_grim_factor: out is NULL");
    mpol_status st = mpol_i_rg_check_stage(g, "mpol_rg_grim_factor");
    if (st != MPOL_OK)
        return st;
    if (cell >= g->ncells)
        return mpol_error(MPOL_EINVAL, "mpol_rg_grim_factor: profile %zu out of range", cell);
    size_t n = g->nplayers;
    double eps = 1e-12 * mpol_i_rg_scale(g);
    memset(out, 0, sizeof *out);
    out->critical = 0.0;
    for (size_t i = 0; i < n; i++) {
        double p = INFINITY;
        for (size_t c = 0; c < g->ncells; c++)
            if (mpol_i_rg_is_nash(g, c, eps))
                p = fmin(p, g->payoff[c * n + i]);
        double u = g->payoff[cell * n + i], d = mpol_i_rg_best_reply(g, cell, i);
        if (i < 2) {
            out->deviation[i] = d;
            out->punishment[i] = isinf(p) ? NAN : p;
        }
        if (isinf(p)) {
            out->critical = NAN;
            return MPOL_OK;
        }
        double f = player_factor(u, d, p, eps);
        if (f > out->critical)
            out->critical = f;
    }
    return MPOL_OK;
}

static mpol_status alloc_result(mpol_rg_result **out, const mpol_game *g, size_t ncells)
{
    mpol_rg_result *r = mpol_calloc(1, sizeof *r);
    if (r == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_rg_solve: out of memory");
    size_t m = ncells > 0 ? ncells : 1;
    r->nplayers = g->nplayers;
    r->ncells = ncells;
    r->cell = mpol_calloc(m, sizeof *r->cell);
    r->payoff = mpol_calloc(m * g->nplayers, sizeof *r->payoff);
    r->grim = mpol_calloc(m, sizeof *r->grim);
    r->grim_sustained = mpol_calloc(m, sizeof *r->grim_sustained);
    r->penal = mpol_calloc(m, sizeof *r->penal);
    r->penal_sustained = mpol_calloc(m, sizeof *r->penal_sustained);
    r->grim_error = mpol_calloc(m, sizeof *r->grim_error);
    r->penal_error = mpol_calloc(m, sizeof *r->penal_error);
    r->nash = mpol_calloc(g->ncells, sizeof *r->nash);
    if (r->cell == NULL || r->payoff == NULL || r->grim == NULL || r->grim_sustained == NULL ||
        r->penal == NULL || r->penal_sustained == NULL || r->grim_error == NULL ||
        r->penal_error == NULL || r->nash == NULL) {
        mpol_rg_result_free(r);
        return mpol_error(MPOL_ENOMEM, "mpol_rg_solve: out of memory");
    }
    *out = r;
    return MPOL_OK;
}

static mpol_status polygons(mpol_rg_result *r, const mpol_game *g)
{
    if (g->nplayers != 2)
        return MPOL_OK;
    mpol_status st = mpol_rg_hull(&r->feasible, g->payoff, g->ncells);
    if (st == MPOL_OK)
        st = mpol_rg_clip(&r->ir, &r->feasible, r->minmax->mixed);
    if (st == MPOL_OK)
        st = mpol_rg_clip(&r->ir_pure, &r->feasible, r->minmax->pure);
    return st;
}

/* The one-shot deviation check of grim trigger at delta, recomputed: the largest gain of any
 * deviation from cell now, followed by the deviator's worst pure stage equilibrium forever. */
static double grim_gain(const mpol_rg_result *r, const mpol_game *g, size_t cell, double delta)
{
    size_t n = g->nplayers;
    double gain = -INFINITY;
    for (size_t i = 0; i < n; i++) {
        double p = INFINITY;
        for (size_t k = 0; k < r->nnash; k++)
            p = fmin(p, g->payoff[r->nash[k] * n + i]);
        for (size_t s = 0; s < g->nstrategies[i]; s++) {
            size_t b = mpol_i_rg_switch(g, cell, i, s);
            if (b == cell)
                continue;
            double dev = (1.0 - delta) * g->payoff[b * n + i] + delta * p;
            gain = fmax(gain, dev - g->payoff[cell * n + i]);
        }
    }
    return isinf(gain) ? 0.0 : gain;
}

static mpol_status profiles(mpol_rg_result *r, const mpol_game *g, double delta,
                            const mpol_rg_opts *o)
{
    size_t n = g->nplayers;
    double scale = mpol_i_rg_scale(g), eps = 1e-12 * scale;
    for (size_t k = 0; k < r->ncells; k++) {
        size_t c = o->cells != NULL ? o->cells[k] : k;
        r->cell[k] = c;
        memcpy(r->payoff + k * n, g->payoff + c * n, n * sizeof *r->payoff);
        mpol_rg_grim gr;
        mpol_status st = mpol_rg_grim_factor(&gr, g, c);
        if (st != MPOL_OK)
            return st;
        r->grim[k] = gr.critical;
        r->grim_sustained[k] =
            !isnan(gr.critical) && gr.critical < 1.0 && delta >= gr.critical - MPOL_RG_DELTA_EPS;
        if (r->grim_sustained[k]) {
            r->grim_error[k] = fmax(grim_gain(r, g, c, delta), 0.0);
            r->max_error = fmax(r->max_error, r->grim_error[k]);
        }
        r->penal[k] = NAN;
        r->penal_sustained[k] = -1;
        if (n == 2 && o->penal_code) {
            st = mpol_rg_penal_factor(&r->penal[k], g, c, o->delta_tol, &o->as);
            if (st != MPOL_OK)
                return st;
            /* Nash reversion is one SPE punishment: optimal penal codes need no more. */
            if (!isnan(gr.critical) && gr.critical < 1.0 &&
                (isnan(r->penal[k]) || r->penal[k] > gr.critical))
                r->penal[k] = gr.critical;
            if (!isnan(r->penal[k]))
                r->penal_sustained[k] =
                    r->penal[k] < 1.0 &&
                    (delta >= r->penal[k] - MPOL_RG_DELTA_EPS || r->grim_sustained[k]);
        }
    }
    (void)eps;
    return MPOL_OK;
}

/* Without the factors (penal_code 0) the verdicts at delta come from the AS set itself: a
 * profile is sustained when (1 - delta) d_i + delta w_i <= u_i(a) for both players. */
static void penal_verdicts(mpol_rg_result *r, const mpol_game *g, double delta)
{
    double eps = 1e-12 * mpol_i_rg_scale(g);
    for (size_t k = 0; k < r->ncells; k++) {
        if (r->penal_sustained[k] >= 0)
            continue;
        size_t c = r->cell[k];
        int ok = r->as->set.n > 0;
        for (size_t i = 0; i < 2 && ok; i++)
            ok = (1.0 - delta) * mpol_i_rg_best_reply(g, c, i) + delta * r->as->worst[i] <=
                 g->payoff[2 * c + i] + eps;
        r->penal_sustained[k] = ok || r->grim_sustained[k];
    }
}

/* The check of the optimal-penal-code verdicts at delta, recomputed: a sustained profile's
 * payoff must lie in the AS set (the stationary path is an SPE), and no one-shot deviation
 * followed by the deviator's worst payoff in the set may gain. */
static void penal_check(mpol_rg_result *r, const mpol_game *g, double delta)
{
    for (size_t k = 0; k < r->ncells; k++) {
        if (r->penal_sustained[k] != 1)
            continue;
        size_t c = r->cell[k];
        const double *u = g->payoff + 2 * c;
        double e = mpol_rg_distance(&r->as->set, u[0], u[1]);
        for (size_t i = 0; i < 2; i++)
            for (size_t s = 0; s < g->nstrategies[i]; s++) {
                size_t b = mpol_i_rg_switch(g, c, i, s);
                e = fmax(e, (1.0 - delta) * g->payoff[2 * b + i] + delta * r->as->worst[i] - u[i]);
            }
        r->penal_error[k] = fmax(e, 0.0);
        r->max_error = fmax(r->max_error, r->penal_error[k]);
    }
}

mpol_status mpol_rg_solve(mpol_rg_result **out, const mpol_game *g, double delta,
                          const mpol_rg_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_solve: out is NULL");
    *out = NULL;
    mpol_status st = mpol_i_rg_check_stage(g, "mpol_rg_solve");
    if (st != MPOL_OK)
        return st;
    if (!(delta >= 0.0 && delta < 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_rg_solve: discount factor %g is not in [0, 1)", delta);
    mpol_rg_opts o;
    mpol_rg_opts_init(&o);
    if (opts != NULL)
        o = *opts;
    if (!(o.delta_tol > 0.0 && o.delta_tol < 0.5))
        return mpol_error(MPOL_EINVAL, "mpol_rg_solve: delta_tol %g is not in (0, 0.5)",
                          o.delta_tol);
    if (o.cells != NULL)
        for (size_t k = 0; k < o.ncells; k++)
            if (o.cells[k] >= g->ncells)
                return mpol_error(MPOL_EINVAL, "mpol_rg_solve: profile %zu out of range",
                                  o.cells[k]);
    mpol_rg_result *r = NULL;
    st = alloc_result(&r, g, o.cells != NULL ? o.ncells : g->ncells);
    if (st != MPOL_OK)
        return st;
    r->delta = delta;
    double scale = mpol_i_rg_scale(g);
    for (size_t c = 0; c < g->ncells; c++)
        if (mpol_i_rg_is_nash(g, c, 1e-12 * scale))
            r->nash[r->nnash++] = c;
    st = mpol_rg_minmax_compute(&r->minmax, g, o.as.verify_tol);
    if (st == MPOL_OK)
        st = polygons(r, g);
    if (st == MPOL_OK)
        st = profiles(r, g, delta, &o);
    if (st == MPOL_OK && g->nplayers == 2 && o.spe_set) {
        st = mpol_rg_as_solve(&r->as, g, delta, &o.as);
        if (st == MPOL_EVERIFY && r->as != NULL)
            st = MPOL_OK;
        if (st == MPOL_OK) {
            penal_verdicts(r, g, delta);
            penal_check(r, g, delta);
        }
    }
    if (st != MPOL_OK) {
        mpol_rg_result_free(r);
        return st;
    }
    r->max_error = fmax(r->max_error, r->minmax->max_error);
    r->verified = r->minmax->verified && r->max_error <= o.as.verify_tol * scale;
    if (r->as != NULL) {
        r->max_error = fmax(r->max_error, r->as->max_error);
        r->verified = r->verified && r->as->verified;
    }
    *out = r;
    if (!r->verified)
        return mpol_error(MPOL_EVERIFY, "mpol_rg_solve: a check failed by %g", r->max_error);
    return MPOL_OK;
}
