/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file solves the two-player Nash bargaining problem on the convex hull of the payoff
 * profiles exactly: the hull by Andrew's monotone chain (orientation in long double), its
 * Pareto frontier (the chain from the rightmost to the topmost vertex) as segments, and the
 * Nash product maximised on each segment in closed form (a concave quadratic on a segment
 * of negative slope, restricted to u >= d). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "bargain/bargain_internal.h"

typedef struct pt {
    double x, y;
    size_t cell;
} pt;

static int pt_cmp(const void *a, const void *b)
{
    const pt *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    if (p->y != q->y)
        return p->y < q->y ? -1 : 1;
    return p->cell < q->cell ? -1 : p->cell > q->cell;
}

/* > 0 when o -> a -> b turns counter-clockwise. */
static long double cross(const pt *o, const pt *a, const pt *b)
{
    return ((long double)a->x - o->x) * ((long double)b->y - o->y) -
           ((long double)a->y - o->y) * ((long double)b->x - o->x);
}

/* The upper hull of the sorted points (x increasing), into @p h; returns its size. The
 * Pareto frontier is the part of it from the topmost vertex (largest x among the topmost)
 * on. */
static size_t upper_hull(const pt *p, size_t n, pt *h)
{
    size_t k = 0;
    for (size_t i = n; i-- > 0;) { /* right to left, keeping left turns: the upper chain */
        while (k >= 2 && cross(&h[k - 2], &h[k - 1], &p[i]) <= 0.0L)
            k--;
        h[k++] = p[i];
    }
    /* h runs from the rightmost point leftwards; reverse to x increasing. */
    for (size_t i = 0; i < k / 2; i++) {
        pt t = h[i];
        h[i] = h[k - 1 - i];
        h[k - 1 - i] = t;
    }
    return k;
}

/* The Pareto frontier of the hull of @p p (sorted) into @p f, x increasing, y decreasing. */
static size_t frontier(pt *p, size_t n, pt *f)
{
    size_t k = upper_hull(p, n, f);
    /* The rightmost point with the largest y is the last of the upper hull (sorted by x then
     * y, the right-to-left pass starts at it). Drop the part left of the topmost vertex. */
    size_t top = 0;
    for (size_t i = 1; i < k; i++)
        if (f[i].y >= f[top].y)
            top = i;
    memmove(f, f + top, (k - top) * sizeof *f);
    return k - top;
}

/* Best s in [0, 1] on segment a -> b for the product with d; *val the product (or -1). */
static double segment_best(const pt *a, const pt *b, const double *d, double *val)
{
    double ex = b->x - a->x, ey = b->y - a->y;
    double ax = a->x - d[0], ay = a->y - d[1];
    double lo = 0.0, hi = 1.0;
    if (ex > 0.0)
        lo = fmax(lo, -ax / ex);
    else if (ax < 0.0)
        lo = 2.0;
    if (ey < 0.0)
        hi = fmin(hi, ay / -ey);
    else if (ay < 0.0)
        lo = 2.0;
    *val = -1.0;
    if (lo > hi)
        return 0.0;
    double s = ex * ey != 0.0 ? -(ex * ay + ey * ax) / (2.0 * ex * ey) : hi;
    s = fmin(fmax(s, lo), hi);
    *val = (ax + s * ex) * (ay + s * ey);
    return s;
}

mpol_status mpol_i_bg_nash_exact(const mpol_i_bg *pb, mpol_bargain_result *r)
{
    size_t nc = pb->ncells;
    pt *p = mpol_malloc(nc * sizeof *p), *f = mpol_malloc(nc * sizeof *f);
    if (p == NULL || f == NULL) {
        mpol_free(p);
        mpol_free(f);
        return mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
    }
    for (size_t c = 0; c < nc; c++)
        p[c] = (pt){pb->P[2 * c], pb->P[2 * c + 1], c};
    qsort(p, nc, sizeof *p, pt_cmp);
    size_t k = frontier(p, nc, f);
    double best = -1.0, sbest = 0.0;
    size_t seg = 0;
    if (k == 1) {
        best = (f[0].x - r->d[0]) * (f[0].y - r->d[1]);
        if (f[0].x < r->d[0] || f[0].y < r->d[1])
            best = -1.0;
    }
    for (size_t i = 0; i + 1 < k; i++) {
        double val, s = segment_best(&f[i], &f[i + 1], r->d, &val);
        if (val > best) {
            best = val;
            sbest = s;
            seg = i;
        }
    }
    mpol_status st = MPOL_OK;
    if (!(best > 0.0)) {
        st = mpol_error(MPOL_EINVAL, "mpol_bargain_solve: no feasible payoff gives both players "
                                     "more than the disagreement point");
    } else {
        const pt *a = &f[seg], *b = &f[k == 1 ? 0 : seg + 1];
        memset(r->weights, 0, nc * sizeof *r->weights);
        r->weights[a->cell] += 1.0 - sbest;
        r->weights[b->cell] += sbest;
        r->u[0] = a->x + sbest * (b->x - a->x);
        r->u[1] = a->y + sbest * (b->y - a->y);
        r->frontier = mpol_malloc(2 * k * sizeof *r->frontier);
        if (r->frontier == NULL)
            st = mpol_error(MPOL_ENOMEM, "mpol_bargain_solve: out of memory");
        for (size_t i = 0; st == MPOL_OK && i < k; i++) {
            r->frontier[2 * i] = f[i].x;
            r->frontier[2 * i + 1] = f[i].y;
        }
        r->nfrontier = st == MPOL_OK ? k : 0;
        r->exact_frontier = st == MPOL_OK;
    }
    mpol_free(p);
    mpol_free(f);
    return st;
}
