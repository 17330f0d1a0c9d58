/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the balance-of-power analysis of balance.h: a capability
 * distribution read as a weighted majority game (Kaplan, "System and Process in
 * International Politics", 1957, rule 4: oppose any coalition or actor seeking dominance;
 * the simple-game notions are those of Shapley 1962 and Taylor & Zwicker 1999).
 *
 * Every coalition is enumerated once to tabulate w(S) and its dominance; minimal winning and
 * minimal blocking coalitions, swings (raw Banzhaf counts, computed here only for the
 * analysis: power indices live in the voting module) and the balancer tests read that
 * table. The definitions of balancer, holder of the balance and the rule-4 test are ours,
 * stated in docs/balance.md; listed coalitions are re-checked from the weights directly.
 * The capability range of one actor is exact up to the rounding of the breakpoints: each
 * coalition's status is linear in that actor's capability, so the structure can change only
 * at the 2^n breakpoints, and the structure is evaluated at the nearest ones and between.
 */
#include "multipolar/balance.h"

#include <math.h>
#include <string.h>

#define BALANCE_DEFAULT_TOL 1e-12

void mpol_balance_opts_init(mpol_balance_opts *opts)
{
    opts->strict = 1;
    opts->tol = BALANCE_DEFAULT_TOL;
}

void mpol_balance_free(mpol_balance *b)
{
    if (b == NULL)
        return;
    mpol_free(b->mwc);
    mpol_free(b->mbc);
    mpol_free(b->swings);
    mpol_free(b->balancer);
    mpol_free(b->balancer_bloc);
    mpol_free(b->holder);
    mpol_free(b);
}

static mpol_status validate(const mpol_wvg *g, const mpol_balance_opts *o, const char *who)
{
    if (g == NULL || g->weights == NULL || g->n == 0)
        return mpol_error(MPOL_EINVAL, "%s: no game", who);
    if (g->n > MPOL_BALANCE_MAX_PLAYERS)
        return mpol_error(MPOL_ELIMIT, "%s: %zu actors; at most %d", who, g->n,
                          MPOL_BALANCE_MAX_PLAYERS);
    for (size_t i = 0; i < g->n; i++)
        if (!isfinite(g->weights[i]) || g->weights[i] < 0)
            return mpol_error(MPOL_EINVAL, "%s: capability %zu is %g", who, i + 1, g->weights[i]);
    if (!isfinite(g->quota) || !(g->quota > 0))
        return mpol_error(MPOL_EINVAL, "%s: quota %g is not positive", who, g->quota);
    if (!(o->tol >= 0))
        return mpol_error(MPOL_EINVAL, "%s: negative tolerance", who);
    return MPOL_OK;
}

static int dominant(double w, double quota, int strict, double eps)
{
    return strict ? w > quota + eps : w >= quota - eps;
}

static double weight_of(const double *w, mpol_coalition s)
{
    double t = 0;
    for (; s; s &= s - 1)
        t += w[__builtin_ctz(s)];
    return t;
}

/* Tabulates dominance of every coalition for weights w. */
static void tabulate(const double *w, size_t n, double quota, int strict, double eps, double *W,
                     unsigned char *win)
{
    size_t ncoal = (size_t)1 << n;
    W[0] = 0;
    win[0] = (unsigned char)dominant(0, quota, strict, eps);
    for (size_t s = 1; s < ncoal; s++) {
        size_t low = s & (0 - s);
        W[s] = W[s ^ low] + w[__builtin_ctzll((unsigned long long)s)];
        win[s] = (unsigned char)dominant(W[s], quota, strict, eps);
    }
}

static mpol_status push(mpol_coalition **arr, size_t *len, size_t *cap, mpol_coalition c)
{
    if (*len == *cap) {
        size_t nc = *cap ? 2 * *cap : 16;
        mpol_coalition *a = mpol_realloc(*arr, nc * sizeof *a);
        if (a == NULL)
            return mpol_error(MPOL_ENOMEM, "mpol_balance_analyse: out of memory");
        *arr = a;
        *cap = nc;
    }
    (*arr)[(*len)++] = c;
    return MPOL_OK;
}

mpol_status mpol_balance_analyse(mpol_balance **out, const mpol_wvg *game,
                                 const mpol_balance_opts *opts)
{
    static const char *who = "mpol_balance_analyse";
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    *out = NULL;
    mpol_balance_opts o;
    if (opts)
        o = *opts;
    else
        mpol_balance_opts_init(&o);
    mpol_status st = validate(game, &o, who);
    if (st != MPOL_OK)
        return st;
    size_t n = game->n, ncoal = (size_t)1 << n;
    mpol_coalition full = (mpol_coalition)(ncoal - 1);
    double *W = mpol_malloc(ncoal * sizeof *W);
    unsigned char *win = mpol_malloc(ncoal);
    mpol_balance *b = mpol_calloc(1, sizeof *b);
    size_t cap1 = 0, cap2 = 0;
    if (W == NULL || win == NULL || b == NULL ||
        (b->swings = mpol_calloc(n, sizeof *b->swings)) == NULL ||
        (b->balancer = mpol_calloc(n, sizeof *b->balancer)) == NULL ||
        (b->balancer_bloc = mpol_calloc(n, sizeof *b->balancer_bloc)) == NULL ||
        (b->holder = mpol_calloc(n, sizeof *b->holder)) == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    b->n = n;
    b->quota = game->quota;
    b->strict = o.strict != 0;
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += game->weights[i];
    b->total = total;
    double eps = o.tol * total;
    tabulate(game->weights, n, game->quota, b->strict, eps, W, win);

    b->dominant_actor = -1;
    double witness_w = -1;
    for (size_t s = 1; s < ncoal; s++) {
        mpol_coalition c = (mpol_coalition)s;
        if (win[s]) {
            b->nwinning++;
            int minimal = 1;
            for (mpol_coalition t = c; t; t &= t - 1) {
                size_t i = (size_t)__builtin_ctz(t);
                if (!win[s ^ ((size_t)1 << i)])
                    b->swings[i]++;
                else
                    minimal = 0;
            }
            if (minimal && (st = push(&b->mwc, &b->nmwc, &cap1, c)) != MPOL_OK)
                goto done;
            if (__builtin_popcount(c) == 1 && b->dominant_actor < 0)
                b->dominant_actor = __builtin_ctz(c);
            /* Rule 4: can S be blocked by winning over one member? */
            if (c != full) {
                int blockable = 0;
                if (__builtin_popcount(c) >= 2)
                    for (mpol_coalition t = c; t && !blockable; t &= t - 1)
                        blockable = win[(full ^ c) | (t & (0u - t))];
                if (!blockable) {
                    b->rule4_violations++;
                    if (W[s] > witness_w) {
                        witness_w = W[s];
                        b->rule4_witness = c;
                    }
                }
            }
        }
        /* Minimal blocking: the complement is not dominant, but is once any member leaves. */
        if (!win[full ^ c]) {
            int minimal = 1;
            for (mpol_coalition t = c; t && minimal; t &= t - 1)
                minimal = win[(full ^ c) | (t & (0u - t))];
            if (minimal && (st = push(&b->mbc, &b->nmbc, &cap2, c)) != MPOL_OK)
                goto done;
        }
    }
    b->rule4 = b->rule4_violations == 0;

    /* Balancers: splits {A, B} of the others, A holding the others' lowest member. */
    for (size_t i = 0; i < n && n >= 3; i++) {
        mpol_coalition me = (mpol_coalition)1 << i, others = full ^ me;
        if (win[me])
            continue; /* a dominant actor is a hegemon, not a balancer */
        mpol_coalition low = others & (0u - others), rest = others ^ low;
        int any = 0, all = 1;
        for (mpol_coalition sub = rest;; sub = (sub - 1) & rest) {
            mpol_coalition a = low | sub, bb = others ^ a;
            if (bb != 0 && !win[a] && !win[bb]) {
                int decides = win[a | me] && win[bb | me];
                if (decides && !any) {
                    any = 1;
                    b->balancer_bloc[i] = a;
                }
                all = all && decides;
            }
            if (sub == 0)
                break;
        }
        b->balancer[i] = any;
        b->holder[i] = any && all;
    }

    /* Independent checks from the weights. */
    int ok = 1;
    for (size_t k = 0; k < b->nmwc && ok; k++) {
        mpol_coalition c = b->mwc[k];
        ok = dominant(weight_of(game->weights, c), game->quota, b->strict, eps);
        for (mpol_coalition t = c; t && ok; t &= t - 1)
            ok = !dominant(weight_of(game->weights, c & ~(t & (0u - t))), game->quota, b->strict,
                           eps);
    }
    for (size_t k = 0; k < b->nmbc && ok; k++)
        ok = !dominant(weight_of(game->weights, full ^ b->mbc[k]), game->quota, b->strict, eps);
    b->ok = ok;
    b->verified = ok;
    b->max_error = 0.0;
    if (!ok)
        st = mpol_error(MPOL_EVERIFY, "%s: a listed coalition fails its re-check", who);
done:
    mpol_free(W);
    mpol_free(win);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        mpol_balance_free(b);
        return st;
    }
    *out = b; /* also on MPOL_EVERIFY, for the caller to inspect (docs/conventions.md) */
    return st;
}

/* Dominance table at capability x of actor k, quota = ratio * total. */
static void signature(const mpol_wvg *g, size_t k, double x, double ratio, int strict, double tol,
                      double *w, double *W, unsigned char *win)
{
    memcpy(w, g->weights, g->n * sizeof *w);
    w[k] = x;
    double total = 0;
    for (size_t i = 0; i < g->n; i++)
        total += w[i];
    tabulate(w, g->n, ratio * total, strict, tol * total, W, win);
}

mpol_status mpol_balance_capability_range(mpol_balance_range *out, const mpol_wvg *game, size_t k,
                                          const mpol_balance_opts *opts)
{
    static const char *who = "mpol_balance_capability_range";
    mpol_balance_opts o;
    if (opts)
        o = *opts;
    else
        mpol_balance_opts_init(&o);
    if (out == NULL)
        return mpol_error(MPOL_EINVAL, "%s: out is NULL", who);
    mpol_status st = validate(game, &o, who);
    if (st != MPOL_OK)
        return st;
    size_t n = game->n, ncoal = (size_t)1 << n;
    if (k >= n)
        return mpol_error(MPOL_EINVAL, "%s: no actor %zu", who, k + 1);
    double total = 0;
    for (size_t i = 0; i < n; i++)
        total += game->weights[i];
    double ratio = game->quota / total;
    if (!(ratio < 1))
        return mpol_error(MPOL_EINVAL, "%s: quota %g is not below the total %g", who, game->quota,
                          total);
    double wk = game->weights[k], t_o = total - wk;
    double *w = mpol_malloc(n * sizeof *w);
    double *W = mpol_malloc(ncoal * sizeof *W);
    unsigned char *base = mpol_malloc(ncoal), *cur = mpol_malloc(ncoal);
    if (w == NULL || W == NULL || base == NULL || cur == NULL) {
        st = mpol_error(MPOL_ENOMEM, "%s: out of memory", who);
        goto done;
    }
    /* Breakpoints: where w(S) = ratio * (t_o + x), linear in x. */
    double lo_b = -1, hi_b = HUGE_VAL;
    size_t count = 0;
    mpol_coalition kb = (mpol_coalition)1 << k;
    for (size_t s = 1; s < ncoal; s++) {
        mpol_coalition c = (mpol_coalition)s;
        double ws = weight_of(game->weights, c & ~kb);
        double bp = (c & kb) ? (ratio * t_o - ws) / (1 - ratio) : (ws - ratio * t_o) / ratio;
        if (!(bp > 0) || !isfinite(bp))
            continue;
        count++;
        if (bp < wk && bp > lo_b)
            lo_b = bp;
        if (bp > wk && bp < hi_b)
            hi_b = bp;
    }
    out->breakpoints = count;
    signature(game, k, wk, ratio, o.strict, o.tol, w, W, base);
    /* Upward. */
    double probe = isfinite(hi_b) ? 0.5 * (wk + hi_b) : wk + 1 + wk;
    signature(game, k, probe, ratio, o.strict, o.tol, w, W, cur);
    if (memcmp(cur, base, ncoal) == 0) {
        out->hi = hi_b;
        out->hi_closed = 0;
        if (isfinite(hi_b)) {
            signature(game, k, hi_b, ratio, o.strict, o.tol, w, W, cur);
            out->hi_closed = memcmp(cur, base, ncoal) == 0;
        }
    } else {
        out->hi = wk;
        out->hi_closed = 1;
    }
    /* Downward (capabilities are >= 0). */
    double lo_t = lo_b > 0 ? lo_b : 0;
    if (wk > 0) {
        signature(game, k, 0.5 * (wk + lo_t), ratio, o.strict, o.tol, w, W, cur);
        if (memcmp(cur, base, ncoal) == 0) {
            out->lo = lo_t;
            signature(game, k, lo_t, ratio, o.strict, o.tol, w, W, cur);
            out->lo_closed = memcmp(cur, base, ncoal) == 0;
        } else {
            out->lo = wk;
            out->lo_closed = 1;
        }
    } else {
        out->lo = 0;
        out->lo_closed = 1;
    }
done:
    mpol_free(w);
    mpol_free(W);
    mpol_free(base);
    mpol_free(cur);
    return st;
}
