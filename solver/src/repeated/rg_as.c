/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the Abreu-Sannikov (2014) algorithm for the pure-strategy
 * subgame-perfect payoffs of two-player repeated games with perfect monitoring and public
 * randomisation, its independent check, and the optimal-penal-code critical discount factor.
 *
 * One step maps a convex polygon W (initially the feasible set) to the convex hull of, for
 * each profile a with best deviations d(a): the incentive constraints w_i >= g_i(a) =
 * min_W x_i + (1 - delta) / delta * (d_i(a) - u_i(a)) on the continuation w define a quadrant
 * Q(a); if u(a) lies in W and in Q(a) it contributes u(a) (an extreme point generated with a
 * slack constraint is the stationary u(a)); otherwise it contributes (1 - delta) u(a) +
 * delta w for the end points w of W's intersection with the two boundary lines of Q(a)
 * inside Q(a), at most four points. The iterates decrease to the largest fixed point.
 * With reduce = 0 each profile contributes the image of every vertex of W cut by Q(a), the
 * exact APS operator (the baseline).
 */
#include <math.h>
#include <string.h>

#include "repeated/rg_internal.h"

void mpol_rg_as_opts_init(mpol_rg_as_opts *opts)
{
    if (opts == NULL)
        return;
    memset(opts, 0, sizeof *opts);
    opts->tol = MPOL_RG_DEFAULT_AS_TOL;
    opts->verify_tol = MPOL_RG_DEFAULT_TOL;
    opts->max_iter = 2000000;
    opts->reduce = 1;
}

void mpol_rg_as_check_free(mpol_rg_as_check *c)
{
    if (c == NULL)
        return;
    mpol_free(c->cell);
    mpol_free(c->continuation);
    mpol_free(c->error);
    mpol_free(c);
}

void mpol_rg_as_result_free(mpol_rg_as_result *r)
{
    if (r == NULL)
        return;
    mpol_rg_polygon_clear(&r->set);
    mpol_rg_as_check_free(r->check);
    mpol_free(r);
}

static void worst_of(const mpol_rg_polygon *w, double worst[2])
{
    worst[0] = worst[1] = w->n > 0 ? INFINITY : NAN;
    for (size_t k = 0; k < w->n; k++) {
        worst[0] = fmin(worst[0], w->v[2 * k]);
        worst[1] = fmin(worst[1], w->v[2 * k + 1]);
    }
}

static mpol_status check_two(const mpol_game *g, double delta, const char *who)
{
    mpol_status st = mpol_i_rg_check_stage(g, who);
    if (st != MPOL_OK)
        return st;
    if (g->nplayers != 2)
        return mpol_error(MPOL_EINVAL, "%s: needs a two-player stage game, not %zu players", who,
                          g->nplayers);
    if (!(delta >= 0.0 && delta < 1.0))
        return mpol_error(MPOL_EINVAL, "%s: discount factor %g is not in [0, 1)", who, delta);
    return MPOL_OK;
}

/* delta = 0: the SPE payoffs are the convex hull of the pure stage equilibria's payoffs. */
static mpol_status myopic(mpol_rg_as_result *r, const mpol_game *g)
{
    double *pts = mpol_malloc(2 * g->ncells * sizeof *pts);
    if (pts == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_rg_as_solve: out of memory");
    size_t np = 0;
    double eps = 1e-12 * mpol_i_rg_scale(g);
    for (size_t c = 0; c < g->ncells; c++)
        if (mpol_i_rg_is_nash(g, c, eps)) {
            pts[2 * np] = g->payoff[2 * c];
            pts[2 * np + 1] = g->payoff[2 * c + 1];
            np++;
        }
    mpol_status st = mpol_rg_hull(&r->set, pts, np);
    mpol_free(pts);
    r->distance = 0.0;
    r->converged = st == MPOL_OK;
    worst_of(&r->set, r->worst);
    return st;
}

/* Adds (1 - delta) u + delta w to pts. */
static void push(double *pts, size_t *np, const double *u, double delta, double w0, double w1)
{
    pts[2 * *np] = (1.0 - delta) * u[0] + delta * w0;
    pts[2 * *np + 1] = (1.0 - delta) * u[1] + delta * w1;
    (*np)++;
}

/* One step of the operator: W -> *next; pts has room for 4 (AS) or |W| + 2 points per cell. */
static mpol_status step(mpol_rg_polygon *next, const mpol_game *g, const double *dev, double delta,
                        const mpol_rg_polygon *W, int reduce, double eps, double *pts)
{
    double worst[2];
    worst_of(W, worst);
    size_t np = 0;
    for (size_t c = 0; c < g->ncells; c++) {
        const double *u = g->payoff + 2 * c;
        double lo[2];
        for (int i = 0; i < 2; i++)
            lo[i] = worst[i] + (1.0 - delta) / delta * (dev[2 * c + i] - u[i]);
        if (!reduce) {
            mpol_rg_polygon q = {0, NULL};
            mpol_status st = mpol_rg_clip(&q, W, lo);
            if (st != MPOL_OK)
                return st;
            for (size_t k = 0; k < q.n; k++)
                push(pts, &np, u, delta, q.v[2 * k], q.v[2 * k + 1]);
            mpol_rg_polygon_clear(&q);
            continue;
        }
        if (u[0] >= lo[0] && u[1] >= lo[1] && mpol_i_rg_contains(W, u[0], u[1], eps)) {
            push(pts, &np, u, delta, u[0], u[1]);
            continue;
        }
        for (int k = 0; k < 2; k++) {
            double a, b;
            if (!mpol_i_rg_line(W, k, lo[k], &a, &b))
                continue;
            a = fmax(a, lo[1 - k]);
            if (a > b)
                continue;
            double w[2];
            w[k] = lo[k];
            w[1 - k] = a;
            push(pts, &np, u, delta, w[0], w[1]);
            w[1 - k] = b;
            push(pts, &np, u, delta, w[0], w[1]);
        }
    }
    return mpol_rg_hull(next, pts, np);
}

/* The best deviation payoffs d(a), 2 per cell. */
static double *deviations(const mpol_game *g)
{
    double *dev = mpol_malloc(2 * g->ncells * sizeof *dev);
    if (dev == NULL)
        return NULL;
    for (size_t c = 0; c < g->ncells; c++)
        for (size_t i = 0; i < 2; i++)
            dev[2 * c + i] = mpol_i_rg_best_reply(g, c, i);
    return dev;
}

static mpol_status iterate(mpol_rg_as_result *r, const mpol_game *g, const mpol_rg_as_opts *o)
{
    double scale = mpol_i_rg_scale(g), delta = r->delta;
    double *dev = deviations(g);
    size_t cap = 0;
    double *pts = NULL;
    if (dev == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_rg_as_solve: out of memory");
    mpol_status st = mpol_rg_hull(&r->set, g->payoff, g->ncells);
    r->distance = INFINITY;
    while (st == MPOL_OK && r->set.n > 0 && r->iterations < o->max_iter) {
        /* Per cell: 4 points (AS) or the vertices of W cut by a quadrant (at most |W| + 2). */
        size_t per = o->reduce ? 4 : r->set.n + 2;
        if (per * g->ncells > cap) {
            double *np = mpol_realloc(pts, 2 * per * g->ncells * sizeof *pts);
            if (np == NULL) {
                st = mpol_error(MPOL_ENOMEM, "mpol_rg_as_solve: out of memory");
                break;
            }
            pts = np;
            cap = per * g->ncells;
        }
        mpol_rg_polygon next = {0, NULL};
        st = step(&next, g, dev, delta, &r->set, o->reduce, 1e-12 * scale, pts);
        if (st != MPOL_OK)
            break;
        r->distance = mpol_rg_hausdorff(&r->set, &next);
        mpol_rg_polygon_clear(&r->set);
        r->set = next;
        r->iterations++;
        if (r->distance <= o->tol * scale)
            break;
    }
    r->converged = st == MPOL_OK && (r->set.n == 0 || r->distance <= o->tol * scale);
    /* The iterates approach V from outside with vertices that differ at the tolerance level
     * (nearly collinear and nearly coincident ones): one coarser clean-up, checked below. */
    if (st == MPOL_OK)
        mpol_i_rg_simplify(&r->set, 100.0 * o->tol * scale);
    worst_of(&r->set, r->worst);
    mpol_free(dev);
    mpol_free(pts);
    return st;
}

mpol_status mpol_rg_as_solve(mpol_rg_as_result **out, const mpol_game *g, double delta,
                             const mpol_rg_as_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_as_solve: out is NULL");
    *out = NULL;
    mpol_status st = check_two(g, delta, "mpol_rg_as_solve");
    if (st != MPOL_OK)
        return st;
    mpol_rg_as_opts o;
    mpol_rg_as_opts_init(&o);
    if (opts != NULL)
        o = *opts;
    if (!(o.tol > 0.0 && o.tol < 1.0) || !(o.verify_tol > 0.0 && o.verify_tol < 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_rg_as_solve: tolerances must be in (0, 1)");
    if (o.max_iter == 0)
        return mpol_error(MPOL_EINVAL, "mpol_rg_as_solve: max_iter is 0");
    mpol_rg_as_result *r = mpol_calloc(1, sizeof *r);
    if (r == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_rg_as_solve: out of memory");
    r->delta = delta;
    st = delta > 0.0 ? iterate(r, g, &o) : myopic(r, g);
    if (st == MPOL_OK)
        st = mpol_rg_as_verify(&r->check, g, delta, &r->set, o.verify_tol);
    if (st != MPOL_OK) {
        mpol_rg_as_result_free(r);
        return st;
    }
    r->max_error = r->check->max_error;
    r->verified = r->converged && r->check->ok;
    *out = r;
    if (!r->converged)
        return mpol_error(MPOL_EVERIFY,
                          "mpol_rg_as_solve: not converged after %zu iterations (step %g)",
                          r->iterations, r->distance);
    if (!r->check->ok)
        return mpol_error(MPOL_EVERIFY, "mpol_rg_as_solve: a vertex fails its check by %g",
                          r->max_error);
    return MPOL_OK;
}

mpol_status mpol_rg_as_verify(mpol_rg_as_check **out, const mpol_game *g, double delta,
                              const mpol_rg_polygon *set, double tol)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_as_verify: out is NULL");
    *out = NULL;
    mpol_status st = check_two(g, delta, "mpol_rg_as_verify");
    if (st != MPOL_OK)
        return st;
    if (set == NULL || (set->n > 0 && set->v == NULL))
        return mpol_error(MPOL_EINVAL, "mpol_rg_as_verify: set is NULL");
    if (!(tol > 0.0 && tol < 1.0))
        return mpol_error(MPOL_EINVAL, "mpol_rg_as_verify: tol %g is not in (0, 1)", tol);
    mpol_rg_as_check *c = mpol_calloc(1, sizeof *c);
    size_t n = set->n, m = n > 0 ? n : 1;
    if (c != NULL) {
        c->cell = mpol_calloc(m, sizeof *c->cell);
        c->continuation = mpol_calloc(2 * m, sizeof *c->continuation);
        c->error = mpol_calloc(m, sizeof *c->error);
    }
    if (c == NULL || c->cell == NULL || c->continuation == NULL || c->error == NULL) {
        mpol_rg_as_check_free(c);
        return mpol_error(MPOL_ENOMEM, "mpol_rg_as_verify: out of memory");
    }
    c->n = n;
    c->tol = tol;
    c->scale = mpol_i_rg_scale(g);
    double worst[2];
    worst_of(set, worst);
    for (size_t k = 0; k < n; k++) {
        const double *v = set->v + 2 * k;
        double best = INFINITY;
        for (size_t a = 0; a < g->ncells; a++) {
            const double *u = g->payoff + 2 * a;
            /* delta = 0: v must be u(a) itself (no continuation matters). */
            double w0 = delta > 0.0 ? (v[0] - (1.0 - delta) * u[0]) / delta : u[0];
            double w1 = delta > 0.0 ? (v[1] - (1.0 - delta) * u[1]) / delta : u[1];
            double e = delta > 0.0 ? delta * mpol_rg_distance(set, w0, w1)
                                   : hypot(v[0] - u[0], v[1] - u[1]);
            /* One-shot deviation: every deviation of i now, then i's worst payoff in the set. */
            for (size_t i = 0; i < 2; i++)
                for (size_t s = 0; s < g->nstrategies[i]; s++) {
                    size_t b = mpol_i_rg_switch(g, a, i, s);
                    double gain = (1.0 - delta) * g->payoff[2 * b + i] + delta * worst[i] - v[i];
                    e = fmax(e, gain);
                }
            if (e < best) {
                best = e;
                c->cell[k] = a;
                c->continuation[2 * k] = w0;
                c->continuation[2 * k + 1] = w1;
            }
        }
        c->error[k] = fmax(best, 0.0);
        c->max_error = fmax(c->max_error, c->error[k]);
    }
    c->ok = c->max_error <= tol * c->scale;
    *out = c;
    return MPOL_OK;
}

/* 1 if stage profile cell is sustained at delta with the worst SPE punishments. */
static mpol_status penal_ok(int *ok, const mpol_game *g, size_t cell, double delta,
                            const mpol_rg_as_opts *o)
{
    mpol_rg_as_result *r = NULL;
    mpol_status st = mpol_rg_as_solve(&r, g, delta, o);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_rg_as_result_free(r);
        return st;
    }
    if (r == NULL || !r->converged) {
        mpol_rg_as_result_free(r);
        return mpol_error(MPOL_ELIMIT,
                          "mpol_rg_penal_factor: the AS iteration did not "
                          "converge at discount %g",
                          delta);
    }
    mpol_clear_error();
    *ok = r->set.n > 0;
    double eps = 1e-12 * mpol_i_rg_scale(g);
    for (size_t i = 0; i < 2 && *ok; i++) {
        double u = g->payoff[2 * cell + i], d = mpol_i_rg_best_reply(g, cell, i);
        if ((1.0 - delta) * d + delta * r->worst[i] > u + eps)
            *ok = 0;
    }
    mpol_rg_as_result_free(r);
    return MPOL_OK;
}

mpol_status mpol_rg_penal_factor(double *out, const mpol_game *g, size_t cell, double delta_tol,
                                 const mpol_rg_as_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_penal_factor: out is NULL");
    mpol_status st = check_two(g, 0.5, "mpol_rg_penal_factor");
    if (st != MPOL_OK)
        return st;
    if (cell >= g->ncells)
        return mpol_error(MPOL_EINVAL, "mpol_rg_penal_factor: profile %zu out of range", cell);
    if (!(delta_tol > 0.0 && delta_tol < 0.5))
        return mpol_error(MPOL_EINVAL, "mpol_rg_penal_factor: delta_tol %g is not in (0, 0.5)",
                          delta_tol);
    double eps = 1e-12 * mpol_i_rg_scale(g);
    if (mpol_i_rg_is_nash(g, cell, eps)) {
        *out = 0.0;
        return MPOL_OK;
    }
    mpol_rg_minmax *mm = NULL;
    st = mpol_rg_minmax_compute(&mm, g, 1e-6);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_rg_minmax_free(mm);
        return st;
    }
    for (size_t i = 0; i < 2; i++) {
        double u = g->payoff[2 * cell + i], d = mpol_i_rg_best_reply(g, cell, i);
        if (d > u + eps && u <= mm->pure[i] + eps) {
            mpol_rg_minmax_free(mm);
            *out = INFINITY;
            return MPOL_OK;
        }
    }
    mpol_rg_minmax_free(mm);
    /* Bracket: a delta where the profile is sustained. */
    static const double tries[] = {0.5, 0.9, 0.99, 0.999, MPOL_RG_DELTA_MAX};
    double lo = 0.0, hi = NAN;
    for (size_t t = 0; t < sizeof tries / sizeof tries[0]; t++) {
        int ok = 0;
        st = penal_ok(&ok, g, cell, tries[t], opts);
        if (st != MPOL_OK)
            return st;
        if (ok) {
            hi = tries[t];
            break;
        }
        lo = tries[t];
    }
    if (isnan(hi)) {
        *out = NAN;
        return MPOL_OK;
    }
    while (hi - lo > delta_tol) {
        double mid = 0.5 * (lo + hi);
        int ok = 0;
        st = penal_ok(&ok, g, cell, mid, opts);
        if (st != MPOL_OK)
            return st;
        if (ok)
            hi = mid;
        else
            lo = mid;
    }
    *out = hi;
    return MPOL_OK;
}
