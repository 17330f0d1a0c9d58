/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file solves the Nash bargaining problem, max sum log(u_i - d_i) over the feasible set:
 * exactly for two players on the hull (bargain_hull.c), otherwise by the away-step
 * Frank–Wolfe method (Guelat and Marcotte 1986; Lacoste-Julien and Jaggi 2015) over atoms
 * (pure profiles on the hull, LP vertices for correlated equilibria), with an exact line
 * search on the concave log product. It stops when the Frank–Wolfe gap, the first-order
 * figure the verification recomputes, is below a tenth of the tolerance. */
#include <math.h>
#include <string.h>

#include "bargain/bargain_internal.h"

typedef struct fw_atom {
    double alpha; /* its weight in the current point */
    double *v;    /* n payoffs */
    double *w;    /* ncells weights */
} fw_atom;

typedef struct fw {
    const mpol_i_bg *pb;
    size_t n, nc, count, cap;
    fw_atom *atoms;
    double *u, *g, *s, *sw, *dir;
} fw;

static void fw_free(fw *f)
{
    for (size_t a = 0; a < f->count; a++) {
        mpol_free(f->atoms[a].v);
        mpol_free(f->atoms[a].w);
    }
    mpol_free(f->atoms);
    mpol_free(f->u);
    mpol_free(f->g);
    mpol_free(f->s);
    mpol_free(f->sw);
    mpol_free(f->dir);
}

/* The atom equal to (v, w), added with weight 0 if new; NULL when out of memory. */
static fw_atom *fw_atom_for(fw *f, const double *v, const double *w)
{
    for (size_t a = 0; a < f->count; a++) {
        double diff = 0.0;
        for (size_t c = 0; c < f->nc && diff == 0.0; c++)
            diff = fabs(f->atoms[a].w[c] - w[c]) > 1e-13 ? 1.0 : 0.0;
        if (diff == 0.0)
            return &f->atoms[a];
    }
    if (f->count == f->cap) {
        size_t cap = f->cap ? 2 * f->cap : 16;
        if ((double)cap * (double)f->nc * 8.0 > 256.0 * 1024 * 1024)
            return NULL;
        fw_atom *na = mpol_realloc(f->atoms, cap * sizeof *na);
        if (na == NULL)
            return NULL;
        f->atoms = na;
        f->cap = cap;
    }
    fw_atom *at = &f->atoms[f->count];
    at->alpha = 0.0;
    at->v = mpol_malloc(f->n * sizeof *at->v);
    at->w = mpol_malloc(f->nc * sizeof *at->w);
    if (at->v == NULL || at->w == NULL) {
        mpol_free(at->v);
        mpol_free(at->w);
        return NULL;
    }
    memcpy(at->v, v, f->n * sizeof *v);
    memcpy(at->w, w, f->nc * sizeof *w);
    f->count++;
    return at;
}

/* The step in [0, gmax] maximising sum log(u - d + gamma dir) (bisection on the derivative). */
static double line_search(const fw *f, const double *d, double gmax)
{
    double hi = gmax;
    for (size_t i = 0; i < f->n; i++)
        if (f->dir[i] < 0.0)
            hi = fmin(hi, (f->u[i] - d[i]) / -f->dir[i] * (1.0 - 1e-12));
    double lo = 0.0;
    for (int it = 0; it < 100 && hi - lo > 1e-16 * (1.0 + hi); it++) {
        double mid = 0.5 * (lo + hi), der = 0.0;
        for (size_t i = 0; i < f->n; i++)
            der += f->dir[i] / (f->u[i] - d[i] + mid * f->dir[i]);
        if (der > 0.0)
            lo = mid;
        else
            hi = mid;
    }
    double der = 0.0;
    for (size_t i = 0; i < f->n; i++)
        der += f->dir[i] / (f->u[i] - d[i] + hi * f->dir[i]);
    return der > 0.0 ? hi : lo;
}

/* u = sum alpha v; drops atoms of weight 0. */
static void fw_recompute(fw *f)
{
    size_t k = 0;
    memset(f->u, 0, f->n * sizeof *f->u);
    for (size_t a = 0; a < f->count; a++) {
        if (f->atoms[a].alpha <= 0.0) {
            mpol_free(f->atoms[a].v);
            mpol_free(f->atoms[a].w);
            continue;
        }
        f->atoms[k++] = f->atoms[a];
        for (size_t i = 0; i < f->n; i++)
            f->u[i] += f->atoms[a].alpha * f->atoms[a].v[i];
    }
    f->count = k;
}

/* One iteration; *gap the Frank–Wolfe gap at the current point, which is left as it is when
 * that gap is at most @p stop. */
static mpol_status fw_step(fw *f, const double *d, double stop, double *gap)
{
    size_t n = f->n;
    for (size_t i = 0; i < n; i++)
        f->g[i] = 1.0 / (f->u[i] - d[i]);
    double h, gu = 0.0;
    mpol_status st = mpol_i_bg_support(f->pb, f->g, &h, f->s, f->sw);
    if (st != MPOL_OK)
        return st;
    for (size_t i = 0; i < n; i++)
        gu += f->g[i] * f->u[i];
    *gap = h - gu;
    if (*gap <= stop)
        return MPOL_OK;
    size_t away = 0;
    double aw = INFINITY;
    for (size_t a = 0; a < f->count; a++) {
        double ga = 0.0;
        for (size_t i = 0; i < n; i++)
            ga += f->g[i] * f->atoms[a].v[i];
        if (ga < aw) {
            aw = ga;
            away = a;
        }
    }
    if (*gap >= gu - aw || f->count == 1) {
        fw_atom *at = fw_atom_for(f, f->s, f->sw);
        if (at == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
        for (size_t i = 0; i < n; i++)
            f->dir[i] = at->v[i] - f->u[i];
        double gam = line_search(f, d, 1.0);
        for (size_t a = 0; a < f->count; a++)
            f->atoms[a].alpha *= 1.0 - gam;
        at->alpha += gam;
    } else {
        fw_atom *at = &f->atoms[away];
        double gmax = at->alpha / (1.0 - at->alpha);
        for (size_t i = 0; i < n; i++)
            f->dir[i] = f->u[i] - at->v[i];
        double gam = line_search(f, d, gmax);
        for (size_t a = 0; a < f->count; a++)
            f->atoms[a].alpha *= 1.0 + gam;
        at->alpha = gam >= gmax ? 0.0 : at->alpha - gam;
    }
    fw_recompute(f);
    return MPOL_OK;
}

/* Starts at the point of S with the largest min_i (u_i - d_i). */
static mpol_status fw_start(fw *f, const double *d)
{
    size_t n = f->n;
    double *one = f->g, t = 0.0, obj = 0.0;
    for (size_t i = 0; i < n; i++)
        one[i] = 1.0;
    mpol_status st = mpol_i_bg_lp(f->pb, NULL, d, one, f->sw, &t, &obj, NULL);
    if (st != MPOL_OK)
        return st;
    if (!(obj > 1e-12 * f->pb->scale))
        return mpol_error(MPOL_EINVAL, "mpol_bargain_solve: no feasible payoff gives every "
                                       "player more than the disagreement point");
    for (size_t i = 0; i < n; i++) {
        long double s = 0.0L;
        for (size_t c = 0; c < f->nc; c++)
            s += (long double)f->sw[c] * f->pb->P[c * n + i];
        f->s[i] = (double)s;
    }
    fw_atom *at = fw_atom_for(f, f->s, f->sw);
    if (at == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    at->alpha = 1.0;
    fw_recompute(f);
    return MPOL_OK;
}

mpol_status mpol_i_bg_nash(const mpol_i_bg *pb, mpol_bargain_result *r, size_t max_iter, double tol)
{
    if (pb->n == 2 && !pb->correlated)
        return mpol_i_bg_nash_exact(pb, r);
    size_t n = pb->n, nc = pb->ncells;
    fw f = {pb, n, nc, 0, 0, NULL, NULL, NULL, NULL, NULL, NULL};
    f.u = mpol_calloc(n, sizeof *f.u);
    f.g = mpol_calloc(n, sizeof *f.g);
    f.s = mpol_calloc(n, sizeof *f.s);
    f.dir = mpol_calloc(n, sizeof *f.dir);
    f.sw = mpol_calloc(nc, sizeof *f.sw);
    mpol_status st = MPOL_OK;
    if (f.u == NULL || f.g == NULL || f.s == NULL || f.dir == NULL || f.sw == NULL)
        st = mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    if (st == MPOL_OK)
        st = fw_start(&f, r->d);
    double gap = INFINITY;
    size_t it = 0;
    while (st == MPOL_OK && it < max_iter) {
        st = fw_step(&f, r->d, 0.1 * tol, &gap);
        if (gap <= 0.1 * tol)
            break;
        it++;
    }
    r->iterations = it;
    if (st == MPOL_OK && gap > 0.1 * tol)
        st = mpol_error(MPOL_ELIMIT,
                        "mpol_bargain_solve: Frank-Wolfe stopped after %zu iterations with "
                        "first-order gap %.3e",
                        it, gap);
    if (st == MPOL_OK) {
        memcpy(r->u, f.u, n * sizeof *r->u);
        memset(r->weights, 0, nc * sizeof *r->weights);
        for (size_t a = 0; a < f.count; a++)
            for (size_t c = 0; c < nc; c++)
                r->weights[c] += f.atoms[a].alpha * f.atoms[a].w[c];
    }
    fw_free(&f);
    return st;
}
