/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * sequence-lemke: Lemke's algorithm on the sequence-form LCP of a two-player tree (Koller,
 * Megiddo and von Stengel 1996), with the covering vector of von Stengel, van den Elzen and
 * Talman (2002), so that the path starts at a chosen pair of realisation plans (p, q).
 *
 * With E x = e, F y = f the constraints of the two players' realisation plans, A and B the
 * sequence-form payoffs (shifted and scaled to be negative at every leaf: an equilibrium of
 * the shifted game is one of the original), u and v free, the system is
 *
 *   a = E'u - A y - (A q) z0 >= 0,  x >= 0,  x'a = 0
 *   b = F'v - B'x - (B'p) z0 >= 0,  y >= 0,  y'b = 0
 *   E x + e z0 = e,  F y + f z0 = f,  0 <= z0.
 *
 * x + z0 p and y + z0 q are realisation plans, and each player's x (resp. y) is a best reply
 * to the other's y + z0 q (x + z0 p): the van den Elzen-Talman tracing procedure. At z0 = 1,
 * x = y = 0; the starting basis holds z0, u, v, the player's best reply to the prior at
 * every set (x at level 0, the empty sequence of player 1 excepted), and the slacks of the
 * other sequences; x_0 enters first. Complementary pivoting ends when z0 leaves: then
 * (x, y) is an equilibrium (normal-form perfect when (p, q) is completely mixed).
 *
 * Dense tableau (rows: the slack rows of both players, then E and F), lexicographic ratio
 * test over the columns of the starting basis, z0 preferred on ties. Exact mode rebuilds the
 * final basis in GMP rationals and checks the behaviour profile exactly
 * (tree_lemke_exact.c).
 */
#include <math.h>
#include <string.h>

#include <gmp.h>

#include "core/rng_internal.h"
#include "multipolar/tree.h"
#include "tree_internal.h"
#include "tree_lemke_internal.h"

/* Most tableau entries (doubles: 256 MiB) and, in exact mode, most exact basis entries. */
#define LEMKE_MAX_ENTRIES ((size_t)1 << 25)
#define LEMKE_MAX_EXACT ((size_t)1 << 22)
#define PIV_TOL 1e-11  /* smallest entering-column entry taken in the ratio test */
#define TIE_REL 1e-9   /* ratios within this (relative) of the minimum are ties */
#define FEAS_TOL 1e-9  /* basic values down to -FEAS_TOL count as 0 */
#define SAME_TOL 1e-7  /* behaviour profiles this close are one equilibrium */
#define REACH_TOL 1e-9 /* a set whose sequence has less realisation weight is not reached */
#define NONE MPOL_TREE_NONE

typedef struct lemke {
    const mpol_tree *t;
    size_t n[2], k[2]; /* sequences; rows of E (1 + sets) */
    size_t *sets[2];   /* k[p] - 1 sets in order of their first node */
    size_t N, ncol, W; /* rows; variables; row stride (ncol + rhs) */
    size_t ox[2], ou[2], oa[2], oz;
    size_t ro[2], re[2];
    double scale, shift; /* payoff -> (payoff - shift) / scale < 0 */
    double *T;
    size_t *basis; /* N: the variable of each row */
    size_t *pos;   /* ncol: the row of a basic variable, NONE if nonbasic */
    size_t *lex;   /* the starting basis' constrained variables, by row */
    size_t nlex;
    size_t *nz;    /* scratch: nonzero columns of the pivot row */
    size_t *tie;   /* scratch: tied rows */
    double *prior; /* n[0] + n[1]: the starting plans p, q */
    double *beh;   /* nactions: behaviour of a start, then of the equilibrium */
    double *val;   /* n[0] + n[1]: best-reply values below a sequence */
    size_t work;
} lemke;

static int is_free(const lemke *L, size_t var)
{
    return var >= L->ou[0] && var < L->oa[0];
}

static size_t complement(const lemke *L, size_t var)
{
    for (size_t p = 0; p < 2; p++) {
        if (var >= L->ox[p] && var < L->ox[p] + L->n[p])
            return L->oa[p] + (var - L->ox[p]);
        if (var >= L->oa[p] && var < L->oa[p] + L->n[p])
            return L->ox[p] + (var - L->oa[p]);
    }
    return NONE;
}

static void lemke_free(lemke *L)
{
    mpol_free(L->sets[0]);
    mpol_free(L->sets[1]);
    mpol_free(L->T);
    mpol_free(L->basis);
    mpol_free(L->pos);
    mpol_free(L->lex);
    mpol_free(L->nz);
    mpol_free(L->tie);
    mpol_free(L->prior);
    mpol_free(L->beh);
    mpol_free(L->val);
}

static mpol_status lemke_init(lemke *L, const mpol_tree *t, int exact)
{
    memset(L, 0, sizeof *L);
    L->t = t;
    for (size_t p = 0; p < 2; p++) {
        L->n[p] = t->nseq[p];
        L->sets[p] = mpol_malloc((t->ninfosets + 1) * sizeof *L->sets[p]);
        if (L->sets[p] == NULL)
            return mpol_error(MPOL_ENOMEM, "out of memory for sequence-lemke");
        size_t ns = 0;
        mpol_i_tree_player_sets(L->sets[p], &ns, t, p);
        L->k[p] = ns + 1;
    }
    size_t n0 = L->n[0], n1 = L->n[1], k0 = L->k[0], k1 = L->k[1];
    L->N = n0 + n1 + k0 + k1;
    L->ncol = 2 * (n0 + n1) + k0 + k1 + 1;
    L->W = L->ncol + 1;
    if (L->N > LEMKE_MAX_ENTRIES / L->W)
        return mpol_error(MPOL_ELIMIT,
                          "sequence-lemke: the sequence-form tableau needs %zu x %zu entries "
                          "(%zu and %zu sequences), more than the limit of %zu; refused",
                          L->N, L->W, n0, n1, LEMKE_MAX_ENTRIES);
    if (exact && L->N > LEMKE_MAX_EXACT / L->N)
        return mpol_error(MPOL_ELIMIT,
                          "sequence-lemke: the exact basis needs %zu x %zu rational entries, "
                          "more than the limit of %zu; refused",
                          L->N, L->N, LEMKE_MAX_EXACT);
    L->ox[0] = 0;
    L->ox[1] = n0;
    L->ou[0] = n0 + n1;
    L->ou[1] = L->ou[0] + k0;
    L->oa[0] = L->ou[1] + k1;
    L->oa[1] = L->oa[0] + n0;
    L->oz = L->oa[1] + n1;
    L->ro[0] = 0;
    L->ro[1] = n0;
    L->re[0] = n0 + n1;
    L->re[1] = L->re[0] + k0;
    L->T = mpol_malloc(L->N * L->W * sizeof *L->T);
    L->basis = mpol_malloc(L->N * sizeof *L->basis);
    L->pos = mpol_malloc(L->ncol * sizeof *L->pos);
    L->lex = mpol_malloc(L->N * sizeof *L->lex);
    L->nz = mpol_malloc(L->W * sizeof *L->nz);
    L->tie = mpol_malloc(L->N * sizeof *L->tie);
    L->prior = mpol_malloc((n0 + n1) * sizeof *L->prior);
    L->val = mpol_malloc((n0 + n1) * sizeof *L->val);
    L->beh = mpol_malloc((t->nactions ? t->nactions : 1) * sizeof *L->beh);
    if (L->T == NULL || L->basis == NULL || L->pos == NULL || L->lex == NULL || L->nz == NULL ||
        L->tie == NULL || L->prior == NULL || L->val == NULL || L->beh == NULL)
        return mpol_error(MPOL_ENOMEM, "out of memory for sequence-lemke");
    L->shift = t->payoff_max + 1.0;
    L->scale = t->payoff_max - t->payoff_min + 1.0;
    return MPOL_OK;
}

#define TAB(L, r, c) ((L)->T[(r) * (L)->W + (c)])

/* The tableau of the system above for the prior plans in L->prior (no basis yet). */
static void build(lemke *L)
{
    const mpol_tree *t = L->t;
    size_t rhs = L->ncol;
    memset(L->T, 0, L->N * L->W * sizeof *L->T);
    for (size_t p = 0; p < 2; p++) {
        for (size_t s = 0; s < L->n[p]; s++)
            TAB(L, L->ro[p] + s, L->oa[p] + s) = 1.0;
        /* -E'u in the slack rows; E x in the E rows */
        TAB(L, L->ro[p], L->ou[p]) = -1.0;
        TAB(L, L->re[p], L->ox[p]) = 1.0;
        TAB(L, L->re[p], L->oz) = 1.0;
        TAB(L, L->re[p], rhs) = 1.0;
        for (size_t r = 1; r < L->k[p]; r++) {
            size_t h = L->sets[p][r - 1], s0 = t->iset_seq[h];
            TAB(L, L->ro[p] + s0, L->ou[p] + r) += 1.0;
            TAB(L, L->re[p] + r, L->ox[p] + s0) -= 1.0;
            for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
                size_t s = t->action_seq[a];
                TAB(L, L->ro[p] + s, L->ou[p] + r) -= 1.0;
                TAB(L, L->re[p] + r, L->ox[p] + s) += 1.0;
            }
        }
    }
    const double *px = L->prior, *qy = L->prior + L->n[0];
    for (size_t i = 0; i < t->nnodes; i++) {
        double w = t->chance_reach[i];
        if (t->type[i] != MPOL_TREE_TERMINAL || !(w > 0))
            continue;
        size_t s0 = t->node_seq[i * 2], s1 = t->node_seq[i * 2 + 1];
        double A = w * (t->payoff[i * 2] - L->shift) / L->scale;
        double B = w * (t->payoff[i * 2 + 1] - L->shift) / L->scale;
        TAB(L, L->ro[0] + s0, L->ox[1] + s1) += A;
        TAB(L, L->ro[0] + s0, L->oz) += A * qy[s1];
        TAB(L, L->ro[1] + s1, L->ox[0] + s0) += B;
        TAB(L, L->ro[1] + s1, L->oz) += B * px[s0];
    }
}

static void pivot(lemke *L, size_t r, size_t c)
{
    double *pr = &TAB(L, r, 0), inv = 1.0 / pr[c];
    size_t nnz = 0;
    for (size_t j = 0; j < L->W; j++)
        if (pr[j] != 0.0) {
            pr[j] *= inv;
            L->nz[nnz++] = j;
        }
    pr[c] = 1.0;
    for (size_t i = 0; i < L->N; i++) {
        /* a row of u or v is never read again once they are basic (they never leave) */
        if (i == r || (L->basis[i] != NONE && is_free(L, L->basis[i])))
            continue;
        double *ri = &TAB(L, i, 0), f = ri[c];
        if (f == 0.0)
            continue;
        for (size_t k = 0; k < nnz; k++)
            ri[L->nz[k]] -= f * pr[L->nz[k]];
        ri[c] = 0.0;
    }
    size_t old = L->basis[r];
    if (old != NONE)
        L->pos[old] = NONE;
    L->basis[r] = c;
    L->pos[c] = r;
}

/* Player p's best reply to the prior of the other, at every set (the payoffs against the
 * prior are the z0 column of p's slack rows); marks the chosen sequences in @p chosen. */
static void best_reply(lemke *L, size_t p, unsigned char *chosen)
{
    const mpol_tree *t = L->t;
    double *cont = L->val + (p ? L->n[0] : 0);
    for (size_t s = 0; s < L->n[p]; s++) {
        cont[s] = 0.0;
        chosen[s] = 0;
    }
    chosen[0] = 1;
    for (size_t r = L->k[p] - 1; r >= 1; r--) {
        size_t h = L->sets[p][r - 1], arg = NONE;
        double best = -HUGE_VAL;
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
            size_t s = t->action_seq[a];
            double v = TAB(L, L->ro[p] + s, L->oz) + cont[s]; /* the z0 column is A q */
            if (arg == NONE || v > best) {
                best = v;
                arg = s;
            }
        }
        chosen[arg] = 1;
        cont[t->iset_seq[h]] += best;
    }
}

/* The starting basis; 0 if it is numerically singular or infeasible. */
static int start_basis(lemke *L, unsigned char *chosen, unsigned char *taken)
{
    for (size_t c = 0; c < L->ncol; c++)
        L->pos[c] = NONE;
    for (size_t r = 0; r < L->N; r++) {
        L->basis[r] = NONE;
        taken[r] = 0;
    }
    unsigned char *ch[2] = {chosen, chosen + L->n[0]};
    best_reply(L, 0, ch[0]);
    best_reply(L, 1, ch[1]);
    /* the slacks of the sequences not chosen are basic in their own rows */
    for (size_t p = 0; p < 2; p++)
        for (size_t s = 0; s < L->n[p]; s++)
            if (!ch[p][s]) {
                size_t r = L->ro[p] + s;
                L->basis[r] = L->oa[p] + s;
                L->pos[L->oa[p] + s] = r;
                taken[r] = 1;
            }
    /* then u, v, z0 and the chosen sequences (x_0 excepted) enter, partial pivoting */
    for (size_t c = 0; c < L->ncol; c++) {
        int in = is_free(L, c) || c == L->oz;
        for (size_t p = 0; p < 2 && !in; p++)
            if (c >= L->ox[p] && c < L->ox[p] + L->n[p] && ch[p][c - L->ox[p]])
                in = !(p == 0 && c == L->ox[0]);
        if (!in)
            continue;
        size_t best = NONE;
        double big = 0.0;
        for (size_t r = 0; r < L->N; r++)
            if (!taken[r] && fabs(TAB(L, r, c)) > big) {
                big = fabs(TAB(L, r, c));
                best = r;
            }
        if (best == NONE || big < 1e-12)
            return 0;
        pivot(L, best, c);
        taken[best] = 1;
    }
    L->nlex = 0;
    for (size_t r = 0; r < L->N; r++) {
        if (L->basis[r] == NONE)
            return 0;
        if (is_free(L, L->basis[r]))
            continue;
        double *b = &TAB(L, r, L->ncol);
        if (*b < -FEAS_TOL)
            return 0;
        if (*b < 0)
            *b = 0;
        L->lex[L->nlex++] = L->basis[r];
    }
    return 1;
}

/* The leaving row for entering column c (lexicographic minimum ratio, z0 first on ties);
 * NONE on a ray. */
static size_t ratio_test(lemke *L, size_t c)
{
    size_t rhs = L->ncol, best = NONE;
    double min = HUGE_VAL;
    for (size_t r = 0; r < L->N; r++) {
        double a = TAB(L, r, c);
        if (a <= PIV_TOL || is_free(L, L->basis[r]))
            continue;
        double q = TAB(L, r, rhs);
        double ratio = (q > 0 ? q : 0) / a;
        if (ratio < min) {
            min = ratio;
            best = r;
        }
    }
    if (best == NONE)
        return NONE;
    size_t ntie = 0;
    double thr = min + TIE_REL * (1.0 + min);
    for (size_t r = 0; r < L->N; r++) {
        double a = TAB(L, r, c);
        if (a <= PIV_TOL || is_free(L, L->basis[r]))
            continue;
        double q = TAB(L, r, rhs);
        if ((q > 0 ? q : 0) / a <= thr) {
            if (L->basis[r] == L->oz)
                return r;
            L->tie[ntie++] = r;
        }
    }
    for (size_t k = 0; k < L->nlex && ntie > 1; k++) {
        size_t col = L->lex[k], keep = 0;
        double m = HUGE_VAL;
        for (size_t i = 0; i < ntie; i++) {
            double v = TAB(L, L->tie[i], col) / TAB(L, L->tie[i], c);
            if (v < m)
                m = v;
        }
        double th = m + TIE_REL * (1.0 + fabs(m));
        for (size_t i = 0; i < ntie; i++) {
            size_t r = L->tie[i];
            if (TAB(L, r, col) / TAB(L, r, c) <= th)
                L->tie[keep++] = r;
        }
        ntie = keep;
    }
    return L->tie[0];
}

/* The value of a variable in the current basis (0 if nonbasic). */
static double var_value(const lemke *L, size_t var)
{
    size_t r = L->pos[var];
    return r == NONE ? 0.0 : TAB(L, r, L->ncol);
}

/* Runs one path; 1 with the equilibrium in the tableau, 0 on a ray or numerical trouble;
 * MPOL_ELIMIT status in *st beyond max_work. */
static int run_path(lemke *L, size_t max_work, mpol_status *st)
{
    size_t enter = L->ox[0];
    for (;;) {
        size_t r = ratio_test(L, enter);
        if (r == NONE)
            return 0;
        if (++L->work > max_work) {
            *st = mpol_error(MPOL_ELIMIT,
                             "sequence-lemke: more than %zu pivots (max_work); refused", max_work);
            return 0;
        }
        size_t leave = L->basis[r];
        pivot(L, r, enter);
        if (leave == L->oz)
            return 1;
        enter = complement(L, leave);
        if (enter == NONE)
            return 0;
    }
}

/* The behaviour profile of the basis' plans: at a set whose sequence has weight, the
 * conditional probabilities; at a set the plan does not reach, the action of least slack
 * (the reply the LCP's duals prefer there). */
static void plans_to_behavior(lemke *L, double *beh)
{
    const mpol_tree *t = L->t;
    for (size_t a = 0; a < t->nactions; a++)
        beh[a] = t->action_prob[a];
    for (size_t p = 0; p < 2; p++)
        for (size_t r = 1; r < L->k[p]; r++) {
            size_t h = L->sets[p][r - 1];
            size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
            double par = var_value(L, L->ox[p] + t->iset_seq[h]), sum = 0.0;
            if (par > REACH_TOL) {
                for (size_t a = a0; a < a1; a++) {
                    double v = var_value(L, L->ox[p] + t->action_seq[a]);
                    beh[a] = v > 0 ? v : 0.0;
                    sum += beh[a];
                }
            }
            if (sum > 0) {
                for (size_t a = a0; a < a1; a++)
                    beh[a] /= sum;
                continue;
            }
            size_t arg = a0;
            double least = HUGE_VAL;
            for (size_t a = a0; a < a1; a++) {
                double v = var_value(L, L->oa[p] + t->action_seq[a]);
                if (v < least) {
                    least = v;
                    arg = a;
                }
            }
            for (size_t a = a0; a < a1; a++)
                beh[a] = a == arg ? 1.0 : 0.0;
        }
}

/* --- exact rebuild of the final basis ------------------------------------------------ */

/* Adds @p v to the exact entry (r, var) when var is basic (its column is pos[var]). */
static void xadd(mpq_t *M, const lemke *L, size_t r, size_t var, const mpq_t v)
{
    size_t c = L->pos[var];
    if (c != NONE)
        mpq_add(M[r * (L->N + 1) + c], M[r * (L->N + 1) + c], v);
}

static mpol_status exact_rebuild(lemke *L, const mpol_i_tree_xdata *xd, mpq_t *vals)
{
    const mpol_tree *t = L->t;
    size_t N = L->N, W = N + 1;
    mpol_status st = MPOL_OK;
    mpq_t *M = mpol_malloc(N * W * sizeof(mpq_t));
    if (M == NULL)
        return mpol_error(MPOL_ENOMEM, "out of memory for the exact basis");
    for (size_t i = 0; i < N * W; i++)
        mpq_init(M[i]);
    mpq_t one, mone, sh, sc, v, f;
    mpq_inits(one, mone, sh, sc, v, f, NULL);
    mpq_set_si(one, 1, 1);
    mpq_set_si(mone, -1, 1);
    mpq_set_d(sh, L->shift);
    mpq_set_d(sc, L->scale);
    for (size_t p = 0; p < 2; p++) {
        for (size_t s = 0; s < L->n[p]; s++)
            xadd(M, L, L->ro[p] + s, L->oa[p] + s, one);
        xadd(M, L, L->ro[p], L->ou[p], mone);
        xadd(M, L, L->re[p], L->ox[p], one);
        mpq_set(M[(L->re[p]) * W + N], one);
        for (size_t r = 1; r < L->k[p]; r++) {
            size_t h = L->sets[p][r - 1], s0 = t->iset_seq[h];
            xadd(M, L, L->ro[p] + s0, L->ou[p] + r, one);
            xadd(M, L, L->re[p] + r, L->ox[p] + s0, mone);
            for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
                size_t s = t->action_seq[a];
                xadd(M, L, L->ro[p] + s, L->ou[p] + r, mone);
                xadd(M, L, L->re[p] + r, L->ox[p] + s, one);
            }
        }
    }
    for (size_t k = 0; k < xd->nterm; k++) {
        size_t i = xd->term[k], s0 = t->node_seq[i * 2], s1 = t->node_seq[i * 2 + 1];
        for (size_t p = 0; p < 2; p++) {
            mpq_sub(v, xd->pay[k * 2 + p], sh);
            mpq_div(v, v, sc);
            mpq_mul(v, v, xd->reach[k]);
            if (p == 0)
                xadd(M, L, L->ro[0] + s0, L->ox[1] + s1, v);
            else
                xadd(M, L, L->ro[1] + s1, L->ox[0] + s0, v);
        }
    }
    /* Gauss-Jordan with the first nonzero pivot (rows swapped), zeros skipped */
    for (size_t c = 0; c < N && st == MPOL_OK; c++) {
        size_t pr = NONE;
        for (size_t r = c; r < N; r++)
            if (mpq_sgn(M[r * W + c]) != 0) {
                pr = r;
                break;
            }
        if (pr == NONE) {
            st = mpol_error(MPOL_EVERIFY, "sequence-lemke: the final basis is singular in "
                                          "exact arithmetic");
            break;
        }
        if (pr != c)
            for (size_t j = 0; j < W; j++)
                mpq_swap(M[pr * W + j], M[c * W + j]);
        mpq_inv(f, M[c * W + c]);
        for (size_t j = c; j < W; j++)
            if (mpq_sgn(M[c * W + j]) != 0)
                mpq_mul(M[c * W + j], M[c * W + j], f);
        for (size_t r = 0; r < N; r++) {
            if (r == c || mpq_sgn(M[r * W + c]) == 0)
                continue;
            mpq_set(f, M[r * W + c]);
            for (size_t j = c; j < W; j++)
                if (mpq_sgn(M[c * W + j]) != 0) {
                    mpq_mul(v, f, M[c * W + j]);
                    mpq_sub(M[r * W + j], M[r * W + j], v);
                }
        }
    }
    /* column c of the basis is the variable basis[c]: its value is the rhs of row c */
    for (size_t c = 0; c < N && st == MPOL_OK; c++) {
        size_t var = L->basis[c];
        mpq_set(vals[var], M[c * W + N]);
        if (!is_free(L, var) && mpq_sgn(vals[var]) < 0)
            st = mpol_error(MPOL_EVERIFY, "sequence-lemke: the final basis is infeasible in "
                                          "exact arithmetic");
    }
    mpq_clears(one, mone, sh, sc, v, f, NULL);
    for (size_t i = 0; i < N * W; i++)
        mpq_clear(M[i]);
    mpol_free(M);
    return st;
}

/* The exact behaviour profile of the basis, by the rule of plans_to_behavior(). */
static void exact_behavior(const lemke *L, mpq_t *vals, mpq_t *beh)
{
    const mpol_tree *t = L->t;
    for (size_t a = 0; a < t->nactions; a++)
        mpq_set_ui(beh[a], 0, 1);
    for (size_t p = 0; p < 2; p++)
        for (size_t r = 1; r < L->k[p]; r++) {
            size_t h = L->sets[p][r - 1];
            size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
            mpq_ptr par = vals[L->ox[p] + t->iset_seq[h]];
            if (mpq_sgn(par) > 0) {
                for (size_t a = a0; a < a1; a++)
                    mpq_div(beh[a], vals[L->ox[p] + t->action_seq[a]], par);
                continue;
            }
            size_t arg = a0;
            for (size_t a = a0 + 1; a < a1; a++)
                if (mpq_cmp(vals[L->oa[p] + t->action_seq[a]],
                            vals[L->oa[p] + t->action_seq[arg]]) < 0)
                    arg = a;
            mpq_set_ui(beh[arg], 1, 1);
        }
}

/* --- starts and the method ----------------------------------------------------------- */

/* The behaviour of start k: uniform (k = 0), else random (weights -log U + 0.001). */
static void start_behavior(const mpol_tree *t, double *beh, size_t k, uint64_t *rng)
{
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
        if (t->iset_player[h] == MPOL_TREE_CHANCE) {
            for (size_t a = a0; a < a1; a++)
                beh[a] = t->action_prob[a];
            continue;
        }
        double sum = 0.0;
        for (size_t a = a0; a < a1; a++) {
            beh[a] = k == 0 ? 1.0 : 0.001 - log(1.0 - mpol_i_rng_uniform(rng));
            sum += beh[a];
        }
        for (size_t a = a0; a < a1; a++)
            beh[a] /= sum;
    }
}

static int seen(const mpol_tree_solution *sol, const double *beh, size_t nactions)
{
    for (size_t k = 0; k < sol->neq; k++) {
        double d = 0.0;
        for (size_t a = 0; a < nactions; a++)
            d = fmax(d, fabs(sol->eq[k].behavior[a] - beh[a]));
        if (d <= SAME_TOL)
            return 1;
    }
    return 0;
}

mpol_status mpol_i_tree_lemke_run(mpol_tree_solution **out, size_t *nfailed, const mpol_tree *t,
                                  const mpol_tree_opts *opts)
{
    *out = NULL;
    *nfailed = 0;
    if (t->nplayers != 2)
        return mpol_error(MPOL_EINVAL, "sequence-lemke needs two players (the tree has %zu)",
                          t->nplayers);
    if (opts->starts == 0)
        return mpol_error(MPOL_EINVAL, "sequence-lemke needs at least one starting point");
    lemke L;
    mpol_status st = lemke_init(&L, t, opts->exact);
    mpol_tree_solution *sol = NULL;
    unsigned char *scratch = NULL;
    mpol_i_tree_xdata *xd = NULL;
    mpq_t *vals = NULL, *xbeh = NULL;
    size_t failed = 0;
    mpol_status exact_failed = MPOL_OK;
    if (st != MPOL_OK)
        goto done;
    if ((st = mpol_i_tree_solution_new(&sol, t, MPOL_TREE_LEMKE)) != MPOL_OK)
        goto done;
    scratch = mpol_malloc(L.N + L.n[0] + L.n[1]);
    if (scratch == NULL) {
        st = mpol_error(MPOL_ENOMEM, "out of memory for sequence-lemke");
        goto done;
    }
    if (opts->exact) {
        if ((st = mpol_i_tree_xdata_new(&xd, t)) != MPOL_OK)
            goto done;
        vals = mpol_malloc(L.ncol * sizeof(mpq_t));
        xbeh = mpol_malloc((t->nactions ? t->nactions : 1) * sizeof(mpq_t));
        if (vals == NULL || xbeh == NULL) {
            mpol_free(vals);
            mpol_free(xbeh);
            vals = xbeh = NULL;
            st = mpol_error(MPOL_ENOMEM, "out of memory for sequence-lemke");
            goto done;
        }
        for (size_t c = 0; c < L.ncol; c++)
            mpq_init(vals[c]);
        for (size_t a = 0; a < t->nactions; a++)
            mpq_init(xbeh[a]);
    }
    uint64_t rng = opts->seed;
    for (size_t k = 0; k < opts->starts; k++) {
        start_behavior(t, L.beh, k, &rng);
        for (size_t p = 0; p < 2; p++)
            if ((st = mpol_tree_realization(L.prior + (p ? L.n[0] : 0), t, L.beh, p)) != MPOL_OK)
                goto done;
        build(&L);
        if (!start_basis(&L, scratch + L.N, scratch)) {
            failed++;
            continue;
        }
        if (!run_path(&L, opts->max_work, &st)) {
            if (st != MPOL_OK)
                goto done;
            failed++;
            continue;
        }
        if (opts->exact) {
            for (size_t c = 0; c < L.ncol; c++)
                mpq_set_ui(vals[c], 0, 1);
            if ((st = exact_rebuild(&L, xd, vals)) != MPOL_OK) {
                if (st != MPOL_EVERIFY)
                    goto done;
                exact_failed = st; /* this start's path is not exact: the next one runs */
                st = MPOL_OK;
                failed++;
                continue;
            }
            exact_behavior(&L, vals, xbeh);
            for (size_t a = 0; a < t->nactions; a++)
                L.beh[a] = t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE
                               ? t->action_prob[a]
                               : mpq_get_d(xbeh[a]);
            if (seen(sol, L.beh, t->nactions))
                continue;
            if (sol->neq >= opts->max_equilibria)
                break;
            if ((st = mpol_i_tree_push_exact(sol, t, xd, xbeh)) != MPOL_OK) {
                if (st != MPOL_EVERIFY)
                    goto done;
                exact_failed = st;
                st = MPOL_OK;
                failed++;
            }
            continue;
        }
        plans_to_behavior(&L, L.beh);
        if (seen(sol, L.beh, t->nactions))
            continue;
        if (sol->neq >= opts->max_equilibria)
            break;
        if ((st = mpol_i_tree_solution_push(sol, t, L.beh, NULL)) != MPOL_OK)
            goto done;
    }
    if (sol->neq == 0 && exact_failed != MPOL_OK) {
        st = mpol_error(MPOL_EVERIFY,
                        "sequence-lemke: no starting point gave an equilibrium that passes "
                        "the exact check (%zu failed)",
                        failed);
        goto done;
    }
    if (sol->neq == 0) {
        st = mpol_error(MPOL_ENUMERIC,
                        "sequence-lemke: no starting point gave an equilibrium (%zu paths "
                        "ended on a ray or in numerical trouble)",
                        failed);
        goto done;
    }
    sol->work = L.work;
    sol->exact = opts->exact ? 1 : 0;
    *nfailed = failed;
    sol->complete = 0;
done:
    if (vals != NULL)
        for (size_t c = 0; c < L.ncol; c++)
            mpq_clear(vals[c]);
    if (xbeh != NULL)
        for (size_t a = 0; a < t->nactions; a++)
            mpq_clear(xbeh[a]);
    mpol_free(vals);
    mpol_free(xbeh);
    mpol_i_tree_xdata_free(xd, t);
    mpol_free(scratch);
    lemke_free(&L);
    if (st != MPOL_OK) {
        mpol_tree_solution_free(sol);
        return st;
    }
    *out = sol;
    return MPOL_OK;
}

mpol_status mpol_i_tree_lemke(mpol_tree_solution **out, const mpol_tree *t,
                              const mpol_tree_opts *opts)
{
    size_t failed = 0;
    return mpol_i_tree_lemke_run(out, &failed, t, opts);
}
