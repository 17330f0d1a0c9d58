/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the Kohlberg criterion (Kohlberg 1971, "On the nucleolus of a
 * characteristic function game", SIAM J. Appl. Math. 20:62-66; for the nucleolus with the
 * imputation constraints as in Maschler, Peleg & Shapley 1979 and Benedek, Fliege & Nguyen
 * 2021, Section 3) as an independent check of a claimed (pre)nucleolus x:
 *
 *   sort the coalitions S != {}, N by excess v(S) - x(S), decreasing; group equal excesses
 *   into B_1, B_2, ...; x is the prenucleolus iff x(N) = v(N) and every B_1 ∪ ... ∪ B_k is
 *   balanced (positive weights lambda_S with sum lambda_S 1_S proportional to 1_N); x is the
 *   nucleolus iff x is an imputation and every B_0 ∪ B_1 ∪ ... ∪ B_k is weakly balanced, with
 *   B_0 = {{i} : x_i = v({i})} taking nonnegative weights.
 *
 * The prefixes are tested incrementally, as in BNF's simplified Kohlberg algorithm: if the
 * prefix C is balanced, C ∪ D is balanced iff there are lambda_S > 0 (S in D) and
 * beta_i >= 0 (i in B_0) with sum lambda_S P 1_S + sum beta_i P e_i = 0, where P projects
 * onto the orthogonal complement of L = span(1_N, C). (Add a large multiple of C's weights to
 * any combination of C's vectors.) That is one small GLPK feasibility LP per level with
 * lambda_S >= 1 (by homogeneity); members of D inside L need no weight. Once L = R^n every
 * later prefix is balanced, so at most n - 1 LPs are solved and only the top coalitions
 * are ever sorted: they are collected with a bounded heap (a threshold on the excess) and
 * the threshold is lowered until the levels above it reach rank n.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "coop_internal.h"
#include "lp/glpk_guard_internal.h"
#include "multipolar/core.h"

typedef struct kitem {
    double e;
    mpol_coalition S;
} kitem;

typedef struct kctx {
    const mpol_tu_game *g;
    const double *x;
    size_t n;
    int pre;
    double tol;
    mpol_i_sums sums;
    mpol_i_span sp;
    unsigned char *b0; /* n: player i is in B_0 */
    kitem *items;
    size_t nitems, cap;
    double *heap;
    size_t heap_cap;
    double *resid; /* (max level columns) * n residuals */
    size_t resid_cap;
    int *ind;
    double *val;
    mpol_kohlberg_result *res;
    size_t level_cap;
} kctx;

void mpol_kohlberg_result_free(mpol_kohlberg_result *res)
{
    if (res == NULL)
        return;
    mpol_free(res->level_excess);
    mpol_free(res->level_size);
    mpol_free(res->level_rank);
    mpol_free(res->level_ok);
    mpol_free(res);
}

static int cmp_item(const void *a, const void *b)
{
    const kitem *p = a, *q = b;
    if (p->e != q->e)
        return p->e > q->e ? -1 : 1;
    return p->S < q->S ? -1 : p->S > q->S;
}

/* The K-th largest excess (K >= number of coalitions: -infinity). */
static double kth_largest(kctx *k, size_t K)
{
    size_t all = ((size_t)1 << k->n) - 1, len = 0;
    if (K >= all - 1)
        return -INFINITY;
    double *h = k->heap;
    for (size_t S = 1; S < all; S++) {
        double e = k->g->v[S] - mpol_i_sums_get(&k->sums, (mpol_coalition)S);
        if (len < K) {
            size_t i = len++;
            while (i > 0 && h[(i - 1) / 2] > e) {
                h[i] = h[(i - 1) / 2];
                i = (i - 1) / 2;
            }
            h[i] = e;
        } else if (e > h[0]) {
            size_t i = 0;
            for (;;) {
                size_t l = 2 * i + 1, r = l + 1, m = i;
                double mv = e;
                if (l < len && h[l] < mv) {
                    m = l;
                    mv = h[l];
                }
                if (r < len && h[r] < mv)
                    m = r;
                if (m == i)
                    break;
                h[i] = h[m];
                i = m;
            }
            h[i] = e;
        }
    }
    return h[0];
}

static mpol_status collect(kctx *k, double tau)
{
    size_t all = ((size_t)1 << k->n) - 1;
    k->nitems = 0;
    for (size_t S = 1; S < all; S++) {
        double e = k->g->v[S] - mpol_i_sums_get(&k->sums, (mpol_coalition)S);
        if (e < tau)
            continue;
        if (k->nitems == k->cap) {
            size_t cap = k->cap > 0 ? 2 * k->cap : 256;
            kitem *p = mpol_realloc(k->items, cap * sizeof *p);
            if (p == NULL)
                return mpol_error(MPOL_ENOMEM, "mpol_kohlberg_check: out of memory");
            k->items = p;
            k->cap = cap;
        }
        k->items[k->nitems].e = e;
        k->items[k->nitems].S = (mpol_coalition)S;
        k->nitems++;
    }
    qsort(k->items, k->nitems, sizeof *k->items, cmp_item);
    return MPOL_OK;
}

static mpol_status push_level(kctx *k, double e, size_t size, int ok)
{
    mpol_kohlberg_result *r = k->res;
    if (r->nlevels == k->level_cap) {
        size_t cap = k->level_cap > 0 ? 2 * k->level_cap : 16;
        double *a = mpol_realloc(r->level_excess, cap * sizeof *a);
        if (a == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_kohlberg_check: out of memory");
        r->level_excess = a;
        size_t *b = mpol_realloc(r->level_size, cap * sizeof *b);
        if (b == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_kohlberg_check: out of memory");
        r->level_size = b;
        size_t *c = mpol_realloc(r->level_rank, cap * sizeof *c);
        if (c == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_kohlberg_check: out of memory");
        r->level_rank = c;
        unsigned char *d = mpol_realloc(r->level_ok, cap * sizeof *d);
        if (d == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_kohlberg_check: out of memory");
        r->level_ok = d;
        k->level_cap = cap;
    }
    r->level_excess[r->nlevels] = e;
    r->level_size[r->nlevels] = size;
    r->level_rank[r->nlevels] = k->sp.rank;
    r->level_ok[r->nlevels] = (unsigned char)ok;
    r->nlevels++;
    return MPOL_OK;
}

/* Feasibility LP: sum_j w_j r_j = 0 with w_j >= lb_j over the ncols residual columns. */
static int balanced_lp(kctx *k, size_t ncols, size_t npos, const char *who, mpol_status *st)
{
    size_t n = k->n;
    glp_prob *lp = glp_create_prob();
    glp_add_rows(lp, (int)n);
    for (size_t i = 0; i < n; i++)
        glp_set_row_bnds(lp, (int)i + 1, GLP_FX, 0.0, 0.0);
    glp_add_cols(lp, (int)ncols);
    for (size_t j = 0; j < ncols; j++) {
        int len = 0;
        const double *r = k->resid + j * n;
        for (size_t i = 0; i < n; i++) {
            if (r[i] != 0) {
                len++;
                k->ind[len] = (int)i + 1;
                k->val[len] = r[i];
            }
        }
        glp_set_mat_col(lp, (int)j + 1, len, k->ind, k->val);
        glp_set_col_bnds(lp, (int)j + 1, GLP_LO, j < npos ? 1.0 : 0.0, 0.0);
    }
    glp_smcp parm;
    glp_init_smcp(&parm);
    parm.msg_lev = GLP_MSG_OFF;
    int ret = glp_simplex(lp, &parm);
    k->res->nlps++;
    int ok = 0;
    *st = MPOL_OK;
    if (ret != 0) {
        *st = mpol_i_glpk_map_ret(ret, who);
    } else if (glp_get_status(lp) == GLP_OPT) {
        /* Confirm the combination independently of GLPK's tolerances. */
        double *sum = k->sp.tmp, norm = 0, scale = 0;
        for (size_t i = 0; i < n; i++)
            sum[i] = 0;
        for (size_t j = 0; j < ncols; j++) {
            double w = glp_get_col_prim(lp, (int)j + 1);
            const double *r = k->resid + j * n;
            for (size_t i = 0; i < n; i++) {
                sum[i] += w * r[i];
                scale += fabs(w * r[i]);
            }
        }
        for (size_t i = 0; i < n; i++)
            norm += fabs(sum[i]);
        ok = norm <= MPOL_I_BALANCE_TOL * (1.0 + scale);
    }
    glp_delete_prob(lp);
    return ok;
}

/* Processes the level items[a, b); returns its verdict in *ok. */
static mpol_status level(kctx *k, size_t a, size_t b, int *ok, const char *who)
{
    size_t n = k->n, need = (b - a) + n;
    if (need > k->resid_cap) {
        double *p = mpol_realloc(k->resid, need * n * sizeof *p);
        if (p == NULL)
            return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        k->resid = p;
        k->resid_cap = need;
    }
    size_t npos = 0;
    for (size_t i = a; i < b; i++) {
        double *r = k->resid + npos * n;
        if (mpol_i_span_residual_mask(&k->sp, k->items[i].S, r) > MPOL_I_SPAN_TOL)
            npos++;
    }
    *ok = 1;
    mpol_status st = MPOL_OK;
    if (npos > 0) {
        size_t ncols = npos;
        if (!k->pre) {
            for (size_t i = 0; i < n; i++) {
                double *r = k->resid + ncols * n;
                if (k->b0[i] &&
                    mpol_i_span_residual_mask(&k->sp, (mpol_coalition)1 << i, r) > MPOL_I_SPAN_TOL)
                    ncols++;
            }
        }
        *ok = balanced_lp(k, ncols, npos, who, &st);
        if (st != MPOL_OK)
            return st;
    }
    if (*ok)
        for (size_t i = a; i < b && k->sp.rank < n; i++)
            mpol_i_span_add_mask(&k->sp, k->items[i].S, MPOL_I_SPAN_TOL);
    return push_level(k, k->items[a].e, b - a, *ok);
}

/* Runs the level tests with growing collections; sets res->passed. */
static mpol_status run_levels(kctx *k)
{
    static const char who[] = "mpol_kohlberg_check";
    size_t n = k->n, total = ((size_t)1 << n) - 2;
    size_t K = 64 * n;
    for (;;) {
        if (K < total && K > k->heap_cap) {
            double *h = mpol_realloc(k->heap, K * sizeof *h);
            if (h == NULL)
                return mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
            k->heap = h;
            k->heap_cap = K;
        }
        double tau = kth_largest(k, K);
        mpol_status st = collect(k, tau);
        if (st != MPOL_OK)
            return st;
        int complete = tau == -INFINITY || k->nitems >= total;
        /* Restart from the span of 1_N. */
        k->sp.rank = 0;
        mpol_i_span_add_mask(&k->sp, (mpol_coalition)(((size_t)1 << n) - 1), MPOL_I_SPAN_TOL);
        k->res->nlevels = 0;
        k->res->nlps = 0;
        size_t a = 0;
        int need_more = 0;
        while (a < k->nitems && k->sp.rank < n) {
            size_t b = a + 1;
            while (b < k->nitems && k->items[b - 1].e - k->items[b].e <= k->tol)
                b++;
            if (!complete && k->items[b - 1].e - tau <= k->tol) {
                need_more = 1;
                break;
            }
            int ok;
            st = level(k, a, b, &ok, who);
            if (st != MPOL_OK)
                return st;
            if (!ok) {
                k->res->passed = 0;
                return MPOL_OK;
            }
            a = b;
        }
        if (!need_more && (k->sp.rank >= n || complete)) {
            k->res->passed = 1;
            return MPOL_OK;
        }
        K *= 16;
    }
}

static mpol_status run_guarded(kctx *k)
{
    mpol_i_glpk_guard guard;
    mpol_i_glpk_arm(&guard);
    if (setjmp(guard.jmp) != 0)
        return mpol_i_glpk_failed(&guard, "mpol_kohlberg_check");
    mpol_status st = run_levels(k);
    mpol_i_glpk_release(&guard);
    return st;
}

mpol_status mpol_kohlberg_check(mpol_kohlberg_result **out, const mpol_tu_game *game,
                                const double *x, int prenucleolus, const mpol_core_opts *opts)
{
    static const char who[] = "mpol_kohlberg_check";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out or x is NULL", who);
    *out = NULL;
    if (x == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out or x is NULL", who);
    mpol_core_opts o;
    if (opts != NULL)
        o = *opts;
    else
        mpol_core_opts_init(&o);
    if (!(o.tol > 0 && o.tol < 1e-2))
        return mpol_error(MPOL_EINVAL, "%s: tol = %g; must be in (0, 0.01)", who, o.tol);
    double scale;
    mpol_status st = mpol_i_tu_validate(game, &scale, who);
    if (st != MPOL_OK)
        return st;
    size_t n = game->n, all = ((size_t)1 << n) - 1;
    for (size_t i = 0; i < n; i++)
        if (!isfinite(x[i]))
            return mpol_error(MPOL_EINVAL, "%s: x[%zu] is not a finite number", who, i);
    kctx k;
    memset(&k, 0, sizeof k);
    k.g = game;
    k.x = x;
    k.n = n;
    k.pre = prenucleolus != 0;
    k.tol = o.tol * scale;
    mpol_kohlberg_result *res = mpol_calloc(1, sizeof *res);
    k.res = res;
    if (res == NULL || mpol_i_sums_init(&k.sums, n) != MPOL_OK ||
        mpol_i_span_init(&k.sp, n) != MPOL_OK || (k.b0 = mpol_calloc(n, sizeof *k.b0)) == NULL ||
        (k.ind = mpol_calloc(n + 1, sizeof *k.ind)) == NULL ||
        (k.val = mpol_calloc(n + 1, sizeof *k.val)) == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    res->n = n;
    res->prenucleolus = k.pre;
    res->tol_abs = k.tol;
    mpol_i_sums_set(&k.sums, x);
    res->efficiency_error = fabs(mpol_i_sums_get(&k.sums, (mpol_coalition)all) - game->v[all]);
    res->max_excess = n > 1 ? mpol_i_max_excess(game, &k.sums, 0) : 0.0;
    res->imputation_violation = 0;
    if (!k.pre) {
        for (size_t i = 0; i < n; i++) {
            double d = game->v[(size_t)1 << i] - x[i];
            if (d > res->imputation_violation)
                res->imputation_violation = d;
            k.b0[i] = d >= -k.tol;
        }
    }
    if (n == 1) {
        res->passed = 1;
    } else {
        st = run_guarded(&k);
        if (st != MPOL_OK)
            goto done;
    }
    if (res->efficiency_error > k.tol || res->imputation_violation > k.tol)
        res->passed = 0;
done:
    mpol_i_sums_free(&k.sums);
    mpol_i_span_free(&k.sp);
    mpol_free(k.b0);
    mpol_free(k.items);
    mpol_free(k.heap);
    mpol_free(k.resid);
    mpol_free(k.ind);
    mpol_free(k.val);
    if (st != MPOL_OK) {
        mpol_kohlberg_result_free(res);
        return st;
    }
    *out = res;
    return MPOL_OK;
}
