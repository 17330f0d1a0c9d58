/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the independent check of a zero-sum solution (x, y): it recomputes
 * A y and x'A from the original payoffs in long double precision (payoffs shifted by their
 * midpoint, strategies normalised), without anything the solvers computed except x and y,
 * and derives the duality gap max(Ay) - min(x'A), both
 * players' regrets and the distance of x and y from the probability simplices. By weak
 * duality min(x'A) <= v <= max(Ay), so a gap within tolerance certifies the value and both
 * strategies.
 */
#include <math.h>

#include "zs_internal.h"

double mpol_i_zs_check(mpol_zs_check *check, const double *A, size_t m, size_t n, const double *x,
                       const double *y, double tol, long double *scratch)
{
    double lo = INFINITY, hi = -INFINITY, serr = 0.0;
    long double sx = 0.0L, sy = 0.0L;
    for (size_t k = 0; k < m * n; k++) {
        lo = A[k] < lo ? A[k] : lo;
        hi = A[k] > hi ? A[k] : hi;
    }
    for (size_t i = 0; i < m; i++) {
        if (-x[i] > serr || isnan(x[i]))
            serr = isnan(x[i]) ? INFINITY : -x[i];
        sx += x[i];
    }
    for (size_t j = 0; j < n; j++) {
        if (-y[j] > serr || isnan(y[j]))
            serr = isnan(y[j]) ? INFINITY : -y[j];
        sy += y[j];
    }
    if (fabsl(sx - 1.0L) > serr)
        serr = (double)fabsl(sx - 1.0L);
    if (fabsl(sy - 1.0L) > serr)
        serr = (double)fabsl(sy - 1.0L);
    if (!(sx > 0.0L) || !(sy > 0.0L))
        sx = sy = 1.0L, serr = INFINITY;
    /* Payoffs are shifted by the midpoint c (exact in long double), so a common offset such as
     * 1e12 + small payoffs costs no precision; x and y are normalised. */
    const long double c = 0.5L * ((long double)lo + (long double)hi);

    long double rowbest = -INFINITY, xay = 0.0L;
    for (size_t i = 0; i < m; i++) {
        const double *a = A + i * n;
        long double s = 0.0L;
        for (size_t j = 0; j < n; j++)
            s += ((long double)a[j] - c) * y[j];
        s /= sy;
        if (s > rowbest)
            rowbest = s;
        xay += s * x[i];
    }
    xay /= sx;
    long double colbest = INFINITY;
    if (scratch != NULL) {
        for (size_t j = 0; j < n; j++)
            scratch[j] = 0.0L;
        for (size_t i = 0; i < m; i++) {
            const double *a = A + i * n;
            const long double xi = x[i];
            if (xi == 0.0L)
                continue;
            for (size_t j = 0; j < n; j++)
                scratch[j] += xi * ((long double)a[j] - c);
        }
        for (size_t j = 0; j < n; j++)
            if (scratch[j] < colbest)
                colbest = scratch[j];
    } else {
        for (size_t j = 0; j < n; j++) {
            long double s = 0.0L;
            for (size_t i = 0; i < m; i++)
                s += (long double)x[i] * ((long double)A[i * n + j] - c);
            if (s < colbest)
                colbest = s;
        }
    }
    colbest /= sx;
    const double absmax = fabs(lo) > fabs(hi) ? fabs(lo) : fabs(hi);
    check->row_payoff_best = (double)(rowbest + c);
    check->col_payoff_best = (double)(colbest + c);
    check->gap = (double)(rowbest - colbest);
    check->row_regret = (double)(rowbest - xay);
    check->col_regret = (double)(xay - colbest);
    check->simplex_error = serr;
    check->scale = hi > lo ? hi - lo : (absmax > 0.0 ? absmax : 1.0);
    const double lim = tol * check->scale;
    check->ok =
        check->gap <= lim && check->row_regret <= lim && check->col_regret <= lim && serr <= tol;
    return (double)(xay + c);
}
