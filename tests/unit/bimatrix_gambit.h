/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The bimatrix enumeration against lrsnash on every two-player game of the Gambit
 * collection (shared/reference/gambit-games/INDEX.tsv; .efg files as their reduced strategic
 * form): shared by test_bimatrix_gambit.c (the games whose enumeration takes well under a
 * second) and test_slow_bimatrix_gambit.c (the rest). Each game must give exactly lrsnash's
 * set of extreme equilibria, in floating point and, where its payoffs are rational, in exact
 * mode; or be refused up front (within 5 s) with MPOL_ELIMIT and a message naming the limit. Which
 * games are refused is pinned (gambit_refused), so that a refusal cannot hide a failure.
 */
#ifndef MPOL_TEST_BIMATRIX_GAMBIT_H
#define MPOL_TEST_BIMATRIX_GAMBIT_H

#include <string.h>

#include "bimatrix_check.h"
#include "mpol_test.h"
#include "multipolar/bimatrix.h"
#include "multipolar/efg.h"
#include "multipolar/game.h"
#include "multipolar/nfg.h"

/* The games of the slow part: lrsnash, the exact mode or a refusal takes a second or more. */
static const char *const gambit_slow[] = {
    "contrib/games/tim.efg",
    "contrib/games/artist2.efg",
    "contrib/games/bayes2a.efg",
    "contrib/games/palf2.efg",
    "contrib/games/e16.efg",
    "contrib/games/bcp2.efg",
    "contrib/games/montyhal.efg",
    "tests/test_games/subgame-8-roots.efg",
    "tests/test_games/subgame_roots_finder_overplapping_infosets_with_Nature.efg",
};

/* The games refused up front at the default limits (MPOL_ELIMIT within seconds, before any
 * long search): by the .efg reader (ttt.efg, a 16529 x 668360 reduced form), by the resolution
 * check (large_payoff_game.efg: payoffs 0.5 apart beside 1e19), by the estimate of the bases
 * (bayes2a.efg, palf2.efg: both polytopes above the limit by the 99.9 % bound; artist2.efg:
 * both within the factor 2 of it by the point estimate, P about 3.3 x 10^7 and Q 4.5 x 10^7
 * for a limit of 3.4 x 10^7, where the search stopped at the bimatrix-bytes limit after
 * 60-72 s), by the estimate of a face (montyhal.efg: the partners of a degenerate vertex of P
 * lie on a face of Q of 128 columns estimated at 7.6 x 10^6 bases after 2^16 of them, for a
 * limit of 7.5 x 10^6; its search stopped at the limit after 20 s). */
static const char *const gambit_refused[] = {
    "contrib/games/ttt.efg",     "tests/test_games/large_payoff_game.efg",
    "contrib/games/bayes2a.efg", "contrib/games/palf2.efg",
    "contrib/games/artist2.efg", "contrib/games/montyhal.efg",
};

static int gambit_listed(const char *file, const char *const *list, size_t count)
{
    for (size_t k = 0; k < count; k++)
        if (strcmp(file, list[k]) == 0)
            return 1;
    return 0;
}

/* Exact payoffs of player @p p as an m x n row-major array (the game's cells are
 * i + m * j). */
static mpol_rational *gambit_exact(const mpol_game *g, int p)
{
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    mpol_rational *q = malloc(m * n * sizeof *q);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < n; j++)
            q[i * n + j] = g->exact[(i + m * j) * 2 + (size_t)p];
    return q;
}

typedef struct gambit_totals {
    int games, exact, refused, stopped, equal; /* stopped: none is (a stop fails) */
    double seconds;
} gambit_totals;

/* Runs one game (relative path @p file); updates @p tot. */
static void gambit_run_game(const char *file, gambit_totals *tot)
{
    const char *path = mpol_test_gambit_path(file);
    size_t len = strlen(file);
    mpol_game *g = NULL;
    mpol_status st = len > 4 && strcmp(file + len - 4, ".efg") == 0
                         ? mpol_efg_read_file(&g, path, NULL)
                         : mpol_nfg_read_file(&g, path);
    int refused =
        gambit_listed(file, gambit_refused, sizeof gambit_refused / sizeof *gambit_refused);
    tot->games++;
    if (st == MPOL_ELIMIT && refused && strstr(mpol_last_error(), "max_profiles") != NULL) {
        tot->refused++;
        return;
    }
    if (st != MPOL_OK)
        fail_msg("%s: %s", file, mpol_last_error());
    assert_int_equal(g->nplayers, 2);
    size_t m = g->nstrategies[0], n = g->nstrategies[1];
    eqset ref = {0, 0, 0, 0, NULL};
    for (int exact = 0; exact < (g->exact != NULL ? 2 : 1); exact++) {
        mpol_bimatrix_opts o;
        mpol_bimatrix_opts_init(&o);
        o.exact = exact;
        mpol_bimatrix_result *r = NULL;
        double t0 = mpol_test_wall();
        st = mpol_bimatrix_solve_game(&r, g, MPOL_BIMATRIX_ENUMERATE, &o);
        double dt = mpol_test_wall() - t0;
        tot->seconds += dt;
        if (refused) {
            if (st != MPOL_ELIMIT)
                fail_msg("%s (%zu x %zu, exact %d): status %d, expected a refusal (%s)", file, m, n,
                         exact, (int)st, st == MPOL_OK ? "solved" : mpol_last_error());
            if (strstr(mpol_last_error(), "limit") == NULL)
                fail_msg("%s: the refusal does not name its limit: %s", file, mpol_last_error());
            if (dt > 5.0)
                fail_msg("%s: refused after %.1f s, not up front", file, dt);
            tot->refused++;
            break;
        }
        if (st != MPOL_OK)
            fail_msg("%s (%zu x %zu, exact %d): %s", file, m, n, exact, mpol_last_error());
        if (exact == 0) {
            double *A, *B;
            assert_int_equal(mpol_game_bimatrix(g, &A, &B), MPOL_OK);
            mpol_rational *Aq = g->exact ? gambit_exact(g, 0) : NULL;
            mpol_rational *Bq = g->exact ? gambit_exact(g, 1) : NULL;
            if (!run_lrsnash_q(m, n, A, B, Aq, Bq, &ref))
                fail_msg("%s: lrsnash (lrslib, a declared dependency) did not run", file);
            free(Aq);
            free(Bq);
            mpol_free(A);
            mpol_free(B);
        }
        eqset mine;
        eqset_from_result(&mine, r);
        char what[1100];
        snprintf(what, sizeof what, "%s (%zu x %zu, exact %d)", file, m, n, exact);
        eqset_assert_equal(&mine, &ref, what);
        tot->exact += exact;
        tot->equal++;
        free(mine.xy);
        mpol_bimatrix_result_free(r);
    }
    free(ref.xy);
    mpol_game_free(g);
}

/*
 * Every two-player game of the index in the part @p slow (1: the games of gambit_slow, 0: the
 * others). Returns the totals.
 */
static gambit_totals gambit_run_collection(int slow)
{
    if (!mpol_test_have_shared())
        fail_msg("the shared Gambit collection is missing (shared/reference/gambit-games)");
    if (!have_lrsnash())
        fail_msg("lrsnash is not installed (lrslib, a declared dependency: scripts/deps.sh)");
    gambit_totals tot = {0, 0, 0, 0, 0, 0.0};
    FILE *idx = mpol_test_gambit_index();
    mpol_test_gambit_row row;
    while (mpol_test_gambit_next(idx, &row)) {
        if (strcmp(row.players, "2") != 0)
            continue;
        if (gambit_listed(row.file, gambit_slow, sizeof gambit_slow / sizeof *gambit_slow) != slow)
            continue;
        double t0 = mpol_test_wall();
        gambit_run_game(row.file, &tot);
        if (slow)
            printf("  %-40s %-8s %.2f s (with lrsnash)\n", row.file, row.strategies,
                   mpol_test_wall() - t0);
    }
    fclose(idx);
    printf("  %d games, %d enumerations equal to lrsnash (%d in exact mode), %d refused up "
           "front, %d stopped at the storage limit, %.2f s in the enumeration\n",
           tot.games, tot.equal, tot.exact, tot.refused, tot.stopped, tot.seconds);
    return tot;
}

#endif /* MPOL_TEST_BIMATRIX_GAMBIT_H */
