/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the streaming .nfg file reader (a file is read through the lexer's
 * 64 KiB window, never whole): games of several windows read from a file give the same
 * payoffs bit for bit, the same exact payoffs and the same errors with the same
 * FILE:LINE:COL as the same text read from memory, with tokens and strings split at every
 * window boundary; write-then-read round trips of random doubles (17-digit, subnormal,
 * huge) give the same doubles bit for bit in both versions; the writer's numbers are the
 * shortest %.Pg that reads back.
 */
#define _XOPEN_SOURCE 700 /* mkstemp */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/rng_internal.h"
#include "io/gambit_lex.h"
#include "mpol_test.h"
#include "multipolar/nfg.h"

/* Writes text to a new temporary file; returns its path (static buffer). */
static const char *temp_file(const char *text, size_t len)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/mpol_nfg_stream_XXXXXX");
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

static void assert_same_bits(const mpol_game *a, const mpol_game *b)
{
    assert_int_equal(a->ncells, b->ncells);
    assert_int_equal(a->nplayers, b->nplayers);
    size_t n = a->ncells * a->nplayers;
    assert_memory_equal(a->payoff, b->payoff, n * sizeof *a->payoff);
    assert_int_equal(a->exact != NULL, b->exact != NULL);
    for (size_t i = 0; a->exact != NULL && i < n; i++) {
        assert_int_equal(a->exact[i].num, b->exact[i].num);
        assert_int_equal(a->exact[i].den, b->exact[i].den);
    }
}

/* A 2-player m x m payoff-version text (every value spelled as @p spell picks), followed by
 * @p tail; the header has a string long enough to cross a window boundary. */
static char *game_text(size_t m, int spell, const char *tail, size_t *len)
{
    size_t cap = m * m * 2 * 32 + 70000 + strlen(tail);
    char *t = malloc(cap), *p = t;
    assert_non_null(t);
    p += sprintf(p, "NFG 1 R \"stream\" { \"A\" \"B\" } { %zu %zu } \"", m, m);
    for (size_t i = 0; i < 65530; i++)
        *p++ = i % 80 == 79 ? '\n' : 'c';
    p += sprintf(p, "\"\n");
    uint64_t rng = 7 + (uint64_t)spell;
    for (size_t c = 0; c < m * m * 2; c++) {
        double v = 2 * mpol_i_rng_uniform(&rng) - 1;
        if (spell == 0)
            p += sprintf(p, "%.17g%s", v, c % 7 == 6 ? "\n" : " ");
        else
            p += sprintf(p, "%d/%d%s", (int)(v * 1000), 1 + (int)(c % 9), c % 5 == 4 ? "\n" : "  ");
    }
    p += sprintf(p, "%s", tail);
    *len = (size_t)(p - t);
    return t;
}

static void test_file_equals_string(void **state)
{
    (void)state;
    for (int spell = 0; spell < 2; spell++) {
        size_t len;
        char *text = game_text(160, spell, "", &len);
        const char *path = temp_file(text, len);
        mpol_game *a = NULL, *b = NULL;
        assert_int_equal(mpol_nfg_read_file(&a, path), MPOL_OK);
        assert_int_equal(mpol_nfg_read_string(&b, text, len, path), MPOL_OK);
        assert_same_bits(a, b);
        assert_int_equal(a->exact != NULL, spell == 1); /* fractions fit, 17 digits may not */
        assert_string_equal(a->comment, b->comment);
        assert_int_equal(strlen(a->comment), 65530);
        mpol_game_free(a);
        mpol_game_free(b);
        unlink(path);
        free(text);
    }
}

/* The same error, at the same position, from the file and from memory. */
static void test_errors_at_positions(void **state)
{
    (void)state;
    static const char *const tails[] = {"x\n", "1 2 3\n", "\"unterminated", "1/0 2"};
    for (size_t k = 0; k < sizeof tails / sizeof tails[0]; k++) {
        size_t len;
        char *text = game_text(150, 0, tails[k], &len);
        if (k >= 2) /* replace the last payoffs, so that the bad token is in the body */
            memcpy(text + len - strlen(tails[k]) - 40, tails[k], strlen(tails[k]));
        const char *path = temp_file(text, len);
        mpol_game *a = (mpol_game *)1, *b = (mpol_game *)1;
        mpol_status sa = mpol_nfg_read_file(&a, path);
        char msg[512];
        snprintf(msg, sizeof msg, "%s", mpol_last_error());
        mpol_status sb = mpol_nfg_read_string(&b, text, len, path);
        assert_int_not_equal(sa, MPOL_OK);
        assert_int_equal(sa, sb);
        assert_null(a);
        assert_null(b);
        assert_string_equal(msg, mpol_last_error());
        assert_non_null(strstr(msg, ":")); /* FILE:LINE:COL: */
        unlink(path);
        free(text);
    }
}

/* Random doubles of every magnitude: written, then read, bit for bit. */
static void test_round_trip_bits(void **state)
{
    (void)state;
    size_t ns[2] = {60, 50};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    uint64_t rng = 20261203;
    for (size_t i = 0; i < g->ncells * 2; i++) {
        uint64_t bits = mpol_i_splitmix64(&rng);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (v != v || v - v != 0) /* NaN or infinite */
            v = (double)(i % 3) / 7;
        g->payoff[i] = i % 4 == 0 ? 2 * mpol_i_rng_uniform(&rng) - 1 : v;
    }
    for (int version = 0; version < 2; version++) {
        FILE *f = tmpfile();
        assert_non_null(f);
        assert_int_equal(mpol_nfg_write(g, f, (mpol_nfg_version)version), MPOL_OK);
        long size = ftell(f);
        rewind(f);
        char *text = malloc((size_t)size);
        assert_int_equal(fread(text, 1, (size_t)size, f), (size_t)size);
        fclose(f);
        const char *path = temp_file(text, (size_t)size);
        mpol_game *h = NULL;
        assert_int_equal(mpol_nfg_read_file(&h, path), MPOL_OK);
        assert_memory_equal(g->payoff, h->payoff, g->ncells * 2 * sizeof *g->payoff);
        mpol_game_free(h);
        unlink(path);
        free(text);
    }
    mpol_game_free(g);
}

/* The writer's number (bisection over the precision) is the shortest %.Pg that reads back,
 * as the plain scan over P = 1..17 finds it. */
static void test_shortest_numbers(void **state)
{
    (void)state;
    uint64_t rng = 99;
    char got[MPOL_I_GBT_NUMBUF], want[MPOL_I_GBT_NUMBUF];
    int count = mpol_test_quick() ? 20000 : 200000; /* quick: valgrind and the sanitizers */
    for (int k = 0; k < count; k++) {
        uint64_t bits = mpol_i_splitmix64(&rng);
        double v;
        memcpy(&v, &bits, sizeof v);
        if (k % 3 == 0)
            v = 2 * mpol_i_rng_uniform(&rng) - 1;
        else if (k % 3 == 1)
            v = (double)(int64_t)(bits >> (bits & 63)) / (double)(1 + (bits >> 58));
        if (v != v || v - v != 0)
            continue;
        assert_int_equal(mpol_i_gbt_format_number(got, NULL, v), MPOL_OK);
        for (int prec = 1; prec <= 17; prec++) {
            snprintf(want, sizeof want, "%.*g", prec, v);
            if (strtod(want, NULL) == v)
                break;
        }
        if (strcmp(got, want) != 0)
            fail_msg("%a: '%s', shortest '%s'", v, got, want);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_file_equals_string),
        cmocka_unit_test(test_errors_at_positions),
        cmocka_unit_test(test_round_trip_bits),
        cmocka_unit_test(test_shortest_numbers),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
