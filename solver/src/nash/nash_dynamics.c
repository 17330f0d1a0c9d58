/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements two learning dynamics offered as extras beside the equilibrium
 * solvers: the n-population replicator dynamics (Taylor and Jonker 1978; Weibull,
 * "Evolutionary Game Theory", MIT Press 1995, ch. 5), integrated with GSL's odeiv2 driver
 * (Runge-Kutta-Prince-Dormand 8(9)), and simultaneous fictitious play (G. W. Brown,
 * "Iterative solution of games by fictitious play", 1951), with ties between best responses
 * broken uniformly at random by a seeded GSL generator (mt19937). Both return their end point
 * with the independent certificate; neither is guaranteed to reach an equilibrium (the
 * replicator dynamics cycles on matching pennies; fictitious play cycles on Shapley's game).
 *
 * Deviations: payoffs are scaled per player to [0, 1], so t_end has a unit-free meaning; the
 * replicator state is renormalised onto the simplices at the end. GSL's driver and RNG
 * allocate with malloc(), outside the library's allocation hooks.
 */
#include <math.h>
#include <string.h>

#include <gsl/gsl_errno.h>
#include <gsl/gsl_odeiv2.h>

#include "core/rng_internal.h"
#include "multipolar/nash.h"
#include "nash/nash_internal.h"

/* A start profile may miss a sum of 1 by this much. */
#define DYN_SIMPLEX_TOL 1e-9
/* Best responses within this much (scaled payoffs) of the best are ties. */
#define FP_TIE_TOL 1e-12
/* First step of the ODE driver. */
#define REPLICATOR_H0 1e-3

void mpol_nash_replicator_opts_init(mpol_nash_replicator_opts *opts)
{
    opts->t_end = 1000.0;
    opts->abs_tol = 1e-10;
    opts->rel_tol = 1e-10;
    opts->start = NULL;
}

void mpol_nash_fictitious_opts_init(mpol_nash_fictitious_opts *opts)
{
    opts->rounds = 10000;
    opts->seed = 1;
}

static int replicator_rhs(double t, const double *x, double *dxdt, void *params)
{
    (void)t;
    mpol_i_nash_ws *ws = params;
    mpol_i_nash_tables(ws, x, 0);
    for (size_t p = 0; p < ws->n; p++) {
        double avg = 0.0;
        for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
            avg += x[k] * ws->U[k];
        for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
            dxdt[k] = x[k] * (ws->U[k] - avg);
    }
    return GSL_SUCCESS;
}

mpol_status mpol_nash_replicator(mpol_nash_result **out, const mpol_game *game,
                                 const mpol_nash_replicator_opts *opts)
{
    static const char *who = "mpol_nash_replicator";
    mpol_status st = mpol_i_nash_begin(out, game, who);
    if (st != MPOL_OK)
        return st;
    mpol_nash_replicator_opts def;
    if (opts == NULL) {
        mpol_nash_replicator_opts_init(&def);
        opts = &def;
    }
    if (!(opts->t_end > 0.0 && isfinite(opts->t_end)) || !(opts->abs_tol > 0.0) ||
        !(opts->rel_tol >= 0.0))
        return mpol_error(MPOL_EINVAL,
                          "%s: invalid options (need t_end > 0, abs_tol > 0, "
                          "rel_tol >= 0)",
                          who);
    mpol_i_nash_ws *ws = NULL;
    mpol_nash_result *res = NULL;
    double *x = NULL;
    gsl_odeiv2_driver *drv = NULL;
    if ((st = mpol_i_nash_ws_alloc(&ws, game, who)) != MPOL_OK)
        return st;
    size_t nt = ws->ntot;
    x = mpol_calloc(nt, sizeof *x);
    if (x == NULL)
        goto nomem;
    for (size_t p = 0; p < ws->n; p++) {
        double sum = 0.0;
        for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++) {
            x[k] = opts->start != NULL ? opts->start[k] : 1.0 / (double)ws->ns[p];
            if (!(x[k] > 0.0 && x[k] <= 1.0)) {
                st = mpol_error(MPOL_EINVAL,
                                "%s: start probability %zu of player %zu is not "
                                "in (0, 1]",
                                who, k - ws->off[p] + 1, p + 1);
                goto done;
            }
            sum += x[k];
        }
        if (fabs(sum - 1.0) > DYN_SIMPLEX_TOL) {
            st = mpol_error(MPOL_EINVAL, "%s: start of player %zu sums to %.17g, not 1", who, p + 1,
                            sum);
            goto done;
        }
    }
    gsl_odeiv2_system sys = {replicator_rhs, NULL, nt, ws};
    drv = gsl_odeiv2_driver_alloc_y_new(&sys, gsl_odeiv2_step_rk8pd, REPLICATOR_H0, opts->abs_tol,
                                        opts->rel_tol);
    if (drv == NULL) {
        st = mpol_error(MPOL_EBACKEND, "%s: GSL could not allocate the ODE driver", who);
        goto done;
    }
    double t = 0.0;
    int rc = gsl_odeiv2_driver_apply(drv, &t, opts->t_end, x);
    if (rc != GSL_SUCCESS) {
        st = mpol_error(MPOL_EBACKEND, "%s: GSL ODE driver failed at t = %g: %s", who, t,
                        gsl_strerror(rc));
        goto done;
    }
    for (size_t p = 0; p < ws->n; p++) {
        double sum = 0.0;
        for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++) {
            x[k] = x[k] < 0.0 ? 0.0 : x[k];
            sum += x[k];
        }
        for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
            x[k] /= sum;
    }
    if ((st = mpol_i_nash_result_new(&res, game, who)) != MPOL_OK)
        goto done;
    if ((st = mpol_i_nash_result_add(res, game, x, NULL, who)) != MPOL_OK)
        goto done;
    res->steps = (size_t)drv->n;
    *out = res;
    res = NULL;
    goto done;
nomem:
    st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
done:
    if (drv != NULL)
        gsl_odeiv2_driver_free(drv);
    mpol_free(x);
    mpol_i_nash_ws_free(ws);
    mpol_nash_result_free(res);
    return st;
}

mpol_status mpol_nash_fictitious(mpol_nash_result **out, const mpol_game *game,
                                 const mpol_nash_fictitious_opts *opts)
{
    static const char *who = "mpol_nash_fictitious";
    mpol_status st = mpol_i_nash_begin(out, game, who);
    if (st != MPOL_OK)
        return st;
    mpol_nash_fictitious_opts def;
    if (opts == NULL) {
        mpol_nash_fictitious_opts_init(&def);
        opts = &def;
    }
    if (opts->rounds == 0)
        return mpol_error(MPOL_EINVAL, "%s: rounds = 0; must be positive", who);
    mpol_i_nash_ws *ws = NULL;
    mpol_nash_result *res = NULL;
    double *freq = NULL, *count, *belief;
    size_t *ties = NULL;
    uint64_t rng = (uint64_t)opts->seed;
    if ((st = mpol_i_nash_ws_alloc(&ws, game, who)) != MPOL_OK)
        return st;
    size_t nt = ws->ntot;
    freq = mpol_calloc(3 * nt, sizeof *freq);
    ties = mpol_calloc(nt, sizeof *ties);
    if (freq == NULL || ties == NULL)
        goto nomem;
    count = freq + nt;
    belief = count + nt;
    for (size_t p = 0; p < ws->n; p++)
        for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
            belief[k] = 1.0 / (double)ws->ns[p];
    for (size_t r = 0; r < opts->rounds; r++) {
        mpol_i_nash_tables(ws, belief, 0);
        for (size_t p = 0; p < ws->n; p++) {
            double best = -INFINITY;
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                best = fmax(best, ws->U[k]);
            size_t nties = 0;
            for (size_t k = ws->off[p]; k < ws->off[p + 1]; k++)
                if (ws->U[k] >= best - FP_TIE_TOL)
                    ties[nties++] = k;
            size_t pick = nties > 1 ? ties[mpol_i_rng_below(&rng, nties)] : ties[0];
            count[pick] += 1.0;
        }
        for (size_t k = 0; k < nt; k++)
            belief[k] = count[k] / (double)(r + 1);
    }
    memcpy(freq, belief, nt * sizeof *freq);
    if ((st = mpol_i_nash_result_new(&res, game, who)) != MPOL_OK)
        goto done;
    if ((st = mpol_i_nash_result_add(res, game, freq, NULL, who)) != MPOL_OK)
        goto done;
    res->steps = opts->rounds;
    *out = res;
    res = NULL;
    goto done;
nomem:
    st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
done:
    mpol_free(freq);
    mpol_free(ties);
    mpol_i_nash_ws_free(ws);
    mpol_nash_result_free(res);
    return st;
}
