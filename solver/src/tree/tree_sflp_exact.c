/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Exact mode of "sequence-lp": the LP's solution at GLPK's final basis rebuilt in rational
 * arithmetic (GMP mpq_t) and checked exactly.
 *
 * The basis gives a square system: row r of the LP reads sum_c a_rc v_c - r_r = 0, the
 * non-basic variables sit at their bounds (x at 0, free q at 0, a row's auxiliary variable
 * at its right-hand side), and the basic ones solve B z = b; the simplex multipliers solve
 * B^T pi = c_B, and those of the first n2 rows are player 1's realisation plan. Both solves
 * run on a dense matrix, hence the row limit MPOL_I_SFLP_EXACT_MAX_ROWS: rational
 * Gauss-Jordan skipping zeros for very sparse bases (little fill-in), fraction-free
 * (Bareiss) integer elimination (each row scaled by the lcm of its denominators, no gcd
 * until the back substitution) for the others.
 *
 * The check does not trust the LP: both plans must be exactly feasible (non-negative,
 * E x = e, F y = f), the behaviour strategies are derived from them and turned back into
 * plans, and each player's exact best-response value against the other's plan (one
 * bottom-up pass over the player's information sets, deepest first) must equal the
 * profile's exact value. Then both regrets are exactly 0: the profile is an exact
 * equilibrium and its value the game's value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <glpk.h>
#include <gmp.h>

#include "tree_gmp_internal.h"
#include "tree_internal.h"
#include "tree_sflp_internal.h"

/* The decimal of @p d that prints shortest and reads back as d (%.15g, %.16g or %.17g),
 * as a rational: 0.3 is 3/10, not the binary double's 5404319552844595/18014398509481984.
 * Payoffs and probabilities are finite here (the builder checks). */
static void set_decimal(mpq_t q, double d)
{
    char buf[48];
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, d);
        if (strtod(buf, NULL) == d)
            break;
    }
    mpz_set_ui(mpq_numref(q), 0);
    long exp10 = 0;
    int neg = 0, frac = 0;
    const char *c = buf;
    if (*c == '-') {
        neg = 1;
        c++;
    }
    for (; *c != '\0' && *c != 'e' && *c != 'E'; c++) {
        if (*c == '.') {
            frac = 1;
            continue;
        }
        mpz_mul_ui(mpq_numref(q), mpq_numref(q), 10);
        mpz_add_ui(mpq_numref(q), mpq_numref(q), (unsigned long)(*c - '0'));
        exp10 -= frac;
    }
    if (*c == 'e' || *c == 'E')
        exp10 += strtol(c + 1, NULL, 10);
    if (neg)
        mpz_neg(mpq_numref(q), mpq_numref(q));
    mpz_set_ui(mpq_denref(q), 1);
    mpz_t p10;
    mpz_init(p10);
    mpz_ui_pow_ui(p10, 10, (unsigned long)(exp10 < 0 ? -exp10 : exp10));
    if (exp10 < 0)
        mpz_set(mpq_denref(q), p10);
    else
        mpz_mul(mpq_numref(q), mpq_numref(q), p10);
    mpz_clear(p10);
    mpq_canonicalize(q);
}

static void set_rational(mpq_t q, const mpol_rational *r, double d)
{
    if (r != NULL && r->den > 0) {
        mpz_set_si(mpq_numref(q), (long)r->num);
        mpz_set_si(mpq_denref(q), (long)r->den);
        mpq_canonicalize(q);
    } else {
        set_decimal(q, d);
    }
}

/* Index of the leaf with sequences (s0, s1) in the sorted leaves, or nleaves. */
static size_t find_leaf(const mpol_tree_sf *sf, size_t s0, size_t s1)
{
    size_t lo = 0, hi = sf->nleaves;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const size_t *s = sf->leaf_seq + 2 * mid;
        if (s[0] < s0 || (s[0] == s0 && s[1] < s1))
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < sf->nleaves && sf->leaf_seq[2 * lo] == s0 && sf->leaf_seq[2 * lo + 1] == s1)
        return lo;
    return sf->nleaves;
}

/* Solves M z = b in place by rational Gauss-Jordan elimination that skips zeros (M is
 * m x m, row-major; b becomes z): the faster way on very sparse bases, whose fill-in stays
 * low. 0 when singular. */
static int gauss(mpq_t *M, mpq_t *b, size_t m, size_t *nzcol, mpq_t f, mpq_t tmp)
{
    for (size_t col = 0; col < m; col++) {
        size_t piv = col;
        while (piv < m && mpq_sgn(M[piv * m + col]) == 0)
            piv++;
        if (piv == m)
            return 0;
        if (piv != col) {
            for (size_t k = 0; k < m; k++)
                mpq_swap(M[piv * m + k], M[col * m + k]);
            mpq_swap(b[piv], b[col]);
        }
        mpq_t *pr = M + col * m;
        size_t nnz = 0;
        for (size_t k = col + 1; k < m; k++)
            if (mpq_sgn(pr[k]) != 0)
                nzcol[nnz++] = k;
        for (size_t r = 0; r < m; r++) {
            if (r == col || mpq_sgn(M[r * m + col]) == 0)
                continue;
            mpq_div(f, M[r * m + col], pr[col]);
            for (size_t k = 0; k < nnz; k++) {
                mpq_mul(tmp, f, pr[nzcol[k]]);
                mpq_sub(M[r * m + nzcol[k]], M[r * m + nzcol[k]], tmp);
            }
            mpq_mul(tmp, f, b[col]);
            mpq_sub(b[r], b[r], tmp);
            mpq_set_ui(M[r * m + col], 0, 1);
        }
    }
    for (size_t k = 0; k < m; k++)
        mpq_div(b[k], b[k], M[k * m + k]);
    return 1;
}

/* Bases with at most this many non-zeros per row on average go to gauss(), denser ones to
 * the fraction-free elimination (measured: pub-d6 of the bench, 3 per row, 0.07 s against
 * 0.5 s; priv-d10, 23 per row, 9 s against 0.3 s). */
#define SPARSE_PER_ROW 6

/* gauss() on M z = b and on M^T pi = c. @return 1; 0 singular; -1 out of memory. */
static int gauss_pair(mpq_t *M, mpq_t *z, mpq_t *pi, size_t m)
{
    mpq_t *Mt = mpol_i_tree_mpq_array(m * m);
    size_t *nzcol = mpol_malloc(m * sizeof *nzcol);
    mpq_t f, tmp;
    if (Mt == NULL || nzcol == NULL) {
        mpol_i_tree_mpq_array_free(Mt, m * m);
        mpol_free(nzcol);
        return -1;
    }
    mpq_inits(f, tmp, NULL);
    for (size_t r = 0; r < m; r++)
        for (size_t q = 0; q < m; q++)
            if (mpq_sgn(M[r * m + q]) != 0)
                mpq_set(Mt[q * m + r], M[r * m + q]);
    int ok = gauss(M, z, m, nzcol, f, tmp) && gauss(Mt, pi, m, nzcol, f, tmp);
    mpq_clears(f, tmp, NULL);
    mpol_i_tree_mpq_array_free(Mt, m * m);
    mpol_free(nzcol);
    return ok;
}

/* Fraction-free (Bareiss) elimination of the integer matrix U (m x m, row-major) with one
 * right-hand side r, then back substitution into x (rationals). 0 when singular. Every
 * intermediate entry is a minor of the input, so the divisions are exact and no gcd is
 * taken until the back substitution. */
static int bareiss(mpz_t *U, mpz_t *r, mpq_t *x, size_t m, mpz_t t1, mpz_t t2, mpq_t q)
{
    mpz_t prev;
    mpz_init_set_ui(prev, 1);
    int ok = 1;
    for (size_t k = 0; k < m && ok; k++) {
        size_t piv = k;
        while (piv < m && mpz_sgn(U[piv * m + k]) == 0)
            piv++;
        if (piv == m) {
            ok = 0;
            break;
        }
        if (piv != k) {
            for (size_t j = k; j < m; j++)
                mpz_swap(U[piv * m + j], U[k * m + j]);
            mpz_swap(r[piv], r[k]);
        }
        mpz_t *pk = U + k * m;
        for (size_t i = k + 1; i < m; i++) {
            mpz_t *ri = U + i * m;
            int a0 = mpz_sgn(ri[k]) == 0;
            for (size_t j = k + 1; j < m; j++) {
                if (a0 || mpz_sgn(pk[j]) == 0) {
                    if (mpz_sgn(ri[j]) != 0) {
                        mpz_mul(t1, ri[j], pk[k]);
                        mpz_divexact(ri[j], t1, prev);
                    }
                    continue;
                }
                mpz_mul(t1, ri[j], pk[k]);
                mpz_mul(t2, ri[k], pk[j]);
                mpz_sub(t1, t1, t2);
                mpz_divexact(ri[j], t1, prev);
            }
            mpz_mul(t1, r[i], pk[k]);
            if (!a0) {
                mpz_mul(t2, ri[k], r[k]);
                mpz_sub(t1, t1, t2);
            }
            mpz_divexact(r[i], t1, prev);
            mpz_set_ui(ri[k], 0);
        }
        mpz_set(prev, pk[k]);
    }
    for (size_t k = m; ok && k-- > 0;) {
        mpq_set_z(x[k], r[k]);
        for (size_t j = k + 1; j < m; j++) {
            if (mpz_sgn(U[k * m + j]) == 0 || mpq_sgn(x[j]) == 0)
                continue;
            mpq_set_z(q, U[k * m + j]);
            mpq_mul(q, q, x[j]);
            mpq_sub(x[k], x[k], q);
        }
        mpq_set_z(q, U[k * m + k]);
        mpq_div(x[k], x[k], q);
    }
    mpz_clear(prev);
    return ok;
}

static mpz_t *zarray(size_t k)
{
    mpz_t *a = mpol_malloc((k ? k : 1) * sizeof(mpz_t));
    if (a != NULL)
        for (size_t i = 0; i < k; i++)
            mpz_init(a[i]);
    return a;
}

static void zarray_free(mpz_t *a, size_t k)
{
    if (a == NULL)
        return;
    for (size_t i = 0; i < k; i++)
        mpz_clear(a[i]);
    mpol_free(a);
}

/* Solves M z = b (b in z on entry) and M^T pi = c (c in pi on entry, integers) for the
 * rational basis matrix M: each row r is scaled to integers by the lcm D_r of its
 * denominators (and b_r's), so that D M z = D b and (D M)^T (D^-1 pi) = c are integer
 * systems. @return 1; 0 when singular; -1 out of memory. */
static int solve_basis(mpq_t *M, mpq_t *z, mpq_t *pi, size_t m)
{
    size_t mm = m * m;
    mpz_t *U = zarray(mm), *D = zarray(m), *r = zarray(m);
    mpz_t t1, t2;
    mpq_t q;
    mpz_inits(t1, t2, NULL);
    mpq_init(q);
    int ok = -1;
    if (U == NULL || D == NULL || r == NULL)
        goto out;
    for (size_t i = 0; i < m; i++) {
        mpz_set(D[i], mpq_denref(z[i]));
        for (size_t j = 0; j < m; j++)
            if (mpq_sgn(M[i * m + j]) != 0)
                mpz_lcm(D[i], D[i], mpq_denref(M[i * m + j]));
        for (size_t j = 0; j < m; j++)
            if (mpq_sgn(M[i * m + j]) != 0) {
                mpz_divexact(t1, D[i], mpq_denref(M[i * m + j]));
                mpz_mul(U[i * m + j], t1, mpq_numref(M[i * m + j]));
            }
        mpz_divexact(t1, D[i], mpq_denref(z[i]));
        mpz_mul(r[i], t1, mpq_numref(z[i]));
    }
    /* the transposed system first (U is consumed by each elimination) */
    mpz_t *Ut = zarray(mm);
    if (Ut == NULL)
        goto out;
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            if (mpz_sgn(U[i * m + j]) != 0)
                mpz_set(Ut[j * m + i], U[i * m + j]);
    ok = bareiss(U, r, z, m, t1, t2, q);
    if (ok) {
        for (size_t i = 0; i < m; i++)
            mpz_set(r[i], mpq_numref(pi[i])); /* c is 0/1 */
        ok = bareiss(Ut, r, pi, m, t1, t2, q);
        for (size_t i = 0; ok && i < m; i++) {
            mpq_set_z(q, D[i]);
            mpq_mul(pi[i], pi[i], q);
        }
    }
    zarray_free(Ut, mm);
out:
    zarray_free(U, mm);
    zarray_free(D, m);
    zarray_free(r, m);
    mpz_clears(t1, t2, NULL);
    mpq_clear(q);
    return ok;
}

typedef struct triplet {
    size_t row, col;
} triplet;

/* Exact best-response value of @p player against the other's plan @p r (player 0
 * maximises, player 1 minimises player 0's payoff A). @p acc: nseq[player] scratch. */
static void best_response(mpq_t out, const mpol_tree *t, const mpol_tree_sf *sf, mpq_t *A, mpq_t *r,
                          size_t player, mpq_t *acc, mpq_t tmp)
{
    size_t other = 1 - player, maxd = 0;
    for (size_t s = 0; s < t->nseq[player]; s++)
        mpq_set_ui(acc[s], 0, 1);
    for (size_t l = 0; l < sf->nleaves; l++) {
        mpq_mul(tmp, A[l], r[sf->leaf_seq[2 * l + other]]);
        mpq_add(acc[sf->leaf_seq[2 * l + player]], acc[sf->leaf_seq[2 * l + player]], tmp);
    }
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_player[h] == player && t->iset_depth[h] > maxd)
            maxd = t->iset_depth[h];
    for (size_t d = maxd + 1; d-- > 0;)
        for (size_t h = 0; h < t->ninfosets; h++) {
            if (t->iset_player[h] != player || t->iset_depth[h] != d)
                continue;
            size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
            mpq_set(tmp, acc[t->action_seq[a0]]);
            for (size_t a = a0 + 1; a < a1; a++) {
                int c = mpq_cmp(acc[t->action_seq[a]], tmp);
                if (player == 0 ? c > 0 : c < 0)
                    mpq_set(tmp, acc[t->action_seq[a]]);
            }
            mpq_add(acc[t->iset_seq[h]], acc[t->iset_seq[h]], tmp);
        }
    mpq_set(out, acc[0]);
}

/* 1 when plan r of player p is exactly a realisation plan (r >= 0, r_0 = 1, every set's
 * actions sum to its sequence). */
static int plan_feasible(const mpol_tree *t, mpq_t *r, size_t p, mpq_t s)
{
    if (mpq_cmp_ui(r[0], 1, 1) != 0)
        return 0;
    for (size_t k = 0; k < t->nseq[p]; k++)
        if (mpq_sgn(r[k]) < 0)
            return 0;
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] != p)
            continue;
        mpq_set_ui(s, 0, 1);
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
            mpq_add(s, s, r[t->action_seq[a]]);
        if (!mpq_equal(s, r[t->iset_seq[h]]))
            return 0;
    }
    return 1;
}

/* Behaviour strategies (into bq, nactions) of player p from plan r, and the plan they
 * induce back into rb. */
static void behavior_of(mpq_t *bq, mpq_t *rb, const mpol_tree *t, mpq_t *r, size_t p, mpq_t s)
{
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (t->iset_player[h] != p)
            continue;
        size_t a0 = t->iset_action_off[h], a1 = t->iset_action_off[h + 1];
        mpq_set_ui(s, 0, 1);
        for (size_t a = a0; a < a1; a++)
            mpq_add(s, s, r[t->action_seq[a]]);
        for (size_t a = a0; a < a1; a++) {
            if (mpq_sgn(s) > 0)
                mpq_div(bq[a], r[t->action_seq[a]], s);
            else
                mpq_set_ui(bq[a], 1, (unsigned long)(a1 - a0));
        }
    }
    mpq_set_ui(rb[0], 1, 1);
    for (size_t i = 0; i < t->nnodes; i++) {
        size_t h = t->infoset[i];
        if (t->type[i] != MPOL_TREE_DECISION || t->iset_player[h] != p ||
            t->iset_node[t->iset_node_off[h]] != i)
            continue;
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++)
            mpq_mul(rb[t->action_seq[a]], rb[t->iset_seq[h]], bq[a]);
    }
}

mpol_status mpol_i_tree_sflp_exact(mpol_tree_eq *eq, const mpol_tree *t, const mpol_tree_sf *sf,
                                   const mpol_i_sflp_basis *basis)
{
    size_t m = basis->nrows, nc = basis->ncols, n1 = t->nseq[0], n2 = t->nseq[1];
    if (m > MPOL_I_SFLP_EXACT_MAX_ROWS)
        return mpol_error(MPOL_ELIMIT,
                          "sequence-lp: exact mode takes LPs of at most %d rows (this one has "
                          "%zu)",
                          MPOL_I_SFLP_EXACT_MAX_ROWS, m);
    size_t nn = t->nnodes, nl = sf->nleaves, na = t->nactions;
    mpol_status st = MPOL_OK;
    /* layout: reach (nn), A (nl), M (m*m), z (m), pi (m), x, xb (n1), y, yb (n2), acc
       (n1 + n2), behaviour (na) */
    size_t total = nn + nl + m * m + 2 * m + 3 * (n1 + n2) + na;
    mpq_t *all = mpol_i_tree_mpq_array(total);
    size_t *pos = mpol_malloc((m + nc) * sizeof *pos);
    triplet *tri = NULL;
    mpq_t c, s, tmp, v, br0, br1;
    mpq_inits(c, s, tmp, v, br0, br1, NULL);
    if (all == NULL || pos == NULL) {
        st = mpol_error(MPOL_ENOMEM, "sequence-lp: out of memory (exact mode)");
        goto done;
    }
    mpq_t *reach = all, *A = reach + nn, *M = A + nl, *z = M + m * m, *pi = z + m, *x = pi + m,
          *xb = x + n1, *y = xb + n1, *yb = y + n2, *acc = yb + n2, *bq = acc + n1 + n2;

    /* exact chance reach, the constant sum, and the leaves' payoffs for player 0 */
    mpq_set_ui(reach[0], 1, 1);
    for (size_t i = 1; i < nn; i++) {
        size_t a = t->action[i];
        if (t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE) {
            set_rational(tmp, t->action_prob_exact ? &t->action_prob_exact[a] : NULL,
                         t->action_prob[a]);
            mpq_mul(reach[i], reach[t->parent[i]], tmp);
        } else {
            mpq_set(reach[i], reach[t->parent[i]]);
        }
    }
    int have_c = 0;
    for (size_t i = 0; i < nn; i++) {
        if (t->type[i] != MPOL_TREE_TERMINAL)
            continue;
        set_rational(s, t->payoff_exact ? &t->payoff_exact[2 * i] : NULL, t->payoff[2 * i]);
        set_rational(tmp, t->payoff_exact ? &t->payoff_exact[2 * i + 1] : NULL,
                     t->payoff[2 * i + 1]);
        mpq_add(tmp, tmp, s);
        if (!have_c) {
            mpq_set(c, tmp);
            have_c = 1;
        } else if (!mpq_equal(c, tmp)) {
            st = mpol_error(MPOL_EVERIFY, "sequence-lp: the exact payoffs are not constant-sum "
                                          "(exact mode)");
            goto done;
        }
        if (mpq_sgn(reach[i]) == 0)
            continue;
        size_t l = find_leaf(sf, t->node_seq[2 * i], t->node_seq[2 * i + 1]);
        if (l == nl) {
            st = mpol_error(MPOL_EVERIFY, "sequence-lp: a terminal node has no sequence-form "
                                          "leaf (exact mode)");
            goto done;
        }
        mpq_mul(s, s, reach[i]);
        mpq_add(A[l], A[l], s);
    }

    /* the basis: positions of the basic variables (columns first, then rows' auxiliaries) */
    size_t nb = 0;
    for (size_t k = 0; k < nc; k++)
        pos[k] = basis->col_stat[k] == GLP_BS ? nb++ : (size_t)-1;
    for (size_t r = 0; r < m; r++)
        pos[nc + r] = basis->row_stat[r] == GLP_BS ? nb++ : (size_t)-1;
    if (nb != m) {
        st = mpol_error(MPOL_EVERIFY,
                        "sequence-lp: GLPK's basis has %zu basic variables for "
                        "%zu rows (exact mode)",
                        nb, m);
        goto done;
    }
    /* the LP's entries (the same layout as tree_sflp.c's build_lp, exact values) */
    size_t ntri = 2;
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_player[h] != MPOL_TREE_CHANCE)
            ntri += 1 + t->iset_action_off[h + 1] - t->iset_action_off[h];
    tri = mpol_malloc(ntri * sizeof *tri);
    mpq_t *tval = mpol_i_tree_mpq_array(ntri);
    if (tri == NULL || tval == NULL) {
        mpol_i_tree_mpq_array_free(tval, ntri);
        st = mpol_error(MPOL_ENOMEM, "sequence-lp: out of memory (exact mode)");
        goto done;
    }
    size_t k = 0, k0 = 0, k1 = 0;
    tri[k] = (triplet){0, n1};
    mpq_set_ui(tval[k++], 1, 1);
    tri[k] = (triplet){n2, 0};
    mpq_set_ui(tval[k++], 1, 1);
    for (size_t h = 0; h < t->ninfosets; h++) {
        size_t p = t->iset_player[h];
        if (p == MPOL_TREE_CHANCE)
            continue;
        size_t col = p == 1 ? n1 + 1 + k1++ : 0, row = p == 0 ? n2 + 1 + k0++ : 0;
        for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1]; a++) {
            tri[k] = p == 1 ? (triplet){t->action_seq[a], col} : (triplet){row, t->action_seq[a]};
            mpq_set_ui(tval[k++], 1, 1);
        }
        tri[k] = p == 1 ? (triplet){t->iset_seq[h], col} : (triplet){row, t->iset_seq[h]};
        mpq_set_si(tval[k++], -1, 1);
    }
    for (size_t i = 0; i < ntri; i++)
        if (pos[tri[i].col] != (size_t)-1)
            mpq_set(M[tri[i].row * m + pos[tri[i].col]], tval[i]);
    mpol_i_tree_mpq_array_free(tval, ntri);
    for (size_t l = 0; l < nl; l++)
        if (mpq_sgn(A[l]) != 0 && pos[sf->leaf_seq[2 * l]] != (size_t)-1)
            mpq_neg(M[sf->leaf_seq[2 * l + 1] * m + pos[sf->leaf_seq[2 * l]]], A[l]);
    for (size_t r = 0; r < m; r++) {
        if (pos[nc + r] != (size_t)-1)
            mpq_set_si(M[r * m + pos[nc + r]], -1, 1);
        else if (r == n2) /* the auxiliary of x_0 = 1 sits at 1 */
            mpq_set_ui(z[r], 1, 1);
    }
    if (pos[n1] != (size_t)-1)
        mpq_set_ui(pi[pos[n1]], 1, 1);
    size_t nnz = 0;
    for (size_t i = 0; i < m * m; i++)
        nnz += mpq_sgn(M[i]) != 0;
    int ok;
    if (nnz <= SPARSE_PER_ROW * m) {
        ok = gauss_pair(M, z, pi, m);
    } else {
        ok = solve_basis(M, z, pi, m);
    }
    if (ok < 0) {
        st = mpol_error(MPOL_ENOMEM, "sequence-lp: out of memory (exact mode)");
        goto done;
    }
    if (!ok) {
        st = mpol_error(MPOL_EVERIFY, "sequence-lp: GLPK's final basis is singular in exact "
                                      "arithmetic");
        goto done;
    }
    for (size_t i = 0; i < n1; i++) {
        if (pos[i] != (size_t)-1)
            mpq_set(x[i], z[pos[i]]);
        else
            mpq_set_ui(x[i], 0, 1);
    }
    for (size_t j = 0; j < n2; j++)
        mpq_set(y[j], pi[j]);
    if (!plan_feasible(t, x, 0, s) || !plan_feasible(t, y, 1, s)) {
        st = mpol_error(MPOL_EVERIFY, "sequence-lp: the exact solution at GLPK's basis is not "
                                      "a pair of realisation plans");
        goto done;
    }
    behavior_of(bq, xb, t, x, 0, s);
    behavior_of(bq, yb, t, y, 1, s);
    mpq_set_ui(v, 0, 1);
    for (size_t l = 0; l < nl; l++) {
        mpq_mul(tmp, xb[sf->leaf_seq[2 * l]], yb[sf->leaf_seq[2 * l + 1]]);
        mpq_mul(tmp, tmp, A[l]);
        mpq_add(v, v, tmp);
    }
    best_response(br0, t, sf, A, yb, 0, acc, tmp);
    best_response(br1, t, sf, A, xb, 1, acc, tmp);
    if (!mpq_equal(br0, v) || !mpq_equal(br1, v)) {
        st = mpol_error(MPOL_EVERIFY, "sequence-lp: the exact solution at GLPK's basis is not "
                                      "an equilibrium (positive exact regret)");
        goto done;
    }
    eq->behavior_exact = mpol_calloc(na ? na : 1, sizeof *eq->behavior_exact);
    eq->value_exact = mpol_calloc(2, sizeof *eq->value_exact);
    if (eq->behavior_exact == NULL || eq->value_exact == NULL) {
        st = mpol_error(MPOL_ENOMEM, "sequence-lp: out of memory (exact mode)");
        goto done;
    }
    for (size_t a = 0; a < na && st == MPOL_OK; a++) {
        if (t->iset_player[t->action_iset[a]] == MPOL_TREE_CHANCE)
            set_rational(bq[a], t->action_prob_exact ? &t->action_prob_exact[a] : NULL,
                         t->action_prob[a]);
        else
            eq->behavior[a] = mpq_get_d(bq[a]); /* the certificate checks this profile */
        eq->behavior_exact[a] = mpol_i_tree_mpq_string(bq[a]);
        if (eq->behavior_exact[a] == NULL)
            st = mpol_error(MPOL_ENOMEM, "sequence-lp: out of memory (exact mode)");
    }
    mpq_sub(c, c, v);
    eq->value_exact[0] = mpol_i_tree_mpq_string(v);
    eq->value_exact[1] = mpol_i_tree_mpq_string(c);
    if (st == MPOL_OK && (eq->value_exact[0] == NULL || eq->value_exact[1] == NULL))
        st = mpol_error(MPOL_ENOMEM, "sequence-lp: out of memory (exact mode)");
done:
    mpq_clears(c, s, tmp, v, br0, br1, NULL);
    mpol_i_tree_mpq_array_free(all, total);
    mpol_free(pos);
    mpol_free(tri);
    return st;
}
