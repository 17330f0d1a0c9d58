/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the rank-revealing span test of the nucleolus and Kohlberg code: an
 * orthonormal basis of a growing subspace of R^n kept by modified Gram–Schmidt with one
 * reorthogonalisation pass ("twice is enough", Giraud, Langou & Rozložník 2005), so that
 * the residual of a candidate vector measures its distance to the span reliably. A vector
 * joins the basis when its relative residual exceeds a tolerance; this is a QR factorisation
 * with column selection, the rank test that Benedek, Fliege & Nguyen (2021) perform by row
 * echelon forms. It also holds the validation shared by core.h and the two-table coalition
 * sums x(S) = lo[S low bits] + hi[S high bits].
 */
#include <math.h>
#include <string.h>

#include "coop_internal.h"

mpol_status mpol_i_tu_validate(const mpol_tu_game *game, double *scale, const char *who)
{
    if (game == NULL || game->v == NULL)
        return mpol_error(MPOL_EINVAL, "%s: game is NULL", who);
    if (game->n == 0 || game->n > MPOL_TU_MAX_PLAYERS)
        return mpol_error(MPOL_EINVAL, "%s: %zu players; need 1..%d", who, game->n,
                          MPOL_TU_MAX_PLAYERS);
    size_t m = (size_t)1 << game->n;
    double s = 1.0;
    for (size_t S = 0; S < m; S++) {
        double v = game->v[S];
        if (!isfinite(v))
            return mpol_error(MPOL_EINVAL, "%s: v(%zu) is not a finite number", who, S);
        if (fabs(v) > s)
            s = fabs(v);
    }
    if (game->v[0] != 0.0)
        return mpol_error(MPOL_EINVAL, "%s: v(empty set) = %g; must be 0", who, game->v[0]);
    *scale = s;
    return MPOL_OK;
}

mpol_status mpol_i_span_init(mpol_i_span *sp, size_t n)
{
    sp->n = n;
    sp->rank = 0;
    sp->q = mpol_calloc(n * n, sizeof *sp->q);
    sp->tmp = mpol_calloc(n, sizeof *sp->tmp);
    if (sp->q == NULL || sp->tmp == NULL) {
        mpol_i_span_free(sp);
        return mpol_error(MPOL_ENOMEM, "mpol_i_span_init: out of memory");
    }
    return MPOL_OK;
}

void mpol_i_span_free(mpol_i_span *sp)
{
    mpol_free(sp->q);
    mpol_free(sp->tmp);
    sp->q = sp->tmp = NULL;
    sp->rank = 0;
}

static double project_out(const mpol_i_span *sp, double *r)
{
    size_t n = sp->n;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t k = 0; k < sp->rank; k++) {
            const double *q = sp->q + k * n;
            double d = 0;
            for (size_t i = 0; i < n; i++)
                d += q[i] * r[i];
            for (size_t i = 0; i < n; i++)
                r[i] -= d * q[i];
        }
    }
    double nr = 0;
    for (size_t i = 0; i < n; i++)
        nr += r[i] * r[i];
    return sqrt(nr);
}

double mpol_i_span_residual(const mpol_i_span *sp, const double *a, double *r)
{
    size_t n = sp->n;
    double *w = r != NULL ? r : sp->tmp;
    double na = 0;
    for (size_t i = 0; i < n; i++) {
        w[i] = a[i];
        na += a[i] * a[i];
    }
    if (na == 0)
        return 0;
    return project_out(sp, w) / sqrt(na);
}

double mpol_i_span_residual_mask(mpol_i_span *sp, mpol_coalition S, double *r)
{
    size_t n = sp->n;
    double *w = r != NULL ? r : sp->tmp;
    size_t cnt = 0;
    for (size_t i = 0; i < n; i++) {
        w[i] = (S >> i) & 1u ? 1.0 : 0.0;
        cnt += (S >> i) & 1u;
    }
    if (cnt == 0)
        return 0;
    return project_out(sp, w) / sqrt((double)cnt);
}

static int append(mpol_i_span *sp, const double *r, double nr)
{
    if (sp->rank >= sp->n)
        return 0;
    double *q = sp->q + sp->rank * sp->n;
    for (size_t i = 0; i < sp->n; i++)
        q[i] = r[i] / nr;
    sp->rank++;
    return 1;
}

int mpol_i_span_add(mpol_i_span *sp, const double *a, double tol)
{
    double na = 0;
    for (size_t i = 0; i < sp->n; i++)
        na += a[i] * a[i];
    double rel = mpol_i_span_residual(sp, a, sp->tmp);
    if (!(rel > tol))
        return 0;
    return append(sp, sp->tmp, rel * sqrt(na));
}

int mpol_i_span_add_mask(mpol_i_span *sp, mpol_coalition S, double tol)
{
    double rel = mpol_i_span_residual_mask(sp, S, sp->tmp);
    if (!(rel > tol))
        return 0;
    unsigned cnt = 0;
    for (size_t i = 0; i < sp->n; i++)
        cnt += (S >> i) & 1u;
    return append(sp, sp->tmp, rel * sqrt((double)cnt));
}

mpol_status mpol_i_sums_init(mpol_i_sums *s, size_t n)
{
    s->n = n;
    s->nlo = (n + 1) / 2;
    s->lo = mpol_calloc((size_t)1 << s->nlo, sizeof *s->lo);
    s->hi = mpol_calloc((size_t)1 << (n - s->nlo), sizeof *s->hi);
    if (s->lo == NULL || s->hi == NULL) {
        mpol_i_sums_free(s);
        return mpol_error(MPOL_ENOMEM, "mpol_i_sums_init: out of memory");
    }
    return MPOL_OK;
}

void mpol_i_sums_free(mpol_i_sums *s)
{
    mpol_free(s->lo);
    mpol_free(s->hi);
    s->lo = s->hi = NULL;
}

/* Fills t[0 .. 2^k) with the subset sums of x[0 .. k) (t[S] = t[S without its top bit] +
 * x[top bit]). */
static void subset_sums(double *t, const double *x, size_t k)
{
    t[0] = 0;
    for (size_t b = 0; b < k; b++) {
        size_t h = (size_t)1 << b;
        for (size_t S = 0; S < h; S++)
            t[h + S] = t[S] + x[b];
    }
}

void mpol_i_sums_set(mpol_i_sums *s, const double *x)
{
    subset_sums(s->lo, x, s->nlo);
    subset_sums(s->hi, x + s->nlo, s->n - s->nlo);
}

double mpol_i_max_excess(const mpol_tu_game *game, const mpol_i_sums *s, int with_grand)
{
    size_t full = ((size_t)1 << game->n) - 1;
    size_t end = with_grand ? full + 1 : full;
    double m = -INFINITY;
    for (size_t S = 1; S < end; S++) {
        double e = game->v[S] - mpol_i_sums_get(s, (mpol_coalition)S);
        if (e > m)
            m = e;
    }
    return m;
}
