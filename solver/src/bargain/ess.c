/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file finds every evolutionarily stable strategy of a symmetric two-player game by
 * support enumeration. On a support S the equalising system (A x)_S = v, sum x = 1 gives
 * the one symmetric equilibrium with that support (a singular system has none or a
 * continuum, and an ESS is isolated). With T the pure best replies to x, x is an ESS iff
 * z.Az < 0 for every z != 0 in the cone C = {sum z = 0, supp z in T, z_j >= 0 on T \ S}
 * (Haigh 1975; Bomze 1992). The largest value of z.Az/|z|^2 on C is found face by face:
 * on each face, spanned by the directions e_f - e_r (f in S, r the first of S) and
 * e_j - e_r (j in a subset J of T \ S), it is a generalised eigenvalue of the form against
 * the Gram matrix of those directions whose eigenvector is positive on J (GSL's
 * gsl_eigen_gensymmv). */
#include <math.h>
#include <string.h>

#include <gsl/gsl_eigen.h>

#include "core/gsl_guard_internal.h"
#include "multipolar/bargaining.h"

/* Largest generalised eigenvalue (positive on the last @p nj coordinates) of the face with
 * directions @p dirs (dim of them, indices into 0..m-1, reference r); -INFINITY if none. */
static mpol_status face_max(const double *A, size_t m, const size_t *dirs, size_t dim, size_t nj,
                            size_t r, double *out)
{
    *out = -INFINITY;
    if (dim == 0)
        return MPOL_OK;
    gsl_matrix *M = gsl_matrix_alloc(dim, dim), *G = gsl_matrix_alloc(dim, dim);
    gsl_matrix *V = gsl_matrix_alloc(dim, dim);
    gsl_vector *ev = gsl_vector_alloc(dim);
    gsl_eigen_gensymmv_workspace *w = gsl_eigen_gensymmv_alloc(dim);
    mpol_status st = MPOL_OK;
    if (M == NULL || G == NULL || V == NULL || ev == NULL || w == NULL)
        st = mpol_error(MPOL_ENOMEM, "mpol_ess_find: out of memory");
    for (size_t a = 0; st == MPOL_OK && a < dim; a++)
        for (size_t b = 0; b < dim; b++) {
            size_t i = dirs[a], j = dirs[b];
#define Q(p, q) (0.5 * (A[(p)*m + (q)] + A[(q)*m + (p)]))
            gsl_matrix_set(M, a, b, Q(i, j) - Q(i, r) - Q(r, j) + Q(r, r));
#undef Q
            gsl_matrix_set(G, a, b, (i == j ? 1.0 : 0.0) + 1.0);
        }
    if (st == MPOL_OK && gsl_eigen_gensymmv(M, G, ev, V, w) != 0)
        st = mpol_error(MPOL_ENUMERIC, "mpol_ess_find: the eigenvalue problem failed");
    for (size_t e = 0; st == MPOL_OK && e < dim; e++) {
        int pos = 1, neg = 1;
        for (size_t a = dim - nj; a < dim; a++) {
            double c = gsl_matrix_get(V, a, e);
            pos &= c > 1e-12;
            neg &= c < -1e-12;
        }
        if ((pos || neg) && gsl_vector_get(ev, e) > *out)
            *out = gsl_vector_get(ev, e);
    }
    gsl_eigen_gensymmv_free(w);
    gsl_vector_free(ev);
    gsl_matrix_free(V);
    gsl_matrix_free(G);
    gsl_matrix_free(M);
    return st;
}

/* The second-order figure of x with support @p S (k) and extra best replies @p N (q). */
static mpol_status margin(const double *A, size_t m, const size_t *S, size_t k, const size_t *N,
                          size_t q, double *out)
{
    size_t dirs[2 * MPOL_ESS_MAX_STRATEGIES];
    *out = -INFINITY;
    for (unsigned long J = 0; J < (1ul << q); J++) {
        size_t dim = 0, nj = 0;
        for (size_t f = 1; f < k; f++)
            dirs[dim++] = S[f];
        for (size_t j = 0; j < q; j++)
            if (J & (1ul << j)) {
                dirs[dim++] = N[j];
                nj++;
            }
        double v;
        mpol_status st = face_max(A, m, dirs, dim, nj, S[0], &v);
        if (st != MPOL_OK)
            return st;
        *out = fmax(*out, v);
    }
    return MPOL_OK;
}

/* Solves the (k+1) system of support S for x (m entries, zero off S) and v; 0 if singular. */
static int equalise(const double *A, size_t m, const size_t *S, size_t k, double scale, double *x,
                    double *v)
{
    double M[(MPOL_ESS_MAX_STRATEGIES + 1) * (MPOL_ESS_MAX_STRATEGIES + 2)];
    size_t K = k + 1, W = K + 1;
    for (size_t a = 0; a < k; a++) {
        for (size_t b = 0; b < k; b++)
            M[a * W + b] = A[S[a] * m + S[b]];
        M[a * W + k] = -1.0;
        M[a * W + K] = 0.0;
    }
    for (size_t b = 0; b < k; b++)
        M[k * W + b] = 1.0;
    M[k * W + k] = 0.0;
    M[k * W + K] = 1.0;
    for (size_t c = 0; c < K; c++) {
        size_t piv = c;
        for (size_t a = c + 1; a < K; a++)
            if (fabs(M[a * W + c]) > fabs(M[piv * W + c]))
                piv = a;
        if (fabs(M[piv * W + c]) <= 1e-12 * fmax(scale, 1.0))
            return 0;
        for (size_t b = 0; b < W; b++) {
            double t = M[c * W + b];
            M[c * W + b] = M[piv * W + b];
            M[piv * W + b] = t;
        }
        for (size_t a = 0; a < K; a++) {
            if (a == c)
                continue;
            double f = M[a * W + c] / M[c * W + c];
            for (size_t b = c; b < W; b++)
                M[a * W + b] -= f * M[c * W + b];
        }
    }
    memset(x, 0, m * sizeof *x);
    for (size_t a = 0; a < k; a++)
        x[S[a]] = M[a * W + K] / M[a * W + a];
    *v = M[k * W + K] / M[k * W + k];
    return 1;
}

void mpol_ess_result_free(mpol_ess_result *r)
{
    if (r == NULL)
        return;
    for (size_t e = 0; e < r->count; e++) {
        mpol_free(r->ess[e].x);
        for (size_t k = 0; r->ess[e].x_exact != NULL && k < r->m; k++)
            mpol_free(r->ess[e].x_exact[k]);
        mpol_free(r->ess[e].x_exact);
    }
    mpol_free(r->ess);
    mpol_free(r);
}

/* Tests the support S (k strategies): appends an ESS to @p r. */
static mpol_status try_support(mpol_ess_result *r, const double *A, size_t m, const size_t *S,
                               size_t k, double scale, double *x)
{
    double v;
    r->supports++;
    if (!equalise(A, m, S, k, scale, x, &v))
        return MPOL_OK;
    for (size_t a = 0; a < k; a++)
        if (!(x[S[a]] > r->tol_abs / fmax(scale, 1.0)))
            return MPOL_OK;
    size_t N[MPOL_ESS_MAX_STRATEGIES], q = 0;
    long double xax = 0.0L;
    double best = -INFINITY;
    for (size_t i = 0; i < m; i++) {
        long double s = 0.0L;
        for (size_t j = 0; j < m; j++)
            s += (long double)A[i * m + j] * x[j];
        xax += (long double)x[i] * s;
        best = fmax(best, (double)s);
        if (x[i] == 0.0 && (double)s >= v - r->tol_abs)
            N[q++] = i;
    }
    double regret = best - (double)xax;
    if (regret > r->tol_abs)
        return MPOL_OK;
    r->equilibria++;
    if (q > 16)
        return mpol_error(MPOL_ELIMIT, "mpol_ess_find: %zu alternative best replies", q);
    double mg;
    mpol_status st = margin(A, m, S, k, N, q, &mg);
    if (st != MPOL_OK || !(mg < -r->tol_abs))
        return st;
    mpol_ess *na = mpol_realloc(r->ess, (r->count + 1) * sizeof *na);
    if (na == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_ess_find: out of memory");
    r->ess = na;
    mpol_ess *e = &r->ess[r->count];
    e->x = mpol_malloc(m * sizeof *e->x);
    if (e->x == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_ess_find: out of memory");
    memcpy(e->x, x, m * sizeof *x);
    e->payoff = (double)xax;
    e->support = k;
    e->best_replies = k + q;
    e->regret = fmax(regret, 0.0);
    e->margin = mg;
    e->exact = 0;
    e->x_exact = NULL;
    r->count++;
    r->max_error = fmax(r->max_error, e->regret);
    return MPOL_OK;
}

/* Every support of size k in lexicographic order. */
static mpol_status supports_of_size(mpol_ess_result *r, const double *A, size_t m, size_t k,
                                    double scale, double *x)
{
    size_t S[MPOL_ESS_MAX_STRATEGIES];
    for (size_t a = 0; a < k; a++)
        S[a] = a;
    for (;;) {
        mpol_status st = try_support(r, A, m, S, k, scale, x);
        if (st != MPOL_OK)
            return st;
        size_t a = k;
        while (a > 0 && S[a - 1] == m - k + a - 1)
            a--;
        if (a == 0)
            return MPOL_OK;
        S[a - 1]++;
        for (size_t b = a; b < k; b++)
            S[b] = S[b - 1] + 1;
    }
}

mpol_status mpol_ess_find(mpol_ess_result **out, const double *A, size_t m, double tol)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_ess_find: NULL argument");
    *out = NULL;
    if (A == NULL || m == 0 || !(tol >= 0.0))
        return mpol_error(MPOL_EINVAL, "mpol_ess_find: NULL argument, no strategies or bad tol");
    if (m > MPOL_ESS_MAX_STRATEGIES)
        return mpol_error(MPOL_ELIMIT, "mpol_ess_find: %zu strategies (at most %d: 2^m supports)",
                          m, MPOL_ESS_MAX_STRATEGIES);
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < m * m; k++) {
        if (!isfinite(A[k]))
            return mpol_error(MPOL_EINVAL, "mpol_ess_find: a payoff is not finite");
        lo = fmin(lo, A[k]);
        hi = fmax(hi, A[k]);
    }
    double scale = hi > lo ? hi - lo : 1.0;
    mpol_i_gsl_init();
    mpol_ess_result *r = mpol_calloc(1, sizeof *r);
    double *x = mpol_malloc(m * sizeof *x);
    if (r == NULL || x == NULL) {
        mpol_free(r);
        mpol_free(x);
        return mpol_error(MPOL_ENOMEM, "mpol_ess_find: out of memory");
    }
    r->m = m;
    r->tol_abs = (tol > 0.0 ? tol : 1e-9) * scale;
    mpol_status st = MPOL_OK;
    for (size_t k = 1; k <= m && st == MPOL_OK; k++)
        st = supports_of_size(r, A, m, k, scale, x);
    mpol_free(x);
    if (st != MPOL_OK) {
        mpol_ess_result_free(r);
        return st;
    }
    r->verified = r->max_error <= r->tol_abs;
    *out = r;
    return r->verified ? MPOL_OK
                       : mpol_error(MPOL_EVERIFY, "mpol_ess_find: an ESS failed its check");
}

mpol_status mpol_ess_game(mpol_ess_result **out, const mpol_game *game, double tol)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_ess_game: NULL argument");
    *out = NULL;
    if (game == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_ess_game: NULL argument");
    if (game->nplayers != 2)
        return mpol_error(MPOL_EINVAL,
                          "mpol_ess_game: ESS needs a symmetric two-player game; "
                          "this one has %zu players",
                          game->nplayers);
    size_t m = game->nstrategies[0];
    if (game->nstrategies[1] != m)
        return mpol_error(MPOL_EINVAL,
                          "mpol_ess_game: the game is not symmetric: %zu and %zu "
                          "strategies",
                          m, game->nstrategies[1]);
    double *A = NULL, *B = NULL;
    mpol_status st = mpol_game_bimatrix(game, &A, &B);
    if (st != MPOL_OK)
        return st;
    double lo = INFINITY, hi = -INFINITY, worst = 0.0;
    size_t wi = 0, wj = 0;
    for (size_t k = 0; k < m * m; k++) {
        lo = fmin(lo, fmin(A[k], B[k]));
        hi = fmax(hi, fmax(A[k], B[k]));
    }
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            if (fabs(B[i * m + j] - A[j * m + i]) > worst) {
                worst = fabs(B[i * m + j] - A[j * m + i]);
                wi = i;
                wj = j;
            }
    double t = (tol > 0.0 ? tol : 1e-9) * (hi > lo ? hi - lo : 1.0);
    if (worst > t)
        st = mpol_error(MPOL_EINVAL,
                        "mpol_ess_game: the game is not symmetric: the column player's payoff at "
                        "(%s, %s) is %g, the row player's at (%s, %s) is %g",
                        game->strategy_names[0][wi], game->strategy_names[1][wj], B[wi * m + wj],
                        game->strategy_names[0][wj], game->strategy_names[1][wi], A[wj * m + wi]);
    else
        st = mpol_ess_find(out, A, m, tol);
    mpol_free(A);
    mpol_free(B);
    return st;
}
