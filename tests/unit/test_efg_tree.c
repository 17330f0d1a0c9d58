/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of reading Gambit .efg files natively into a game tree and writing trees back:
 * every .efg of Gambit's collection reads (or is refused for lacking perfect recall, as
 * Gambit's INDEX.tsv says), known structure of a few files, read -> write -> read gives the
 * identical tree (names, payoffs bit for bit, exactness), the tree's expected payoffs under
 * each pure profile of the old reduced strategic form equal that form's payoffs, outcomes on
 * inner nodes accumulated, error paths with line:column, the node limit, random trees built
 * through the API written and read back bit for bit, write errors, allocation failures.
 */
#define _POSIX_C_SOURCE 200809L /* pipe(), for the unseekable-file test */

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mpol_test.h"
#include "multipolar/efg.h"
#include "multipolar/tree.h"

/* Reference files whose tree was compared with the strategic-form route. */
#define COMPARED_FILES 143

static mpol_tree *tree_ok(const char *text)
{
    mpol_tree *t = NULL;
    mpol_status st = mpol_efg_read_tree_string(&t, text, strlen(text), "t.efg");
    if (st != MPOL_OK)
        fail_msg("read failed: %s: %s", mpol_status_name(st), mpol_last_error());
    assert_true(t->finalized);
    return t;
}

/* The read fails with @p st and a message that starts with "t.efg:POS: " (POS "" for
 * "t.efg: ") and contains @p msg. */
static void tree_fails(const char *text, mpol_status st, const char *pos, const char *msg)
{
    mpol_tree *t = (mpol_tree *)1;
    mpol_status got = mpol_efg_read_tree_string(&t, text, strlen(text), "t.efg");
    if (got != st)
        fail_msg("status %s (%s), expected %s", mpol_status_name(got), mpol_last_error(),
                 mpol_status_name(st));
    assert_null(t);
    char prefix[64];
    if (pos[0] != '\0')
        snprintf(prefix, sizeof prefix, "t.efg:%s: ", pos);
    else
        snprintf(prefix, sizeof prefix, "t.efg: ");
    if (strncmp(mpol_last_error(), prefix, strlen(prefix)) != 0 ||
        strstr(mpol_last_error(), msg) == NULL)
        fail_msg("message '%s', expected prefix '%s' and '%s'", mpol_last_error(), prefix, msg);
}

/* What mpol_tree_write_efg writes, as a malloc'd NUL-terminated string. */
static char *write_string(const mpol_tree *t, size_t *len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    mpol_status st = mpol_tree_write_efg(t, f);
    if (st != MPOL_OK)
        fail_msg("write failed: %s", mpol_last_error());
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    *len = (size_t)n;
    return buf;
}

static int same_str(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    return strcmp(a, b) == 0;
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static int same_rat(mpol_rational a, mpol_rational b)
{
    return a.num == b.num && a.den == b.den;
}

/* Fails unless @p a and @p b are the same tree (structure, names, labels, numbers bit for
 * bit, exact values). */
static void assert_same_tree(const mpol_tree *a, const mpol_tree *b, const char *what)
{
#define SAME(cond)                                                                                 \
    do {                                                                                           \
        if (!(cond))                                                                               \
            fail_msg("%s: trees differ: %s", what, #cond);                                         \
    } while (0)
    SAME(same_str(a->title, b->title));
    SAME(a->nplayers == b->nplayers);
    for (size_t p = 0; p < a->nplayers; p++)
        SAME(same_str(a->players[p], b->players[p]));
    SAME(a->nnodes == b->nnodes);
    SAME(a->ninfosets == b->ninfosets);
    SAME(a->nactions == b->nactions);
    size_t np = a->nplayers;
    for (size_t n = 0; n < a->nnodes; n++) {
        SAME(a->type[n] == b->type[n]);
        SAME(a->parent[n] == b->parent[n]);
        SAME(a->action[n] == b->action[n]);
        SAME(a->infoset[n] == b->infoset[n]);
        SAME(same_str(a->label[n], b->label[n]));
        for (size_t p = 0; p < np; p++)
            SAME(same_bits(a->payoff[n * np + p], b->payoff[n * np + p]));
    }
    for (size_t h = 0; h < a->ninfosets; h++) {
        SAME(a->iset_player[h] == b->iset_player[h]);
        SAME(a->iset_action_off[h + 1] == b->iset_action_off[h + 1]);
        SAME(same_str(a->iset_label[h], b->iset_label[h]));
    }
    for (size_t x = 0; x < a->nactions; x++) {
        SAME(same_str(a->action_name[x], b->action_name[x]));
        SAME(same_bits(a->action_prob[x], b->action_prob[x]));
    }
    /* An exact tree stays exact; one without exact values may gain them (its shortest
     * decimals read back as exact rationals when all of them fit 64 bits). */
    if (a->payoff_exact != NULL) {
        SAME(b->payoff_exact != NULL);
        SAME(a->action_prob_exact != NULL && b->action_prob_exact != NULL);
    }
    if (a->payoff_exact != NULL)
        for (size_t n = 0; n < a->nnodes; n++)
            if (a->type[n] == MPOL_TREE_TERMINAL)
                for (size_t p = 0; p < np; p++)
                    SAME(same_rat(a->payoff_exact[n * np + p], b->payoff_exact[n * np + p]));
    if (a->action_prob_exact != NULL)
        for (size_t x = 0; x < a->nactions; x++)
            SAME(same_rat(a->action_prob_exact[x], b->action_prob_exact[x]));
    SAME(a->perfect_information == b->perfect_information);
#undef SAME
}

/* Writes @p t and reads it back; the result must be the same tree. */
static void check_round_trip(const mpol_tree *t, const char *what)
{
    size_t len;
    char *text = write_string(t, &len);
    mpol_tree *back = NULL;
    mpol_status st = mpol_efg_read_tree_string(&back, text, len, "back.efg");
    if (st != MPOL_OK)
        fail_msg("%s: the written file does not read back: %s\n%s", what, mpol_last_error(), text);
    assert_same_tree(t, back, what);
    /* Writing the read-back tree gives the same text (when no exactness was gained). */
    if ((t->payoff_exact == NULL) == (back->payoff_exact == NULL)) {
        size_t len2;
        char *text2 = write_string(back, &len2);
        if (len2 != len || memcmp(text, text2, len) != 0)
            fail_msg("%s: the second write differs", what);
        free(text2);
    }
    free(text);
    mpol_tree_free(back);
}

/* ---------------------------------------------------------------------------------------- */

/* The tree's expected payoffs under the behaviour profile of each pure profile of the old
 * reduced strategic form equal the form's payoffs. Strategy names are Gambit 16's: one
 * 1-based action digit (or '*') per own information set in order of first appearance,
 * which is the tree's order of the player's sets. 0: not comparable (more than 9 actions,
 * or the form is too large). */
static int compare_with_strategic_form(const mpol_tree *t, const char *path)
{
    for (size_t h = 0; h < t->ninfosets; h++)
        if (t->iset_player[h] != MPOL_TREE_CHANCE &&
            t->iset_action_off[h + 1] - t->iset_action_off[h] > 9)
            return 0;
    mpol_efg_opts opts;
    mpol_efg_opts_init(&opts);
    opts.max_profiles = 4096;
    mpol_game *g = NULL;
    mpol_status st = mpol_efg_read_file(&g, path, &opts);
    if (st == MPOL_ELIMIT)
        return 0;
    if (st != MPOL_OK)
        fail_msg("%s: %s", path, mpol_last_error());
    size_t np = t->nplayers;
    assert_int_equal(g->nplayers, np);
    size_t *prof = malloc(np * sizeof *prof);
    double *beh = malloc(t->nactions * sizeof *beh);
    assert_non_null(prof);
    assert_non_null(beh);
    double range = t->payoff_max - t->payoff_min;
    for (size_t c = 0; c < g->ncells; c++) {
        mpol_game_profile(g, c, prof);
        memset(beh, 0, t->nactions * sizeof *beh);
        for (size_t p = 0; p < np; p++) {
            const char *s = g->strategy_names[p][prof[p]];
            size_t k = 0;
            for (size_t h = 0; h < t->ninfosets; h++) {
                if (t->iset_player[h] != p)
                    continue;
                if (s[k] == '\0')
                    fail_msg("%s: strategy '%s' of player %zu is too short", path, s, p + 1);
                size_t a = s[k] == '*' ? 0 : (size_t)(s[k] - '1');
                assert_true(a < t->iset_action_off[h + 1] - t->iset_action_off[h]);
                beh[t->iset_action_off[h] + a] = 1.0;
                k++;
            }
            if (k == 0)
                assert_string_equal(s, "*");
            else if (s[k] != '\0')
                fail_msg("%s: strategy '%s' of player %zu is too long", path, s, p + 1);
        }
        mpol_tree_check *chk = NULL;
        if (mpol_tree_certify(&chk, t, beh, 0) != MPOL_OK)
            fail_msg("%s: certify: %s", path, mpol_last_error());
        for (size_t p = 0; p < np; p++)
            if (fabs(chk->value[p] - g->payoff[c * np + p]) > 1e-9 * (1 + range))
                fail_msg("%s: profile %zu, player %zu: tree %.17g, strategic form %.17g", path, c,
                         p + 1, chk->value[p], g->payoff[c * np + p]);
        mpol_tree_check_free(chk);
    }
    free(prof);
    free(beh);
    mpol_game_free(g);
    return 1;
}

static void test_reference_files(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    FILE *idx = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    int read = 0, no_recall = 0, compared = 0, exact = 0;
    while (mpol_test_gambit_next(idx, &row)) {
        if (strstr(row.file, ".efg") == NULL)
            continue;
        const char *path = mpol_test_gambit_path(row.file);
        char where[4096];
        snprintf(where, sizeof where, "%s", path);
        mpol_tree *t = NULL;
        mpol_status st = mpol_efg_read_tree_file(&t, where);
        if (st != MPOL_OK) {
            /* Refused only for lacking perfect recall, with the path in front, and only
             * where Gambit's index says so (holdout.efg: a one-action set met twice on a
             * path; Gambit 17 refuses that file for its labels, the index has no verdict). */
            char prefix[4200];
            snprintf(prefix, sizeof prefix, "%s: information set ", where);
            if (st != MPOL_EINVAL || strncmp(mpol_last_error(), prefix, strlen(prefix)) != 0 ||
                strstr(mpol_last_error(), "perfect recall") == NULL)
                fail_msg("%s: %s: %s", row.file, mpol_status_name(st), mpol_last_error());
            if (strcmp(row.recall, "imperfectrecall") != 0 &&
                strstr(row.file, "holdout.efg") == NULL)
                fail_msg("%s: refused (%s) but the index says '%s'", row.file, mpol_last_error(),
                         row.recall);
            assert_null(t);
            no_recall++;
            continue;
        }
        if (strcmp(row.recall, "imperfectrecall") == 0)
            fail_msg("%s: read although the index says it lacks perfect recall", row.file);
        read++;
        exact += t->payoff_exact != NULL;
        check_round_trip(t, row.file);
        compared += compare_with_strategic_form(t, where);
        mpol_tree_free(t);
    }
    fclose(idx);
    assert_int_equal(read + no_recall, 174);
    assert_int_equal(read, 147);
    assert_int_equal(no_recall, 27);
    assert_int_equal(exact, 146); /* large_payoff_game.efg has payoffs beyond 64 bits */
    assert_int_equal(compared, COMPARED_FILES);
}

/* An allocator that counts live and peak bytes (a 16-byte header holds each size). */
static size_t live_bytes, peak_bytes;

static void *count_malloc(size_t size)
{
    unsigned char *p = malloc(size + 16);
    if (p == NULL)
        return NULL;
    memcpy(p, &size, sizeof size);
    live_bytes += size;
    if (live_bytes > peak_bytes)
        peak_bytes = live_bytes;
    return p + 16;
}

static void count_free(void *ptr)
{
    if (ptr == NULL)
        return;
    unsigned char *p = (unsigned char *)ptr - 16;
    size_t size;
    memcpy(&size, p, sizeof size);
    live_bytes -= size;
    free(p);
}

static void *count_realloc(void *ptr, size_t size)
{
    if (ptr == NULL)
        return count_malloc(size);
    unsigned char *p = (unsigned char *)ptr - 16;
    size_t old;
    memcpy(&old, p, sizeof old);
    unsigned char *q = realloc(p, size + 16);
    if (q == NULL)
        return NULL;
    memcpy(q, &size, sizeof size);
    live_bytes = live_bytes - old + size;
    if (live_bytes > peak_bytes)
        peak_bytes = live_bytes;
    return q + 16;
}

/* Node, set and player counts read off the files with grep (c/p/t lines, distinct
 * (player, number) pairs). */
static void test_known_structure(void **state)
{
    (void)state;
    if (!mpol_test_have_shared())
        skip();
    mpol_tree *t = NULL;
    /* montyhal.efg, whose reduced strategic form needs gigabytes: milliseconds, and at most
     * 256 KiB at the peak through the library's allocator (the lexer's 64 KiB window
     * included). */
    const mpol_allocator counting = {count_malloc, count_realloc, count_free};
    live_bytes = peak_bytes = 0;
    mpol_set_allocator(&counting);
    double t0 = mpol_test_wall();
    mpol_status st = mpol_efg_read_tree_file(
        &t, mpol_test_shared("reference/gambit-games/contrib/games/montyhal.efg"));
    double dt = mpol_test_wall() - t0;
    size_t peak = peak_bytes, kept = live_bytes;
    mpol_tree_free(t);
    mpol_set_allocator(NULL);
    assert_int_equal(st, MPOL_OK);
    assert_int_equal(live_bytes, 0);
    print_message("montyhal.efg: %.2f ms, peak %zu bytes, tree %zu bytes\n", dt * 1e3, peak, kept);
    assert_true(dt < 0.25);
    assert_true(peak < 256 * 1024);
    assert_int_equal(mpol_efg_read_tree_file(
                         &t, mpol_test_shared("reference/gambit-games/contrib/games/montyhal.efg")),
                     MPOL_OK);
    assert_int_equal(t->nnodes, 67);
    assert_int_equal(t->nplayers, 2);
    assert_int_equal(t->ninfosets, 17); /* 7 + 9 + 1 chance */
    size_t count[3] = {0, 0, 0};
    for (size_t n = 0; n < t->nnodes; n++)
        count[t->type[n]]++;
    assert_int_equal(count[MPOL_TREE_TERMINAL], 36);
    assert_int_equal(count[MPOL_TREE_DECISION], 30);
    assert_int_equal(count[MPOL_TREE_CHANCE_NODE], 1);
    assert_false(t->perfect_information);
    assert_non_null(t->payoff_exact);
    assert_string_equal(t->players[1], "Player 2");
    mpol_tree_free(t);

    assert_int_equal(mpol_efg_read_tree_file(
                         &t, mpol_test_shared("reference/gambit-games/contrib/games/ttt.efg")),
                     MPOL_OK);
    assert_int_equal(t->nnodes, 168);
    assert_int_equal(t->ninfosets, 35);
    assert_true(t->perfect_information);
    mpol_tree_free(t);

    /* Myerson's one-card poker: chance 1/2 - 1/2, Fred's two sets, Alice's one. */
    assert_int_equal(
        mpol_efg_read_tree_file(
            &t, mpol_test_shared("reference/gambit-games/catalog/books/myerson1991/fig2_1.efg")),
        MPOL_OK);
    assert_int_equal(t->nnodes, 11);
    assert_int_equal(t->ninfosets, 4);
    assert_string_equal(t->title, "A simple Poker game");
    assert_string_equal(t->players[0], "Fred");
    assert_int_equal(t->iset_player[0], MPOL_TREE_CHANCE);
    assert_string_equal(t->action_name[0], "Red");
    assert_true(t->action_prob_exact[0].num == 1 && t->action_prob_exact[0].den == 2);
    assert_int_equal(t->iset_player[1], 0);
    assert_int_equal(t->iset_player[2], 1);
    assert_int_equal(t->iset_node_off[3] - t->iset_node_off[2], 2); /* Alice's set */
    /* The third node is Alice's after Red, Raise; Meet gives "Win Big" (2, -2). */
    assert_int_equal(t->infoset[2], 2);
    size_t win_big = t->child[t->child_off[2]];
    assert_true(t->payoff[win_big * 2] == 2 && t->payoff[win_big * 2 + 1] == -2);
    /* Actions: chance 0-1, Fred's first set 2-3, Alice's 4-5, Fred's second set 6-7.
     * Fred raises on Red and folds on Black, Alice meets: (2 + -1) / 2 = 1/2 for Fred. */
    double beh[8] = {0};
    beh[2] = beh[7] = beh[4] = 1;
    mpol_tree_check *chk = NULL;
    assert_int_equal(mpol_tree_certify(&chk, t, beh, 0), MPOL_OK);
    assert_close(chk->value[0], 0.5, 1e-12);
    assert_close(chk->value[1], -0.5, 1e-12);
    mpol_tree_check_free(chk);
    mpol_tree_free(t);
}

/* Outcomes on inner nodes and a reused outcome number are summed down to each terminal,
 * exactly; labels kept; empty and repeated action names normalised. */
static void test_accumulated_outcomes(void **state)
{
    (void)state;
    mpol_tree *t =
        tree_ok("EFG 2 R \"acc\" { \"A\" \"B\" }\n"
                "c \"root\" 1 \"nature\" { \"x\" 1/3 \"x\" 2/3 } 1 \"bonus\" { 1/2, 1 }\n"
                "p \"a\" 1 1 \"I\" { \"\" \"\" \"L\" } 2 \"cost\" { -1/3 0 }\n"
                "t \"end1\" 1\n"
                "t \"\" 0\n"
                "t \"end3\" 2\n"
                "t \"b\" 3 \"big\" { 1e3, -2.5 }\n");
    assert_string_equal(t->title, "acc");
    assert_int_equal(t->nnodes, 6);
    assert_string_equal(t->label[0], "root");
    assert_null(t->label[3]); /* "" */
    assert_string_equal(t->iset_label[0], "nature");
    assert_string_equal(t->action_name[0], "x_1");
    assert_string_equal(t->action_name[1], "x_2");
    assert_string_equal(t->action_name[2], "_1");
    assert_string_equal(t->action_name[3], "_2");
    assert_string_equal(t->action_name[4], "L");
    assert_non_null(t->payoff_exact);
    /* node 2 (end1): bonus + cost + bonus = (1/2 - 1/3 + 1/2, 2) = (2/3, 2) */
    assert_true(t->payoff_exact[4].num == 2 && t->payoff_exact[4].den == 3);
    assert_true(t->payoff_exact[5].num == 2 && t->payoff_exact[5].den == 1);
    assert_true(same_bits(t->payoff[4], 2.0 / 3.0));
    /* node 3: bonus + cost = (1/6, 1) */
    assert_true(t->payoff_exact[6].num == 1 && t->payoff_exact[6].den == 6);
    assert_true(t->payoff[7] == 1);
    /* node 4: bonus + cost + cost = (-1/6, 1) */
    assert_true(t->payoff_exact[8].num == -1 && t->payoff_exact[8].den == 6);
    /* node 5: bonus + big = (1000.5, -1.5) */
    assert_true(t->payoff[10] == 1000.5 && t->payoff[11] == -1.5);
    assert_true(t->action_prob_exact[1].num == 2 && t->action_prob_exact[1].den == 3);
    assert_true(same_bits(t->action_prob[0], 1.0 / 3.0));
    check_round_trip(t, "accumulated");
    mpol_tree_free(t);

    /* A number beyond 64-bit rationals: doubles only, summed along the path. */
    t = tree_ok("EFG 2 R \"\" { \"A\" } \"\"\n"
                "p \"\" 1 1 \"\" { \"l\" \"r\" } 1 \"\" { 0.1 }\n"
                "t \"\" 2 \"\" { 123456789012345678901234567890 }\n"
                "t \"\" 3 \"\" { 0.2 }\n");
    assert_null(t->payoff_exact);
    assert_null(t->action_prob_exact);
    assert_true(same_bits(t->payoff[1], 0.1 + 123456789012345678901234567890.0));
    assert_true(same_bits(t->payoff[2], 0.1 + 0.2));
    check_round_trip(t, "inexact");
    mpol_tree_free(t);

    /* Exact trees get the correctly rounded doubles of their rationals: 0.1 + 0.2 is 3/10,
     * whose double is 0.3 (not 0.1 + 0.2 in double); a fraction whose numerator exceeds
     * 2^53 is rounded once (strtod of its decimal), not as num and den separately. */
    t = tree_ok("EFG 2 R \"\" { \"A\" \"B\" }\n"
                "p \"\" 1 1 \"\" { \"l\" \"r\" } 1 \"\" { 0.1, 1/3 }\n"
                "t \"\" 2 \"\" { 0.2, 12345678901234567/100000000000000 }\n"
                "t \"\" 3 \"\" { -9007199254740993, 1/10 }\n");
    assert_non_null(t->payoff_exact);
    assert_true(same_bits(t->payoff[2], 0.3));
    assert_false(same_bits(t->payoff[2], 0.1 + 0.2));
    /* 1/3 + 12345678901234567/10^14 = (10^14 + 37037036703703701) / (3 10^14) */
    assert_true(t->payoff_exact[3].num == 37137036703703701 &&
                t->payoff_exact[3].den == 300000000000000);
    assert_true(same_bits(t->payoff[3], strtod("123.79012234567900333333333333333", NULL)));
    assert_true(same_bits(t->payoff[4], 0.1 - 9007199254740993.0));
    check_round_trip(t, "rounding");
    mpol_tree_free(t);

    /* Without exact values, chance probabilities are written so that they read back: 1/3
     * and 2/3 as doubles have shortest decimals 0.3333333333333333 and 0.6666666666666666,
     * which sum to less than 1 as rationals (the reader would refuse them), so their exact
     * expansions are written (too long for 64 bits: checked in double); 1/4 and 3/4 stay
     * short. (Found by fuzz_efg.) */
    t = tree_ok("EFG 2 R \"\" { \"A\" }\n"
                "c \"\" 1 \"\" { \"h\" 1/3 \"l\" 2/3 } 0\n"
                "c \"\" 2 \"\" { \"h\" 1/4 \"l\" 3/4 } 0\n"
                "t \"\" 1 \"\" { 123456789012345678901234567890 }\nt \"\" 2 \"\" { 1 }\n"
                "t \"\" 3 \"\" { 2 }\n");
    assert_null(t->payoff_exact);
    size_t len;
    char *text = write_string(t, &len);
    assert_non_null(strstr(text,
                           "\"h\" 0.333333333333333314829616256247390992939472198486328125 "
                           "\"l\" 0.66666666666666662965923251249478198587894439697265625 }"));
    assert_non_null(strstr(text, "\"h\" 0.25 \"l\" 0.75 }"));
    free(text);
    check_round_trip(t, "inexact chance");
    mpol_tree_free(t);

    /* One player, a bare terminal root. */
    t = tree_ok("EFG 2 R \"solo\" { \"\" } t \"\" 1 \"o\" { 7 }");
    assert_int_equal(t->nnodes, 1);
    assert_string_equal(t->players[0], "_1");
    assert_true(t->payoff[0] == 7);
    check_round_trip(t, "solo");
    mpol_tree_free(t);
}

static void test_errors(void **state)
{
    (void)state;
    const char *hd = "EFG 2 R \"\" { \"A\" \"B\" }\n";
    char buf[1024];
#define WITH(body) (snprintf(buf, sizeof buf, "%s%s", hd, body), buf)
    /* truncated: the second child of the root is missing */
    tree_fails(WITH("p \"\" 1 1 \"\" { \"l\" \"r\" } 0\nt \"\" 0\n"), MPOL_EPARSE, "4:1",
               "expected a node");
    tree_fails("EFG 2 R \"\" { \"A\" ", MPOL_EPARSE, "1:18", "expected '}'");
    tree_fails("", MPOL_EPARSE, "1:1", "EFG");
    /* probabilities */
    tree_fails(WITH("c \"\" 1 \"\" { \"h\" 1/2 \"t\" 1/3 } 0\nt \"\" 0\nt \"\" 0\n"), MPOL_EPARSE,
               "2:29", "chance probabilities sum to");
    tree_fails(WITH("c \"\" 1 \"\" { \"h\" -1/2 \"t\" 3/2 } 0\nt \"\" 0\nt \"\" 0\n"), MPOL_EPARSE,
               "2:17", "negative probability '-1/2'");
    /* an outcome referenced before it is defined */
    tree_fails(WITH("p \"\" 1 1 \"\" { \"l\" \"r\" } 0\nt \"\" 1\nt \"\" 0\n"), MPOL_EPARSE, "3:6",
               "outcome not defined");
    /* an information set restated with other actions */
    tree_fails(WITH("p \"\" 1 1 \"\" { \"l\" \"r\" } 0\n"
                    "p \"\" 2 1 \"\" { \"a\" \"b\" } 0\nt \"\" 0\nt \"\" 0\n"
                    "p \"\" 2 1 \"\" { \"a\" \"c\" } 0\nt \"\" 0\nt \"\" 0\n"),
               MPOL_EPARSE, "6:8", "information set does not match its previous definition");
    tree_fails(WITH("p \"\" 1 1 \"\" { \"l\" \"r\" } 0\n"
                    "p \"\" 1 2 0\nt \"\" 0\nt \"\" 0\nt \"\" 0\n"),
               MPOL_EPARSE, "3:8", "referencing an undefined infoset");
    tree_fails(WITH("p \"\" 3 1 \"\" { \"l\" } 0\nt \"\" 0\n"), MPOL_EPARSE, "2:6", "player id");
    tree_fails(WITH("t \"\" 1 \"\" { 1 2 }\nt \"\" 0\n"), MPOL_EPARSE, "3:1",
               "expected end-of-file");
    tree_fails(WITH("t \"\" 1 \"\" { 1/0 2 }\n"), MPOL_ENUMERIC, "2:13", "division by zero");
    /* accumulated payoffs out of double range */
    tree_fails(WITH("p \"\" 1 1 \"\" { \"l\" } 1 \"\" { 1e308, 0 }\nt \"\" 2 \"\" { 1e308, 0 }\n"),
               MPOL_ENUMERIC, "", "out of double range");
    /* perfect recall: B's set has nodes after A's l and A's r (A forgets nothing, B does not
     * see A: fine); A's second set has nodes after A's l and after A's r: A forgot. */
    tree_fails(WITH("p \"\" 1 1 \"first\" { \"l\" \"r\" } 0\n"
                    "p \"\" 1 2 \"again\" { \"x\" \"y\" } 0\nt \"\" 0\nt \"\" 0\n"
                    "p \"\" 1 2 0\nt \"\" 0\nt \"\" 0\n"),
               MPOL_EINVAL, "",
               "information set 'again' of player 'A': its nodes number 2 and number 5 differ "
               "in 'A''s earlier moves (the tree lacks perfect recall)");
    /* absent-minded driver: one set met twice on a path */
    tree_fails(WITH("p \"\" 1 1 \"d\" { \"exit\" \"on\" } 0\nt \"\" 0\n"
                    "p \"\" 1 1 0\nt \"\" 0\nt \"\" 0\n"),
               MPOL_EINVAL, "", "is met twice on one path");
    /* NULL arguments, a missing file */
    mpol_tree *t = (mpol_tree *)1;
    assert_int_equal(mpol_efg_read_tree_string(NULL, "", 0, "x"), MPOL_EINVAL);
    assert_int_equal(mpol_efg_read_tree_string(&t, NULL, 3, "x"), MPOL_EINVAL);
    assert_null(t);
    t = (mpol_tree *)1;
    assert_int_equal(mpol_efg_read_tree_file(&t, NULL), MPOL_EINVAL);
    assert_null(t);
    assert_int_equal(mpol_efg_read_tree_file(NULL, "x.efg"), MPOL_EINVAL);
    assert_int_equal(mpol_efg_read_tree_file(&t, "/nonexistent/x.efg"), MPOL_EIO);
    assert_non_null(strstr(mpol_last_error(), "/nonexistent/x.efg: cannot open"));
#undef WITH
}

/* The node limit is the model-cells limit (while reading, before the node is stored). */
static void test_node_limit(void **state)
{
    (void)state;
    const char *text = "EFG 2 R \"\" { \"A\" }\np \"\" 1 1 \"\" { \"l\" \"r\" } 0\n"
                       "t \"\" 0\nt \"\" 0\n";
    size_t old = mpol_limit_get(MPOL_LIMIT_MODEL_CELLS);
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_MODEL_CELLS, 2), MPOL_OK);
    tree_fails(text, MPOL_ELIMIT, "4:1", "more than 2 nodes (the model-cells limit");
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_MODEL_CELLS, 3), MPOL_OK);
    mpol_tree *t = tree_ok(text);
    mpol_tree_free(t);
    /* The strategic-form route has no node limit. */
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_MODEL_CELLS, 2), MPOL_OK);
    mpol_game *g = NULL;
    assert_int_equal(mpol_efg_read_string(&g, text, strlen(text), "t.efg", NULL), MPOL_OK);
    mpol_game_free(g);
    assert_int_equal(mpol_limit_set(MPOL_LIMIT_MODEL_CELLS, old), MPOL_OK);
}

/* Seeded random trees built through the API (random shapes grown breadth first, so their
 * node numbers are not the file's prefix order; players, chance, random doubles or
 * rationals, quotes in names): written and read back bit for bit. */
static void test_random_round_trips(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20261203);
    int reps = mpol_test_reps(200), exact_seen = 0;
    for (int rep = 0; rep < reps; rep++) {
        size_t np = (size_t)mpol_test_rng_int(&rng, 1, 3);
        int exact = mpol_test_rng_int(&rng, 0, 1) != 0;
        mpol_tree *t = NULL;
        assert_int_equal(mpol_tree_alloc(&t, np, NULL), MPOL_OK);
        assert_int_equal(mpol_tree_set_title(t, rep % 2 ? "random \"tree\"" : ""), MPOL_OK);
        /* A perfect-information tree grown breadth first, with chance nodes. */
        size_t queue[256], nq = 0, head = 0;
        size_t root;
        size_t h;
        const char *names[3] = {"a", "b \"q\"", NULL};
        int chance = mpol_test_rng_int(&rng, 0, 3) == 0;
        double probs[3] = {0.25, 0.75, 0};
        mpol_rational rprobs[2] = {{1, 4}, {3, 4}};
        if (chance)
            assert_int_equal(
                mpol_tree_add_infoset(&h, t, MPOL_TREE_CHANCE, 2, names, probs, "nature"), MPOL_OK);
        else
            assert_int_equal(mpol_tree_add_infoset(&h, t, 0, 3, names, NULL, NULL), MPOL_OK);
        if (chance && exact)
            assert_int_equal(mpol_tree_set_exact_probs(t, h, rprobs), MPOL_OK);
        assert_int_equal(mpol_tree_add_node(&root, t, MPOL_TREE_NONE, h, NULL, "root"), MPOL_OK);
        queue[nq++] = root;
        size_t budget = (size_t)mpol_test_rng_int(&rng, 1, 30);
        while (head < nq) {
            size_t par = queue[head++];
            size_t ph = t->infoset[par];
            size_t nch = t->iset_action_off[ph + 1] - t->iset_action_off[ph];
            for (size_t k = 0; k < nch; k++) {
                size_t id;
                if (budget > 0 && nq < 200 && mpol_test_rng_int(&rng, 0, 2) != 0) {
                    budget--;
                    size_t pl = (size_t)mpol_test_rng_int(&rng, 0, (long)np - 1);
                    size_t na = (size_t)mpol_test_rng_int(&rng, 1, 3);
                    size_t hh;
                    assert_int_equal(
                        mpol_tree_add_infoset(&hh, t, pl, na, NULL, NULL, k == 0 ? "h" : NULL),
                        MPOL_OK);
                    assert_int_equal(mpol_tree_add_node(&id, t, par, hh, NULL, NULL), MPOL_OK);
                    queue[nq++] = id;
                } else {
                    double pay[3];
                    mpol_rational rp[3];
                    for (size_t p = 0; p < np; p++) {
                        rp[p] = (mpol_rational){mpol_test_rng_int(&rng, -50, 50),
                                                mpol_test_rng_int(&rng, 1, 7)};
                        pay[p] = exact ? (double)rp[p].num / (double)rp[p].den
                                       : (mpol_test_rng_uniform(&rng) - 0.5) * 1e3;
                    }
                    assert_int_equal(mpol_tree_add_node(&id, t, par, MPOL_TREE_NONE, pay,
                                                        k == 1 ? "leaf" : NULL),
                                     MPOL_OK);
                    if (exact)
                        assert_int_equal(mpol_tree_set_exact_payoff(t, id, rp), MPOL_OK);
                }
            }
        }
        assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
        exact_seen += t->payoff_exact != NULL;
        assert_true((t->payoff_exact != NULL) == exact);
        size_t len;
        char *text = write_string(t, &len);
        mpol_tree *back = NULL;
        if (mpol_efg_read_tree_string(&back, text, len, "r.efg") != MPOL_OK)
            fail_msg("rep %d: %s\n%s", rep, mpol_last_error(), text);
        assert_int_equal(back->nnodes, t->nnodes);
        assert_int_equal(back->ninfosets, t->ninfosets);
        if (exact)
            assert_non_null(back->payoff_exact);
        assert_string_equal(back->title, t->title);
        /* Walk both trees in prefix order side by side. */
        size_t sa[256], sb[256], d = 1;
        sa[0] = sb[0] = 0;
        while (d > 0) {
            d--;
            size_t a = sa[d], b = sb[d];
            assert_int_equal(t->type[a], back->type[b]);
            assert_true(same_str(t->label[a], back->label[b]));
            for (size_t p = 0; p < np; p++) {
                assert_true(same_bits(t->payoff[a * np + p], back->payoff[b * np + p]));
                if (exact && t->type[a] == MPOL_TREE_TERMINAL) {
                    mpol_rational x = t->payoff_exact[a * np + p],
                                  y = back->payoff_exact[b * np + p];
                    assert_true(x.num * y.den == y.num * x.den); /* unreduced on the left */
                }
            }
            if (t->type[a] == MPOL_TREE_TERMINAL)
                continue;
            size_t ha = t->infoset[a], hb = back->infoset[b];
            assert_int_equal(t->iset_player[ha], back->iset_player[hb]);
            assert_true(same_str(t->iset_label[ha], back->iset_label[hb]));
            size_t na = t->iset_action_off[ha + 1] - t->iset_action_off[ha];
            assert_int_equal(na, back->iset_action_off[hb + 1] - back->iset_action_off[hb]);
            for (size_t k = 0; k < na; k++) {
                size_t xa = t->iset_action_off[ha] + k, xb = back->iset_action_off[hb] + k;
                assert_string_equal(t->action_name[xa], back->action_name[xb]);
                assert_true(same_bits(t->action_prob[xa], back->action_prob[xb]));
            }
            for (size_t k = na; k-- > 0;) {
                sa[d] = t->child[t->child_off[a] + k];
                sb[d] = back->child[back->child_off[b] + k];
                d++;
            }
        }
        check_round_trip(back, "random");
        free(text);
        mpol_tree_free(back);
        mpol_tree_free(t);
    }
    assert_true(exact_seen > 0 && exact_seen < reps);
}

static void test_write_errors(void **state)
{
    (void)state;
    mpol_tree *t = tree_ok("EFG 2 R \"\" { \"A\" } t \"\" 1 \"\" { 1 }");
    assert_int_equal(mpol_tree_write_efg(NULL, stdout), MPOL_EINVAL);
    assert_int_equal(mpol_tree_write_efg(t, NULL), MPOL_EINVAL);
    FILE *full = fopen("/dev/full", "w");
    if (full != NULL) {
        assert_int_equal(mpol_tree_write_efg(t, full), MPOL_EIO);
        assert_non_null(strstr(mpol_last_error(), "write error"));
        fclose(full);
    }
    mpol_tree_free(t);
    /* not finalised; a label that cannot be quoted */
    assert_int_equal(mpol_tree_alloc(&t, 1, NULL), MPOL_OK);
    double pay = 1;
    size_t id;
    assert_int_equal(mpol_tree_add_node(&id, t, MPOL_TREE_NONE, MPOL_TREE_NONE, &pay, "a\\"),
                     MPOL_OK);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(mpol_tree_write_efg(t, f), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "not finalised"));
    assert_int_equal(mpol_tree_finalize(t), MPOL_OK);
    assert_int_equal(mpol_tree_write_efg(t, f), MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "node label 'a\\'"));
    fclose(f);
    mpol_tree_free(t);
}

/* A file that cannot be seeked (a pipe) is read whole, with the same result and names. */
static void test_unseekable_file(void **state)
{
    (void)state;
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    const char *text = "EFG 2 R \"piped\" { \"A\" }\np \"\" 1 1 \"\" { \"l\" \"r\" } 0\n"
                       "t \"\" 1 \"\" { 5 }\nt \"\" 0\n";
    size_t len = strlen(text);
    assert_int_equal(write(fd[1], text, len), (long)len);
    close(fd[1]);
    char path[64];
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd[0]);
    FILE *probe = fopen(path, "rb");
    if (probe == NULL) { /* no /proc */
        close(fd[0]);
        skip();
    }
    fclose(probe);
    mpol_tree *t = NULL;
    mpol_status st = mpol_efg_read_tree_file(&t, path);
    close(fd[0]);
    if (st != MPOL_OK)
        fail_msg("%s", mpol_last_error());
    assert_string_equal(t->title, "piped");
    assert_int_equal(t->nnodes, 3);
    assert_true(t->payoff[1] == 5 && t->payoff[2] == 0);
    mpol_tree_free(t);
}

static const char *oom_text = "EFG 2 R \"o\" { \"A\" \"B\" } \"c\"\n"
                              "c \"r\" 1 \"n\" { \"H\" 1/3 \"H\" 2/3 } 1 \"b\" { 1, 2 }\n"
                              "p \"x\" 1 1 \"s\" { \"h\" \"\" } 0\n"
                              "t \"\" 1 t \"y\" 2 \"q\" { 1/2 0 }\n"
                              "p \"\" 2 1 \"\" { \"h\" \"t\" } 0 t \"\" 0 t \"\" 1\n";

static mpol_status oom_read(void *ctx)
{
    (void)ctx;
    mpol_tree *t = NULL;
    mpol_status st = mpol_efg_read_tree_string(&t, oom_text, strlen(oom_text), "o.efg");
    if (st != MPOL_OK) {
        assert_int_equal(st, MPOL_ENOMEM);
        assert_null(t);
        return st;
    }
    FILE *f = tmpfile();
    st = f != NULL ? mpol_tree_write_efg(t, f) : MPOL_OK;
    if (f != NULL)
        fclose(f);
    mpol_tree_free(t);
    return st;
}

static void test_allocation_failures(void **state)
{
    (void)state;
    assert_true(mpol_test_oom_loop(oom_read, NULL) > 20);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_reference_files),      cmocka_unit_test(test_known_structure),
        cmocka_unit_test(test_accumulated_outcomes), cmocka_unit_test(test_errors),
        cmocka_unit_test(test_node_limit),           cmocka_unit_test(test_random_round_trips),
        cmocka_unit_test(test_write_errors),         cmocka_unit_test(test_unseekable_file),
        cmocka_unit_test(test_allocation_failures),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
