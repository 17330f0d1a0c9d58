/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the tests of the work estimate of the bimatrix vertex enumeration
 * (bimatrix/estimate.c and its use in mpol_bimatrix_enumerate): the upper bound theorem's
 * values, the random-walk estimate against the true number of bases counted by the search,
 * the refusal made before the search (fast, with a message naming the limit; also on a point
 * estimate within a factor 2 of the limit), no refusal of a game within half the limit, the
 * walk's exact count once it saturates, the refusal of a face of Q too large for the limit,
 * and the choice of the smaller polytope.
 */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bimatrix/bimatrix_internal.h"
#include "mpol_test.h"
#include "multipolar.h"

/* The walk the library makes: at least 2^16 steps, and its seed does not matter here. */
#define STEPS ((size_t)1 << 16)

/* Integer payoffs 0..mod-1 (small mod: degenerate games). */
static void random_game(mpol_test_rng *rng, size_t m, size_t n, int mod, double *A, double *B)
{
    for (size_t k = 0; k < m * n; k++)
        A[k] = (double)mpol_test_rng_int(rng, 0, mod - 1);
    for (size_t k = 0; k < m * n; k++)
        B[k] = (double)mpol_test_rng_int(rng, 0, mod - 1);
}

/* The number of bases of P of (A, B) (the search with one thread searches P for m <= n). */
static size_t bases_of_p(size_t m, size_t n, const double *A, const double *B)
{
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.threads = 1;
    o.cliques = 0;
    mpol_bimatrix_result *r = NULL;
    if (mpol_bimatrix_enumerate(&r, m, n, A, B, &o) != MPOL_OK)
        fail_msg("enumerate %zu x %zu: %s", m, n, mpol_last_error());
    size_t nb = r->bases_p;
    mpol_bimatrix_result_free(r);
    return nb;
}

static void test_upper_bound_theorem(void **state)
{
    (void)state;
    /* Polygons: N edges, N vertices; simple 3-polytopes: 2N - 4; cubes: d = 3, N = 6. */
    assert_true(mpol_i_bmx_ubt_bound(2, 4) == 4.0);
    assert_true(mpol_i_bmx_ubt_bound(2, 7) == 7.0);
    assert_true(mpol_i_bmx_ubt_bound(3, 6) == 8.0);
    assert_true(mpol_i_bmx_ubt_bound(3, 10) == 16.0);
    /* d = 4, N = 8: C(6, 2) + C(5, 1) = 20 (the dual of the cyclic polytope C(8, 4)). */
    assert_true(mpol_i_bmx_ubt_bound(4, 8) == 20.0);
    /* 20 x 20 games: C(30, 10) + C(29, 9). */
    assert_true(mpol_i_bmx_ubt_bound(20, 40) == 30045015.0 + 10015005.0);
    /* Simplices. */
    assert_true(mpol_i_bmx_ubt_bound(5, 6) == 6.0);
    /* The bound holds for the bases the search counts. */
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 71);
    double A[10 * 12], B[10 * 12];
    for (int g = 0; g < 6; g++) {
        size_t m = 6 + (size_t)g % 5, n = 12 - (size_t)g % 3;
        random_game(&rng, m, n, g % 2 ? 100 : 4, A, B);
        double nb = (double)bases_of_p(m, n, A, B);
        assert_true(nb >= 1.0);
        assert_true(nb <= mpol_i_bmx_ubt_bound(m, m + n));
    }
}

/* The estimate of P's bases against the count of the search, on random games. */
static void test_estimate_against_count(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 72);
    int games = mpol_test_quick() ? 3 : 10;
    double A[16 * 16], B[16 * 16];
    for (int g = 0; g < games; g++) {
        size_t n = 11 + (size_t)g % 6, m = n - (size_t)g % 2;
        random_game(&rng, m, n, g % 3 == 2 ? 6 : 100, A, B);
        double truth = (double)bases_of_p(m, n, A, B);
        mpol_i_bmx_tab tab;
        assert_int_equal(mpol_i_bmx_tab_alloc(&tab, m, n, 1, A, B), MPOL_OK);
        double lower, mean;
        assert_int_equal(mpol_i_bmx_estimate(&tab, STEPS, 1234 + (uint64_t)g, &lower, &mean),
                         MPOL_OK);
        mpol_i_bmx_tab_free(&tab);
        /* The refusal bound never exceeds the truth; the point estimate is of its order. */
        if (!(lower <= truth))
            fail_msg("game %d (%zu x %zu): bound %g above the %g bases", g, m, n, lower, truth);
        if (!(mean >= truth / 3.0 && mean <= 1.5 * truth))
            fail_msg("game %d (%zu x %zu): estimate %g for %g bases", g, m, n, mean, truth);
    }
}

/* Small games: the walk sees every basis many times, and the bound stays below the count. */
static void test_estimate_small_polytopes(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 73);
    double A[5 * 6], B[5 * 6];
    for (int g = 0; g < 8; g++) {
        random_game(&rng, 5, 6, g % 2 ? 100 : 3, A, B);
        double truth = (double)bases_of_p(5, 6, A, B);
        mpol_i_bmx_tab tab;
        assert_int_equal(mpol_i_bmx_tab_alloc(&tab, 5, 6, 1, A, B), MPOL_OK);
        double lower, mean;
        assert_int_equal(mpol_i_bmx_estimate(&tab, 20000, 99, &lower, &mean), MPOL_OK);
        mpol_i_bmx_tab_free(&tab);
        assert_true(lower <= truth);
        assert_true(mean <= 1.5 * truth);
    }
}

/* A walk that finds no new basis in the second half of its steps so far stops early with the
 * count of the bases it saw: on small polytopes, exactly the count of the search. */
static void test_estimate_saturates(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 79);
    double A[6 * 7], B[6 * 7];
    for (int g = 0; g < 6; g++) {
        random_game(&rng, 6, 7, g % 2 ? 100 : 3, A, B);
        double truth = (double)bases_of_p(6, 7, A, B);
        mpol_i_bmx_tab tab;
        assert_int_equal(mpol_i_bmx_tab_alloc(&tab, 6, 7, 1, A, B), MPOL_OK);
        double lower, mean;
        assert_int_equal(mpol_i_bmx_estimate(&tab, STEPS, 5 + (uint64_t)g, &lower, &mean), MPOL_OK);
        mpol_i_bmx_tab_free(&tab);
        if (!(lower == truth && mean == truth))
            fail_msg("game %d: estimate %g (bound %g) for %g bases", g, mean, lower, truth);
    }
}

/*
 * A face of Q too large for the limit is refused before its search: B constant, so every
 * column is a best reply at each vertex of P (a degenerate simplex) and the partners of a
 * vertex lie on Q itself, searched as a face; under max_bases = 2^17, with Q's bases far
 * over it, the face is judged after FACE_PILOT bases and refused with a message naming it.
 */
static void test_face_refused(void **state)
{
    (void)state;
    enum { M = 9, N = 40 };
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 80);
    double A[M * N], B[M * N];
    for (size_t k = 0; k < M * N; k++) {
        A[k] = (double)mpol_test_rng_int(&rng, 0, 99);
        B[k] = 1.0;
    }
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.threads = 1;
    o.max_bases = (size_t)1 << 17;
    mpol_bimatrix_result *r = NULL;
    double t0 = mpol_test_wall();
    mpol_status st = mpol_bimatrix_enumerate(&r, M, N, A, B, &o);
    double dt = mpol_test_wall() - t0;
    if (st != MPOL_ELIMIT)
        fail_msg("status %d: %s", (int)st, st == MPOL_OK ? "solved" : mpol_last_error());
    assert_null(r);
    const char *msg = mpol_last_error();
    if (strstr(msg, "a face of the other polytope, of 40 columns") == NULL ||
        strstr(msg, "opts.max_bases") == NULL)
        fail_msg("%s", msg);
    assert_true(dt < (mpol_test_quick() ? 60.0 : 5.0));
}

/* A game far beyond the default limit is refused before any search, in well under a
 * second, with a message that names the estimate and the option. */
static void test_refusal_up_front(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 74);
    size_t sizes[] = {40, 60};
    size_t nsizes = mpol_test_quick() ? 1 : 2;
    for (size_t s = 0; s < nsizes; s++) {
        size_t n = sizes[s];
        double *A = malloc(n * n * sizeof(double)), *B = malloc(n * n * sizeof(double));
        assert_non_null(A);
        assert_non_null(B);
        random_game(&rng, n, n, 100, A, B);
        mpol_bimatrix_result *r = NULL;
        double t0 = mpol_test_wall();
        mpol_status st = mpol_bimatrix_enumerate(&r, n, n, A, B, NULL);
        double dt = mpol_test_wall() - t0;
        assert_int_equal(st, MPOL_ELIMIT);
        assert_null(r);
        const char *msg = mpol_last_error();
        assert_non_null(strstr(msg, "estimate"));
        assert_non_null(strstr(msg, "opts.max_bases"));
        /* Measured 0.1-0.4 s natively; generous for the sanitizers and valgrind. */
        assert_true(dt < (mpol_test_quick() ? 60.0 : 5.0));
        free(A);
        free(B);
    }
}

/*
 * The bimatrix-bytes limit (MPOL_LIMIT_BIMATRIX_BYTES) bounds the search's storage: a 14 x 14
 * game that needs a few MiB stops with MPOL_ELIMIT and a message naming the limit when it is
 * lowered to 64 KiB (on one thread and in the race, whose two directions share the budget),
 * and is solved again, to the same equilibria, at the default. Before the limit, montyhal.efg
 * (12 x 512) grew to 3.7 GB in 30 s.
 */
static void test_bytes_limit_stops_search(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 1414);
    double A[196], B[196];
    random_game(&rng, 14, 14, 100, A, B);
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.threads = 1;
    mpol_bimatrix_result *r = NULL;
    assert_int_equal(mpol_bimatrix_enumerate(&r, 14, 14, A, B, &o), MPOL_OK);
    size_t neq = r->neq, bases = r->bases_p;
    assert_true(neq > 0);
    assert_true(bases > 4096); /* 64 KiB of keys of 8 bytes at load 1/2 hold 4096 */
    mpol_bimatrix_result_free(r);
    assert_int_equal(mpol_limit_parse("bimatrix-bytes=64Ki"), MPOL_OK);
    for (int threads = 1; threads <= 2; threads++) {
        o.threads = threads;
        r = NULL;
        assert_int_equal(mpol_bimatrix_enumerate(&r, 14, 14, A, B, &o), MPOL_ELIMIT);
        assert_null(r);
        assert_non_null(strstr(mpol_last_error(), "bimatrix-bytes limit of 64 KiB; stopped"));
        assert_non_null(strstr(mpol_last_error(), "--limit bimatrix-bytes=VALUE"));
    }
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_BIMATRIX_BYTES, 0), MPOL_OK);
    o.threads = 1;
    assert_int_equal(mpol_bimatrix_enumerate(&r, 14, 14, A, B, &o), MPOL_OK);
    assert_int_equal(r->neq, neq);
    assert_int_equal(r->bases_p, bases);
    mpol_bimatrix_result_free(r);
}

/*
 * The storage limit also bounds the bases judged before the search (four key slots per basis):
 * a 40 x 40 game, with max_bases out of the way, is refused up front under a
 * 64 MiB limit (10^6 bases) with a message naming bimatrix-bytes, in well under a second.
 */
static void test_bytes_limit_refuses_up_front(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 4040);
    static double A[1600], B[1600];
    random_game(&rng, 40, 40, 100, A, B);
    assert_int_equal(mpol_limit_parse("bimatrix-bytes=64Mi"), MPOL_OK);
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.max_bases = (size_t)1 << 40; /* so that only the storage limit can refuse */
    mpol_bimatrix_result *r = NULL;
    double t0 = mpol_test_wall();
    mpol_status st = mpol_bimatrix_enumerate(&r, 40, 40, A, B, &o);
    double dt = mpol_test_wall() - t0;
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_BIMATRIX_BYTES, 0), MPOL_OK);
    assert_int_equal(st, MPOL_ELIMIT);
    assert_null(r);
    const char *msg = mpol_last_error();
    assert_non_null(strstr(msg, "random-walk estimate made before the search"));
    assert_non_null(strstr(msg, "bimatrix-bytes limit of 64 MiB"));
    assert_true(dt < (mpol_test_quick() ? 60.0 : 5.0));
}

/* A lowered limit (at least 2^16: below it counting in the search is cheaper than the walk,
 * and no estimate is made): refused up front when both polytopes are far over it, and when the
 * limit is the true count (within the factor EST_NEAR = 2 of the point estimates), never when it
 * is twice the true count. */
static void test_lowered_limit(void **state)
{
    (void)state;
    if (mpol_test_quick()) {
        skip(); /* four searches of 2 x 10^5 bases: minutes under valgrind */
        return;
    }
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 77);
    enum { N = 17 };
    double A[N * N], B[N * N], At[N * N], Bt[N * N];
    random_game(&rng, N, N, 100, A, B);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < N; j++) {
            At[j * N + i] = B[i * N + j];
            Bt[j * N + i] = A[i * N + j];
        }
    size_t np = bases_of_p(N, N, A, B), nq = bases_of_p(N, N, At, Bt);
    /* 294,492 and 232,648 when written: both over 3.5 x 2^16. */
    assert_true(np > 200000 && nq > 200000);
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.max_bases = (size_t)1 << 16;
    mpol_bimatrix_result *r = NULL;
    double t0 = mpol_test_wall();
    assert_int_equal(mpol_bimatrix_enumerate(&r, N, N, A, B, &o), MPOL_ELIMIT);
    assert_non_null(strstr(mpol_last_error(), "estimate"));
    assert_true(mpol_test_wall() - t0 < 5.0);
    /* The limit at the larger count: both polytopes are within a factor 2 of it by their point
     * estimates (which err low), so the game is refused up front rather than searched to the
     * limit, the message naming the factor. */
    size_t big = np > nq ? np : nq;
    o.max_bases = big;
    o.threads = 1;
    t0 = mpol_test_wall();
    assert_int_equal(mpol_bimatrix_enumerate(&r, N, N, A, B, &o), MPOL_ELIMIT);
    assert_null(r);
    assert_non_null(strstr(mpol_last_error(), "within a factor 2 of it by its point estimate"));
    assert_non_null(strstr(mpol_last_error(), "opts.max_bases"));
    assert_true(mpol_test_wall() - t0 < 5.0);
    /* Twice the larger count: never refused, on one thread and on two. */
    for (int threads = 1; threads <= 2; threads++) {
        o.max_bases = 2 * big;
        o.threads = threads;
        if (mpol_bimatrix_enumerate(&r, N, N, A, B, &o) != MPOL_OK)
            fail_msg("limit %zu, threads %d: %s", o.max_bases, threads, mpol_last_error());
        assert_true(r->est_bases_p > 0.0 && r->est_bases_q > 0.0);
        assert_true(r->est_bases_p <= (double)np && r->est_bases_q <= (double)nq);
        mpol_bimatrix_result_free(r);
        r = NULL;
    }
    /* Below 2^16 no estimate: the count refuses, fast. */
    o.max_bases = 1000;
    o.threads = 1;
    t0 = mpol_test_wall();
    assert_int_equal(mpol_bimatrix_enumerate(&r, N, N, A, B, &o), MPOL_ELIMIT);
    assert_null(strstr(mpol_last_error(), "estimate"));
    assert_non_null(strstr(mpol_last_error(), "more than 1000 bases"));
    assert_true(mpol_test_wall() - t0 < 1.0);
}

/* Small games are not estimated (the bound suffices): the result says so. */
static void test_no_estimate_when_bounded(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 76);
    double A[8 * 9], B[8 * 9];
    random_game(&rng, 8, 9, 100, A, B);
    mpol_bimatrix_result *r = NULL;
    assert_int_equal(mpol_bimatrix_enumerate(&r, 8, 9, A, B, NULL), MPOL_OK);
    assert_true(r->est_bases_p == 0.0 && r->est_bases_q == 0.0);
    mpol_bimatrix_result_free(r);
}

/* Allocation failures in the estimate (the walk's visit table, the tableaus) and in the
 * search after it: every failing run returns MPOL_ENOMEM and leaks nothing. */
typedef struct oom_ctx {
    double A[14 * 14], B[14 * 14];
} oom_ctx;

static mpol_status oom_body(void *arg)
{
    oom_ctx *c = arg;
    mpol_bimatrix_opts o;
    mpol_bimatrix_opts_init(&o);
    o.threads = 1;
    o.max_bases = (size_t)1 << 16; /* the bound C(21,7) + C(20,6) exceeds it: a walk is made */
    mpol_bimatrix_result *r = NULL;
    mpol_status st = mpol_bimatrix_enumerate(&r, 14, 14, c->A, c->B, &o);
    if (st == MPOL_OK) {
        assert_true(r->est_bases_p > 0.0);
        mpol_bimatrix_result_free(r);
    } else {
        assert_null(r);
    }
    return st;
}

/* The estimate's allocations (a tableau and the walk's table per polytope) come first, then
 * the search's: fail each of the first OOM_FIRST in turn (the search's own allocations are
 * covered by test_bimatrix's loops on small games; a full loop here would walk 2^17 steps per
 * allocation). */
#define OOM_FIRST 28

static void test_allocation_failures(void **state)
{
    (void)state;
    /* About 40 walks of 2^16 steps: a second natively, a few under ASan (which checks the
     * leaks), minutes under valgrind (memcheck.sh sets MPOL_TEST_QUICK): skipped there. */
    const char *quick = getenv("MPOL_TEST_QUICK");
    if (quick != NULL && strcmp(quick, "0") != 0) {
        skip();
        return;
    }
    static oom_ctx c;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 78);
    random_game(&rng, 14, 14, 100, c.A, c.B);
    for (long n = 0; n < OOM_FIRST; n++) {
        mpol_test_fail_alloc_after(n);
        mpol_status st = oom_body(&c);
        mpol_test_fail_alloc_after(-1);
        if (st != MPOL_ENOMEM)
            fail_msg("allocation %ld failed but the status was %s (%s)", n, mpol_status_name(st),
                     mpol_last_error());
    }
    assert_int_equal(oom_body(&c), MPOL_OK);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_upper_bound_theorem),
        cmocka_unit_test(test_estimate_against_count),
        cmocka_unit_test(test_estimate_small_polytopes),
        cmocka_unit_test(test_estimate_saturates),
        cmocka_unit_test(test_face_refused),
        cmocka_unit_test(test_refusal_up_front),
        cmocka_unit_test(test_bytes_limit_stops_search),
        cmocka_unit_test(test_bytes_limit_refuses_up_front),
        cmocka_unit_test(test_lowered_limit),
        cmocka_unit_test(test_no_estimate_when_bounded),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
