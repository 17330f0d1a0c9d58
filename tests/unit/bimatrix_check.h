/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Helpers shared by test_bimatrix.c and test_slow_bimatrix.c: random games, a brute-force
 * support enumeration (the oracle for nondegenerate games), running lrsnash (lrslib) on a
 * game through popen() and comparing sets of equilibria. Header-only (static functions)
 * because each test file is its own executable.
 */
#ifndef MPOL_TEST_BIMATRIX_CHECK_H
#define MPOL_TEST_BIMATRIX_CHECK_H

#ifndef _POSIX_C_SOURCE
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* popen, mkstemp, fdopen */
#endif
#endif

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpol_test.h"
#include "multipolar/bimatrix.h"

/* Two equilibria are the same if their strategies agree to this. */
#define BMX_TEST_SAME_TOL 1e-7

/* A list of equilibria (x, y) as doubles. */
typedef struct eqset {
    size_t m, n, count, cap;
    double *xy; /* count * (m + n) */
} eqset;

static inline void eqset_init(eqset *s, size_t m, size_t n)
{
    s->m = m;
    s->n = n;
    s->count = 0;
    s->cap = 16;
    s->xy = malloc(s->cap * (m + n) * sizeof(double));
}

static inline void eqset_add(eqset *s, const double *x, const double *y)
{
    if (s->count == s->cap) {
        s->cap *= 2;
        s->xy = realloc(s->xy, s->cap * (s->m + s->n) * sizeof(double));
    }
    memcpy(s->xy + s->count * (s->m + s->n), x, s->m * sizeof(double));
    memcpy(s->xy + s->count * (s->m + s->n) + s->m, y, s->n * sizeof(double));
    s->count++;
}

static inline int eqset_find(const eqset *s, const double *xy)
{
    for (size_t k = 0; k < s->count; k++) {
        const double *e = s->xy + k * (s->m + s->n);
        size_t i = 0;
        while (i < s->m + s->n && fabs(e[i] - xy[i]) <= BMX_TEST_SAME_TOL)
            i++;
        if (i == s->m + s->n)
            return (int)k;
    }
    return -1;
}

/* Asserts that two sets hold the same equilibria (no duplicates in either). */
static inline void eqset_assert_equal(const eqset *a, const eqset *b, const char *what)
{
    if (a->count != b->count)
        fail_msg("%s: %zu equilibria, expected %zu", what, a->count, b->count);
    for (size_t k = 0; k < a->count; k++) {
        if (eqset_find(b, a->xy + k * (a->m + a->n)) < 0)
            fail_msg("%s: equilibrium %zu is not in the reference set", what, k + 1);
    }
}

static inline void eqset_from_result(eqset *s, const mpol_bimatrix_result *r)
{
    eqset_init(s, r->m, r->n);
    for (size_t e = 0; e < r->neq; e++)
        eqset_add(s, r->eq[e].x, r->eq[e].y);
}

/* Random integer game with entries in [lo, hi]. */
static inline void random_game(mpol_test_rng *rng, size_t m, size_t n, long lo, long hi, double *A,
                               double *B)
{
    for (size_t k = 0; k < m * n; k++)
        A[k] = (double)mpol_test_rng_int(rng, lo, hi);
    for (size_t k = 0; k < m * n; k++)
        B[k] = (double)mpol_test_rng_int(rng, lo, hi);
}

/* Solves the k x k system M z = r in place (partial pivoting); 0 if singular. */
static inline int small_solve(double *M, double *r, size_t k)
{
    for (size_t c = 0; c < k; c++) {
        size_t p = c;
        for (size_t i = c + 1; i < k; i++)
            if (fabs(M[i * k + c]) > fabs(M[p * k + c]))
                p = i;
        if (fabs(M[p * k + c]) < 1e-12)
            return 0;
        for (size_t j = 0; j < k; j++) {
            double t = M[c * k + j];
            M[c * k + j] = M[p * k + j];
            M[p * k + j] = t;
        }
        double t = r[c];
        r[c] = r[p];
        r[p] = t;
        for (size_t i = 0; i < k; i++) {
            if (i == c)
                continue;
            double f = M[i * k + c] / M[c * k + c];
            for (size_t j = c; j < k; j++)
                M[i * k + j] -= f * M[c * k + j];
            r[i] -= f * r[c];
        }
    }
    for (size_t c = 0; c < k; c++)
        r[c] /= M[c * k + c];
    return 1;
}

/*
 * Mixed strategy z over @p cols (supp) that makes the opponent indifferent over the rows
 * @p rows (same size s) of the matrix U (ur x uc, U[r*stride_r + c*stride_c]), sum 1.
 */
static inline int indifferent(const double *U, size_t stride_r, size_t stride_c, const size_t *rows,
                              const size_t *cols, size_t s, double *z)
{
    size_t k = s + 1;
    double M[17 * 17], r[17];
    for (size_t i = 0; i < s; i++) {
        for (size_t j = 0; j < s; j++)
            M[i * k + j] = U[rows[i] * stride_r + cols[j] * stride_c];
        M[i * k + s] = -1.0;
        r[i] = 0.0;
    }
    for (size_t j = 0; j < s; j++)
        M[s * k + j] = 1.0;
    M[s * k + s] = 0.0;
    r[s] = 1.0;
    if (!small_solve(M, r, k))
        return 0;
    for (size_t j = 0; j < s; j++)
        z[j] = r[j];
    return 1;
}

/* Brute-force support enumeration (equal support sizes: nondegenerate games). */
static inline void brute_force(size_t m, size_t n, const double *A, const double *B, eqset *out)
{
    eqset_init(out, m, n);
    size_t rows[16], cols[16];
    double x[16], y[16], zx[16], zy[16];
    for (unsigned long I = 1; I < (1ul << m); I++) {
        size_t s = 0;
        for (size_t i = 0; i < m; i++)
            if (I >> i & 1)
                rows[s++] = i;
        for (unsigned long J = 1; J < (1ul << n); J++) {
            size_t t = 0;
            for (size_t j = 0; j < n; j++)
                if (J >> j & 1)
                    cols[t++] = j;
            if (t != s)
                continue;
            /* y on cols makes the row player indifferent over rows (A), x likewise (B'). */
            if (!indifferent(A, n, 1, rows, cols, s, zy) ||
                !indifferent(B, 1, n, cols, rows, s, zx))
                continue;
            int ok = 1;
            for (size_t k = 0; k < s; k++)
                ok &= zx[k] > 1e-12 && zy[k] > 1e-12;
            if (!ok)
                continue;
            memset(x, 0, sizeof x);
            memset(y, 0, sizeof y);
            for (size_t k = 0; k < s; k++) {
                x[rows[k]] = zx[k];
                y[cols[k]] = zy[k];
            }
            double rr, rc;
            mpol_bimatrix_regret(m, n, A, B, x, y, &rr, &rc, NULL, NULL);
            if (rr <= 1e-9 * 100 && rc <= 1e-9 * 100)
                eqset_add(out, x, y);
        }
    }
}

static inline int have_lrsnash(void)
{
    return access("/usr/bin/lrsnash", X_OK) == 0;
}

/* Parses "p/q" or "p". */
static inline double parse_frac(const char *tok)
{
    const char *slash = strchr(tok, '/');
    double p = strtod(tok, NULL);
    return slash ? p / strtod(slash + 1, NULL) : p;
}

/* realloc that frees the old block and fails the test when memory runs out. */
static inline void *lrs_grow(void *p, size_t bytes)
{
    void *q = realloc(p, bytes);
    if (q == NULL) {
        free(p);
        fail_msg("out of memory reading lrsnash's output");
    }
    return q;
}

/*
 * Runs lrsnash on (A, B) (integers written exactly, other values as %.17g) and collects its
 * extreme equilibria. lrsnash prints groups: lines "2 y... payoff1" then lines
 * "1 x... payoff2"; every pair of a group is an equilibrium. Returns 0 if it could not run.
 */
static inline int run_lrsnash_q(size_t m, size_t n, const double *A, const double *B,
                                const mpol_rational *Aq, const mpol_rational *Bq, eqset *out)
{
    eqset_init(out, m, n);
    char path[] = "/tmp/mpol_lrsnash_XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0)
        return 0;
    FILE *f = fdopen(fd, "w");
    /* lrsnash is given the game with the player of fewer strategies first (the transpose
     * (B', A') when m > n): measured on the Gambit collection, that order is the fast one
     * (palf3.efg 64 x 8: over 60 s as given, 0.23 s transposed). */
    int tr = m > n;
    size_t rows = tr ? n : m, cols = tr ? m : n;
    fprintf(f, "%zu %zu\n\n", rows, cols);
    const double *mats[2] = {tr ? B : A, tr ? A : B};
    const mpol_rational *qs[2] = {tr ? Bq : Aq, tr ? Aq : Bq};
    for (int p = 0; p < 2; p++) {
        for (size_t a = 0; a < rows; a++) {
            for (size_t b = 0; b < cols; b++) {
                size_t k = tr ? b * n + a : a * n + b;
                if (qs[p] != NULL)
                    fprintf(f, "%lld/%lld ", (long long)qs[p][k].num, (long long)qs[p][k].den);
                else
                    fprintf(f, "%.17g ", mats[p][k]);
            }
            fprintf(f, "\n");
        }
        fprintf(f, "\n");
    }
    fclose(f);
    char cmd[256];
    snprintf(cmd, sizeof cmd, "lrsnash %s 2>/dev/null", path);
    FILE *pp = popen(cmd, "r");
    if (pp == NULL) {
        unlink(path);
        return 0;
    }
    /* Lines can hold hundreds of fractions and groups thousands of lines: all grown. */
    size_t lcap = 1 << 16, len = 0;
    char *line = malloc(lcap);
    if (line == NULL)
        fail_msg("out of memory reading lrsnash's output");
    size_t k1 = m, k2 = n, nx = 0, ny = 0, capx = 16, capy = 16;
    double *xs = malloc(capx * k1 * sizeof(double)), *ys = malloc(capy * k2 * sizeof(double));
    if (xs == NULL || ys == NULL)
        fail_msg("out of memory reading lrsnash's output");
    for (;;) {
        len = 0;
        int ch = EOF;
        while ((ch = fgetc(pp)) != EOF) {
            if (len + 1 == lcap)
                line = lrs_grow(line, lcap *= 2);
            line[len++] = (char)ch;
            if (ch == '\n')
                break;
        }
        if (len == 0 && ch == EOF)
            break;
        line[len] = '\0';
        char *tok = strtok(line, " \t\n");
        if (tok == NULL || (strcmp(tok, "1") != 0 && strcmp(tok, "2") != 0)) {
            /* A blank line ends a group. */
            for (size_t a = 0; a < nx; a++)
                for (size_t b = 0; b < ny; b++)
                    eqset_add(out, xs + a * k1, ys + b * k2);
            nx = ny = 0;
            continue;
        }
        int player = tok[0] - '0';
        if (tr)
            player = 3 - player; /* lrsnash's player 1 is the column player */
        size_t k = player == 1 ? k1 : k2;
        if (player == 1 && nx == capx)
            xs = lrs_grow(xs, (capx *= 2) * k1 * sizeof(double));
        if (player == 2 && ny == capy)
            ys = lrs_grow(ys, (capy *= 2) * k2 * sizeof(double));
        double *v = player == 1 ? xs + k1 * nx++ : ys + k2 * ny++;
        for (size_t i = 0; i < k; i++) {
            tok = strtok(NULL, " \t\n");
            v[i] = tok ? parse_frac(tok) : NAN;
        }
    }
    for (size_t a = 0; a < nx; a++)
        for (size_t b = 0; b < ny; b++)
            eqset_add(out, xs + a * k1, ys + b * k2);
    free(line);
    free(xs);
    free(ys);
    int rc = pclose(pp);
    unlink(path);
    return rc == 0;
}

static inline int run_lrsnash(size_t m, size_t n, const double *A, const double *B, eqset *out)
{
    return run_lrsnash_q(m, n, A, B, NULL, NULL, out);
}

#endif /* MPOL_TEST_BIMATRIX_CHECK_H */
