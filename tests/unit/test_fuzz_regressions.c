/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Regression tests for inputs found while fuzzing (fuzz/, docs/hardening.md): every input
 * that crashed a fuzz target or broke one of its properties is kept here as a C string with
 * the answer the fixed code must give. The hand-written fuzz seeds (fuzz/seeds/) must also
 * stay valid inputs, so that the campaigns start from real games.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/efg.h"
#include "multipolar/model.h"
#include "multipolar/nfg.h"

static void efg_refused(const char *text, mpol_status want, const char *msg)
{
    mpol_game *g = (mpol_game *)1;
    mpol_status st = mpol_efg_read_string(&g, text, strlen(text), "r.efg", NULL);
    if (st != want)
        fail_msg("status %s (%s), expected %s", mpol_status_name(st), mpol_last_error(),
                 mpol_status_name(want));
    assert_null(g);
    if (strstr(mpol_last_error(), msg) == NULL)
        fail_msg("message '%s' does not contain '%s'", mpol_last_error(), msg);
}

/*
 * fuzz_efg, property "payoffs are finite": outcomes of 1e308 on an inner node and on the
 * terminal node below it add up to +inf along the path; the reader returned a game with an
 * infinite payoff (which the .nfg writer then refused). Now MPOL_ENUMERIC.
 */
static void test_efg_payoff_overflow(void **state)
{
    (void)state;
    efg_refused("EFG 2 R \"\" { \"1\" \"2\" }\n\"\"\n\n"
                "p \"\" 1 1 \"\" { \"L\" \"R\" } 1 \"big\" { 1e308, 1 }\n"
                "t \"\" 2 \"big2\" { 1e308, 1 }\n"
                "t \"\" 2 \"big2\" { 1e308, 1 }\n",
                MPOL_ENUMERIC,
                "r.efg: the expected payoff of player 1 in strategy profile 1 is "
                "out of double range");
    /* Cancelling infinities give NaN: also refused. */
    efg_refused("EFG 2 R \"\" { \"1\" \"2\" }\n\"\"\n\n"
                "p \"\" 1 1 \"\" { \"L\" \"R\" } 1 \"a\" { 1, 1e308 }\n"
                "p \"\" 2 1 \"\" { \"l\" } 2 \"b\" { 1, 1e308 }\n"
                "t \"\" 3 \"c\" { 1, -1.7e308 }\n"
                "t \"\" 3 \"c\" { 1, -1.7e308 }\n",
                MPOL_ENUMERIC, "expected payoff of player 2 in strategy profile 1");
    /* Large but finite sums along a path are still accepted. */
    const char *ok = "EFG 2 R \"\" { \"1\" \"2\" }\n\"\"\n\n"
                     "p \"\" 1 1 \"\" { \"L\" \"R\" } 1 \"big\" { 8e307, 1 }\n"
                     "t \"\" 2 \"b2\" { 8e307, 2 }\n"
                     "t \"\" 3 \"b3\" { -8e307, 3 }\n";
    mpol_game *g = NULL;
    assert_int_equal(mpol_efg_read_string(&g, ok, strlen(ok), "ok.efg", NULL), MPOL_OK);
    assert_int_equal(g->ncells, 2);
    assert_true(g->payoff[0] == 8e307 + 8e307 && isfinite(g->payoff[0]));
    assert_true(g->payoff[1] == 3.0);
    assert_true(g->payoff[2] == 0.0);
    assert_true(g->payoff[3] == 4.0);
    mpol_game_free(g);
}

/* Reads a whole file into a malloc'ed buffer. */
static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        fail_msg("cannot open %s", path);
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            cap = cap != 0 ? 2 * cap : 4096;
            char *nb = realloc(buf, cap);
            if (nb == NULL) {
                free(buf);
                fclose(f);
                fail_msg("out of memory reading %s", path);
            }
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* The hand-written seeds are valid games (a broken seed would weaken every campaign). */
/*
 * fuzz_model, leak: a long run of quotes inside a flow mapping makes libfyaml 0.7.12 lose a
 * scanner buffer (inside the library; suppressed in tests/lsan.supp and tests/valgrind.supp).
 * The loader must still refuse the file with a located syntax error and free everything of
 * its own.
 */
static void test_model_libfyaml_leak_input(void **state)
{
    (void)state;
    mpol_model *m = NULL;
    mpol_status st =
        mpol_model_load_file(&m, mpol_test_src("tests/data/models/bad/libfyaml_leak.yaml"));
    assert_int_equal(st, MPOL_EPARSE);
    assert_null(m);
    assert_non_null(strstr(mpol_last_error(), "libfyaml_leak.yaml:"));
}

static void test_seeds_are_valid(void **state)
{
    (void)state;
    static const char *const nfg[] = {"fuzz/seeds/fuzz_nfg/payoff.nfg",
                                      "fuzz/seeds/fuzz_nfg/outcome.nfg"};
    static const char *const efg[] = {"fuzz/seeds/fuzz_efg/chance.efg",
                                      "fuzz/seeds/fuzz_efg/perfect.efg"};
    static const size_t nfg_cells[] = {4, 6}, efg_cells[] = {8, 8};
    for (size_t i = 0; i < sizeof nfg / sizeof *nfg; i++) {
        size_t len;
        char *text = slurp(mpol_test_src(nfg[i]), &len);
        mpol_game *g = NULL;
        if (mpol_nfg_read_string(&g, text, len, nfg[i]) != MPOL_OK)
            fail_msg("%s: %s", nfg[i], mpol_last_error());
        assert_int_equal(g->ncells, nfg_cells[i]);
        mpol_game_free(g);
        free(text);
    }
    for (size_t i = 0; i < sizeof efg / sizeof *efg; i++) {
        size_t len;
        char *text = slurp(mpol_test_src(efg[i]), &len);
        mpol_game *g = NULL;
        if (mpol_efg_read_string(&g, text, len, efg[i], NULL) != MPOL_OK)
            fail_msg("%s: %s", efg[i], mpol_last_error());
        assert_int_equal(g->ncells, efg_cells[i]);
        mpol_game_free(g);
        free(text);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_efg_payoff_overflow),
        cmocka_unit_test(test_model_libfyaml_leak_input),
        cmocka_unit_test(test_seeds_are_valid),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
