/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the Gambit .nfg reader and writer: every .nfg file shipped with Gambit
 * (shared/reference/gambit-games) reads with the sizes in INDEX.tsv and survives write-read
 * round trips in both versions; the examples of NFG_FORMAT.md decode to the stated
 * matrices; every accepted and rejected number spelling and structural error of the
 * "checked edge cases" table, with the line:column of the offending token; label
 * normalization; writer output; allocation failures.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mpol_test.h"
#include "multipolar/nfg.h"

static mpol_game *read_ok(const char *text)
{
    mpol_game *g = NULL;
    mpol_status st = mpol_nfg_read_string(&g, text, strlen(text), "t.nfg");
    if (st != MPOL_OK)
        fail_msg("read failed: %s: %s", mpol_status_name(st), mpol_last_error());
    return g;
}

/* Reads text that must fail with status st and a message starting "t.nfg:POS: " and
 * containing msg. */
static void read_fails(const char *text, mpol_status st, const char *pos, const char *msg)
{
    mpol_game *g = (mpol_game *)1;
    mpol_status got = mpol_nfg_read_string(&g, text, strlen(text), "t.nfg");
    if (got != st)
        fail_msg("'%s': status %s (%s), expected %s", text, mpol_status_name(got),
                 mpol_last_error(), mpol_status_name(st));
    assert_null(g);
    char prefix[64];
    snprintf(prefix, sizeof prefix, "t.nfg:%s: ", pos);
    if (strncmp(mpol_last_error(), prefix, strlen(prefix)) != 0 ||
        strstr(mpol_last_error(), msg) == NULL)
        fail_msg("'%s': message '%s', expected prefix '%s' and '%s'", text, mpol_last_error(),
                 prefix, msg);
}

/* Checks a bimatrix game against row-major A and B. */
static void check_bimatrix(const mpol_game *g, size_t m, size_t n, const double *A, const double *B)
{
    assert_int_equal(g->nplayers, 2);
    assert_int_equal(g->nstrategies[0], m);
    assert_int_equal(g->nstrategies[1], n);
    double *a, *b;
    assert_int_equal(mpol_game_bimatrix(g, &a, &b), MPOL_OK);
    for (size_t k = 0; k < m * n; k++) {
        if (a[k] != A[k] || b[k] != B[k])
            fail_msg("entry %zu: (%g, %g), expected (%g, %g)", k, a[k], b[k], A[k], B[k]);
    }
    mpol_free(a);
    mpol_free(b);
}

static const char e02_payoff[] = "NFG 1 R \"Selten (IJGT, 75), Figure 2, normal form\"\n"
                                 "{ \"Player 1\" \"Player 2\" } { 3 2 }\n"
                                 "\n"
                                 "1 1 0 2 0 2 1 1 0 3 2 0\n";

static const char e02_outcome[] =
    "NFG 1 R \"Selten (IJGT, 75), Figure 2, normal form\" { \"Player 1\" \"Player 2\" }\n"
    "\n{\n{ \"1\" \"2\" \"3\" }\n{ \"1\" \"2\" }\n}\n\n"
    "{\n{ \"\" 1, 1 }\n{ \"\" 0, 2 }\n{ \"\" 0, 2 }\n{ \"\" 1, 1 }\n{ \"\" 0, 3 }\n"
    "{ \"\" 2, 0 }\n}\n1 2 3 4 5 6\n";

static const char e02_compact[] = "NFG 1 R \"t\" { \"A\" \"B\" } { 3 2 } \"a comment\"\n"
                                  "{ { \"o1\" 1 1 } { \"o2\" 0 2 } { \"\" 0 3 } { \"\" 2 0 } }\n"
                                  "1 2 2 1 3 4\n";

static void test_format_examples(void **state)
{
    (void)state;
    static const double A[6] = {1, 1, 0, 0, 0, 2}, B[6] = {1, 1, 2, 3, 2, 0};
    const char *texts[3] = {e02_payoff, e02_outcome, e02_compact};
    for (int i = 0; i < 3; i++) {
        mpol_game *g = read_ok(texts[i]);
        check_bimatrix(g, 3, 2, A, B);
        assert_non_null(g->exact);
        assert_int_equal(g->exact[2 * 4 + 1].num, 3); /* B[2][2] = cell (1,2) = 4 */
        mpol_game_free(g);
    }
    mpol_game *g = read_ok(e02_compact);
    assert_string_equal(g->title, "t");
    assert_string_equal(g->comment, "a comment");
    assert_string_equal(g->player_names[1], "B");
    assert_string_equal(g->strategy_names[0][2], "3");
    mpol_game_free(g);

    /* Example 3: 2x2x2 McKelvey-McLennan; cell (2,2,1) is outcome 4 = (9, 8, 2). */
    g = read_ok("NFG 1 R \"2x2x2\" { \"Player 1\" \"Player 2\" \"Player 3\" }\n"
                "{ { \"1\" \"2\" }\n{ \"1\" \"2\" }\n{ \"1\" \"2\" }\n}\n\"\"\n"
                "{\n{ \"\" 9, 8, 12 }\n{ \"\" 0, 0, 0 }\n{ \"\" 0, 0, 0 }\n{ \"\" 9, 8, 2 }\n"
                "{ \"\" 0, 0, 0 }\n{ \"\" 3, 4, 6 }\n{ \"\" 3, 4, 6 }\n{ \"\" 0, 0, 0 }\n}\n"
                "1 2 3 4 5 6 7 8\n");
    size_t prof[3] = {1, 1, 0};
    size_t c = mpol_game_cell(g, prof);
    assert_int_equal(c, 3);
    assert_true(g->payoff[3 * c] == 9 && g->payoff[3 * c + 1] == 8 && g->payoff[3 * c + 2] == 2);
    mpol_game_free(g);

    /* Example 4: 4x4 coordination, outcome 1 on the diagonal. */
    g = read_ok("NFG 1 R \"2-player 4x4 coordination game (outcome version)\"\n"
                "{ \"Player 1\" \"Player 2\" }\n\n{\n{ \"1-1\" \"1-2\" \"1-3\" \"1-4\" }\n"
                "{ \"2-1\" \"2-2\" \"2-3\" \"2-4\" }\n}\n\n{\n{ \"Coord\" 1, 1 }\n"
                "{ \"Miscoord\" 0, 0 }\n}\n1 2 2 2 2 1 2 2 2 2 1 2 2 2 2 1\n");
    double I[16] = {0};
    for (int k = 0; k < 4; k++)
        I[5 * k] = 1;
    check_bimatrix(g, 4, 4, I, I);
    assert_string_equal(g->strategy_names[1][3], "2-4");
    mpol_game_free(g);

    /* The null outcome 0 pays everybody 0; outcomes may go unused. */
    g = read_ok("NFG 1 R \"\" { \"a\" \"b\" } { 2 1 } { { \"x\" 5 -5 } { \"y\" 7 7 } } 0 1");
    assert_true(g->payoff[0] == 0 && g->payoff[1] == 0 && g->payoff[2] == 5 && g->payoff[3] == -5);
    mpol_game_free(g);
}

static void test_number_spellings(void **state)
{
    (void)state;
    /* One player with 11 strategies; the body is the accepted list of the table. */
    mpol_game *g = read_ok("NFG 1 R \"\" { \"P\" } { 11 }\n"
                           "1e0 1/1 0.0 -0 .5 0.5 1.5e2 2E1 -3/4 1.25 -0.5\n");
    static const int64_t num[11] = {1, 1, 0, 0, 1, 1, 150, 20, -3, 5, -1};
    static const int64_t den[11] = {1, 1, 1, 1, 2, 2, 1, 1, 4, 4, 2};
    assert_non_null(g->exact);
    for (int k = 0; k < 11; k++) {
        assert_int_equal(g->exact[k].num, num[k]);
        assert_int_equal(g->exact[k].den, den[k]);
        assert_true(g->payoff[k] == (double)num[k] / (double)den[k]);
    }
    mpol_game_free(g);

    /* 0.1 is exactly 1/10, and its double is the correctly rounded 0.1. */
    g = read_ok("NFG 1 R \"\" { \"P\" } { 2 } 0.1 1e-3");
    assert_int_equal(g->exact[0].den, 10);
    assert_true(g->payoff[0] == 0.1 && g->payoff[1] == 1e-3);
    mpol_game_free(g);

    /* Too long for 64-bit rationals: doubles only, no exact payoffs. */
    g = read_ok("NFG 1 R \"\" { \"P\" } { 2 } 10000000000000000000 1/3");
    assert_null(g->exact);
    assert_true(g->payoff[0] == 1e19);
    assert_close(g->payoff[1], 1.0 / 3.0, MPOL_TEST_TOL);
    mpol_game_free(g);

    /* Rejected spellings, each at its own column of line 2. */
    const char *head = "NFG 1 R \"\" { \"P\" } { 2 }\n1 ";
    struct {
        const char *tok;
        mpol_status st;
        const char *msg;
    } bad[] = {{"+2", MPOL_EPARSE, "invalid number '+2'"},
               {".5e1", MPOL_EPARSE, "invalid number '.5e1'"},
               {"0x10", MPOL_EPARSE, "invalid number '0x10'"},
               {"1/0", MPOL_ENUMERIC, "division by zero"},
               {"3/-4", MPOL_EPARSE, "invalid number '3/-4'"},
               {"-", MPOL_EPARSE, "invalid number"},
               {"1e", MPOL_EPARSE, "invalid number"},
               {"1/2/3", MPOL_EPARSE, "invalid number"},
               {"1e99999", MPOL_ENUMERIC, "out of the range"}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "%s%s", head, bad[i].tok);
        read_fails(text, bad[i].st, "2:3", bad[i].msg);
    }
}

static void test_structural_errors(void **state)
{
    (void)state;
    /* The "checked edge cases" of NFG_FORMAT.md, plus the other structural errors. */
    read_fails("NFG 1 R \"\" { \"A\" \"B\" } { 2 2 }\n1, 1 0 2 0 2 1 1\n", MPOL_EPARSE, "2:2",
               "expected numerical payoff");
    read_fails("NFG 1 R \"\" { \"A\" \"B\" } { 2 2 }\n1 1 0 2 0 2 1 1 9\n", MPOL_EPARSE, "2:17",
               "expected end-of-file");
    read_fails("NFG 1 R \"\" { \"A\" \"B\" } { 2 2 }\n1 1 0 2 0 2 1\n", MPOL_EPARSE, "3:1",
               "expected numerical payoff");
    read_fails("NFG 1 R \"\" { \"A\" \"B\" } { 2 2 }\n# payoffs\n1 1 0 2 0 2 1 1\n", MPOL_EPARSE,
               "2:1", "expecting outcome or payoff");
    read_fails("# a comment\nNFG 1 R \"\" { \"A\" } { 1 } 0", MPOL_EPARSE, "1:1",
               "expecting NFG file type indicator");
    read_fails("NFG 1 R { \"A\" \"B\" } { 1 1 } 1 1", MPOL_EPARSE, "1:9", "game title missing");
    read_fails("NFG 1 R \"t\" { A B } { 1 1 } 1 1", MPOL_EPARSE, "1:15", "expected '}'");
    read_fails("NFG 2 R \"t\" { \"A\" } { 1 } 1", MPOL_EPARSE, "1:5", "only NFG version 1");
    read_fails("NFG 1 X \"t\" { \"A\" } { 1 } 1", MPOL_EPARSE, "1:7", "data type R or D");
    read_fails("NFG 1 R \"t\" { } { } 1", MPOL_EPARSE, "1:15", "at least one player");
    read_fails("NFG 1 R \"t\" { \"A\" } { 0 } 1", MPOL_EPARSE, "1:23",
               "number of strategies 0 out of range");
    read_fails("NFG 1 R \"t\" { \"A\" } { -2 } 1", MPOL_EPARSE, "1:23", "expected number");
    read_fails("NFG 1 R \"t\" { \"A\" } { { } } 1", MPOL_EPARSE, "1:25", "player 1 has no");
    read_fails("NFG 1 R \"t\" { \"A\" \"B\" } { { \"x\" } } 1", MPOL_EPARSE, "1:35",
               "expected '{'");
    read_fails("NFG 1 R \"t\" { \"A\" } { { \"x\" } { \"y\" } } 1", MPOL_EPARSE, "1:31",
               "expected '}'");
    read_fails("NFG 1 R \"t\" { \"A\" } { 1000 } 1", MPOL_EPARSE, "1:23",
               "more strategy profiles than the file has bytes");
    read_fails("NFG 1 R \"t\" { \"A } { 1 } 1", MPOL_EPARSE, "1:15",
               "end of file encountered when reading string label");
    /* Outcome version. */
    read_fails("NFG 1 R \"t\" { \"A\" \"B\" } { 1 2 }\n{ { \"o\" 1 2 } }\n1 2\n", MPOL_EPARSE,
               "3:3", "outcome index 2 out of range 0..1");
    read_fails("NFG 1 R \"t\" { \"A\" \"B\" } { 1 2 }\n{ { \"o\" 1 2 } }\n1 -1\n", MPOL_EPARSE,
               "3:3", "expected outcome index");
    read_fails("NFG 1 R \"t\" { \"A\" \"B\" } { 1 2 }\n{ { \"o\" 1 } }\n1 1\n", MPOL_EPARSE, "2:11",
               "expected numerical payoff");
    read_fails("NFG 1 R \"t\" { \"A\" \"B\" } { 1 2 }\n{ { \"o\" 1 2 3 } }\n1 1\n", MPOL_EPARSE,
               "2:13", "expected '}'");
    read_fails("NFG 1 R \"t\" { \"A\" \"B\" } { 1 2 }\n{ { 1 2 } }\n1 1\n", MPOL_EPARSE, "2:5",
               "expected outcome name");
    read_fails("NFG 1 R \"t\" { \"A\" \"B\" } { 1 2 }\n{ { \"o\" 1 2 } }\n1\n", MPOL_EPARSE, "4:1",
               "expected outcome index");
    read_fails("NFG 1 R \"t\" { \"A\" \"B\" } { 1 2 }\n{ { \"o\" 1 2 } }\n1 1 1\n", MPOL_EPARSE,
               "3:5", "expected end-of-file");
    /* Positions after a string that spans lines. */
    read_fails("NFG 1 R \"two\nlines\" { \"A\" } { 1 } \"c\n\nc\" 1 2", MPOL_EPARSE, "4:6",
               "expected end-of-file");
    /* Commas in the outcome list are optional; a header split over lines is fine. */
    mpol_game *g = read_ok("NFG\n1\nR\n\"t\"\n{ \"A\" \"B\" }\n{ 1 1 }\n{ { \"o\" 1, 2 } }\n1\n");
    assert_true(g->payoff[0] == 1 && g->payoff[1] == 2);
    mpol_game_free(g);
    /* D is the obsolete data type flag. */
    g = read_ok("NFG 1 D \"t\" { \"A\" } { 1 } 4");
    assert_true(g->payoff[0] == 4);
    mpol_game_free(g);

    assert_int_equal(mpol_nfg_read_file(&g, "/nonexistent/x.nfg"), MPOL_EIO);
    assert_null(g);
    assert_non_null(strstr(mpol_last_error(), "/nonexistent/x.nfg: cannot open"));
    assert_int_equal(mpol_nfg_read_string(NULL, "", 0, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_nfg_read_string(&g, "", 0, NULL), MPOL_EPARSE);
    assert_non_null(strstr(mpol_last_error(), "<string>:1:1: expecting NFG"));
}

static void test_label_normalization_and_escapes(void **state)
{
    (void)state;
    mpol_game *g = read_ok("NFG 1 R \"a\\\"b\\c\" { \"\" \"\" \"P\" } "
                           "{ { \"x\" \"x\" \"x_1\" } { \"\" \"y\" } { \"z\" } } 1 2 3 4 5 6 7 "
                           "8 9 10 11 12 13 14 15 16 17 18");
    assert_string_equal(g->title, "a\"b\\c");
    assert_string_equal(g->player_names[0], "_1");
    assert_string_equal(g->player_names[1], "_2");
    assert_string_equal(g->player_names[2], "P");
    assert_string_equal(g->strategy_names[0][0], "x_2");
    assert_string_equal(g->strategy_names[0][1], "x_3");
    assert_string_equal(g->strategy_names[0][2], "x_1");
    assert_string_equal(g->strategy_names[1][0], "_1");
    assert_string_equal(g->strategy_names[1][1], "y");
    mpol_game_free(g);
}

/* Writes g in version v and reads it back. */
static mpol_game *round_trip(const mpol_game *g, mpol_nfg_version v)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    mpol_status st = mpol_nfg_write(g, f, v);
    if (st != MPOL_OK)
        fail_msg("write: %s", mpol_last_error());
    long len = ftell(f);
    rewind(f);
    char *text = malloc((size_t)len + 1);
    assert_non_null(text);
    assert_int_equal(fread(text, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    mpol_game *h = NULL;
    st = mpol_nfg_read_string(&h, text, (size_t)len, "rt.nfg");
    if (st != MPOL_OK)
        fail_msg("read back: %s\n%s", mpol_last_error(), text);
    free(text);
    return h;
}

static void assert_same_game(const mpol_game *a, const mpol_game *b)
{
    assert_string_equal(a->title, b->title);
    assert_string_equal(a->comment, b->comment);
    assert_int_equal(a->nplayers, b->nplayers);
    for (size_t p = 0; p < a->nplayers; p++) {
        assert_string_equal(a->player_names[p], b->player_names[p]);
        assert_int_equal(a->nstrategies[p], b->nstrategies[p]);
        for (size_t k = 0; k < a->nstrategies[p]; k++)
            assert_string_equal(a->strategy_names[p][k], b->strategy_names[p][k]);
    }
    assert_int_equal(a->ncells, b->ncells);
    assert_true((a->exact == NULL) == (b->exact == NULL));
    for (size_t i = 0; i < a->ncells * a->nplayers; i++) {
        if (a->payoff[i] != b->payoff[i])
            fail_msg("payoff %zu: %.17g != %.17g", i, a->payoff[i], b->payoff[i]);
        if (a->exact != NULL &&
            (a->exact[i].num != b->exact[i].num || a->exact[i].den != b->exact[i].den))
            fail_msg("exact payoff %zu differs", i);
    }
}

static void test_reference_files(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    FILE *idx = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    int nread = 0;
    mpol_game *g;
    while ((g = mpol_test_gambit_next_nfg(idx, &row)) != NULL) {
        const char *file = row.file, *players = row.players, *strat = row.strategies;
        char dims[256];
        size_t len = 0;
        for (size_t p = 0; p < g->nplayers; p++)
            len += (size_t)snprintf(dims + len, sizeof dims - len, "%s%zu", p ? "x" : "",
                                    g->nstrategies[p]);
        if ((size_t)atol(players) != g->nplayers || strcmp(dims, strat) != 0)
            fail_msg("%s: %zu players %s, INDEX.tsv says %s players %s", file, g->nplayers, dims,
                     players, strat);
        for (int v = 0; v < 2; v++) {
            mpol_game *h = round_trip(g, v == 0 ? MPOL_NFG_PAYOFF : MPOL_NFG_OUTCOME);
            assert_same_game(g, h);
            mpol_game_free(h);
        }
        mpol_game_free(g);
        nread++;
    }
    fclose(idx);
    assert_int_equal(nread, 60);
}

static void test_writer(void **state)
{
    (void)state;
    size_t ns[2] = {2, 1};
    mpol_game *g;
    assert_int_equal(mpol_game_alloc(&g, 2, ns), MPOL_OK);
    assert_int_equal(mpol_game_set_title(g, "say \"hi\""), MPOL_OK);
    assert_int_equal(mpol_game_set_strategy_name(g, 0, 0, "a\\b"), MPOL_OK);
    const double pay[4] = {0.1, 0.1 + 0.2, -1e-300, 12345678901234567.0};
    memcpy(g->payoff, pay, sizeof pay);
    /* Doubles: the shortest spelling that reads back to the same double. */
    FILE *f = tmpfile();
    assert_int_equal(mpol_nfg_write(g, f, MPOL_NFG_PAYOFF), MPOL_OK);
    char text[1024] = {0};
    rewind(f);
    size_t got = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    assert_true(got > 0);
    assert_non_null(strstr(text, "NFG 1 R \"say \\\"hi\\\"\" { \"Player 1\" \"Player 2\" }"));
    assert_non_null(strstr(text, "\n0.1 0.30000000000000004\n-1e-300 12345678901234568\n"));
    for (int v = 0; v < 2; v++) {
        mpol_game *h = round_trip(g, (mpol_nfg_version)v);
        assert_null(h->exact); /* 1e-300 does not fit 64-bit rationals */
        assert_same_game(g, h);
        mpol_game_free(h);
    }
    /* Exact payoffs are written as fractions. */
    g->payoff[3] = 0.0;
    assert_int_equal(mpol_game_alloc_exact(g), MPOL_OK);
    g->exact[0] = (mpol_rational){1, 3};
    g->payoff[0] = 1.0 / 3.0;
    g->exact[1] = (mpol_rational){-7, 1};
    g->payoff[1] = -7;
    g->payoff[2] = 0.0;
    f = tmpfile();
    assert_int_equal(mpol_nfg_write(g, f, MPOL_NFG_OUTCOME), MPOL_OK);
    memset(text, 0, sizeof text);
    rewind(f);
    got = fread(text, 1, sizeof text - 1, f);
    fclose(f);
    assert_non_null(strstr(text, "{ \"\" 1/3, -7 }\n{ \"\" 0, 0 }\n}\n1 2\n"));
    mpol_game *h = round_trip(g, MPOL_NFG_OUTCOME);
    assert_same_game(g, h);
    mpol_game_free(h);

    /* Errors: unwritable labels, non-finite payoffs, bad arguments, a full device. */
    mpol_free(g->exact);
    g->exact = NULL;
    f = tmpfile();
    assert_int_equal(mpol_game_set_strategy_name(g, 0, 0, "ends in \\"), MPOL_OK);
    assert_int_equal(mpol_nfg_write(g, f, MPOL_NFG_PAYOFF), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "strategy name"));
    assert_int_equal(mpol_game_set_strategy_name(g, 0, 0, "ok"), MPOL_OK);
    g->payoff[2] = NAN;
    assert_int_equal(mpol_nfg_write(g, f, MPOL_NFG_PAYOFF), MPOL_ENUMERIC);
    g->payoff[2] = 0;
    assert_int_equal(mpol_nfg_write(g, f, (mpol_nfg_version)7), MPOL_EINVAL);
    assert_int_equal(mpol_nfg_write(NULL, f, MPOL_NFG_PAYOFF), MPOL_EINVAL);
    fclose(f);
    FILE *full = fopen("/dev/full", "w");
    if (full != NULL) {
        assert_int_equal(mpol_nfg_write(g, full, MPOL_NFG_PAYOFF), MPOL_EIO);
        assert_string_equal(mpol_last_error(), "write failed: No space left on device");
        fclose(full);
    }
    mpol_game_free(g);
}

static mpol_status oom_body(void *ctx)
{
    const char *text = ctx;
    mpol_game *g = NULL;
    mpol_status st = mpol_nfg_read_string(&g, text, strlen(text), "oom.nfg");
    if (st == MPOL_OK) {
        assert_non_null(g->exact);
        mpol_game_free(g);
    } else {
        assert_null(g);
    }
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    assert_true(mpol_test_oom_loop(oom_body, (void *)e02_outcome) > 10);
    assert_true(mpol_test_oom_loop(oom_body, (void *)e02_payoff) > 10);
    assert_true(mpol_test_oom_loop(oom_body,
                                   (void *)"NFG 1 R \"\" { \"\" \"\" } { { \"x\" \"x\" \"x_1\" } "
                                           "{ \"\" } } \"c\" 1 2 3 4 5 6") > 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_format_examples),
        cmocka_unit_test(test_number_spellings),
        cmocka_unit_test(test_structural_errors),
        cmocka_unit_test(test_label_normalization_and_escapes),
        cmocka_unit_test(test_reference_files),
        cmocka_unit_test(test_writer),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
