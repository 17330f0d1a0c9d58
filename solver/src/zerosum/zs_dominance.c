/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements iterated elimination of strictly dominated strategies in a bimatrix
 * game (zero-sum when B is NULL, meaning B = -A).
 *
 * Pure dominance: row i is removed if some remaining row k has A_kj > A_ij + margin in every
 * remaining column j (columns likewise with B). Mixed dominance (opts.mixed): row i is
 * strictly dominated by a mixture of the other remaining rows iff the zero-sum game
 * D_kj = A_kj - A_ij (k != i remaining, j remaining) has a positive value (the classic LP
 * test, e.g. Myerson, "Game Theory", 1991, sec. 1.8); its LP is solved by the built-in
 * simplex and the dominating mixture it returns is then checked directly against every
 * remaining column before the row is removed, so a removal never rests on the LP alone.
 * Rounds repeat until nothing changes; strict dominance makes the result independent of the
 * order of removal (Gilboa, Kalai & Zemel 1990).
 *
 * Deviation: "strictly" means by more than margin = tol * payoff range, so ties within
 * rounding are never treated as dominance.
 */
#include <math.h>
#include <string.h>

#include "zs_internal.h"

void mpol_dominance_opts_init(mpol_dominance_opts *opts)
{
    opts->mixed = 0;
    opts->tol = MPOL_ZS_DOM_TOL;
}

/* Payoff of the column player in cell (i, j). */
static double colpay(const double *A, const double *B, size_t n, size_t i, size_t j)
{
    return B != NULL ? B[i * n + j] : -A[i * n + j];
}

/* Scratch for the mixed-dominance LPs. */
typedef struct mixed_ws {
    mpol_i_zs_tab tab;
    double *D; /* (max(m, n)) x (max(m, n)) difference game */
    double *x, *y;
    size_t *own;         /* the rows of D: the own strategies other than the tested one */
    size_t *lown, *loth; /* remaining strategies of the tested player and of the opponent */
} mixed_ws;

static void mixed_free(mixed_ws *w)
{
    mpol_i_zs_tab_free(&w->tab);
    mpol_free(w->D);
    mpol_free(w->x);
    mpol_free(w->y);
    mpol_free(w->own);
    mpol_free(w->lown);
    mpol_free(w->loth);
}

static mpol_status mixed_alloc(mixed_ws *w, size_t m, size_t n)
{
    memset(w, 0, sizeof *w);
    size_t k = m > n ? m : n;
    mpol_status st = mpol_i_zs_tab_init(&w->tab, k, k);
    if (st != MPOL_OK)
        return st;
    w->D = mpol_malloc(k * k * sizeof(double));
    w->x = mpol_malloc(k * sizeof(double));
    w->y = mpol_malloc(k * sizeof(double));
    w->own = mpol_malloc(k * sizeof(size_t));
    w->lown = mpol_malloc(k * sizeof(size_t));
    w->loth = mpol_malloc(k * sizeof(size_t));
    if (!w->D || !w->x || !w->y || !w->own || !w->lown || !w->loth) {
        mixed_free(w);
        return mpol_error(MPOL_ENOMEM, "mpol_dominance_eliminate: out of memory");
    }
    return MPOL_OK;
}

/*
 * Tests whether strategy s of a player with payoff pay(own, other) is strictly dominated by a
 * mixture of the other remaining strategies. w->lown[0..nown) and w->loth[0..nother) list
 * the remaining strategies of the player and of the opponent.
 * Returns 1 (dominated, verified), 0, or a negative value on a solver error (status in *st).
 */
static int mixed_dominated(mixed_ws *w, const double *P, size_t ld, int transposed, size_t s,
                           size_t nown, size_t nother, double margin, mpol_status *st)
{
    const size_t *own = w->lown, *other = w->loth;
    /* Rows of D: the other own strategies k != s; columns: remaining opponent strategies. */
    size_t rows = 0;
#define PAY(a, b) (transposed ? P[(b)*ld + (a)] : P[(a)*ld + (b)])
    for (size_t r = 0; r < nown; r++) {
        size_t k = own[r];
        if (k == s)
            continue;
        for (size_t c = 0; c < nother; c++)
            w->D[rows * nother + c] = PAY(k, other[c]) - PAY(s, other[c]);
        w->own[rows++] = k;
    }
    mpol_i_zs_scale sc;
    *st = mpol_i_zs_scan(&sc, w->D, rows, nother, "mpol_dominance_eliminate");
    if (*st != MPOL_OK)
        return -1;
    if (sc.amax <= margin)
        return 0; /* no mixture can gain more than the largest difference */
    mpol_i_zs_tab_load(&w->tab, w->D, nother, &sc, NULL, rows, NULL, nother);
    w->tab.max_pivots = 0;
    *st = mpol_i_zs_primal(&w->tab);
    if (*st != MPOL_OK)
        return -1;
    memset(w->x, 0, rows * sizeof(double));
    memset(w->y, 0, nother * sizeof(double));
    double vP = mpol_i_zs_tab_extract(&w->tab, w->x, w->y);
    if (isnan(vP) || !(mpol_i_zs_unscale(&sc, vP) > margin))
        return 0;
    /* Check the dominating mixture directly in the original payoffs. */
    for (size_t c = 0; c < nother; c++) {
        long double mix = 0.0L;
        for (size_t r = 0; r < rows; r++)
            mix += (long double)w->x[r] * PAY(w->own[r], other[c]);
        if (!(mix > (long double)PAY(s, other[c]) + margin))
            return 0;
    }
#undef PAY
    return 1;
}

/* Collects the indices k < len with removed[k] == 0. */
static size_t remaining(size_t *out, const unsigned char *removed, size_t len)
{
    size_t cnt = 0;
    for (size_t k = 0; k < len; k++)
        if (!removed[k])
            out[cnt++] = k;
    return cnt;
}

mpol_status mpol_dominance_eliminate_ex(const double *A, const double *B, size_t m, size_t n,
                                        const mpol_dominance_opts *opts, unsigned char *row_removed,
                                        unsigned char *col_removed, size_t *rows_removed,
                                        size_t *cols_removed)
{
    const char *where = "mpol_dominance_eliminate";
    if (A == NULL || row_removed == NULL || col_removed == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", where);
    if (m == 0 || n == 0)
        return mpol_error(MPOL_EINVAL, "%s: %zu x %zu game; invalid dimension", where, m, n);
    mpol_dominance_opts def;
    if (opts == NULL) {
        mpol_dominance_opts_init(&def);
        opts = &def;
    }
    if (!(opts->tol >= 0.0 && opts->tol < 1.0))
        return mpol_error(MPOL_EINVAL, "%s: tol = %g; need 0 <= tol < 1", where, opts->tol);
    mpol_i_zs_scale sa, sb;
    mpol_status st = mpol_i_zs_scan(&sa, A, m, n, where);
    if (st != MPOL_OK)
        return st;
    if (B != NULL && (st = mpol_i_zs_scan(&sb, B, m, n, where)) != MPOL_OK)
        return st;
    double scale = sa.amax - sa.amin;
    if (B != NULL && sb.amax - sb.amin > scale)
        scale = sb.amax - sb.amin;
    const double margin = opts->tol * (scale > 0.0 ? scale : 1.0);

    mixed_ws w;
    memset(&w, 0, sizeof w);
    double *negA = NULL;
    if (opts->mixed) {
        if ((st = mixed_alloc(&w, m, n)) != MPOL_OK)
            return st;
        if (B == NULL) {
            negA = mpol_malloc(m * n * sizeof(double));
            if (negA == NULL) {
                mixed_free(&w);
                return mpol_error(MPOL_ENOMEM, "%s: out of memory", where);
            }
            for (size_t k = 0; k < m * n; k++)
                negA[k] = -A[k];
        }
    }
    const double *Bcol = B != NULL ? B : negA;

    memset(row_removed, 0, m);
    memset(col_removed, 0, n);
    size_t nr = m, nc = n;
    int changed = 1;
    while (changed) {
        changed = 0;
        /* Pure dominance among rows. */
        for (size_t i = 0; i < m && nr > 1; i++) {
            if (row_removed[i])
                continue;
            for (size_t k = 0; k < m; k++) {
                if (k == i || row_removed[k])
                    continue;
                size_t j = 0;
                for (; j < n; j++)
                    if (!col_removed[j] && !(A[k * n + j] > A[i * n + j] + margin))
                        break;
                if (j == n) {
                    row_removed[i] = 1;
                    nr--;
                    changed = 1;
                    break;
                }
            }
        }
        /* Pure dominance among columns. */
        for (size_t j = 0; j < n && nc > 1; j++) {
            if (col_removed[j])
                continue;
            for (size_t l = 0; l < n; l++) {
                if (l == j || col_removed[l])
                    continue;
                size_t i = 0;
                for (; i < m; i++)
                    if (!row_removed[i] &&
                        !(colpay(A, B, n, i, l) > colpay(A, B, n, i, j) + margin))
                        break;
                if (i == m) {
                    col_removed[j] = 1;
                    nc--;
                    changed = 1;
                    break;
                }
            }
        }
        if (!opts->mixed || changed)
            continue;
        /* Mixed dominance, one LP per remaining strategy. */
        for (int side = 0; side < 2; side++) {
            const size_t len = side == 0 ? m : n, olen = side == 0 ? n : m;
            unsigned char *rem = side == 0 ? row_removed : col_removed;
            const unsigned char *orem = side == 0 ? col_removed : row_removed;
            size_t *cnt = side == 0 ? &nr : &nc;
            for (size_t s = 0; s<len && * cnt> 2; s++) {
                if (rem[s])
                    continue;
                size_t no = remaining(w.lown, rem, len), nx = remaining(w.loth, orem, olen);
                int d = side == 0 ? mixed_dominated(&w, A, n, 0, s, no, nx, margin, &st)
                                  : mixed_dominated(&w, Bcol, n, 1, s, no, nx, margin, &st);
                if (d < 0)
                    goto done;
                if (d == 1) {
                    rem[s] = 1;
                    (*cnt)--;
                    changed = 1;
                }
            }
        }
    }
    st = MPOL_OK;
    if (rows_removed != NULL)
        *rows_removed = m - nr;
    if (cols_removed != NULL)
        *cols_removed = n - nc;
done:
    if (opts->mixed)
        mixed_free(&w);
    mpol_free(negA);
    return st;
}

mpol_status mpol_dominance_eliminate(const double *A, const double *B, size_t m, size_t n,
                                     unsigned char *row_removed, unsigned char *col_removed,
                                     size_t *rows_removed, size_t *cols_removed)
{
    mpol_dominance_opts opts;
    mpol_dominance_opts_init(&opts);
    return mpol_dominance_eliminate_ex(A, B, m, n, &opts, row_removed, col_removed, rows_removed,
                                       cols_removed);
}
