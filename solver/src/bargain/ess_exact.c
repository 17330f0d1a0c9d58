/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file re-checks the ESS found in doubles in exact rationals (GMP mpq): the equalising
 * system on the support, the regret and the best replies, and the second-order condition
 * where it is decided by signs: the form M on the directions e_f - e_r of the support must be
 * negative definite (every pivot of Gaussian elimination of -M without pivoting positive),
 * and with q = 1 or 2 extra best replies the Schur complement S of M on them must be negative
 * on the nonnegative orthant (q = 1: S < 0; q = 2: S_11, S_22 < 0 and S_12 < 0 or
 * S_12^2 < S_11 S_22). */
#include <stdio.h>
#include <string.h>

#include <gmp.h>

#include "multipolar/bargaining.h"

#define MAXM MPOL_ESS_MAX_STRATEGIES

/* Gaussian elimination with pivot search of the K x (K+1) system in @p M (row stride W). */
static int solve_exact(mpq_t *M, size_t K, size_t W, mpq_t t)
{
    for (size_t c = 0; c < K; c++) {
        size_t piv = c;
        while (piv < K && mpq_sgn(M[piv * W + c]) == 0)
            piv++;
        if (piv == K)
            return 0;
        for (size_t b = 0; b < W; b++)
            mpq_swap(M[c * W + b], M[piv * W + b]);
        for (size_t a = 0; a < K; a++) {
            if (a == c || mpq_sgn(M[a * W + c]) == 0)
                continue;
            mpq_div(t, M[a * W + c], M[c * W + c]);
            for (size_t b = W; b-- > c;) {
                mpq_t u;
                mpq_init(u);
                mpq_mul(u, t, M[c * W + b]);
                mpq_sub(M[a * W + b], M[a * W + b], u);
                mpq_clear(u);
            }
        }
    }
    for (size_t a = 0; a < K; a++)
        mpq_div(M[a * W + K], M[a * W + K], M[a * W + a]);
    return 1;
}

/* Q(i, j) - Q(i, r) - Q(r, j) + Q(r, r), Q = (A + A^T) / 2, into @p out. */
static void form(mpq_t out, mpq_t *A, size_t m, size_t i, size_t j, size_t r)
{
    mpq_set_ui(out, 0, 1);
    mpq_add(out, A[i * m + j], A[j * m + i]);
    mpq_sub(out, out, A[i * m + r]);
    mpq_sub(out, out, A[r * m + i]);
    mpq_sub(out, out, A[r * m + j]);
    mpq_sub(out, out, A[j * m + r]);
    mpq_add(out, out, A[r * m + r]);
    mpq_add(out, out, A[r * m + r]);
    mpq_div_2exp(out, out, 1);
}

/* 1 if z.Az < 0 on the cone of directions (dirs: free ones, then q >= 0 ones), 0 when q > 2
 * (undecided), -1 if not. Destroys nothing outside. */
static int second_order(mpq_t *A, size_t m, const size_t *dirs, size_t nf, size_t q, size_t r)
{
    size_t D = nf + q;
    mpq_t M[(2 * MAXM) * (2 * MAXM)], t, u;
    for (size_t a = 0; a < D * D; a++)
        mpq_init(M[a]);
    mpq_init(t);
    mpq_init(u);
    for (size_t a = 0; a < D; a++)
        for (size_t b = 0; b < D; b++) {
            form(M[a * D + b], A, m, dirs[a], dirs[b], r);
            mpq_neg(M[a * D + b], M[a * D + b]); /* -M */
        }
    int verdict = 1;
    /* Eliminate the free block: every pivot of -M_FF must be positive; what remains in the
     * q x q corner is -S, the Schur complement of -M. */
    for (size_t c = 0; c < nf && verdict == 1; c++) {
        if (mpq_sgn(M[c * D + c]) <= 0) {
            verdict = -1;
            break;
        }
        for (size_t a = c + 1; a < D; a++) {
            mpq_div(t, M[a * D + c], M[c * D + c]);
            for (size_t b = c; b < D; b++) {
                mpq_mul(u, t, M[c * D + b]);
                mpq_sub(M[a * D + b], M[a * D + b], u);
            }
        }
    }
    if (verdict == 1 && q > 2)
        verdict = 0;
    if (verdict == 1 && q >= 1) {
        mpq_t *s11 = &M[nf * D + nf];
        if (mpq_sgn(*s11) <= 0)
            verdict = -1;
        if (verdict == 1 && q == 2) {
            mpq_t *s12 = &M[nf * D + nf + 1], *s22 = &M[(nf + 1) * D + nf + 1];
            mpq_mul(t, *s12, *s12);
            mpq_mul(u, *s11, *s22);
            if (mpq_sgn(*s22) <= 0 || (mpq_sgn(*s12) <= 0 && mpq_cmp(t, u) >= 0))
                verdict = -1;
        }
    }
    for (size_t a = 0; a < D * D; a++)
        mpq_clear(M[a]);
    mpq_clear(t);
    mpq_clear(u);
    return verdict;
}

/* Checks ESS @p e exactly; fills e->exact and e->x_exact. */
static mpol_status check_one(mpol_ess *e, mpq_t *A, size_t m, mpq_t *x, mpq_t *ax)
{
    size_t S[MAXM], k = 0;
    for (size_t i = 0; i < m; i++)
        if (e->x[i] > 0.0)
            S[k++] = i;
    size_t K = k + 1, W = K + 1;
    mpq_t M[(MAXM + 1) * (MAXM + 2)], t, v;
    for (size_t a = 0; a < K * W; a++)
        mpq_init(M[a]);
    mpq_init(t);
    mpq_init(v);
    for (size_t a = 0; a < k; a++) {
        for (size_t b = 0; b < k; b++)
            mpq_set(M[a * W + b], A[S[a] * m + S[b]]);
        mpq_set_si(M[a * W + k], -1, 1);
    }
    for (size_t b = 0; b < k; b++)
        mpq_set_ui(M[k * W + b], 1, 1);
    mpq_set_ui(M[k * W + K], 1, 1);
    int ok = solve_exact(M, K, W, t);
    for (size_t i = 0; i < m; i++)
        mpq_set_ui(x[i], 0, 1);
    for (size_t a = 0; ok && a < k; a++) {
        mpq_set(x[S[a]], M[a * W + K]);
        ok = mpq_sgn(x[S[a]]) > 0;
    }
    if (ok)
        mpq_set(v, M[k * W + K]);
    size_t dirs[2 * MAXM], nd = 0, q = 0;
    for (size_t f = 1; f < k; f++)
        dirs[nd++] = S[f];
    for (size_t i = 0; ok && i < m; i++) {
        mpq_set_ui(ax[i], 0, 1);
        for (size_t j = 0; j < m; j++) {
            mpq_mul(t, A[i * m + j], x[j]);
            mpq_add(ax[i], ax[i], t);
        }
        int c = mpq_cmp(ax[i], v);
        ok = c <= 0;
        if (c == 0 && mpq_sgn(x[i]) == 0) {
            dirs[nd++] = i;
            q++;
        }
    }
    e->exact = ok ? second_order(A, m, dirs, nd - q, q, S[0]) : -1;
    for (size_t i = 0; e->x_exact != NULL && i < m; i++) /* a second call replaces them */
        mpol_free(e->x_exact[i]);
    mpol_free(e->x_exact);
    e->x_exact = mpol_calloc(m, sizeof *e->x_exact);
    mpol_status st = e->x_exact != NULL ? MPOL_OK : mpol_error(MPOL_ENOMEM, "out of memory");
    for (size_t i = 0; st == MPOL_OK && i < m; i++) {
        char *s = mpq_get_str(NULL, 10, x[i]);
        size_t len = strlen(s) + 1;
        e->x_exact[i] = mpol_malloc(len);
        if (e->x_exact[i] != NULL)
            memcpy(e->x_exact[i], s, len);
        else
            st = mpol_error(MPOL_ENOMEM, "mpol_ess_exact: out of memory");
        void (*gmp_free)(void *, size_t);
        mp_get_memory_functions(NULL, NULL, &gmp_free);
        gmp_free(s, len);
    }
    for (size_t a = 0; a < K * W; a++)
        mpq_clear(M[a]);
    mpq_clear(t);
    mpq_clear(v);
    return st;
}

mpol_status mpol_ess_exact(mpol_ess_result *r, const mpol_game *game)
{
    if (r == NULL || game == NULL || game->nplayers != 2 || game->nstrategies[0] != r->m ||
        game->nstrategies[1] != r->m || r->m > MAXM)
        return mpol_error(MPOL_EINVAL, "mpol_ess_exact: NULL argument or a result that does "
                                       "not fit the game");
    size_t m = r->m;
    mpq_t A[MAXM * MAXM], x[MAXM], ax[MAXM];
    for (size_t i = 0; i < m; i++) {
        mpq_init(x[i]);
        mpq_init(ax[i]);
        for (size_t j = 0; j < m; j++) {
            size_t c = (i + m * j) * 2;
            mpq_init(A[i * m + j]);
            if (game->exact != NULL) {
                mpz_set_si(mpq_numref(A[i * m + j]), (long)game->exact[c].num);
                mpz_set_si(mpq_denref(A[i * m + j]), (long)game->exact[c].den);
                mpq_canonicalize(A[i * m + j]);
            } else {
                mpq_set_d(A[i * m + j], game->payoff[c]);
            }
        }
    }
    mpol_status st = MPOL_OK;
    int refuted = 0;
    for (size_t e = 0; e < r->count && st == MPOL_OK; e++) {
        st = check_one(&r->ess[e], A, m, x, ax);
        refuted |= r->ess[e].exact < 0;
    }
    for (size_t i = 0; i < m; i++) {
        mpq_clear(x[i]);
        mpq_clear(ax[i]);
        for (size_t j = 0; j < m; j++)
            mpq_clear(A[i * m + j]);
    }
    if (st == MPOL_OK && refuted)
        st = mpol_error(MPOL_EVERIFY, "mpol_ess_exact: an ESS is refuted in exact arithmetic");
    return st;
}
