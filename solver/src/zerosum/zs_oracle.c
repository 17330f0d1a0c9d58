/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements MPOL_ZS_ORACLE, the double oracle for large dense zero-sum games
 * (McMahan, Gordon & Blum, "Planning in the presence of cost functions controlled by an
 * adversary", ICML 2003): solve the game restricted to a few rows and columns, add the
 * pure best responses of both players to the restricted optimum, and repeat until neither
 * player has a best response outside the restricted game. Then
 *     min_j (x'A)_j  <=  v  <=  max_i (A y)_i
 * over the FULL game, and the loop stops only when this gap is within the tolerance: the
 * answer is an exact optimality certificate, not an approximation.
 *
 * The restricted games are never solved from scratch. The restricted LP lives in one
 * exchange tableau (zs_tableau.c); new rows are appended in the current basis and the dual
 * simplex restores optimality (a new row keeps the tableau dual feasible), then new columns
 * are appended and the primal simplex finishes (a new column keeps it primal feasible). A
 * round therefore costs a few pivots on a tableau the size of the restricted game, plus
 * O(m |supp y| + n |supp x|) for the best responses, computed from a scaled copy S of A and
 * its transpose so that both products are contiguous AXPYs.
 *
 * Deviations from the paper: the start is the pure maximin row and minimax column; each
 * round adds up to 1 + (restricted size)/MPOL_I_ZS_ORACLE_GROWTH best responses per player
 * (at most MPOL_I_ZS_ORACLE_BATCH; the best ones, ranked by payoff) rather than one: on
 * random games (supports near half the strategies) one per round needs about 8x as many
 * pivots, because each restricted optimum moves far from the last;
 * if rounding leaves a gap but no improving strategy, the restricted game is re-solved once
 * from the slack basis (a "refactorisation") before giving up to the verifier.
 */
#include <math.h>
#include <string.h>

#include "zs_internal.h"

/* A best response must beat the restricted value by this much (relative to the range). */
#define MPOL_I_ZS_ORACLE_ADD_TOL 1e-13
/* The loop stops once the full-game gap is within this fraction of the tolerance. */
#define MPOL_I_ZS_ORACLE_STOP 0.25
/* Largest number of best responses added per player and round. */
#define MPOL_I_ZS_ORACLE_BATCH 256
/* Up to 1/MPOL_I_ZS_ORACLE_GROWTH of the restricted game's size is added per round. */
#define MPOL_I_ZS_ORACLE_GROWTH 8
/* Size of the cost shift of the crash repair (reduced costs of the scaled game are O(1)). */
#define MPOL_I_ZS_COST_SHIFT 1e-7
/* In games of at least this many cells the warm start is crashed by the blocked
 * Gauss-Jordan of zs_crash.c (the dense method's double finish, from 500 x 500 on, the size
 * from which its float stage prices with candidates); smaller ones one pivot at a time, as
 * before, which keeps their results bit for bit (the same pivots; blocked sums round
 * differently). */
#define MPOL_I_ZS_CRASH_CELLS 250000.0
/* Start capacity of the restricted tableau. */
#define MPOL_I_ZS_ORACLE_CAP 64

MPOL_I_ZS_KERNEL static void axpy(double *restrict y, double a, const double *restrict x, size_t n)
{
    for (size_t k = 0; k < n; k++)
        y[k] += a * x[k];
}

static void transpose(double *restrict out, const double *restrict A, size_t m, size_t n)
{
    const size_t blk = 32;
    for (size_t i0 = 0; i0 < m; i0 += blk)
        for (size_t j0 = 0; j0 < n; j0 += blk) {
            size_t i1 = i0 + blk < m ? i0 + blk : m, j1 = j0 + blk < n ? j0 + blk : n;
            for (size_t i = i0; i < i1; i++)
                for (size_t j = j0; j < j1; j++)
                    out[j * m + i] = A[i * n + j];
        }
}

/*
 * Collects up to @p cap indices k with in[k] == 0 and sign * v[k] > sign * thr, keeping the
 * most extreme first; returns how many.
 */
static size_t select_best(size_t *out, size_t cap, const double *v, size_t len,
                          const unsigned char *in, double thr, double sign)
{
    size_t cnt = 0;
    for (size_t k = 0; k < len; k++) {
        double s = sign * v[k];
        if (in[k] || !(s > sign * thr))
            continue;
        if (cnt == cap && !(s > sign * v[out[cnt - 1]]))
            continue;
        size_t pos = cnt < cap ? cnt++ : cap - 1;
        while (pos > 0 && sign * v[out[pos - 1]] < s) {
            out[pos] = out[pos - 1];
            pos--;
        }
        out[pos] = k;
    }
    return cnt;
}

/*
 * Loads the restricted game rl x cl and pivots as many of its columns as possible into the
 * basis, each at the slack row (still basic) with the largest entry: Gauss-Jordan with
 * partial pivoting. When rl x cl are the tight rows and positive columns of an optimal basis
 * of the full game, the result is that basis, optimal for the restricted game. Then the
 * simplex that the tableau's feasibility allows finishes: the primal simplex if the basis is
 * primal feasible; otherwise (a float basis is typically off by rounding both ways) the dual
 * simplex on shifted and perturbed costs (every reduced cost moved to a small negative
 * value), then the primal simplex on the true costs from the primal feasible basis it
 * reaches. Each phase starts feasible, so neither works from clipped infeasible values (the
 * primal simplex on clipped values cycled on a 2000 x 2000 game, the dual simplex on
 * unperturbed zero reduced costs on a 2000 x 2000 game with payoffs 0..2).
 */
static mpol_status crash(mpol_i_zs_tab *tab, const double *S, size_t n, const mpol_i_zs_scale *unit,
                         const size_t *rl, size_t nrl, const size_t *cl, size_t ncl, int blocked)
{
    mpol_i_zs_tab_load(tab, S, n, unit, rl, nrl, cl, ncl);
    if (blocked) {
        mpol_status st = mpol_i_zs_tab_crash(tab, ncl); /* the same pivots, blocked */
        if (st != MPOL_OK)
            return st;
    }
    for (size_t q = 0; q < ncl && !blocked; q++) {
        size_t r = (size_t)-1;
        double big = MPOL_I_ZS_PIVOT_TOL;
        for (size_t i = 0; i < tab->nr; i++) {
            double a = fabs(tab->t[i * tab->ccap + q]);
            if (tab->bid[i] < 0 && a > big) {
                big = a;
                r = i;
            }
        }
        if (r != (size_t)-1)
            mpol_i_zs_tab_pivot(tab, r, q);
    }
    int pfeas = 1;
    for (size_t i = 0; i < tab->nr; i++)
        pfeas &= tab->b[i] >= -MPOL_I_ZS_FEAS_TOL;
    if (pfeas)
        return mpol_i_zs_primal(tab); /* optimal already, or a feasible start */
    /* Primal infeasible (float rounding; often dual infeasible too): make the basis dual
     * feasible and dual nondegenerate by shifting every reduced cost to at most
     * -MPOL_I_ZS_COST_SHIFT times a fixed pseudo-random factor in [1, 2) (cost shifting
     * and perturbation, as in dual simplex codes: reduced costs of exactly 0, which the
     * degenerate games have by the hundred, let the dual simplex stall and cycle). */
    for (size_t q = 0; q < tab->nc; q++) {
        double shift = MPOL_I_ZS_COST_SHIFT * (1.0 + mpol_i_zs_jitter(q));
        tab->c[q] = (tab->c[q] < 0.0 ? tab->c[q] : 0.0) - shift;
    }
    /* The dual simplex from a dual feasible basis reaches a primal feasible one. */
    mpol_status st = mpol_i_zs_dual(tab);
    if (st != MPOL_OK)
        return st;
    /* Back to the true costs (1 for a strategy, 0 for a slack); the basis stays primal
     * feasible, and the primal simplex from it finishes. */
    for (size_t q = 0; q < tab->nc; q++)
        tab->c[q] = tab->nid[q] >= 0 ? 1.0 : 0.0;
    tab->z = 0.0;
    for (size_t i = 0; i < tab->nr; i++) {
        if (tab->bid[i] < 0)
            continue;
        const double *ti = tab->t + i * tab->ccap;
        for (size_t q = 0; q < tab->nc; q++)
            tab->c[q] -= ti[q];
        tab->z += tab->b[i];
    }
    return mpol_i_zs_primal(tab);
}

mpol_status mpol_i_zs_oracle(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                             double tol, size_t max_rounds, double *x, double *y, size_t *rounds)
{
    size_t pivots;
    return mpol_i_zs_oracle_ex(A, m, n, sc, tol, max_rounds, NULL, 0, NULL, 0, x, y, rounds,
                               &pivots);
}

mpol_status mpol_i_zs_oracle_ex(const double *A, size_t m, size_t n, const mpol_i_zs_scale *sc,
                                double tol, size_t max_rounds, const size_t *r0, size_t nr0,
                                const size_t *c0, size_t nc0, double *x, double *y, size_t *rounds,
                                size_t *pivots)
{
    mpol_status st = MPOL_OK;
    mpol_i_zs_tab tab;
    memset(&tab, 0, sizeof tab);
    double *AT = mpol_malloc(m * n * sizeof(double));
    double *S = mpol_malloc(m * n * sizeof(double));
    double *r = mpol_malloc(m * sizeof(double));
    double *cv = mpol_malloc(n * sizeof(double));
    size_t *rl = mpol_malloc(m * sizeof(size_t));
    size_t *cl = mpol_malloc(n * sizeof(size_t));
    size_t *newr = mpol_malloc(MPOL_I_ZS_ORACLE_BATCH * sizeof(size_t));
    size_t *newc = mpol_malloc(MPOL_I_ZS_ORACLE_BATCH * sizeof(size_t));
    unsigned char *inr = mpol_calloc(m, 1), *inc = mpol_calloc(n, 1);
    *rounds = 0;
    *pivots = 0;
    if (r0 == NULL || c0 == NULL)
        nr0 = nc0 = 0;
    if (!AT || !S || !r || !cv || !rl || !cl || !newr || !newc || !inr || !inc) {
        st = mpol_error(MPOL_ENOMEM, "mpol_zs_solve: out of memory (double oracle, %zu x %zu)", m,
                        n);
        goto done;
    }
    size_t cap_r = m < MPOL_I_ZS_ORACLE_CAP ? m : MPOL_I_ZS_ORACLE_CAP;
    size_t cap_c = n < MPOL_I_ZS_ORACLE_CAP ? n : MPOL_I_ZS_ORACLE_CAP;
    while (cap_r < nr0 && cap_r < m)
        cap_r = 2 * cap_r < m ? 2 * cap_r : m;
    while (cap_c < nc0 && cap_c < n)
        cap_c = 2 * cap_c < n ? 2 * cap_c : n;
    st = mpol_i_zs_tab_init(&tab, cap_r, cap_c);
    if (st != MPOL_OK)
        goto done;
    tab.max_pivots = 20 * (m + n) + 1000;
    /* S = (A - min A) / range in [0, 1]: best responses and the stopping test are then
     * relative to the payoff range whatever the offset and scale of A. */
    for (size_t k = 0; k < m * n; k++)
        S[k] = (A[k] - sc->amin) * sc->inv;
    const mpol_i_zs_scale unit = {0.0, 1.0, 1.0, 1.0};
    transpose(AT, S, m, n);

    size_t nrl = 0, ncl = 0;
    if (nr0 > 0 && nc0 > 0) {
        /* Warm start: the given restricted game, with its basis rebuilt by the crash. */
        for (size_t k = 0; k < nr0; k++)
            if (r0[k] < m && !inr[r0[k]]) {
                inr[r0[k]] = 1;
                rl[nrl++] = r0[k];
            }
        for (size_t k = 0; k < nc0; k++)
            if (c0[k] < n && !inc[c0[k]]) {
                inc[c0[k]] = 1;
                cl[ncl++] = c0[k];
            }
    }
    if (nrl > 0 && ncl > 0) {
        st = crash(&tab, S, n, &unit, rl, nrl, cl, ncl,
                   (double)m * (double)n >= MPOL_I_ZS_CRASH_CELLS);
    } else {
        /* Start from the pure maximin row and the pure minimax column. */
        memset(inr, 0, m);
        memset(inc, 0, n);
        size_t i0 = 0, j0 = 0;
        double best = -INFINITY;
        for (size_t i = 0; i < m; i++) {
            const double *a = S + i * n;
            double lo = a[0];
            for (size_t j = 1; j < n; j++)
                lo = a[j] < lo ? a[j] : lo;
            if (lo > best) {
                best = lo;
                i0 = i;
            }
        }
        best = INFINITY;
        for (size_t j = 0; j < n; j++) {
            const double *a = AT + j * m;
            double hi = a[0];
            for (size_t i = 1; i < m; i++)
                hi = a[i] > hi ? a[i] : hi;
            if (hi < best) {
                best = hi;
                j0 = j;
            }
        }
        nrl = ncl = 1;
        rl[0] = i0;
        cl[0] = j0;
        inr[i0] = inc[j0] = 1;
        mpol_i_zs_tab_load(&tab, S, n, &unit, rl, nrl, cl, ncl);
        st = mpol_i_zs_primal(&tab);
    }
    if (st != MPOL_OK)
        goto done;

    memset(x, 0, m * sizeof(double));
    memset(y, 0, n * sizeof(double));
    int refreshed = 0;
    for (size_t round = 1;; round++) {
        for (size_t k = 0; k < nrl; k++)
            x[rl[k]] = 0.0;
        for (size_t k = 0; k < ncl; k++)
            y[cl[k]] = 0.0;
        double vP = mpol_i_zs_tab_extract(&tab, x, y);
        if (isnan(vP)) {
            st = mpol_error(MPOL_ENUMERIC, "mpol_zs_solve: double oracle lost its strategies");
            goto done;
        }
        const double v = vP - 1.0; /* in the units of S */
        memset(r, 0, m * sizeof(double));
        for (size_t k = 0; k < ncl; k++)
            if (y[cl[k]] > 0.0)
                axpy(r, y[cl[k]], AT + cl[k] * m, m);
        memset(cv, 0, n * sizeof(double));
        for (size_t k = 0; k < nrl; k++)
            if (x[rl[k]] > 0.0)
                axpy(cv, x[rl[k]], S + rl[k] * n, n);
        double up = -INFINITY, lo = INFINITY;
        for (size_t i = 0; i < m; i++)
            up = r[i] > up ? r[i] : up;
        for (size_t j = 0; j < n; j++)
            lo = cv[j] < lo ? cv[j] : lo;
        *rounds = round;
        if (up - lo <= MPOL_I_ZS_ORACLE_STOP * tol)
            break;
        const double eps = MPOL_I_ZS_ORACLE_ADD_TOL;
        /* Batches grow with the restricted game: large supports need many strategies. */
        size_t batch = 1 + (nrl + ncl) / MPOL_I_ZS_ORACLE_GROWTH;
        if (batch > MPOL_I_ZS_ORACLE_BATCH)
            batch = MPOL_I_ZS_ORACLE_BATCH;
        size_t addr = select_best(newr, batch, r, m, inr, v + eps, 1.0);
        size_t addc = select_best(newc, batch, cv, n, inc, v - eps, -1.0);
        if (addr == 0 && addc == 0) {
            if (refreshed)
                break; /* the verifier has the last word */
            refreshed = 1;
            mpol_i_zs_tab_load(&tab, S, n, &unit, rl, nrl, cl, ncl);
            st = mpol_i_zs_primal(&tab);
            if (st != MPOL_OK)
                goto done;
            continue;
        }
        if (max_rounds != 0 && round >= max_rounds) {
            st = mpol_error(MPOL_ELIMIT, "mpol_zs_solve: double oracle round limit %zu reached",
                            max_rounds);
            goto done;
        }
        size_t want_r = tab.rcap, want_c = tab.ccap;
        while (want_r < nrl + addr)
            want_r *= 2;
        while (want_c < ncl + addc)
            want_c *= 2;
        st = mpol_i_zs_tab_reserve(&tab, want_r < m ? want_r : m, want_c < n ? want_c : n);
        if (st != MPOL_OK)
            goto done;
        for (size_t k = 0; k < addr; k++) {
            mpol_i_zs_tab_add_row(&tab, S, n, &unit, newr[k]);
            inr[newr[k]] = 1;
            rl[nrl++] = newr[k];
        }
        if (addr > 0 && (st = mpol_i_zs_dual(&tab)) != MPOL_OK)
            goto done;
        for (size_t k = 0; k < addc; k++) {
            mpol_i_zs_tab_add_col(&tab, AT + newc[k] * m, 1, &unit, newc[k]);
            inc[newc[k]] = 1;
            cl[ncl++] = newc[k];
        }
        if ((st = mpol_i_zs_primal(&tab)) != MPOL_OK)
            goto done;
    }
done:
    *pivots = tab.pivots;
    mpol_i_zs_tab_free(&tab);
    mpol_free(AT);
    mpol_free(S);
    mpol_free(r);
    mpol_free(cv);
    mpol_free(rl);
    mpol_free(cl);
    mpol_free(newr);
    mpol_free(newc);
    mpol_free(inr);
    mpol_free(inc);
    return st;
}
