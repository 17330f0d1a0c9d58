/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of values.h: the game rules, the Shapley, Banzhaf, tau, Owen and Myerson
 * values against brute-force formulas and closed forms, the axioms as properties of seeded
 * random games, the 25-player Shapley time, every error path and allocation failures.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/values.h"
#include "multipolar/voting.h"

#define VAL_TOL 1e-10

static mpol_tu_game *random_game(mpol_test_rng *rng, size_t n)
{
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
    for (size_t S = 1; S < ((size_t)1 << n); S++)
        g->v[S] = (double)mpol_test_rng_int(rng, -50, 100) / 4.0;
    return g;
}

static double fact(size_t k)
{
    double f = 1;
    for (size_t j = 2; j <= k; j++)
        f *= (double)j;
    return f;
}

/* The definitions, coalition by coalition (the brute-force oracles). */
static void brute_shapley(const mpol_tu_game *g, double *x)
{
    size_t n = g->n;
    for (size_t i = 0; i < n; i++) {
        x[i] = 0;
        for (size_t S = 0; S < ((size_t)1 << n); S++) {
            if (S >> i & 1)
                continue;
            size_t s = (size_t)__builtin_popcountl((unsigned long)S);
            x[i] += fact(s) * fact(n - 1 - s) / fact(n) * (g->v[S | (size_t)1 << i] - g->v[S]);
        }
    }
}

static void brute_banzhaf(const mpol_tu_game *g, double *x)
{
    size_t n = g->n;
    for (size_t i = 0; i < n; i++) {
        x[i] = 0;
        for (size_t S = 0; S < ((size_t)1 << n); S++)
            if (!(S >> i & 1))
                x[i] += g->v[S | (size_t)1 << i] - g->v[S];
        x[i] /= ldexp(1.0, (int)n - 1);
    }
}

static void assert_vec_close(const double *a, const double *b, size_t n, double tol)
{
    for (size_t i = 0; i < n; i++)
        assert_close(a[i], b[i], tol);
}

/* ---- Shapley and Banzhaf --------------------------------------------------------------- */

static void test_shapley_banzhaf_match_definition(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 11);
    for (size_t n = 1; n <= 14; n++) {
        mpol_tu_game *g = random_game(&rng, n);
        double x[14];
        mpol_value *v;
        assert_int_equal(mpol_tu_shapley(&v, g), MPOL_OK);
        brute_shapley(g, x);
        assert_vec_close(v->x, x, n, VAL_TOL);
        assert_true(v->efficient && v->efficiency_error < 1e-9);
        mpol_value_free(v);
        assert_int_equal(mpol_tu_banzhaf(&v, g, 0), MPOL_OK);
        brute_banzhaf(g, x);
        assert_vec_close(v->x, x, n, VAL_TOL);
        assert_false(v->efficient);
        assert_true(isnan(v->efficiency_error));
        mpol_value_free(v);
        assert_int_equal(mpol_tu_banzhaf(&v, g, 1), MPOL_OK);
        double sum = 0;
        for (size_t i = 0; i < n; i++)
            sum += x[i];
        for (size_t i = 0; i < n; i++)
            assert_close(v->x[i], x[i] * g->v[((size_t)1 << n) - 1] / sum, VAL_TOL);
        assert_true(v->efficient);
        mpol_value_free(v);
        mpol_tu_free(g);
    }
}

/* Symmetry, null player and additivity on seeded random tables. */
static void test_axioms(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 12);
    size_t n = 9, size = (size_t)1 << n;
    for (int trial = 0; trial < 10; trial++) {
        mpol_tu_game *g = random_game(&rng, n), *h = random_game(&rng, n), *sum;
        assert_int_equal(mpol_tu_alloc(&sum, n), MPOL_OK);
        /* Make players 1 and 2 symmetric and player 4 null in g. */
        for (size_t S = 0; S < size; S++) {
            size_t b1 = S >> 1 & 1, b2 = S >> 2 & 1;
            size_t T = (S & ~(size_t)6) | b1 << 2 | b2 << 1;
            g->v[S] = g->v[T > S ? S : T];
        }
        for (size_t S = 0; S < size; S++)
            if (S >> 4 & 1)
                g->v[S] = g->v[S & ~(size_t)16];
        for (size_t S = 0; S < size; S++)
            sum->v[S] = g->v[S] + h->v[S];
        size_t unions[9] = {0, 0, 1, 1, 1, 2, 3, 3, 0};
        for (int kind = 0; kind < 3; kind++) {
            mpol_value *a, *b, *c;
            if (kind == 0) {
                assert_int_equal(mpol_tu_shapley(&a, g), MPOL_OK);
                assert_int_equal(mpol_tu_shapley(&b, h), MPOL_OK);
                assert_int_equal(mpol_tu_shapley(&c, sum), MPOL_OK);
                assert_close(a->x[1], a->x[2], VAL_TOL);
            } else if (kind == 1) {
                assert_int_equal(mpol_tu_banzhaf(&a, g, 0), MPOL_OK);
                assert_int_equal(mpol_tu_banzhaf(&b, h, 0), MPOL_OK);
                assert_int_equal(mpol_tu_banzhaf(&c, sum, 0), MPOL_OK);
                assert_close(a->x[1], a->x[2], VAL_TOL);
            } else {
                assert_int_equal(mpol_tu_owen(&a, g, unions), MPOL_OK);
                assert_int_equal(mpol_tu_owen(&b, h, unions), MPOL_OK);
                assert_int_equal(mpol_tu_owen(&c, sum, unions), MPOL_OK);
                assert_true(a->efficiency_error < 1e-9);
            }
            assert_close(a->x[4], 0.0, VAL_TOL);
            for (size_t i = 0; i < n; i++)
                assert_close(c->x[i], a->x[i] + b->x[i], VAL_TOL);
            mpol_value_free(a);
            mpol_value_free(b);
            mpol_value_free(c);
        }
        mpol_tu_free(g);
        mpol_tu_free(h);
        mpol_tu_free(sum);
    }
}

static void test_shapley_25_players(void **state)
{
    (void)state;
    /* Sanitizers and valgrind (MPOL_TEST_QUICK, set by scripts/memcheck.sh) make the 256 MiB
     * table slow: they check 20 players and no time; the release build does 25. */
#if defined(__SANITIZE_ADDRESS__)
    int quick = 1;
#else
    int quick = getenv("MPOL_TEST_QUICK") != NULL && strcmp(getenv("MPOL_TEST_QUICK"), "0") != 0;
#endif
    size_t n = quick ? 20 : 25;
    /* v = sum of weights a_i (additive) + 7 u_T + 3 u_U: Shapley = a + 7/|T| on T + 3/|U|. */
    mpol_tu_game *g;
    assert_int_equal(mpol_tu_alloc(&g, n), MPOL_OK);
    double a[25];
    for (size_t i = 0; i < n; i++)
        a[i] = (double)(i % 7) - 2.5;
    size_t T = 0x1F0, U = (size_t)3 << (n - 2);
    g->v[0] = 0;
    for (size_t S = 1; S < ((size_t)1 << n); S++)
        g->v[S] = g->v[S & (S - 1)] + a[__builtin_ctzl((unsigned long)S)];
    for (size_t S = 0; S < ((size_t)1 << n); S++)
        g->v[S] += 7.0 * ((S & T) == T) + 3.0 * ((S & U) == U);
    double t0 = mpol_test_wall();
    mpol_value *v;
    assert_int_equal(mpol_tu_shapley(&v, g), MPOL_OK);
    double t = mpol_test_wall() - t0;
    print_message("Shapley value of a %zu-player table: %.3f s\n", n, t);
    for (size_t i = 0; i < n; i++) {
        double e = a[i] + ((T >> i & 1) ? 7.0 / 5 : 0) + ((U >> i & 1) ? 1.5 : 0);
        assert_close(v->x[i], e, 1e-9);
    }
    if (!quick)
        assert_true(t < 10); /* target 1 s (bench_values); generous: the machine is shared */
    mpol_value_free(v);
    mpol_tu_free(g);
}

/* ---- rules ------------------------------------------------------------------------------ */

static void test_rules(void **state)
{
    (void)state;
    mpol_tu_game *g;
    /* Unanimity: Shapley = 1/|T| on T. */
    assert_int_equal(mpol_tu_unanimity(&g, 5, 0x16), MPOL_OK);
    mpol_value *v;
    assert_int_equal(mpol_tu_shapley(&v, g), MPOL_OK);
    for (size_t i = 0; i < 5; i++)
        assert_close(v->x[i], (0x16 >> i & 1) ? 1.0 / 3 : 0.0, VAL_TOL);
    mpol_value_free(v);
    mpol_tu_free(g);
    /* Airport: Shapley = Littlechild-Owen sequential rule. */
    double c[6] = {8, 3, 3, 10, 1, 5}, sorted[6] = {1, 3, 3, 5, 8, 10};
    assert_int_equal(mpol_tu_airport(&g, 6, c), MPOL_OK);
    assert_true(g->v[0x3F] == 10 && g->v[0x06] == 3 && g->v[0x11] == 8);
    assert_int_equal(mpol_tu_shapley(&v, g), MPOL_OK);
    for (size_t i = 0; i < 6; i++) {
        double share = 0, prevc = 0;
        for (size_t k = 0; k < 6 && sorted[k] <= c[i]; k++) {
            share += (sorted[k] - prevc) / (double)(6 - k);
            prevc = sorted[k];
        }
        assert_close(v->x[i], share, VAL_TOL);
    }
    mpol_value_free(v);
    mpol_tu_free(g);
    /* Weighted voting table = the voting indices of voting.h (UNSC-like game, n = 15). */
    mpol_wvg *w;
    assert_int_equal(mpol_wvg_alloc(&w, 15), MPOL_OK);
    for (size_t i = 0; i < 15; i++)
        w->weights[i] = i < 5 ? 7 : 1;
    w->quota = 39;
    assert_int_equal(mpol_wvg_set_name(w, 0, "China"), MPOL_OK);
    assert_int_equal(mpol_tu_from_wvg(&g, w), MPOL_OK);
    assert_string_equal(g->names[0], "China");
    mpol_power_result *r;
    assert_int_equal(mpol_power_shapley_shubik(&r, w, NULL), MPOL_OK);
    assert_int_equal(mpol_tu_shapley(&v, g), MPOL_OK);
    assert_vec_close(v->x, r->index, 15, 1e-12);
    mpol_value_free(v);
    mpol_power_result_free(r);
    assert_int_equal(mpol_power_banzhaf(&r, w, NULL), MPOL_OK);
    assert_int_equal(mpol_tu_banzhaf(&v, g, 0), MPOL_OK);
    assert_vec_close(v->x, r->absolute, 15, 1e-12);
    mpol_value_free(v);
    mpol_power_result_free(r);
    mpol_tu_free(g);
    mpol_wvg_free(w);
    /* Double majority: 55 % of members and 65 % of population. */
    double rows[2 * 4] = {1, 1, 1, 1, 40, 30, 20, 10}, quotas[2] = {2.2, 65};
    assert_int_equal(mpol_tu_vector_voting(&g, 4, 2, rows, quotas), MPOL_OK);
    for (size_t S = 0; S < 16; S++) {
        double m = 0, p = 0;
        for (size_t i = 0; i < 4; i++)
            if (S >> i & 1) {
                m += rows[i];
                p += rows[4 + i];
            }
        assert_true(g->v[S] == (m >= 2.2 && p >= 65));
    }
    assert_true(g->v[0x3] == 0 && g->v[0x7] == 1 && g->v[0xB] == 1 && g->v[0xE] == 0);
    mpol_tu_free(g);
    /* Bankruptcy table. */
    double d[3] = {100, 200, 300};
    assert_int_equal(mpol_tu_bankruptcy(&g, 3, 400, d), MPOL_OK);
    assert_true(g->v[0x1] == 0 && g->v[0x4] == 100 && g->v[0x6] == 300 && g->v[0x7] == 400);
    mpol_tu_free(g);
}

/* ---- tau --------------------------------------------------------------------------------- */

static void test_tau_bankruptcy(void **state)
{
    (void)state;
    /* Aumann and Maschler (1985), estate 200, claims 100, 200, 300: tau = (40, 80, 80). */
    double d[3] = {100, 200, 300};
    mpol_tu_game *g;
    mpol_value *v;
    assert_int_equal(mpol_tu_bankruptcy(&g, 3, 200, d), MPOL_OK);
    assert_int_equal(mpol_tu_tau(&v, g), MPOL_OK);
    assert_close(v->x[0], 40, VAL_TOL);
    assert_close(v->x[1], 80, VAL_TOL);
    assert_close(v->x[2], 80, VAL_TOL);
    mpol_value_free(v);
    mpol_tu_free(g);
    /* Random claims: the adjusted proportional rule (Curiel, Maschler and Tijs 1987). */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 13);
    for (int trial = 0; trial < 30; trial++) {
        size_t n = trial < 3 ? 14 : (size_t)mpol_test_rng_int(&rng, 2, 9); /* 14: > 1 block */
        double claims[14], D = 0, m[14], M[14], sm = 0, sM = 0;
        for (size_t i = 0; i < n; i++)
            D += claims[i] = (double)mpol_test_rng_int(&rng, 0, 100);
        double E = floor(D * mpol_test_rng_uniform(&rng));
        for (size_t i = 0; i < n; i++) {
            m[i] = fmax(0, E - (D - claims[i]));
            M[i] = fmin(claims[i], E);
            sm += m[i];
            sM += M[i];
        }
        assert_int_equal(mpol_tu_bankruptcy(&g, n, E, claims), MPOL_OK);
        assert_int_equal(mpol_tu_tau(&v, g), MPOL_OK);
        double lam = sM > sm ? (E - sm) / (sM - sm) : 0;
        for (size_t i = 0; i < n; i++)
            assert_close(v->x[i], m[i] + lam * (M[i] - m[i]), 1e-9);
        mpol_value_free(v);
        mpol_tu_free(g);
    }
}

static void test_tau_not_quasi_balanced(void **state)
{
    (void)state;
    mpol_tu_game *g;
    mpol_value *v;
    assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
    g->v[1] = 10; /* v({1}) = 10 but v(N) = 1: m_1 > M_1 */
    g->v[7] = 1;
    assert_int_equal(mpol_tu_tau(&v, g), MPOL_EINVAL);
    assert_null(v);
    assert_non_null(strstr(mpol_last_error(), "not quasi-balanced"));
    /* m <= M holds but v(N) > sum M: v(N) = 9, all other coalitions 0 except pairs = 8. */
    for (size_t S = 1; S < 7; S++)
        g->v[S] = __builtin_popcountl((unsigned long)S) == 2 ? 8 : 0;
    g->v[7] = 9; /* M_i = 1, m_i = max(0, 8 - 1) = 7 > M_i */
    assert_int_equal(mpol_tu_tau(&v, g), MPOL_EINVAL);
    /* Additive game: tau = v({i}). */
    g->v[1] = 1, g->v[2] = 2, g->v[4] = 4;
    for (size_t S = 1; S < 8; S++)
        g->v[S] = g->v[S & (S - 1)] + g->v[S & ~(S - 1)];
    assert_int_equal(mpol_tu_tau(&v, g), MPOL_OK);
    assert_close(v->x[0], 1, VAL_TOL);
    assert_close(v->x[2], 4, VAL_TOL);
    mpol_value_free(v);
    mpol_tu_free(g);
}

/* ---- Owen and Myerson ------------------------------------------------------------------ */

static void test_owen(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 14);
    size_t n = 8;
    mpol_tu_game *g = random_game(&rng, n);
    mpol_value *sh, *ow;
    assert_int_equal(mpol_tu_shapley(&sh, g), MPOL_OK);
    size_t singles[8] = {0, 1, 2, 3, 4, 5, 6, 7}, one[8] = {0}, perm[8] = {3, 1, 7, 0, 2, 6, 4, 5};
    assert_int_equal(mpol_tu_owen(&ow, g, singles), MPOL_OK);
    assert_vec_close(ow->x, sh->x, n, VAL_TOL);
    mpol_value_free(ow);
    assert_int_equal(mpol_tu_owen(&ow, g, one), MPOL_OK);
    assert_vec_close(ow->x, sh->x, n, VAL_TOL);
    mpol_value_free(ow);
    assert_int_equal(mpol_tu_owen(&ow, g, perm), MPOL_OK);
    assert_vec_close(ow->x, sh->x, n, VAL_TOL);
    mpol_value_free(ow);
    mpol_value_free(sh);
    /* Quotient property: the unions' totals are the Shapley value of the quotient game. */
    size_t unions[8] = {0, 1, 1, 2, 0, 2, 2, 1};
    mpol_coalition U[3] = {0x11, 0x86, 0x68};
    mpol_tu_game *qg;
    assert_int_equal(mpol_tu_alloc(&qg, 3), MPOL_OK);
    for (size_t R = 0; R < 8; R++) {
        size_t S = 0;
        for (size_t k = 0; k < 3; k++)
            if (R >> k & 1)
                S |= U[k];
        qg->v[R] = g->v[S];
    }
    assert_int_equal(mpol_tu_owen(&ow, g, unions), MPOL_OK);
    assert_int_equal(mpol_tu_shapley(&sh, qg), MPOL_OK);
    for (size_t k = 0; k < 3; k++) {
        double t = 0;
        for (size_t i = 0; i < n; i++)
            if (unions[i] == k)
                t += ow->x[i];
        assert_close(t, sh->x[k], VAL_TOL);
    }
    mpol_value_free(ow);
    mpol_value_free(sh);
    mpol_tu_free(qg);
    /* A textbook case: 3 players, v(S) = 1 iff |S| >= 2, union {1,2} vs {3}: Owen gives
     * (1/2, 1/2, 0) (the bloc wins on its own); Shapley gives 1/3 each. */
    mpol_tu_game *maj;
    assert_int_equal(mpol_tu_alloc(&maj, 3), MPOL_OK);
    for (size_t S = 0; S < 8; S++)
        maj->v[S] = __builtin_popcountl((unsigned long)S) >= 2;
    size_t bloc[3] = {0, 0, 1};
    assert_int_equal(mpol_tu_owen(&ow, maj, bloc), MPOL_OK);
    assert_close(ow->x[0], 0.5, VAL_TOL);
    assert_close(ow->x[1], 0.5, VAL_TOL);
    assert_close(ow->x[2], 0.0, VAL_TOL);
    mpol_value_free(ow);
    mpol_tu_free(maj);
    size_t bad[8] = {0, 2, 2, 2, 0, 0, 0, 0}, big[8] = {0, 9, 0, 0, 0, 0, 0, 0};
    assert_int_equal(mpol_tu_owen(&ow, g, bad), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "union 1 has no players"));
    assert_int_equal(mpol_tu_owen(&ow, g, big), MPOL_EINVAL);
    assert_null(ow);
    mpol_tu_free(g);
}

static void test_myerson(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 15);
    size_t n = 7;
    mpol_tu_game *g = random_game(&rng, n);
    size_t complete[2 * 21], ne = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            complete[2 * ne] = i;
            complete[2 * ne + 1] = j;
            ne++;
        }
    mpol_value *sh, *my;
    assert_int_equal(mpol_tu_shapley(&sh, g), MPOL_OK);
    assert_int_equal(mpol_tu_myerson(&my, g, complete, ne), MPOL_OK);
    assert_vec_close(my->x, sh->x, n, VAL_TOL);
    mpol_value_free(my);
    mpol_value_free(sh);
    /* No edges: everyone is alone, x_i = v({i}). */
    assert_int_equal(mpol_tu_myerson(&my, g, NULL, 0), MPOL_OK);
    for (size_t i = 0; i < n; i++)
        assert_close(my->x[i], g->v[(size_t)1 << i], VAL_TOL);
    mpol_value_free(my);
    /* Two components {0,1,2} (path) and {3..6}: component efficiency. */
    size_t edges[] = {0, 1, 1, 2, 3, 4, 4, 5, 5, 6, 6, 3, 3, 3};
    mpol_tu_game *r;
    assert_int_equal(mpol_tu_graph_restrict(&r, g, edges, 7), MPOL_OK);
    assert_close(r->v[0x7F], g->v[0x07] + g->v[0x78], VAL_TOL);
    assert_close(r->v[0x05], g->v[0x01] + g->v[0x04], VAL_TOL); /* 0 and 2 not adjacent */
    assert_close(r->v[0x50], g->v[0x10] + g->v[0x40], VAL_TOL);
    assert_close(r->v[0x68], g->v[0x68], VAL_TOL); /* 3-5-6 connected via 6-3 */
    mpol_tu_free(r);
    assert_int_equal(mpol_tu_myerson(&my, g, edges, 7), MPOL_OK);
    assert_close(my->x[0] + my->x[1] + my->x[2], g->v[0x07], VAL_TOL);
    assert_close(my->target, g->v[0x07] + g->v[0x78], VAL_TOL);
    mpol_value_free(my);
    /* Myerson (1977) example: v(S) = 1 iff |S| >= 2 on the path 0-1-2: (1/6, 2/3, 1/6). */
    mpol_tu_game *maj;
    assert_int_equal(mpol_tu_alloc(&maj, 3), MPOL_OK);
    for (size_t S = 0; S < 8; S++)
        maj->v[S] = __builtin_popcountl((unsigned long)S) >= 2;
    size_t path[] = {0, 1, 1, 2};
    assert_int_equal(mpol_tu_myerson(&my, maj, path, 2), MPOL_OK);
    assert_close(my->x[0], 1.0 / 6, VAL_TOL);
    assert_close(my->x[1], 2.0 / 3, VAL_TOL);
    mpol_value_free(my);
    size_t badedge[] = {0, 9};
    assert_int_equal(mpol_tu_myerson(&my, maj, badedge, 1), MPOL_EINVAL);
    assert_null(my);
    mpol_tu_free(maj);
    mpol_tu_free(g);
}

/* ---- errors ------------------------------------------------------------------------------ */

static void test_invalid_inputs(void **state)
{
    (void)state;
    mpol_tu_game *g;
    mpol_value *v;
    double a[3] = {1, -2, 3}, q[1] = {0};
    assert_int_equal(mpol_tu_bankruptcy(&g, 3, 10, a), MPOL_EINVAL);
    assert_null(g);
    assert_non_null(strstr(mpol_last_error(), "claim of player 2"));
    a[1] = 2;
    assert_int_equal(mpol_tu_bankruptcy(&g, 3, -1, a), MPOL_EINVAL);
    assert_int_equal(mpol_tu_bankruptcy(&g, 0, 1, a), MPOL_EINVAL);
    assert_int_equal(mpol_tu_airport(&g, 31, a), MPOL_ELIMIT);
    a[0] = NAN;
    assert_int_equal(mpol_tu_airport(&g, 3, a), MPOL_EINVAL);
    a[0] = 1;
    assert_int_equal(mpol_tu_unanimity(&g, 3, 0), MPOL_EINVAL);
    assert_int_equal(mpol_tu_unanimity(&g, 3, 8), MPOL_EINVAL);
    assert_int_equal(mpol_tu_vector_voting(&g, 3, 1, a, q), MPOL_EINVAL);
    assert_int_equal(mpol_tu_vector_voting(&g, 3, 0, a, q), MPOL_EINVAL);
    mpol_wvg *w;
    assert_int_equal(mpol_wvg_alloc(&w, 3), MPOL_OK);
    w->quota = -1;
    assert_int_equal(mpol_tu_from_wvg(&g, w), MPOL_EINVAL);
    mpol_wvg_free(w);
    assert_int_equal(mpol_tu_alloc(&g, 3), MPOL_OK);
    g->v[0] = 1;
    assert_int_equal(mpol_tu_shapley(&v, g), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "empty set"));
    g->v[0] = 0;
    g->v[3] = INFINITY;
    assert_int_equal(mpol_tu_banzhaf(&v, g, 0), MPOL_ENUMERIC);
    assert_int_equal(mpol_tu_tau(&v, g), MPOL_ENUMERIC);
    assert_int_equal(mpol_tu_myerson(&v, g, NULL, 0), MPOL_ENUMERIC);
    g->v[3] = 0;
    assert_int_equal(mpol_tu_banzhaf(&v, g, 1), MPOL_ENUMERIC); /* all zero: cannot normalise */
    assert_null(v);
    assert_int_equal(mpol_tu_shapley(&v, NULL), MPOL_EINVAL);
    mpol_tu_free(g);
}

/* ---- allocation failures ------------------------------------------------------------- */

static mpol_status oom_body(void *ctx)
{
    int what = *(int *)ctx;
    mpol_tu_game *g = NULL, *h = NULL;
    mpol_value *v = NULL;
    double d[4] = {1, 2, 3, 4}, q[2] = {2, 5};
    size_t unions[4] = {0, 1, 1, 0}, edges[4] = {0, 1, 1, 2};
    mpol_status st = mpol_tu_bankruptcy(&g, 4, 6, d);
    if (st != MPOL_OK)
        return st;
    switch (what) {
    case 0:
        st = mpol_tu_shapley(&v, g);
        break;
    case 1:
        st = mpol_tu_banzhaf(&v, g, 1);
        break;
    case 2:
        st = mpol_tu_tau(&v, g);
        break;
    case 3:
        st = mpol_tu_owen(&v, g, unions);
        break;
    case 4:
        st = mpol_tu_myerson(&v, g, edges, 2);
        break;
    case 5:
        st = mpol_tu_vector_voting(&h, 4, 2, (double[8]){1, 1, 1, 1, 1, 2, 3, 4}, q);
        break;
    case 6:
        st = mpol_tu_airport(&h, 4, d);
        break;
    default:
        st = mpol_tu_unanimity(&h, 4, 3);
        break;
    }
    if (st != MPOL_OK)
        assert_true(v == NULL && h == NULL);
    mpol_value_free(v);
    mpol_tu_free(h);
    mpol_tu_free(g);
    return st;
}

static void test_out_of_memory(void **state)
{
    (void)state;
    for (int what = 0; what < 8; what++)
        assert_true(mpol_test_oom_loop(oom_body, &what) > 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shapley_banzhaf_match_definition),
        cmocka_unit_test(test_axioms),
        cmocka_unit_test(test_shapley_25_players),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_tau_bankruptcy),
        cmocka_unit_test(test_tau_not_quasi_balanced),
        cmocka_unit_test(test_owen),
        cmocka_unit_test(test_myerson),
        cmocka_unit_test(test_invalid_inputs),
        cmocka_unit_test(test_out_of_memory),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
