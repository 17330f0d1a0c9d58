/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the plane geometry of the repeated-game module: convex hulls
 * (Andrew's monotone chain), clipping to a quadrant (Sutherland-Hodgman), distances from a
 * point to a polygon and the Hausdorff distance of two polygons. Polygons may be degenerate
 * (a point, a segment).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "repeated/rg_internal.h"

void mpol_rg_polygon_clear(mpol_rg_polygon *poly)
{
    if (poly == NULL)
        return;
    mpol_free(poly->v);
    poly->v = NULL;
    poly->n = 0;
}

static int cmp_point(const void *a, const void *b)
{
    const double *p = a, *q = b;
    if (p[0] != q[0])
        return p[0] < q[0] ? -1 : 1;
    if (p[1] != q[1])
        return p[1] < q[1] ? -1 : 1;
    return 0;
}

static double cross(const double *o, const double *a, const double *b)
{
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

/* The largest coordinate magnitude of the points (1 at least), for relative tolerances. */
static double point_scale(const double *pts, size_t n)
{
    double s = 1.0;
    for (size_t k = 0; k < 2 * n; k++)
        if (fabs(pts[k]) > s)
            s = fabs(pts[k]);
    return s;
}

/* Rotates the hull so that it starts at its lowest, then leftmost vertex. */
static void rotate_start(double *v, size_t n, double *tmp)
{
    size_t best = 0;
    for (size_t k = 1; k < n; k++)
        if (v[2 * k + 1] < v[2 * best + 1] ||
            (v[2 * k + 1] == v[2 * best + 1] && v[2 * k] < v[2 * best]))
            best = k;
    if (best == 0)
        return;
    memcpy(tmp, v, 2 * n * sizeof *v);
    for (size_t k = 0; k < n; k++) {
        v[2 * k] = tmp[2 * ((k + best) % n)];
        v[2 * k + 1] = tmp[2 * ((k + best) % n) + 1];
    }
}

mpol_status mpol_rg_hull(mpol_rg_polygon *out, const double *points, size_t npoints)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_hull: out is NULL");
    out->n = 0;
    out->v = NULL;
    if (npoints == 0)
        return MPOL_OK;
    if (points == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_hull: points is NULL");
    if (npoints > ((size_t)-1) / (8 * sizeof(double)))
        return mpol_error(MPOL_ELIMIT, "mpol_rg_hull: %zu points are too many", npoints);
    double *p = mpol_malloc(2 * npoints * sizeof *p);
    double *h = mpol_malloc(2 * (2 * npoints + 1) * sizeof *h);
    if (p == NULL || h == NULL) {
        mpol_free(p);
        mpol_free(h);
        return mpol_error(MPOL_ENOMEM, "mpol_rg_hull: out of memory");
    }
    memcpy(p, points, 2 * npoints * sizeof *p);
    qsort(p, npoints, 2 * sizeof *p, cmp_point);
    double s = point_scale(p, npoints);
    double eps = 1e-13 * s;
    /* Merge points closer than eps (in both coordinates) to the previous one kept. */
    size_t m = 0;
    for (size_t k = 0; k < npoints; k++) {
        if (m > 0 && fabs(p[2 * k] - p[2 * (m - 1)]) <= eps &&
            fabs(p[2 * k + 1] - p[2 * (m - 1) + 1]) <= eps)
            continue;
        p[2 * m] = p[2 * k];
        p[2 * m + 1] = p[2 * k + 1];
        m++;
    }
    size_t n = 0;
    if (m == 1) {
        h[0] = p[0];
        h[1] = p[1];
        n = 1;
    } else {
        for (size_t k = 0; k < m; k++) { /* lower chain */
            while (n >= 2 && cross(h + 2 * (n - 2), h + 2 * (n - 1), p + 2 * k) <= 0.0)
                n--;
            h[2 * n] = p[2 * k];
            h[2 * n + 1] = p[2 * k + 1];
            n++;
        }
        size_t lower = n + 1;
        for (size_t k = m - 1; k-- > 0;) { /* upper chain */
            while (n >= lower && cross(h + 2 * (n - 2), h + 2 * (n - 1), p + 2 * k) <= 0.0)
                n--;
            h[2 * n] = p[2 * k];
            h[2 * n + 1] = p[2 * k + 1];
            n++;
        }
        n--; /* the first point closes the chain */
        if (n == 2 && fabs(h[0] - h[2]) <= eps && fabs(h[1] - h[3]) <= eps)
            n = 1;
    }
    mpol_free(p);
    out->n = n;
    out->v = h;
    /* Exact turns keep the chain right when points differ in the last bits (a collinear
     * tolerance there can drop an extreme point); nearly collinear vertices go here. */
    mpol_i_rg_simplify(out, eps);
    return MPOL_OK;
}

mpol_status mpol_rg_clip(mpol_rg_polygon *out, const mpol_rg_polygon *poly, const double lo[2])
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_clip: out is NULL");
    out->n = 0;
    out->v = NULL;
    if (poly == NULL || lo == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_rg_clip: NULL argument");
    if (poly->n == 0)
        return MPOL_OK;
    size_t cap = 2 * (poly->n + 4);
    double *a = mpol_malloc(2 * cap * sizeof *a), *b = mpol_malloc(2 * cap * sizeof *b);
    if (a == NULL || b == NULL) {
        mpol_free(a);
        mpol_free(b);
        return mpol_error(MPOL_ENOMEM, "mpol_rg_clip: out of memory");
    }
    memcpy(a, poly->v, 2 * poly->n * sizeof *a);
    size_t n = poly->n;
    for (int k = 0; k < 2 && n > 0; k++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            const double *p = a + 2 * i, *q = a + 2 * ((i + 1) % n);
            int pin = p[k] >= lo[k], qin = q[k] >= lo[k];
            if (pin) {
                b[2 * m] = p[0];
                b[2 * m + 1] = p[1];
                m++;
            }
            if (pin != qin) {
                double t = (lo[k] - p[k]) / (q[k] - p[k]);
                b[2 * m + k] = lo[k];
                b[2 * m + 1 - k] = p[1 - k] + t * (q[1 - k] - p[1 - k]);
                m++;
            }
        }
        double *t = a;
        a = b;
        b = t;
        n = m;
    }
    mpol_status st = mpol_rg_hull(out, a, n);
    mpol_free(a);
    mpol_free(b);
    return st;
}

static double seg_dist(const double *a, const double *b, double x, double y)
{
    double dx = b[0] - a[0], dy = b[1] - a[1];
    double len = dx * dx + dy * dy, t = 0.0;
    if (len > 0.0) {
        t = ((x - a[0]) * dx + (y - a[1]) * dy) / len;
        t = t < 0.0 ? 0.0 : (t > 1.0 ? 1.0 : t);
    }
    return hypot(x - a[0] - t * dx, y - a[1] - t * dy);
}

double mpol_rg_distance(const mpol_rg_polygon *poly, double x, double y)
{
    if (poly == NULL || poly->n == 0)
        return INFINITY;
    const double *v = poly->v;
    size_t n = poly->n;
    if (n == 1)
        return hypot(x - v[0], y - v[1]);
    int inside = n >= 3;
    double best = INFINITY;
    for (size_t i = 0; i < n; i++) {
        const double *p = v + 2 * i, *q = v + 2 * ((i + 1) % n);
        double pt[2] = {x, y};
        if (cross(p, q, pt) < 0.0)
            inside = 0;
        double d = seg_dist(p, q, x, y);
        if (d < best)
            best = d;
    }
    return inside ? 0.0 : best;
}

int mpol_i_rg_contains(const mpol_rg_polygon *poly, double x, double y, double eps)
{
    return mpol_rg_distance(poly, x, y) <= eps;
}

double mpol_rg_hausdorff(const mpol_rg_polygon *a, const mpol_rg_polygon *b)
{
    size_t na = a != NULL ? a->n : 0, nb = b != NULL ? b->n : 0;
    if (na == 0 && nb == 0)
        return 0.0;
    if (na == 0 || nb == 0)
        return INFINITY;
    double h = 0.0;
    for (size_t k = 0; k < na; k++) {
        double d = mpol_rg_distance(b, a->v[2 * k], a->v[2 * k + 1]);
        if (d > h)
            h = d;
    }
    for (size_t k = 0; k < nb; k++) {
        double d = mpol_rg_distance(a, b->v[2 * k], b->v[2 * k + 1]);
        if (d > h)
            h = d;
    }
    return h;
}

void mpol_i_rg_simplify(mpol_rg_polygon *poly, double eps)
{
    double *v = poly->v;
    size_t n = poly->n;
    int changed = 1;
    while (changed && n >= 2) {
        changed = 0;
        for (size_t k = 0; k < n && n >= 2; k++) {
            const double *p = v + 2 * ((k + n - 1) % n), *q = v + 2 * ((k + 1) % n);
            const double *x = v + 2 * k;
            int drop = hypot(x[0] - q[0], x[1] - q[1]) <= eps;
            if (!drop && n >= 3)
                drop = seg_dist(p, q, x[0], x[1]) <= eps;
            if (drop) {
                memmove(v + 2 * k, v + 2 * (k + 1), 2 * (n - k - 1) * sizeof *v);
                n--;
                changed = 1;
            }
        }
    }
    if (n > 0) {
        double tmp[2 * 64], *t = n <= 64 ? tmp : mpol_malloc(2 * n * sizeof *t);
        if (t != NULL) {
            rotate_start(v, n, t);
            if (t != tmp)
                mpol_free(t);
        }
    }
    poly->n = n;
}

int mpol_i_rg_line(const mpol_rg_polygon *poly, int k, double c, double *lo, double *hi)
{
    double l = INFINITY, h = -INFINITY;
    size_t n = poly->n;
    for (size_t i = 0; i < n; i++) {
        const double *p = poly->v + 2 * i, *q = poly->v + 2 * ((i + 1) % n);
        if (p[k] == c) {
            l = fmin(l, p[1 - k]);
            h = fmax(h, p[1 - k]);
        }
        if ((p[k] < c && q[k] > c) || (p[k] > c && q[k] < c)) {
            double t = (c - p[k]) / (q[k] - p[k]);
            double o = p[1 - k] + t * (q[1 - k] - p[1 - k]);
            l = fmin(l, o);
            h = fmax(h, o);
        }
    }
    *lo = l;
    *hi = h;
    return l <= h;
}
