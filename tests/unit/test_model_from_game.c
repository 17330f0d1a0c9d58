/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of mpol_model_from_game's direct entries (kind_strategic.c: integers and
 * plain-range decimals stored as literals, fractions as rational constants, without
 * compiling each payoff's text): a model made from a game and the model compiled from its
 * own YAML give the same game bit for bit, the same exact payoffs and the same YAML, for
 * random games with exact payoffs (small and 16-18 digit integers, fractions) and without
 * (doubles of every magnitude), zero-sum and bimatrix.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/rng_internal.h"
#include "mpol_test.h"
#include "multipolar/model.h"

/* The YAML of @p m (malloc'd, NUL-terminated). */
static char *yaml_of(const mpol_model *m, size_t *len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(mpol_model_write_yaml(m, f), MPOL_OK);
    long n = ftell(f);
    rewind(f);
    char *t = malloc((size_t)n + 1);
    assert_int_equal(fread(t, 1, (size_t)n, f), (size_t)n);
    t[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return t;
}

/* Checks model-from-game against the model compiled from its YAML. */
static void check_same(const mpol_game *g, mpol_model_kind kind)
{
    mpol_model *a = NULL, *b = NULL;
    assert_int_equal(mpol_model_from_game(&a, g, kind), MPOL_OK);
    size_t la, lb;
    char *ya = yaml_of(a, &la);
    if (mpol_model_load_string(&b, ya, la, "from_game.yaml") != MPOL_OK)
        fail_msg("%s\n%s", mpol_last_error(), ya);
    char *yb = yaml_of(b, &lb);
    assert_string_equal(ya, yb);
    mpol_game *ga = NULL, *gb = NULL;
    assert_int_equal(mpol_model_game(&ga, a), MPOL_OK);
    assert_int_equal(mpol_model_game(&gb, b), MPOL_OK);
    size_t n = ga->ncells * ga->nplayers;
    assert_memory_equal(ga->payoff, gb->payoff, n * sizeof *ga->payoff);
    assert_int_equal(ga->exact != NULL, gb->exact != NULL);
    for (size_t i = 0; ga->exact != NULL && i < n; i++) {
        assert_int_equal(ga->exact[i].num, gb->exact[i].num);
        assert_int_equal(ga->exact[i].den, gb->exact[i].den);
    }
    mpol_game_free(ga);
    mpol_game_free(gb);
    mpol_model_free(a);
    mpol_model_free(b);
    free(ya);
    free(yb);
}

static int64_t gcd(int64_t a, int64_t b)
{
    a = a < 0 ? -a : a;
    while (b != 0) {
        int64_t t = a % b;
        a = b;
        b = t;
    }
    return a;
}

/* A random exact payoff: a small or long integer or a fraction in lowest terms. */
static mpol_rational random_exact(uint64_t *rng)
{
    mpol_rational q = {0, 1};
    switch (mpol_i_rng_below(rng, 4)) {
    case 0:
        q.num = (int64_t)mpol_i_rng_below(rng, 200) - 100;
        break;
    case 1:
        q.num = (int64_t)(mpol_i_splitmix64(rng) >> 4) - (INT64_C(1) << 59); /* ~18 digits */
        break;
    default:
        q.num = (int64_t)(mpol_i_splitmix64(rng) >> (8 + mpol_i_rng_below(rng, 40))) -
                (int64_t)(mpol_i_splitmix64(rng) >> 12);
        q.den = 2 + (int64_t)(mpol_i_splitmix64(rng) >> (12 + mpol_i_rng_below(rng, 45)));
        int64_t d = gcd(q.num, q.den);
        q.num /= d;
        q.den /= d;
    }
    return q;
}

/* A random double of any magnitude (plain range, tiny, huge, integer, -0). */
static double random_double(uint64_t *rng)
{
    double u = 2 * mpol_i_rng_uniform(rng) - 1;
    switch (mpol_i_rng_below(rng, 5)) {
    case 0:
        return u * pow(10, (double)mpol_i_rng_below(rng, 40) - 20);
    case 1:
        return floor(u * 1e6);
    case 2:
        return mpol_i_rng_below(rng, 2) ? -0.0 : 0.0;
    default:
        return u;
    }
}

static void test_random_games(void **state)
{
    (void)state;
    uint64_t rng = 18;
    size_t ns[2] = {7, 6};
    for (int round = 0; round < 40; round++) {
        mpol_game *g;
        assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
        int exact = round % 2 == 0, zero_sum = round % 4 < 2;
        if (exact)
            assert_int_equal(mpol_game_alloc_exact(g), MPOL_OK);
        for (size_t c = 0; c < g->ncells; c++) {
            for (size_t p = 0; p < 2; p++) {
                size_t i = 2 * c + p;
                if (exact) {
                    mpol_rational q = random_exact(&rng);
                    if (zero_sum && p == 1)
                        q = (mpol_rational){-g->exact[i - 1].num, g->exact[i - 1].den};
                    g->exact[i] = q;
                    g->payoff[i] = (double)q.num / (double)q.den;
                } else {
                    g->payoff[i] = zero_sum && p == 1 ? -g->payoff[i - 1] : random_double(&rng);
                }
            }
        }
        check_same(g, zero_sum ? MPOL_MODEL_ZERO_SUM : MPOL_MODEL_BIMATRIX);
        mpol_game_free(g);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_random_games),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
