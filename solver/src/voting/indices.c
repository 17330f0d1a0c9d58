/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the Deegan-Packel, public good (Holler-Packel), Johnston and Coleman
 * indices of weighted voting games (voting.h; definitions and citations in docs/voting.md).
 *
 * Players are sorted by increasing weight (ties by index): position k holds ord[k].
 * - Minimal winning coalitions (Deegan-Packel, public good): S is minimal winning iff
 *   w(S) >= q and w(S) - w_l < q for its lightest member l (the member of lowest position),
 *   so with l fixed the other members form a subset of the later positions with weight in
 *   [q - w_l, q - 1]. For player i (one per weight class: equal weights have equal values)
 *   the coalitions containing i are counted by a generating function over weights < q
 *   (and sizes, for Deegan-Packel) of the positions after i, extended one position at a
 *   time below i while each lower position is tried as the lightest member l: only
 *   multiplications by (1 + x^w), no division, so floating point is as stable as the
 *   counts. O(n^2 q) (public good), O(n^3 q) (Deegan-Packel) per distinct weight at most.
 *   Check: the raw values summed against the number of minimal winning coalitions (and the
 *   sum of their sizes) from a separate O(n q) suffix DP with a first-moment table.
 * - Johnston: a winning S has a critical member iff removing its heaviest member h makes it
 *   lose, so the swing coalitions are {h} + T with T among the later positions (in
 *   decreasing order) with w(T) in [q - w_h, q - 1]; they are counted by an O(n q) DP (the
 *   estimate and the check) and either enumerated by a pruned depth-first search (the
 *   critical members of S are those with w_j > w(S) - q, a prefix of S in decreasing
 *   order), or, when cheaper, counted by a DP per player i and group of thresholds
 *   theta = w(S) - q < w_i with the same heavy set {w_j > theta} over (weight, heavy
 *   members), the heavy members being exactly the critical ones.
 * - Coleman: the swings are mpol_power_banzhaf's; the winning coalitions W and the sum of
 *   their sizes come from a separate DP over min(q, total - q + 1) weights (complements on
 *   the far side; probabilities in floating point), checked by the Dubey-Shapley identity
 *   sum_i swings_i = 2 sum_{S winning} |S| - n W.
 */
#include <math.h>
#include <string.h>

#include "voting/mpz_internal.h"
#include "voting/voting_internal.h"

static const char WHO[] = "mpol_power_index";

const char *mpol_index_kind_name(mpol_index_kind kind)
{
    switch (kind) {
    case MPOL_INDEX_DEEGAN_PACKEL:
        return "deegan-packel";
    case MPOL_INDEX_PUBLIC_GOOD:
        return "public-good";
    case MPOL_INDEX_JOHNSTON:
        return "johnston";
    case MPOL_INDEX_COLEMAN:
        return "coleman";
    }
    return "unknown";
}

static void free_strings(char **s, size_t n)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        mpol_free(s[i]);
    mpol_free(s);
}

void mpol_index_result_free(mpol_index_result *r)
{
    if (r == NULL)
        return;
    mpol_free(r->index);
    mpol_free(r->raw);
    mpol_free(r->initiate);
    free_strings(r->index_exact, r->n);
    free_strings(r->raw_exact, r->n);
    free_strings(r->initiate_exact, r->n);
    mpol_free(r->total_exact);
    mpol_free(r->act_exact);
    mpol_free(r);
}

/* The canonical fraction x as "num/den" through mpol_malloc, or NULL. */
static char *qstring(const mpq_t x)
{
    size_t len = mpz_sizeinbase(mpq_numref(x), 10) + mpz_sizeinbase(mpq_denref(x), 10) + 3;
    char *s = mpol_malloc(len);
    if (s != NULL)
        mpq_get_str(s, 10, x);
    return s;
}

/* Distinct weight classes: 1 if ord[k] has the weight of ord[k-1]. */
static int same_as_prev(const mpol_i_wvg_int *gi, const size_t *ord, size_t k)
{
    return k > 0 && gi->w[ord[k - 1]] == gi->w[ord[k]];
}

static size_t distinct_weights(const mpol_i_wvg_int *gi, const size_t *ord)
{
    size_t d = 0;
    for (size_t k = 0; k < gi->n; k++)
        d += !same_as_prev(gi, ord, k);
    return d;
}

/* ---- generating functions over weights 0..L-1 ---- */

static void mul_d(double *C, size_t L, size_t w)
{
    for (size_t u = L; u-- > w;)
        C[u] += C[u - w];
}

/* C[s][u] (rows of L) times (1 + y x^w), sizes 0..smax. */
static void mul2_d(double *C, size_t L, size_t smax, size_t w)
{
    for (size_t s = smax; s >= 1; s--)
        for (size_t u = L; u-- > w;)
            C[s * L + u] += C[(s - 1) * L + u - w];
}

static void mul_z(mpz_t *C, size_t L, size_t w)
{
    for (size_t u = L; u-- > w;)
        mpz_add(C[u], C[u], C[u - w]);
}

static void mul2_z(mpz_t *C, size_t L, size_t smax, size_t w)
{
    for (size_t s = smax; s >= 1; s--)
        for (size_t u = L; u-- > w;)
            mpz_add(C[s * L + u], C[s * L + u], C[(s - 1) * L + u - w]);
}

/* The weight window [q - a, q - 1 - b] clipped to [0, L): 0 if empty. */
static int window(size_t *lo, size_t *hi, int64_t q, int64_t a, int64_t b, size_t L)
{
    int64_t x = q - a, y = q - 1 - b;
    if (x < 0)
        x = 0;
    if (y > (int64_t)L - 1)
        y = (int64_t)L - 1;
    if (x > y)
        return 0;
    *lo = (size_t)x;
    *hi = (size_t)y;
    return 1;
}

/* ---- estimates ---- */

static double bytes_per_cell(int exact, double bits)
{
    return exact ? 16.0 + 8.0 * mpol_i_limbs(bits) : 8.0;
}

/* Swing coalitions (Johnston) counted in floating point: suffix DP over positions in
 * decreasing weight. */
static double count_swing_d(const mpol_i_wvg_int *gi, const size_t *ord, double *C, size_t L)
{
    size_t n = gi->n;
    double cnt = 0;
    memset(C, 0, L * sizeof *C);
    C[0] = 1;
    for (size_t p = 0; p < n; p++) { /* increasing weight = decreasing positions reversed */
        int64_t wh = gi->w[ord[p]];
        size_t lo, hi;
        if (window(&lo, &hi, gi->quota, wh, 0, L))
            for (size_t u = lo; u <= hi; u++)
                cnt += C[u];
        mul_d(C, L, (size_t)wh);
    }
    return cnt;
}

static double johnston_dp_work(const mpol_i_wvg_int *gi, const size_t *ord);

static mpol_status estimate(mpol_power_estimate *e, mpol_index_kind kind, const mpol_i_wvg_int *gi,
                            const size_t *ord, const mpol_power_opts *opts)
{
    memset(e, 0, sizeof *e);
    double n = (double)gi->n, q = (double)gi->quota, d = (double)distinct_weights(gi, ord);
    double bits = opts->exact ? n + 1 : 0, cell = bytes_per_cell(opts->exact, bits);
    double limb = opts->exact ? MPOL_POWER_GMP_CALL_COST + mpol_i_limbs(bits) : 1;
    switch (kind) {
    case MPOL_INDEX_PUBLIC_GOOD:
        e->cells = 3 * q;
        e->work = (d * n * q + 2 * n * q) * limb;
        break;
    case MPOL_INDEX_DEEGAN_PACKEL:
        e->cells = (n + 1) * q + 2 * q + n + 1;
        e->work = (d * n * (n + 1) * q + 2 * n * q) * limb;
        break;
    case MPOL_INDEX_COLEMAN: {
        double qc = (double)(gi->total - gi->quota + 1), L = q < qc ? q : qc;
        e->cells = 5 * L + 2 * n;
        e->work = 2 * (2 * n * L + d * 2 * L) * limb;
        break;
    }
    case MPOL_INDEX_JOHNSTON: {
        e->cells = q + n * (n + 1);
        if (q * 8 > 8.0 * (double)opts->max_cells) {
            e->work = INFINITY;
            break;
        }
        double *C = mpol_malloc((size_t)gi->quota * sizeof *C);
        if (C == NULL)
            return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", WHO,
                              (size_t)gi->quota);
        double cnt = count_swing_d(gi, ord, C, (size_t)gi->quota);
        mpol_free(C);
        e->work = n * q * limb + cnt * (n + 2);
        double dpw = johnston_dp_work(gi, ord) * limb;
        if (dpw < e->work) {
            e->work = n * q * limb + dpw;
            e->cells = n * q + q + n + 1;
        }
        break;
    }
    default:
        return mpol_error(MPOL_EINVAL, "%s: unknown index %d", WHO, (int)kind);
    }
    e->bytes = e->cells * cell;
    e->bits = bits;
    return MPOL_OK;
}

/* ---- Deegan-Packel and public good ---- */

/* Floating point: raw values (dp: Deegan-Packel) and the two independent totals. */
static mpol_status packel_float(mpol_index_result *r, const mpol_i_wvg_int *gi, const size_t *ord,
                                int dp, mpol_i_work *work)
{
    size_t n = gi->n, L = (size_t)gi->quota, smax = dp ? n : 0, rows = smax + 1;
    int64_t q = gi->quota;
    double *G = mpol_calloc(rows * L, sizeof *G), *C = mpol_calloc(L, sizeof *C),
           *M = mpol_calloc(L, sizeof *M);
    if (G == NULL || C == NULL || M == NULL) {
        mpol_free(G);
        mpol_free(C);
        mpol_free(M);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", WHO, rows * L);
    }
    /* independent totals: minimal winning coalitions and the sum of their sizes */
    double nmwc = 0, sizes = 0;
    C[0] = 1;
    for (size_t p = n; p-- > 0;) {
        int64_t wl = gi->w[ord[p]];
        size_t lo, hi;
        if (wl > 0 && window(&lo, &hi, q, wl, 0, L))
            for (size_t u = lo; u <= hi; u++) {
                nmwc += C[u];
                sizes += M[u] + C[u];
            }
        for (size_t u = L; u-- > (size_t)wl;) {
            M[u] += M[u - (size_t)wl] + C[u - (size_t)wl];
            C[u] += C[u - (size_t)wl];
        }
        mpol_i_work_add(work, 2.0 * (double)L);
    }
    double sum = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = ord[k];
        int64_t wi = gi->w[i];
        if (same_as_prev(gi, ord, k) || wi == 0) {
            r->raw[i] = wi == 0 ? 0 : r->raw[ord[k - 1]];
            sum += r->raw[i];
            continue;
        }
        memset(G, 0, rows * L * sizeof *G);
        G[0] = 1;
        for (size_t p = n; --p > k;) {
            size_t wp = (size_t)gi->w[ord[p]];
            if (dp)
                mul2_d(G, L, smax, wp);
            else
                mul_d(G, L, wp);
        }
        double acc = 0;
        for (size_t p = k + 1; p-- > 0;) {
            int64_t wl = gi->w[ord[p]];
            size_t lo, hi;
            if (wl == 0)
                break; /* lighter players all weigh 0: no minimal winning coalition */
            /* l = i: S = i + T; else S = {l, i} + T */
            int64_t a = p == k ? wl : wl + wi, b = p == k ? 0 : wi;
            double off = p == k ? 1 : 2;
            if (window(&lo, &hi, q, a, b, L))
                for (size_t s = 0; s < rows; s++)
                    for (size_t u = lo; u <= hi; u++)
                        acc += dp ? G[s * L + u] / ((double)s + off) : G[s * L + u];
            if (p < k) {
                if (dp)
                    mul2_d(G, L, smax, (size_t)wl);
                else
                    mul_d(G, L, (size_t)wl);
            }
        }
        mpol_i_work_add(work, (double)n * (double)L * (double)rows);
        r->raw[i] = acc;
        sum += acc;
    }
    double total = dp ? nmwc : sizes;
    r->total = total;
    for (size_t i = 0; i < n; i++)
        r->index[i] = total > 0 ? r->raw[i] / total : 0;
    r->check_error = total > 0 ? fabs(sum - total) / total : fabs(sum);
    mpol_free(G);
    mpol_free(C);
    mpol_free(M);
    return MPOL_OK;
}

/* Sets r's exact fractions raw[i] = num[i] (mpq) and index[i] = raw[i] / total. */
static mpol_status set_exact(mpol_index_result *r, mpq_t *raw, const mpz_t total)
{
    mpq_t x, t;
    mpq_init(x);
    mpq_init(t);
    mpq_set_z(t, total);
    mpol_status st = MPOL_OK;
    r->index_exact = mpol_calloc(r->n, sizeof *r->index_exact);
    r->raw_exact = mpol_calloc(r->n, sizeof *r->raw_exact);
    r->total_exact = mpol_i_mpz_string(total);
    if (r->index_exact == NULL || r->raw_exact == NULL || r->total_exact == NULL)
        st = MPOL_ENOMEM;
    for (size_t i = 0; i < r->n && st == MPOL_OK; i++) {
        if (mpz_sgn(total) != 0)
            mpq_div(x, raw[i], t);
        else
            mpq_set_ui(x, 0, 1);
        r->index[i] = mpq_get_d(x);
        r->raw[i] = mpq_get_d(raw[i]);
        if ((r->index_exact[i] = qstring(x)) == NULL || (r->raw_exact[i] = qstring(raw[i])) == NULL)
            st = MPOL_ENOMEM;
    }
    r->total = mpz_get_d(total);
    mpq_clear(x);
    mpq_clear(t);
    return st == MPOL_OK ? st : mpol_error(MPOL_ENOMEM, "%s: out of memory for the fractions", WHO);
}

static mpq_t *mpq_array(size_t n)
{
    mpq_t *a = mpol_malloc((n > 0 ? n : 1) * sizeof *a);
    if (a != NULL)
        for (size_t i = 0; i < n; i++)
            mpq_init(a[i]);
    return a;
}

static void mpq_array_free(mpq_t *a, size_t n)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        mpq_clear(a[i]);
    mpol_free(a);
}

static mpol_status packel_exact(mpol_index_result *r, const mpol_i_wvg_int *gi, const size_t *ord,
                                int dp, mpol_i_work *work)
{
    size_t n = gi->n, L = (size_t)gi->quota, smax = dp ? n : 0, rows = smax + 1;
    int64_t q = gi->quota;
    mpz_t *G = mpol_i_mpz_array(rows * L), *C = mpol_i_mpz_array(L), *M = mpol_i_mpz_array(L);
    mpz_t *A = mpol_i_mpz_array(n + 3); /* per size of S (rows + 2) */
    mpq_t *raw = mpq_array(n);
    mpz_t nmwc, sizes, tmp;
    mpq_t sum, x;
    mpz_inits(nmwc, sizes, tmp, NULL);
    mpq_init(sum);
    mpq_init(x);
    mpol_status st = MPOL_OK;
    if (G == NULL || C == NULL || M == NULL || A == NULL || raw == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", WHO, rows * L);
        goto done;
    }
    mpz_set_ui(C[0], 1);
    for (size_t p = n; p-- > 0;) {
        int64_t wl = gi->w[ord[p]];
        size_t lo, hi;
        if (wl > 0 && window(&lo, &hi, q, wl, 0, L))
            for (size_t u = lo; u <= hi; u++) {
                mpz_add(nmwc, nmwc, C[u]);
                mpz_add(sizes, sizes, M[u]);
                mpz_add(sizes, sizes, C[u]);
            }
        for (size_t u = L; u-- > (size_t)wl;) {
            mpz_add(M[u], M[u], M[u - (size_t)wl]);
            mpz_add(M[u], M[u], C[u - (size_t)wl]);
            mpz_add(C[u], C[u], C[u - (size_t)wl]);
        }
        mpol_i_work_add(work, 3.0 * (double)L * (MPOL_POWER_GMP_CALL_COST + 1));
    }
    for (size_t k = 0; k < n; k++) {
        size_t i = ord[k];
        int64_t wi = gi->w[i];
        if (same_as_prev(gi, ord, k) || wi == 0) {
            if (wi != 0)
                mpq_set(raw[i], raw[ord[k - 1]]);
            mpq_add(sum, sum, raw[i]);
            continue;
        }
        for (size_t c = 0; c < rows * L; c++)
            mpz_set_ui(G[c], 0);
        for (size_t s = 0; s < n + 3; s++)
            mpz_set_ui(A[s], 0);
        mpz_set_ui(G[0], 1);
        for (size_t p = n; --p > k;) {
            size_t wp = (size_t)gi->w[ord[p]];
            if (dp)
                mul2_z(G, L, smax, wp);
            else
                mul_z(G, L, wp);
        }
        for (size_t p = k + 1; p-- > 0;) {
            int64_t wl = gi->w[ord[p]];
            size_t lo, hi;
            if (wl == 0)
                break;
            int64_t a = p == k ? wl : wl + wi, b = p == k ? 0 : wi;
            size_t off = p == k ? 1 : 2;
            if (window(&lo, &hi, q, a, b, L))
                for (size_t s = 0; s < rows; s++)
                    for (size_t u = lo; u <= hi; u++)
                        mpz_add(A[dp ? s + off : 1], A[dp ? s + off : 1], G[s * L + u]);
            if (p < k) {
                if (dp)
                    mul2_z(G, L, smax, (size_t)wl);
                else
                    mul_z(G, L, (size_t)wl);
            }
        }
        mpol_i_work_add(work,
                        (double)n * (double)L * (double)rows * (MPOL_POWER_GMP_CALL_COST + 1));
        for (size_t s = 1; s < n + 3; s++) {
            mpq_set_z(x, A[s]);
            if (dp) {
                mpz_set_ui(mpq_denref(x), (unsigned long)s);
                mpq_canonicalize(x);
            }
            mpq_add(raw[i], raw[i], x);
        }
        mpq_add(sum, sum, raw[i]);
    }
    mpz_srcptr total = dp ? nmwc : sizes;
    mpq_set_z(x, total);
    r->check_error = mpq_equal(x, sum) ? 0.0 : 1.0;
    st = set_exact(r, raw, total);
done:
    mpol_i_mpz_array_free(G, rows * L);
    mpol_i_mpz_array_free(C, L);
    mpol_i_mpz_array_free(M, L);
    mpol_i_mpz_array_free(A, n + 3);
    mpq_array_free(raw, n);
    mpz_clears(nmwc, sizes, tmp, NULL);
    mpq_clear(sum);
    mpq_clear(x);
    return st;
}

/* ---- Johnston ---- */

typedef struct jctx {
    size_t n;
    const int64_t *wd;  /* weights by position, decreasing */
    const int64_t *suf; /* suf[p] = sum of wd[p..n) */
    int64_t q, lo, wh;
    size_t h;
    size_t *stack, depth;
    uint64_t *cnt; /* cnt[pos * (n + 1) + k] */
    double nodes;
} jctx;

static void jdfs(jctx *c, size_t pos, int64_t r)
{
    c->nodes += 1;
    if (r + c->suf[pos] < c->lo)
        return;
    if (pos == c->n) {
        int64_t theta = c->wh + r - c->q;
        size_t k = 1;
        while (k - 1 < c->depth && c->wd[c->stack[k - 1]] > theta)
            k++;
        size_t np1 = c->n + 1;
        c->cnt[c->h * np1 + k]++;
        for (size_t j = 0; j + 1 < k; j++)
            c->cnt[c->stack[j] * np1 + k]++;
        return;
    }
    if (r + c->wd[pos] <= c->q - 1) {
        c->stack[c->depth++] = pos;
        jdfs(c, pos + 1, r + c->wd[pos]);
        c->depth--;
    }
    jdfs(c, pos + 1, r);
}

/* Work of the Johnston DP (cells updated): per distinct weight v, one pass over the players
 * for each group of thresholds theta < v with the same heavy set, over (sizes, weights < q). */
static double johnston_dp_work(const mpol_i_wvg_int *gi, const size_t *ord)
{
    double work = 0, groups = 0, n = (double)gi->n, q = (double)gi->quota;
    for (size_t k = 0; k < gi->n; k++) {
        if (same_as_prev(gi, ord, k))
            continue;
        groups += 1; /* distinct weights below this one, plus one */
        if (gi->w[ord[k]] > 0)
            work += groups * n * q * n;
    }
    return work;
}

/* The heavy set {j : w_j > theta} is constant for theta in [a, *b]: *b is the smallest
 * weight above a, minus 1, capped at v - 1. */
static int64_t group_end(const mpol_i_wvg_int *gi, const size_t *ord, int64_t a, int64_t v)
{
    for (size_t k = 0; k < gi->n; k++)
        if (gi->w[ord[k]] > a)
            return gi->w[ord[k]] - 1 < v - 1 ? gi->w[ord[k]] - 1 : v - 1;
    return v - 1;
}

/* Johnston raw value of the player at position @p k by DP, without enumeration: for the
 * total t = q + theta (theta < w_i, so i is critical) the critical members are the heavy
 * players w_j > theta; G[s][u] counts T among the others with weight u and s heavy
 * members; S = i + T has s + 1 critical members. Floating point (@p z NULL) or GMP. */
static void johnston_dp(double *rawd, mpz_t *A, double *G, mpz_t *Z, const mpol_i_wvg_int *gi,
                        const size_t *ord, size_t k, mpol_i_work *work)
{
    size_t n = gi->n, L = (size_t)gi->quota, rows = n;
    int64_t v = gi->w[ord[k]], q = gi->quota;
    double acc = 0;
    for (int64_t a = 0; a <= v - 1;) {
        int64_t b = group_end(gi, ord, a, v);
        if (G != NULL) {
            memset(G, 0, rows * L * sizeof *G);
            G[0] = 1;
        } else {
            for (size_t c = 0; c < rows * L; c++)
                mpz_set_ui(Z[c], 0);
            mpz_set_ui(Z[0], 1);
        }
        for (size_t p = 0; p < n; p++) {
            if (p == k)
                continue;
            size_t w = (size_t)gi->w[ord[p]];
            int heavy = gi->w[ord[p]] > a;
            for (size_t s = rows; s-- > (size_t)heavy;)
                for (size_t u = L; u-- > w;) {
                    size_t from = (s - (size_t)heavy) * L + u - w;
                    if (G != NULL)
                        G[s * L + u] += G[from];
                    else
                        mpz_add(Z[s * L + u], Z[s * L + u], Z[from]);
                }
        }
        mpol_i_work_add(work, (double)n * (double)rows * (double)L);
        for (int64_t theta = a; theta <= b; theta++) {
            int64_t u = q + theta - v;
            if (u < 0)
                continue;
            for (size_t s = 0; s < rows; s++) {
                if (G != NULL)
                    acc += G[s * L + (size_t)u] / (double)(s + 1);
                else
                    mpz_add(A[s + 1], A[s + 1], Z[s * L + (size_t)u]);
            }
        }
        a = b + 1;
    }
    if (rawd != NULL)
        *rawd = acc;
}

/* Raw Johnston values of every player by the DP (one per distinct weight), into @p rawd
 * (floating point) or @p rawq (GMP). */
static mpol_status johnston_dp_all(double *rawd, mpq_t *rawq, const mpol_i_wvg_int *gi,
                                   const size_t *ord, mpol_i_work *work)
{
    size_t n = gi->n, cells = n * (size_t)gi->quota;
    double *G = NULL;
    mpz_t *Z = NULL, *A = NULL;
    if (rawd != NULL)
        G = mpol_malloc(cells * sizeof *G);
    else if ((Z = mpol_i_mpz_array(cells)) != NULL)
        A = mpol_i_mpz_array(n + 1);
    if ((rawd != NULL && G == NULL) || (rawd == NULL && (Z == NULL || A == NULL))) {
        mpol_free(G);
        mpol_i_mpz_array_free(Z, cells);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", WHO, cells);
    }
    mpq_t x;
    mpq_init(x);
    for (size_t k = 0; k < n; k++) {
        size_t i = ord[k];
        if (same_as_prev(gi, ord, k) || gi->w[i] == 0) {
            if (gi->w[i] != 0 && rawd != NULL)
                rawd[i] = rawd[ord[k - 1]];
            else if (gi->w[i] != 0)
                mpq_set(rawq[i], rawq[ord[k - 1]]);
            continue;
        }
        if (A != NULL)
            for (size_t s = 0; s <= n; s++)
                mpz_set_ui(A[s], 0);
        johnston_dp(rawd != NULL ? &rawd[i] : NULL, A, G, Z, gi, ord, k, work);
        for (size_t s = 1; A != NULL && s <= n; s++) {
            mpz_set(mpq_numref(x), A[s]);
            mpz_set_ui(mpq_denref(x), (unsigned long)s);
            mpq_canonicalize(x);
            mpq_add(rawq[i], rawq[i], x);
        }
    }
    mpq_clear(x);
    mpol_free(G);
    mpol_i_mpz_array_free(Z, cells);
    mpol_i_mpz_array_free(A, n + 1);
    return MPOL_OK;
}

static mpol_status johnston(mpol_index_result *r, const mpol_i_wvg_int *gi, const size_t *ord,
                            int exact, int use_dp, mpol_i_work *work)
{
    size_t n = gi->n, L = (size_t)gi->quota, np1 = n + 1;
    int64_t *wd = mpol_malloc(n * sizeof *wd), *suf = mpol_malloc(np1 * sizeof *suf);
    size_t *stack = mpol_malloc(n * sizeof *stack), *pl = mpol_malloc(n * sizeof *pl);
    uint64_t *cnt = mpol_calloc(n * np1, sizeof *cnt);
    mpol_status st = MPOL_OK;
    if (wd == NULL || suf == NULL || stack == NULL || pl == NULL || cnt == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu players", WHO, n);
        goto done;
    }
    for (size_t p = 0; p < n; p++) {
        pl[p] = ord[n - 1 - p];
        wd[p] = gi->w[pl[p]];
    }
    suf[n] = 0;
    for (size_t p = n; p-- > 0;)
        suf[p] = suf[p + 1] + wd[p];
    jctx c = {n, wd, suf, gi->quota, 0, 0, 0, stack, 0, cnt, 0};
    for (size_t h = 0; h < n && !use_dp; h++) {
        if (wd[h] == 0)
            break;
        c.h = h;
        c.wh = wd[h];
        c.lo = gi->quota - wd[h] > 0 ? gi->quota - wd[h] : 0;
        c.depth = 0;
        double before = c.nodes;
        jdfs(&c, h + 1, 0);
        mpol_i_work_add(work, c.nodes - before);
    }
    if (!exact) {
        double *C = mpol_calloc(L, sizeof *C);
        if (C == NULL) {
            st = mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", WHO, L);
            goto done;
        }
        double total = count_swing_d(gi, ord, C, L), sum = 0;
        mpol_free(C);
        if (use_dp && (st = johnston_dp_all(r->raw, NULL, gi, ord, work)) != MPOL_OK)
            goto done;
        for (size_t p = 0; p < n; p++) {
            if (use_dp) {
                sum += r->raw[pl[p]];
                continue;
            }
            double v = 0;
            for (size_t k = 1; k <= n; k++)
                v += (double)cnt[p * np1 + k] / (double)k;
            r->raw[pl[p]] = v;
            sum += v;
        }
        r->total = total;
        for (size_t i = 0; i < n; i++)
            r->index[i] = total > 0 ? r->raw[i] / total : 0;
        r->check_error = total > 0 ? fabs(sum - total) / total : fabs(sum);
        goto done;
    }
    mpz_t *C = mpol_i_mpz_array(L);
    mpq_t *raw = mpq_array(n);
    mpz_t total;
    mpq_t sum, x;
    mpz_init(total);
    mpq_init(sum);
    mpq_init(x);
    if (C == NULL || raw == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", WHO, L);
    } else {
        mpz_set_ui(C[0], 1);
        for (size_t p = 0; p < n; p++) {
            int64_t wh = gi->w[ord[p]];
            size_t lo, hi;
            if (window(&lo, &hi, gi->quota, wh, 0, L))
                for (size_t u = lo; u <= hi; u++)
                    mpz_add(total, total, C[u]);
            mul_z(C, L, (size_t)wh);
        }
        if (use_dp && (st = johnston_dp_all(NULL, raw, gi, ord, work)) != MPOL_OK)
            goto exact_fail;
        for (size_t p = 0; p < n; p++) {
            for (size_t k = 1; k <= n && !use_dp; k++) {
                if (cnt[p * np1 + k] == 0)
                    continue;
                mpz_set_ui(mpq_numref(x), 0);
                mpz_import(mpq_numref(x), 1, 1, sizeof(uint64_t), 0, 0, &cnt[p * np1 + k]);
                mpz_set_ui(mpq_denref(x), (unsigned long)k);
                mpq_canonicalize(x);
                mpq_add(raw[pl[p]], raw[pl[p]], x);
            }
            mpq_add(sum, sum, raw[pl[p]]);
        }
        mpq_set_z(x, total);
        r->check_error = mpq_equal(x, sum) ? 0.0 : 1.0;
        st = set_exact(r, raw, total);
    }
exact_fail:
    mpol_i_mpz_array_free(C, L);
    mpq_array_free(raw, n);
    mpz_clear(total);
    mpq_clear(sum);
    mpq_clear(x);
done:
    mpol_free(wd);
    mpol_free(suf);
    mpol_free(stack);
    mpol_free(pl);
    mpol_free(cnt);
    return st;
}

/* ---- Coleman ---- */

static mpol_status coleman(mpol_index_result *r, const mpol_i_wvg_int *gi, const mpol_wvg *g,
                           const mpol_power_opts *opts, mpol_i_work *work)
{
    size_t n = gi->n;
    int64_t q = gi->quota, qc = gi->total - gi->quota + 1;
    int losing_side = q <= qc; /* table over losing coalitions (else complements of winning) */
    size_t L = (size_t)(losing_side ? q : qc);
    mpol_power_result *bz = NULL;
    mpol_power_opts o = *opts;
    o.progress = NULL;
    mpol_status st = mpol_power_banzhaf(&bz, g, &o);
    if (st != MPOL_OK) {
        mpol_power_result_free(bz);
        return st;
    }
    mpol_i_work_add(work, bz->work);
    r->initiate = mpol_calloc(n, sizeof *r->initiate);
    if (r->initiate == NULL) {
        mpol_power_result_free(bz);
        return mpol_error(MPOL_ENOMEM, "%s: out of memory", WHO);
    }
    if (!opts->exact) {
        double *C = mpol_calloc(L, sizeof *C), *M = mpol_calloc(L, sizeof *M);
        if (C == NULL || M == NULL) {
            mpol_free(C);
            mpol_free(M);
            mpol_power_result_free(bz);
            return mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", WHO, L);
        }
        C[0] = 1; /* probabilities: each factor is (1 + x^w) / 2 */
        for (size_t j = 0; j < n; j++) {
            size_t w = (size_t)gi->w[j];
            for (size_t u = L; u-- > 0;) {
                if (u >= w) {
                    M[u] = 0.5 * (M[u] + M[u - w] + C[u - w]);
                    C[u] = 0.5 * (C[u] + C[u - w]);
                } else {
                    M[u] *= 0.5;
                    C[u] *= 0.5;
                }
            }
            mpol_i_work_add(work, 2.0 * (double)L);
        }
        double Pc = 0, Mc = 0; /* P(w < L), E[|S| 1{w < L}] */
        for (size_t u = 0; u < L; u++) {
            Pc += C[u];
            Mc += M[u];
        }
        mpol_free(C);
        mpol_free(M);
        double act, lose, ewin; /* ewin = E[|S| 1{S wins}] */
        if (losing_side) {
            lose = Pc;
            act = 1 - Pc;
            ewin = (double)n / 2 - Mc;
        } else {
            act = Pc;
            lose = 1 - Pc;
            ewin = (double)n * Pc - Mc;
        }
        double sabs = 0;
        for (size_t i = 0; i < n; i++) {
            sabs += bz->absolute[i];
            r->index[i] = bz->index[i];
            r->raw[i] = act > 0 ? bz->absolute[i] / (2 * act) : 0;
            r->initiate[i] = lose > 0 ? bz->absolute[i] / (2 * lose) : 0;
        }
        r->act = act;
        r->total = ldexp(act, (int)(n < 100000 ? n : 100000));
        double ds = 2 * ewin - (double)n * act; /* = sum swings / 2^n */
        r->check_error = fabs(sabs / 2 - ds) / fmax(fabs(ds), 1e-300);
        mpol_power_result_free(bz);
        return MPOL_OK;
    }
    mpz_t *C = mpol_i_mpz_array(L), *M = mpol_i_mpz_array(L);
    mpz_t W, Lz, Mw, S, two_n, x;
    mpq_t f, *raw = mpq_array(n);
    mpz_inits(W, Lz, Mw, S, two_n, x, NULL);
    mpq_init(f);
    if (C == NULL || M == NULL || raw == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu counts", WHO, L);
        goto exact_done;
    }
    mpz_set_ui(C[0], 1);
    for (size_t j = 0; j < n; j++) {
        size_t w = (size_t)gi->w[j];
        for (size_t u = L; u-- > w;) {
            mpz_add(M[u], M[u], M[u - w]);
            mpz_add(M[u], M[u], C[u - w]);
            mpz_add(C[u], C[u], C[u - w]);
        }
        mpol_i_work_add(work, 3.0 * (double)L * (MPOL_POWER_GMP_CALL_COST + 1));
    }
    mpz_t Pc, Mc;
    mpz_inits(Pc, Mc, NULL);
    for (size_t u = 0; u < L; u++) {
        mpz_add(Pc, Pc, C[u]);
        mpz_add(Mc, Mc, M[u]);
    }
    mpz_ui_pow_ui(two_n, 2, (unsigned long)n);
    if (losing_side) { /* W = 2^n - losing; sum_win |S| = n 2^(n-1) - sum_lose |S| */
        mpz_sub(W, two_n, Pc);
        mpz_mul_ui(Mw, two_n, (unsigned long)n);
        mpz_fdiv_q_2exp(Mw, Mw, 1);
        mpz_sub(Mw, Mw, Mc);
    } else { /* S wins iff its complement weighs < L */
        mpz_set(W, Pc);
        mpz_mul_ui(Mw, Pc, (unsigned long)n);
        mpz_sub(Mw, Mw, Mc);
    }
    mpz_clears(Pc, Mc, NULL);
    mpz_sub(Lz, two_n, W);
    /* Dubey-Shapley: sum swings = 2 sum_win |S| - n W */
    mpz_mul_2exp(x, Mw, 1);
    mpz_submul_ui(x, W, (unsigned long)n);
    r->initiate_exact = mpol_calloc(n, sizeof *r->initiate_exact);
    r->index_exact = mpol_calloc(n, sizeof *r->index_exact);
    r->raw_exact = mpol_calloc(n, sizeof *r->raw_exact);
    if (r->initiate_exact == NULL || r->index_exact == NULL || r->raw_exact == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", WHO);
        goto exact_done;
    }
    for (size_t i = 0; i < n && st == MPOL_OK; i++) {
        mpz_set_str(mpq_numref(raw[i]), bz->counts[i], 10);
        mpz_add(S, S, mpq_numref(raw[i]));
    }
    r->check_error = mpz_cmp(S, x) == 0 ? 0.0 : 1.0;
    for (size_t i = 0; i < n && st == MPOL_OK; i++) {
        mpz_set(mpq_numref(f), mpq_numref(raw[i]));
        mpz_set(mpq_denref(f), S);
        if (mpz_sgn(S) == 0)
            mpz_set_ui(mpq_denref(f), 1);
        mpq_canonicalize(f);
        r->index[i] = mpq_get_d(f);
        r->index_exact[i] = qstring(f);
        mpz_set(mpq_numref(f), mpq_numref(raw[i]));
        mpz_set(mpq_denref(f), W);
        mpq_canonicalize(f);
        r->raw[i] = mpq_get_d(f);
        r->raw_exact[i] = qstring(f);
        mpz_set(mpq_numref(f), mpq_numref(raw[i]));
        mpz_set(mpq_denref(f), Lz);
        mpq_canonicalize(f);
        r->initiate[i] = mpq_get_d(f);
        r->initiate_exact[i] = qstring(f);
        if (r->index_exact[i] == NULL || r->raw_exact[i] == NULL || r->initiate_exact[i] == NULL)
            st = mpol_error(MPOL_ENOMEM, "%s: out of memory for the fractions", WHO);
    }
    mpz_set(mpq_numref(f), W);
    mpz_set(mpq_denref(f), two_n);
    mpq_canonicalize(f);
    r->act = mpq_get_d(f);
    r->total = mpz_get_d(W);
    r->act_exact = qstring(f);
    r->total_exact = mpol_i_mpz_string(W);
    if (st == MPOL_OK && (r->act_exact == NULL || r->total_exact == NULL))
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory for the fractions", WHO);
exact_done:
    mpol_i_mpz_array_free(C, L);
    mpol_i_mpz_array_free(M, L);
    mpq_array_free(raw, n);
    mpz_clears(W, Lz, Mw, S, two_n, x, NULL);
    mpq_clear(f);
    mpol_power_result_free(bz);
    return st;
}

/* 1 if the Johnston DP is estimated cheaper than the enumeration (or the environment of the
 * tests forces one: see johnston_force). */
static int johnston_force = -1;
void mpol_i_johnston_force(int mode);
void mpol_i_johnston_force(int mode)
{
    johnston_force = mode;
}

static int johnston_use_dp(const mpol_i_wvg_int *gi, const size_t *ord, const mpol_power_opts *o)
{
    if (johnston_force >= 0)
        return johnston_force;
    mpol_power_estimate e;
    if (estimate(&e, MPOL_INDEX_JOHNSTON, gi, ord, o) != MPOL_OK)
        return 0;
    /* estimate() keeps the cheaper of the two: the DP's table is n q cells */
    return e.cells == (double)gi->n * (double)gi->quota + (double)gi->quota + (double)gi->n + 1;
}

/* ---- entry points ---- */

static mpol_status setup(mpol_i_wvg_int *gi, size_t **ord, mpol_index_kind kind, const mpol_wvg *g)
{
    *ord = NULL;
    if ((unsigned)kind > (unsigned)MPOL_INDEX_COLEMAN)
        return mpol_error(MPOL_EINVAL, "%s: unknown index %d", WHO, (int)kind);
    mpol_status st = mpol_i_wvg_scale(gi, g, 0, WHO);
    if (st != MPOL_OK)
        return st;
    if ((st = mpol_i_wvg_order(ord, gi, WHO)) != MPOL_OK)
        mpol_i_wvg_int_clear(gi);
    return st;
}

mpol_status mpol_index_estimate_cost(mpol_power_estimate *out, mpol_index_kind kind,
                                     const mpol_wvg *g, const mpol_power_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_index_estimate_cost: out is NULL");
    memset(out, 0, sizeof *out);
    mpol_power_opts def;
    if (opts == NULL) {
        mpol_power_opts_init(&def);
        opts = &def;
    }
    mpol_i_wvg_int gi;
    size_t *ord;
    mpol_status st = setup(&gi, &ord, kind, g);
    if (st != MPOL_OK)
        return st;
    st = estimate(out, kind, &gi, ord, opts);
    mpol_free(ord);
    mpol_i_wvg_int_clear(&gi);
    return st;
}

mpol_status mpol_power_index(mpol_index_result **out, mpol_index_kind kind, const mpol_wvg *g,
                             const mpol_power_opts *opts)
{
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", WHO);
    *out = NULL;
    mpol_power_opts def;
    if (opts == NULL) {
        mpol_power_opts_init(&def);
        opts = &def;
    }
    mpol_i_wvg_int gi;
    size_t *ord;
    mpol_status st = setup(&gi, &ord, kind, g);
    if (st != MPOL_OK)
        return st;
    mpol_index_result *r = NULL;
    mpol_power_estimate e;
    mpol_i_work work;
    int packel = kind == MPOL_INDEX_DEEGAN_PACKEL || kind == MPOL_INDEX_PUBLIC_GOOD;
    if (packel && !opts->exact && gi.n > MPOL_INDEX_FLOAT_MAX_PLAYERS) {
        st = mpol_error(MPOL_ELIMIT,
                        "%s: %zu players; the floating-point %s index takes at most %d (the "
                        "counts overflow double); use the exact mode",
                        WHO, gi.n, mpol_index_kind_name(kind), MPOL_INDEX_FLOAT_MAX_PLAYERS);
        goto done;
    }
    if ((st = estimate(&e, kind, &gi, ord, opts)) != MPOL_OK ||
        (st = mpol_i_power_limits(opts, &e, WHO)) != MPOL_OK)
        goto done;
    r = mpol_calloc(1, sizeof *r);
    if (r == NULL || (r->index = mpol_calloc(gi.n, sizeof *r->index)) == NULL ||
        (r->raw = mpol_calloc(gi.n, sizeof *r->raw)) == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory for %zu players", WHO, gi.n);
        goto done;
    }
    r->kind = kind;
    r->n = gi.n;
    r->exact = opts->exact != 0;
    r->scaled_quota = gi.quota;
    r->scaled_total = gi.total;
    r->scale = gi.scale;
    mpol_i_work_init(&work, opts, e.work);
    if (packel)
        st = opts->exact ? packel_exact(r, &gi, ord, kind == MPOL_INDEX_DEEGAN_PACKEL, &work)
                         : packel_float(r, &gi, ord, kind == MPOL_INDEX_DEEGAN_PACKEL, &work);
    else if (kind == MPOL_INDEX_JOHNSTON)
        st = johnston(r, &gi, ord, opts->exact, johnston_use_dp(&gi, ord, opts), &work);
    else
        st = coleman(r, &gi, g, opts, &work);
    r->work = work.done;
    mpol_i_work_finish(&work);
    if (st == MPOL_OK) {
        r->verified = r->exact ? r->check_error == 0 : r->check_error <= MPOL_POWER_CHECK_TOL;
        if (!r->verified)
            st = mpol_error(MPOL_EVERIFY,
                            "%s: %s index: check failed: the raw values' sum differs from the "
                            "independent total by %g (relative)",
                            WHO, mpol_index_kind_name(kind), r->check_error);
    }
done:
    mpol_free(ord);
    mpol_i_wvg_int_clear(&gi);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_index_result_free(r);
        return st;
    }
    *out = r;
    return st;
}

mpol_status mpol_index_certify(mpol_power_cert *out, const mpol_index_result *r, double tol)
{
    if (out == NULL || r == NULL || r->index == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_index_certify: NULL argument");
    if (!(tol >= 0))
        return mpol_error(MPOL_EINVAL, "mpol_index_certify: tolerance %g is not >= 0", tol);
    if (r->exact && r->index_exact == NULL)
        return mpol_error(MPOL_EINVAL, "mpol_index_certify: exact result without fractions");
    memset(out, 0, sizeof *out);
    double s = 0;
    for (size_t i = 0; i < r->n; i++)
        s += r->index[i];
    int anyone = r->total > 0;
    out->sum_error = anyone ? fabs(s - 1) : fabs(s);
    out->check_error = r->check_error;
    out->counts_exact = 1;
    if (r->exact) {
        mpq_t sum, x;
        mpq_init(sum);
        mpq_init(x);
        int ok = 1;
        for (size_t i = 0; i < r->n && ok; i++) {
            ok = r->index_exact[i] != NULL && mpq_set_str(x, r->index_exact[i], 10) == 0 &&
                 mpz_sgn(mpq_denref(x)) != 0;
            if (ok) {
                mpq_canonicalize(x);
                mpq_add(sum, sum, x);
            }
        }
        out->counts_exact = ok && mpq_cmp_ui(sum, anyone ? 1 : 0, 1) == 0;
        mpq_clear(sum);
        mpq_clear(x);
        out->verified = r->check_error == 0 && out->counts_exact;
    } else {
        out->verified = r->check_error <= tol && out->sum_error <= tol * (double)r->n;
    }
    out->max_error = out->sum_error > out->check_error ? out->sum_error : out->check_error;
    if (isnan(out->max_error))
        out->verified = 0;
    if (!out->verified)
        return mpol_error(MPOL_EVERIFY,
                          "mpol_index_certify: %s index not verified (|sum - 1| = %.3e, check "
                          "error %.3e%s)",
                          mpol_index_kind_name(r->kind), out->sum_error, out->check_error,
                          out->counts_exact ? "" : ", exact fractions do not sum to 1");
    return MPOL_OK;
}
