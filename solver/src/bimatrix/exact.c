/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements exact mode for the bimatrix solvers: each equilibrium found in
 * floating point is rebuilt in rational arithmetic (GMP mpq_t) from the bases of its two
 * vertices, by solving the square systems of the tight constraints of P = {x >= 0,
 * B'x <= 1} and Q = {y >= 0, A y <= 1} exactly (fraction-free pivoting is not needed at
 * these sizes; mpq Gaussian elimination keeps every entry in lowest terms). The rebuilt
 * profile is then verified from the exact payoffs: x and y are probability vectors and both
 * regrets max_i (A y)_i - x'A y and max_j (x'B)_j - x'B y are exactly zero, otherwise the
 * solve fails with MPOL_EVERIFY. Exact payoffs come from opts->A_exact/B_exact or, when
 * absent, from the doubles themselves (every double is a rational, converted without
 * rounding by mpq_set_d).
 */
#include <string.h>

#include <gmp.h>

#include "bimatrix/bimatrix_internal.h"

/* An exact matrix of m*n rationals: the payoffs, optionally shifted to have minimum 1. */
static void load_payoffs(mpq_t *X, size_t m, size_t n, const double *Xd, const mpol_rational *Xq,
                         int shift)
{
    for (size_t k = 0; k < m * n; k++) {
        if (Xq != NULL) {
            mpz_set_si(mpq_numref(X[k]), (long)Xq[k].num);
            mpz_set_si(mpq_denref(X[k]), (long)Xq[k].den);
            mpq_canonicalize(X[k]);
        } else {
            mpq_set_d(X[k], Xd[k]);
        }
    }
    if (!shift)
        return;
    mpq_t lo, one;
    mpq_init(lo);
    mpq_init(one);
    mpq_set(lo, X[0]);
    for (size_t k = 1; k < m * n; k++)
        if (mpq_cmp(X[k], lo) < 0)
            mpq_set(lo, X[k]);
    mpq_set_ui(one, 1, 1);
    mpq_sub(lo, one, lo); /* shift = 1 - min */
    for (size_t k = 0; k < m * n; k++)
        mpq_add(X[k], X[k], lo);
    mpq_clear(lo);
    mpq_clear(one);
}

/*
 * Solves for the vertex z (d coordinates, game labels lo..lo+d-1) of a polytope whose
 * non-basic labels (not in @p basis) are tight. For P (is_p): label i < m tight means
 * x_i = 0, label m+j means sum_i C[i][j] x_i = 1. For Q: label m+j means y_j = 0, label i
 * means sum_j C[i][j] y_j = 1. C is the shifted m x n matrix. Returns 0 if singular.
 */
static int solve_vertex(mpq_t *z, size_t m, size_t n, int is_p, mpq_t *C, const uint64_t *basis,
                        mpq_t *M)
{
    size_t d = is_p ? m : n, row = 0;
    for (size_t lab = 0; lab < m + n; lab++) {
        if (mpol_i_bit_get(basis, lab))
            continue;
        if (row == d)
            return 0;
        mpq_t *r = M + row * (d + 1);
        for (size_t k = 0; k <= d; k++)
            mpq_set_ui(r[k], 0, 1);
        int own = is_p ? lab < m : lab >= m; /* a variable's own label: z_k = 0 */
        if (own) {
            mpq_set_ui(r[is_p ? lab : lab - m], 1, 1);
        } else {
            for (size_t k = 0; k < d; k++)
                mpq_set(r[k], is_p ? C[k * n + (lab - m)] : C[lab * n + k]);
            mpq_set_ui(r[d], 1, 1);
        }
        row++;
    }
    if (row != d)
        return 0;
    mpq_t f;
    mpq_init(f);
    int ok = 1;
    for (size_t col = 0; col < d && ok; col++) {
        size_t piv = col;
        while (piv < d && mpq_sgn(M[piv * (d + 1) + col]) == 0)
            piv++;
        if (piv == d) {
            ok = 0;
            break;
        }
        if (piv != col)
            for (size_t k = 0; k <= d; k++)
                mpq_swap(M[piv * (d + 1) + k], M[col * (d + 1) + k]);
        mpq_t *pr = M + col * (d + 1);
        for (size_t r = 0; r < d; r++) {
            if (r == col || mpq_sgn(M[r * (d + 1) + col]) == 0)
                continue;
            mpq_div(f, M[r * (d + 1) + col], pr[col]);
            for (size_t k = col; k <= d; k++) {
                mpq_t t;
                mpq_init(t);
                mpq_mul(t, f, pr[k]);
                mpq_sub(M[r * (d + 1) + k], M[r * (d + 1) + k], t);
                mpq_clear(t);
            }
        }
    }
    for (size_t k = 0; k < d && ok; k++)
        mpq_div(z[k], M[k * (d + 1) + d], M[k * (d + 1) + k]);
    mpq_clear(f);
    return ok;
}

/* Normalises z to sum 1; returns 0 if some entry is negative or the sum is not positive. */
static int normalise_exact(mpq_t *z, size_t d)
{
    mpq_t s;
    mpq_init(s);
    int ok = 1;
    for (size_t k = 0; k < d; k++) {
        if (mpq_sgn(z[k]) < 0)
            ok = 0;
        mpq_add(s, s, z[k]);
    }
    if (mpq_sgn(s) <= 0)
        ok = 0;
    for (size_t k = 0; k < d && ok; k++)
        mpq_div(z[k], z[k], s);
    mpq_clear(s);
    return ok;
}

static char *to_string(const mpq_t q)
{
    void (*gmp_free)(void *, size_t);
    mp_get_memory_functions(NULL, NULL, &gmp_free);
    char *g = mpq_get_str(NULL, 10, q);
    char *s = mpol_strdup(g);
    gmp_free(g, strlen(g) + 1);
    return s;
}

static mpq_t *mpq_array(size_t k)
{
    mpq_t *a = mpol_malloc(k * sizeof(mpq_t));
    if (a != NULL)
        for (size_t i = 0; i < k; i++)
            mpq_init(a[i]);
    return a;
}

static void mpq_array_free(mpq_t *a, size_t k)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < k; i++)
        mpq_clear(a[i]);
    mpol_free(a);
}

/* The exact regret of one player: max_k u_k - sum_k p_k u_k, in @p out. */
static void regret_exact(mpq_t out, mpq_t *u, mpq_t *p, size_t k, mpq_t tmp, mpq_t payoff)
{
    mpq_set_ui(payoff, 0, 1);
    mpq_set(out, u[0]);
    for (size_t i = 0; i < k; i++) {
        mpq_mul(tmp, p[i], u[i]);
        mpq_add(payoff, payoff, tmp);
        if (mpq_cmp(u[i], out) > 0)
            mpq_set(out, u[i]);
    }
    mpq_sub(out, out, payoff);
}

mpol_status mpol_i_bmx_exact_eq(mpol_bimatrix_eq *eq, size_t m, size_t n, const double *A,
                                const double *B, const mpol_bimatrix_opts *opts,
                                const uint64_t *xbasis, const uint64_t *ybasis)
{
    size_t d = m > n ? m : n, mn = m * n;
    mpol_status st = MPOL_OK;
    /* Layout: Aq, Bq (original), As, Bs (shifted), x, y, u (utilities), M (system). */
    size_t total = 4 * mn + m + n + d + d * (d + 1);
    mpq_t *all = mpq_array(total);
    if (all == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory (exact mode)");
    mpq_t *Aq = all, *Bq = Aq + mn, *As = Bq + mn, *Bs = As + mn, *x = Bs + mn, *y = x + m,
          *u = y + n, *M = u + d;
    mpq_t r_row, r_col, p_row, p_col, tmp;
    mpq_inits(r_row, r_col, p_row, p_col, tmp, NULL);
    load_payoffs(Aq, m, n, A, opts->A_exact, 0);
    load_payoffs(Bq, m, n, B, opts->B_exact, 0);
    load_payoffs(As, m, n, A, opts->A_exact, 1);
    load_payoffs(Bs, m, n, B, opts->B_exact, 1);
    if (!solve_vertex(x, m, n, 1, Bs, xbasis, M) || !solve_vertex(y, m, n, 0, As, ybasis, M) ||
        !normalise_exact(x, m) || !normalise_exact(y, n)) {
        st = mpol_error(MPOL_EVERIFY, "mpol_bimatrix: exact rebuild of an equilibrium failed "
                                      "(singular or infeasible basis)");
        goto done;
    }
    for (size_t i = 0; i < m; i++) { /* u = A y */
        mpq_set_ui(u[i], 0, 1);
        for (size_t j = 0; j < n; j++) {
            mpq_mul(tmp, Aq[i * n + j], y[j]);
            mpq_add(u[i], u[i], tmp);
        }
    }
    regret_exact(r_row, u, x, m, tmp, p_row);
    for (size_t j = 0; j < n; j++) { /* u = x'B */
        mpq_set_ui(u[j], 0, 1);
        for (size_t i = 0; i < m; i++) {
            mpq_mul(tmp, Bq[i * n + j], x[i]);
            mpq_add(u[j], u[j], tmp);
        }
    }
    regret_exact(r_col, u, y, n, tmp, p_col);
    if (mpq_sgn(r_row) != 0 || mpq_sgn(r_col) != 0) {
        st = mpol_error(MPOL_EVERIFY,
                        "mpol_bimatrix: exact verification failed: regrets %g "
                        "and %g are not 0",
                        mpq_get_d(r_row), mpq_get_d(r_col));
        goto done;
    }
    eq->x_exact = mpol_calloc(m, sizeof(char *));
    eq->y_exact = mpol_calloc(n, sizeof(char *));
    if (eq->x_exact == NULL || eq->y_exact == NULL)
        goto nomem;
    for (size_t i = 0; i < m; i++) {
        eq->x[i] = mpq_get_d(x[i]);
        if ((eq->x_exact[i] = to_string(x[i])) == NULL)
            goto nomem;
    }
    for (size_t j = 0; j < n; j++) {
        eq->y[j] = mpq_get_d(y[j]);
        if ((eq->y_exact[j] = to_string(y[j])) == NULL)
            goto nomem;
    }
    if ((eq->payoff_row_exact = to_string(p_row)) == NULL ||
        (eq->payoff_col_exact = to_string(p_col)) == NULL)
        goto nomem;
    goto done;
nomem:
    st = mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory (exact mode)");
done:
    mpq_clears(r_row, r_col, p_row, p_col, tmp, NULL);
    mpq_array_free(all, total);
    return st;
}
