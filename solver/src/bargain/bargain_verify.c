/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file checks a bargaining solution independently of the method that found it:
 * feasibility from the weights over profiles (and the obedience rows), individual
 * rationality, Pareto optimality by an LP over the feasible set, and optimality: the Nash
 * product's first-order condition, or the supporting hyperplane that proves the
 * Kalai–Smorodinsky or egalitarian ray point maximal. */
#include <math.h>
#include <string.h>

#include "bargain/bargain_internal.h"

double mpol_i_bg_max_error(const mpol_bargain_check *c, mpol_bargain_solution solution)
{
    double e = fmax(fmax(c->feasibility, c->rationality), fmax(c->pareto, c->ray)) / c->scale;
    return fmax(e, solution == MPOL_BARGAIN_NASH ? c->optimality : c->optimality / c->scale);
}

/* max |u - P^T w|, simplex and obedience violations of w. */
static double feasibility(const mpol_i_bg *pb, const mpol_bargain_result *r)
{
    size_t n = pb->n;
    long double sum = 0.0L;
    double worst = 0.0;
    for (size_t c = 0; c < pb->ncells; c++) {
        sum += r->weights[c];
        worst = fmax(worst, -r->weights[c] * pb->scale);
    }
    worst = fmax(worst, fabs((double)sum - 1.0) * pb->scale);
    for (size_t i = 0; i < n; i++) {
        long double s = 0.0L;
        for (size_t c = 0; c < pb->ncells; c++)
            s += (long double)r->weights[c] * pb->P[c * n + i];
        worst = fmax(worst, fabs((double)s - r->u[i]));
    }
    return fmax(worst, mpol_i_bg_obedience(pb, r->weights));
}

/* max over v in S, v >= u, of sum (v - u). */
static mpol_status pareto(const mpol_i_bg *pb, const mpol_bargain_result *r, double *lo,
                          double *one, double *out)
{
    double su = 0.0, obj;
    for (size_t i = 0; i < pb->n; i++) {
        lo[i] = r->u[i] - 1e-13 * pb->scale;
        one[i] = 1.0;
        su += r->u[i];
    }
    mpol_status st = mpol_i_bg_lp(pb, one, lo, NULL, NULL, NULL, &obj, NULL);
    *out = isfinite(obj) ? fmax(obj - su, 0.0) : INFINITY;
    return st;
}

/* Nash: max_{v in S} sum (v_i - u_i)/(u_i - d_i). KS/egalitarian: the hyperplane gap of the
 * normal at the ray point r (l.dir must be positive), and *ray = max (r_i - u_i)^+. */
static mpol_status optimality(const mpol_i_bg *pb, const mpol_bargain_result *r, double *l,
                              double *opt, double *ray)
{
    size_t n = pb->n;
    double h, lr = 0.0, ldir = 0.0, l1 = 0.0;
    *ray = 0.0;
    for (size_t i = 0; i < n; i++) {
        if (r->solution == MPOL_BARGAIN_NASH) {
            if (!(r->u[i] > r->d[i])) {
                *opt = INFINITY;
                return MPOL_OK;
            }
            l[i] = 1.0 / (r->u[i] - r->d[i]);
            lr += l[i] * r->u[i];
            continue;
        }
        double dir = r->solution == MPOL_BARGAIN_KS ? fmax(r->ideal[i] - r->d[i], 0.0) : 1.0;
        double ri = r->d[i] + r->t * dir;
        l[i] = fmax(r->normal[i], 0.0);
        lr += l[i] * ri;
        ldir += l[i] * dir;
        l1 += l[i];
        *ray = fmax(*ray, ri - r->u[i]);
    }
    mpol_status st = mpol_i_bg_support(pb, l, &h, NULL, NULL);
    if (st != MPOL_OK)
        return st;
    double span = 0.0;
    for (size_t i = 0; r->solution == MPOL_BARGAIN_KS && i < n; i++)
        span = fmax(span, r->ideal[i] - r->d[i]);
    if (r->solution == MPOL_BARGAIN_NASH)
        *opt = fmax(h - lr, 0.0);
    else if (r->solution == MPOL_BARGAIN_KS && span <= 1e-12 * pb->scale)
        *opt = 0.0; /* I = d: the ray is the point d, t* = 0 */
    else
        *opt = ldir > 0.0 && l1 > 0.0 ? fmax(h - lr, 0.0) / l1 : INFINITY;
    return MPOL_OK;
}

mpol_status mpol_bargain_verify(mpol_bargain_check *check, const mpol_game *game,
                                const mpol_bargain_result *r, double tol)
{
    if (check == NULL || game == NULL || r == NULL || !(tol >= 0.0))
        return mpol_error(MPOL_EINVAL, "mpol_bargain_verify: NULL or invalid argument");
    if (r->nplayers != game->nplayers || r->ncells != game->ncells)
        return mpol_error(MPOL_EINVAL, "mpol_bargain_verify: the result does not fit the game");
    memset(check, 0, sizeof *check);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < game->ncells * game->nplayers; k++) {
        lo = fmin(lo, game->payoff[k]);
        hi = fmax(hi, game->payoff[k]);
    }
    mpol_i_bg pb = {game,
                    game->nplayers,
                    game->ncells,
                    game->payoff,
                    r->feasible == MPOL_BARGAIN_CORRELATED,
                    hi > lo ? hi - lo : 1.0};
    size_t n = pb.n;
    check->scale = pb.scale;
    check->feasibility = feasibility(&pb, r);
    for (size_t i = 0; i < n; i++)
        check->rationality = fmax(check->rationality, r->d[i] - r->u[i]);
    double *a = mpol_malloc(n * sizeof *a), *b = mpol_malloc(n * sizeof *b);
    mpol_status st = a != NULL && b != NULL
                         ? MPOL_OK
                         : mpol_error(MPOL_ENOMEM, "mpol_bargain_verify: out of memory");
    if (st == MPOL_OK)
        st = pareto(&pb, r, a, b, &check->pareto);
    if (st == MPOL_OK)
        st = optimality(&pb, r, a, &check->optimality, &check->ray);
    mpol_free(a);
    mpol_free(b);
    if (st != MPOL_OK)
        return st;
    double ta = tol * pb.scale;
    double topt = r->solution == MPOL_BARGAIN_NASH ? tol : ta;
    check->ok = check->feasibility <= ta && check->rationality <= ta &&
                check->pareto <= (double)n * ta && check->optimality <= topt && check->ray <= ta;
    return MPOL_OK;
}
