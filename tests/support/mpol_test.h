/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Shared helpers for the cmocka unit tests: paths to the source tree and shared reference
 * data, a seeded RNG, and an allocator that fails on demand (OOM injection).
 */
#ifndef MPOL_TEST_H
#define MPOL_TEST_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <cmocka.h>

#include "multipolar/common.h"
#include "multipolar/game.h"
#include "multipolar/model.h"

/* Builds MPOL_SOURCE_DIR "/" rel into a static buffer (one at a time). */
const char *mpol_test_src(const char *rel);
/* Builds MPOL_SHARED_DIR "/" rel: the reference data vendored in tests/data (reference/...,
 * see tests/data/reference/PROVENANCE.md); $MPOL_SHARED overrides the folder. */
const char *mpol_test_shared(const char *rel);
/* True if the reference data is present. It is part of the repository, so a missing copy is
 * a broken checkout: the call prints why and ends the test program with exit status 1
 * instead of letting the test skip. */
int mpol_test_have_shared(void);

/* A small deterministic RNG (splitmix64) for seeded random games. */
typedef struct mpol_test_rng {
    uint64_t state;
} mpol_test_rng;
void mpol_test_rng_seed(mpol_test_rng *rng, uint64_t seed);
uint64_t mpol_test_rng_next(mpol_test_rng *rng);
/* Uniform integer in [lo, hi]. */
long mpol_test_rng_int(mpol_test_rng *rng, long lo, long hi);
/* Uniform double in [0, 1). */
double mpol_test_rng_uniform(mpol_test_rng *rng);

/* Makes the allocation number @p n (0-based, counted from now) and all later ones fail;
 * a negative n turns failures off. mpol_test_alloc_count() tells how many were made. */
void mpol_test_fail_alloc_after(long n);
long mpol_test_alloc_count(void);

/*
 * Runs @p body repeatedly, failing allocation 0, 1, 2, ... until it succeeds; each failing
 * run must return MPOL_ENOMEM (or @p body may check that itself). Returns the number of
 * allocations the successful run made. Leaks are caught by ASan/valgrind.
 */
long mpol_test_oom_loop(mpol_status (*body)(void *ctx), void *ctx);

/*
 * Quick mode, for runs under valgrind or the sanitizers (scripts/memcheck.sh sets
 * MPOL_TEST_QUICK=1): the same checks on fewer random instances. mpol_test_quick() is true
 * when MPOL_TEST_QUICK is set to anything but "0" or the test is built with ASan;
 * mpol_test_reps(n) is n normally and max(1, n / 8) in quick mode.
 */
int mpol_test_quick(void);
int mpol_test_reps(int n);

/*
 * Rows of shared/reference/gambit-games/INDEX.tsv (file, type, players, strategies, constsum,
 * recall, bytes; tab-separated). mpol_test_gambit_index() opens it past its header (the test
 * fails if it is missing; check mpol_test_have_shared() first); mpol_test_gambit_next() reads
 * the next row into *row (the fields point into row->line; absent ones are ""), 0 at the end
 * (the caller closes the file).
 * mpol_test_gambit_path() is the file's absolute path (a static buffer, as mpol_test_shared).
 */
typedef struct mpol_test_gambit_row {
    char line[4096];
    const char *file, *type, *players, *strategies, *constsum, *recall;
} mpol_test_gambit_row;
FILE *mpol_test_gambit_index(void);
int mpol_test_gambit_next(FILE *idx, mpol_test_gambit_row *row);
const char *mpol_test_gambit_path(const char *file);
/* The game of the next .nfg row (row filled as by mpol_test_gambit_next), read with
 * mpol_nfg_read_file (a file it refuses fails the test: "FILE: message"), or NULL at the end.
 * The caller frees the game. */
mpol_game *mpol_test_gambit_next_nfg(FILE *idx, mpol_test_gambit_row *row);

/*
 * Model helpers. mpol_test_load_ok() loads @p text (as "t.yaml") and fails the test unless
 * the loader accepts it. mpol_test_load_error() loads @p text (as "t.yaml") and fails the test
 * unless the loader returns @p status with exactly the message @p msg and leaves the model
 * NULL. mpol_test_model_yaml() is what mpol_model_write_yaml() writes (not empty), as a
 * malloc'd string; its length goes to *len unless len is NULL.
 */
mpol_model *mpol_test_load_ok(const char *text);
void mpol_test_load_error(const char *text, mpol_status status, const char *msg);
char *mpol_test_model_yaml(const mpol_model *m, size_t *len);

/* Monotonic wall-clock seconds, for tests that bound how long a refusal may take. */
double mpol_test_wall(void);

/* Relative-and-absolute closeness with a named tolerance. */
#define MPOL_TEST_TOL 1e-9
#define assert_close(a, b, tol)                                                                    \
    do {                                                                                           \
        double a_ = (a), b_ = (b);                                                                 \
        if (!(fabs(a_ - b_) <= (tol) * (1.0 + fabs(b_))))                                          \
            fail_msg("%s = %.17g, expected %.17g (tol %g)", #a, a_, b_, (double)(tol));            \
    } while (0)

#endif /* MPOL_TEST_H */
