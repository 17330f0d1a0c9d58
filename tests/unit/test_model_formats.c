/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Unit tests of the input-format table behind mpol_model_load_file (model/formats.c): each
 * suffix picks its reader (in any case), the kind a Gambit game gets (zero-sum, bimatrix,
 * normal-form, one player), a .efg file a tree model (its reduced strategic form through
 * the tree kind's game accessor; a file without perfect recall falls back to that form as a
 * strategic model), a file with an unknown suffix is sniffed or read as YAML, the
 * suffix wins over the content, and errors of each reader come through unchanged. */
#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#endif
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/model_internal.h"
#include "mpol_test.h"
#include "multipolar/model.h"
#include "multipolar/tree.h"

static const char ZS_NFG[] = "NFG 1 R \"zs\" { \"P1\" \"P2\" } { 2 2 }\n1 -1 -1 1 -1 1 1 -1\n";
static const char BM_NFG[] = "NFG 1 R \"bm\" { \"P1\" \"P2\" } { 2 2 }\n3 3 0 5 5 0 1 1\n";
static const char NF3_NFG[] = "NFG 1 R \"three\" { \"A\" \"B\" \"C\" } { 2 1 1 }\n1 2 3 4 5 6\n";
static const char ONE_NFG[] = "NFG 1 R \"one\" { \"A\" } { 3 }\n1 5 2\n";
static const char ZS_EFG[] = "EFG 2 R \"tree\" { \"P1\" \"P2\" }\n\"\"\n\n"
                             "p \"\" 1 1 \"\" { \"A\" \"B\" } 0\n"
                             "t \"\" 1 \"\" { 1, -1 }\n"
                             "t \"\" 2 \"\" { -2, 2 }\n";
static const char TU_TABLE[] = "0\n0\n0\n1\n";
static const char WVG_CSV[] = "3\n2\n1\n1\n";
static const char ZS_YAML[] = "title: t\nkind: zero-sum\nplayers:\n"
                              "  - name: R\n    strategies: [a, b]\n"
                              "  - name: C\n    strategies: [x, y]\n"
                              "payoffs:\n  - [1, 2]\n  - [3, 4]\n";

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    strcpy(dir, "/tmp/mpol_formats_XXXXXX");
    return mkdtemp(dir) != NULL ? 0 : -1;
}

/* Writes @p text to DIR/NAME; returns the path (static buffer, one at a time). */
static const char *put(const char *name, const char *text)
{
    static char path[160];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return path;
}

static void expect_kind(const char *name, const char *text, const char *format,
                        mpol_model_kind kind)
{
    const char *path = put(name, text);
    assert_string_equal(mpol_i_format_for(path)->name, format);
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_file(&m, path);
    if (st != MPOL_OK)
        fail_msg("%s: %s: %s", name, mpol_status_name(st), mpol_last_error());
    assert_int_equal(mpol_model_get_kind(m), kind);
    assert_string_equal(mpol_model_source(m), path);
    mpol_model_free(m);
    remove(path);
}

static void test_each_suffix(void **state)
{
    (void)state;
    expect_kind("a.nfg", ZS_NFG, "nfg", MPOL_MODEL_ZERO_SUM);
    expect_kind("b.nfg", BM_NFG, "nfg", MPOL_MODEL_BIMATRIX);
    expect_kind("c.nfg", NF3_NFG, "nfg", MPOL_MODEL_NORMAL_FORM);
    expect_kind("one.nfg", ONE_NFG, "nfg", MPOL_MODEL_NORMAL_FORM); /* a decision problem */
    expect_kind("t.efg", ZS_EFG, "efg", MPOL_MODEL_TREE);           /* the game tree itself */
    expect_kind("g.tu", TU_TABLE, "tu-table", MPOL_MODEL_TU);
    expect_kind("g.txt", TU_TABLE, "tu-table", MPOL_MODEL_TU);
    expect_kind("w.csv", WVG_CSV, "wvg-csv", MPOL_MODEL_WEIGHTED_VOTING);
    expect_kind("m.yaml", ZS_YAML, "yaml", MPOL_MODEL_ZERO_SUM);
    expect_kind("m.yml", ZS_YAML, "yaml", MPOL_MODEL_ZERO_SUM);
}

static void test_suffix_case(void **state)
{
    (void)state;
    expect_kind("A.NFG", BM_NFG, "nfg", MPOL_MODEL_BIMATRIX);
    expect_kind("T.Efg", ZS_EFG, "efg", MPOL_MODEL_TREE);
    expect_kind("G.TXT", TU_TABLE, "tu-table", MPOL_MODEL_TU);
    expect_kind("W.CSV", WVG_CSV, "wvg-csv", MPOL_MODEL_WEIGHTED_VOTING);
    expect_kind("M.YAML", ZS_YAML, "yaml", MPOL_MODEL_ZERO_SUM);
}

static void test_unknown_suffix(void **state)
{
    (void)state;
    /* YAML when nothing claims it; Gambit content is sniffed. */
    expect_kind("m.model", ZS_YAML, "yaml", MPOL_MODEL_ZERO_SUM);
    expect_kind("noext", ZS_YAML, "yaml", MPOL_MODEL_ZERO_SUM);
    expect_kind("game.gambit", BM_NFG, "nfg", MPOL_MODEL_BIMATRIX);
    expect_kind("tree",
                "\n  "
                "EFG 2 R \"tree\" { \"P1\" \"P2\" }\n\"\"\n\n"
                "p \"\" 1 1 \"\" { \"A\" \"B\" } 0\nt \"\" 1 \"\" { 1, 2 }\n"
                "t \"\" 2 \"\" { -2, 2 }\n",
                "efg", MPOL_MODEL_TREE);
    /* "NFGX" is no tag: YAML, and a plain scalar is not a model. */
    const char *path = put("odd.dat", "NFGX 1\n");
    assert_string_equal(mpol_i_format_for(path)->name, "yaml");
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_load_file(&m, path), MPOL_EPARSE);
    assert_null(m);
    remove(path);
}

static void test_suffix_wins_over_content(void **state)
{
    (void)state;
    /* A Gambit game named .yaml is read as YAML (and is not a model)... */
    const char *path = put("game.yaml", ZS_NFG);
    assert_string_equal(mpol_i_format_for(path)->name, "yaml");
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_load_file(&m, path), MPOL_EPARSE);
    assert_null(m);
    char want[200];
    snprintf(want, sizeof want, "%s:1:1: ", path);
    assert_non_null(strstr(mpol_last_error(), want));
    remove(path);
    /* ...and a YAML model named .nfg is a Gambit parse error located in the file. */
    path = put("model.nfg", ZS_YAML);
    assert_int_equal(mpol_model_load_file(&m, path), MPOL_EPARSE);
    assert_null(m);
    snprintf(want, sizeof want, "%s:1:", path);
    assert_non_null(strstr(mpol_last_error(), want));
    remove(path);
}

/* The strategic kind of a model's game (as a .nfg file of it would load). */
static mpol_model_kind game_kind_of(const mpol_model *m, mpol_game **game)
{
    assert_int_equal(mpol_model_game(game, m), MPOL_OK);
    return mpol_i_game_kind(*game);
}

static void test_efg_tree_models(void **state)
{
    (void)state;
    /* t.efg: a tree model, and its reduced strategic form is the zero-sum 2x1 game */
    const char *path = put("t.efg", ZS_EFG);
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_load_file(&m, path), MPOL_OK);
    assert_null(mpol_model_description(m));
    mpol_tree *t = NULL;
    assert_int_equal(mpol_model_tree(&t, m), MPOL_OK);
    assert_int_equal(t->nnodes, 3);
    mpol_tree_free(t);
    mpol_game *g = NULL;
    assert_int_equal(game_kind_of(m, &g), MPOL_MODEL_ZERO_SUM);
    assert_int_equal(g->nstrategies[0], 2);
    assert_int_equal(g->nstrategies[1], 1);
    assert_close(g->payoff[0], 1, 0);
    assert_close(g->payoff[2], -2, 0);
    /* eval_game refills the payoffs (and the exact ones) in place */
    g->payoff[0] = g->payoff[2] = 7;
    assert_int_equal(mpol_model_eval_game(m, NULL, g), MPOL_OK);
    assert_close(g->payoff[0], 1, 0);
    assert_close(g->payoff[2], -2, 0);
    assert_non_null(g->exact);
    assert_int_equal(g->exact[2].num, -2);
    mpol_game_free(g);
    /* a game of another shape is refused */
    assert_int_equal(mpol_game_alloc(&g, 2, (size_t[]){3, 1}), MPOL_OK);
    assert_int_equal(mpol_model_eval_game(m, NULL, g), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "not this model's strategic form"));
    mpol_game_free(g);
    mpol_model_free(m);
    remove(path);

    /* one chance set at two nodes (Gambit allows it): each node gets its own set */
    path = put("ch.efg", "EFG 2 R \"ch\" { \"P1\" \"P2\" }\n\"\"\n\n"
                         "p \"\" 1 1 \"\" { \"L\" \"R\" } 0\n"
                         "c \"\" 1 \"\" { \"h\" 1/2 \"t\" 1/2 } 0\n"
                         "t \"\" 1 \"\" { 1, -1 }\nt \"\" 2 \"\" { -1, 1 }\n"
                         "c \"\" 1 \"\" { \"h\" 1/2 \"t\" 1/2 } 0\n"
                         "t \"\" 3 \"\" { 2, -2 }\nt \"\" 4 \"\" { 0, 0 }\n");
    assert_int_equal(mpol_model_load_file(&m, path), MPOL_OK);
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_TREE);
    assert_int_equal(mpol_model_tree(&t, m), MPOL_OK);
    assert_int_equal(t->nnodes, 7);
    assert_int_equal(t->ninfosets, 3);
    assert_int_not_equal(t->infoset[1], t->infoset[4]);
    mpol_tree_free(t);
    assert_int_equal(game_kind_of(m, &g), MPOL_MODEL_ZERO_SUM);
    assert_close(g->payoff[0], 0, 1e-15); /* L: (1 - 1) / 2 */
    assert_close(g->payoff[2], 1, 1e-15); /* R: (2 + 0) / 2 */
    mpol_game_free(g);
    mpol_model_free(m);
    remove(path);

    /* absent-minded, no perfect recall: the reduced strategic form, noted */
    path = put("am.efg", "EFG 2 R \"am\" { \"P1\" }\n\"\"\n\n"
                         "p \"\" 1 1 \"\" { \"a\" \"b\" } 0\n"
                         "p \"\" 1 1 \"\" { \"a\" \"b\" } 0\n"
                         "t \"\" 1 \"\" { 1 }\nt \"\" 2 \"\" { 2 }\nt \"\" 3 \"\" { 3 }\n");
    assert_int_equal(mpol_model_load_file(&m, path), MPOL_OK);
    assert_int_equal(mpol_model_get_kind(m), MPOL_MODEL_NORMAL_FORM);
    assert_string_equal(mpol_model_description(m),
                        "no perfect recall: loaded as its reduced strategic form");
    assert_string_equal(mpol_model_source(m), path);
    assert_int_equal(mpol_model_game(&g, m), MPOL_OK);
    assert_int_equal(g->nstrategies[0], 2);
    assert_close(g->payoff[0], 1, 0);
    assert_close(g->payoff[1], 3, 0);
    mpol_game_free(g);
    mpol_model_free(m);
    remove(path);

    /* other tree errors still refuse the file, located */
    path = put("bad.efg", "EFG 2 R \"x\" { \"P1\" }\n\"\"\n\np \"\" 1 1 \"\" { \"a\" } 0\n");
    assert_int_equal(mpol_model_load_file(&m, path), MPOL_EPARSE);
    assert_null(m);
    char want[200];
    snprintf(want, sizeof want, "%s:", path);
    assert_non_null(strstr(mpol_last_error(), want));
    remove(path);
}

static void test_missing_files(void **state)
{
    (void)state;
    static const char *const names[] = {"none.nfg", "none.efg",  "none.tu",  "none.txt",
                                        "none.csv", "none.yaml", "none.dat", "none"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        char path[160];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        mpol_model *m = (mpol_model *)&m;
        assert_int_equal(mpol_model_load_file(&m, path), MPOL_EIO);
        assert_null(m);
        assert_non_null(strstr(mpol_last_error(), "cannot open"));
        assert_non_null(strstr(mpol_last_error(), names[i]));
    }
    assert_int_equal(mpol_model_load_file(NULL, "x.yaml"), MPOL_EINVAL);
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_load_file(&m, NULL), MPOL_EINVAL);
}

static int remove_dir(void **state)
{
    (void)state;
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_suffix),    cmocka_unit_test(test_suffix_case),
        cmocka_unit_test(test_unknown_suffix), cmocka_unit_test(test_suffix_wins_over_content),
        cmocka_unit_test(test_missing_files),  cmocka_unit_test(test_efg_tree_models),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
