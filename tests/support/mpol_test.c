/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the shared unit-test helpers declared in mpol_test.h. */
#define _POSIX_C_SOURCE 200809L /* clock_gettime */
#include "mpol_test.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/rng_internal.h"
#include "multipolar/nfg.h"

static char path_buf[4096];

const char *mpol_test_src(const char *rel)
{
    snprintf(path_buf, sizeof path_buf, "%s/%s", MPOL_SOURCE_DIR, rel);
    return path_buf;
}

const char *mpol_test_shared(const char *rel)
{
    const char *env = getenv("MPOL_SHARED");
    snprintf(path_buf, sizeof path_buf, "%s/%s", env != NULL ? env : MPOL_SHARED_DIR, rel);
    return path_buf;
}

FILE *mpol_test_gambit_index(void)
{
    FILE *idx = fopen(mpol_test_shared("reference/gambit-games/INDEX.tsv"), "r");
    assert_non_null(idx);
    char header[4096];
    assert_non_null(fgets(header, sizeof header, idx));
    return idx;
}

int mpol_test_gambit_next(FILE *idx, mpol_test_gambit_row *row)
{
    if (fgets(row->line, sizeof row->line, idx) == NULL)
        return 0;
    row->line[strcspn(row->line, "\r\n")] = '\0';
    const char **field[] = {&row->file,       &row->type,     &row->players,
                            &row->strategies, &row->constsum, &row->recall};
    char *p = row->line;
    for (size_t k = 0; k < sizeof field / sizeof field[0]; k++) {
        *field[k] = p;
        size_t len = strcspn(p, "\t");
        p += len;
        if (*p == '\t')
            *p++ = '\0';
    }
    return 1;
}

const char *mpol_test_gambit_path(const char *file)
{
    char rel[1024];
    snprintf(rel, sizeof rel, "reference/gambit-games/%s", file);
    return mpol_test_shared(rel);
}

mpol_model *mpol_test_load_ok(const char *text)
{
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_string(&m, text, strlen(text), "t.yaml");
    if (st != MPOL_OK)
        fail_msg("load failed: %s: %s", mpol_status_name(st), mpol_last_error());
    return m;
}

void mpol_test_load_error(const char *text, mpol_status status, const char *msg)
{
    mpol_model *m = (mpol_model *)&m;
    mpol_status st = mpol_model_load_string(&m, text, strlen(text), "t.yaml");
    if (st != status || strcmp(mpol_last_error(), msg) != 0)
        fail_msg("got %s \"%s\"\n  expected %s \"%s\"\n  for:\n%s", mpol_status_name(st),
                 mpol_last_error(), mpol_status_name(status), msg, text);
    assert_null(m);
}

char *mpol_test_model_yaml(const mpol_model *m, size_t *len)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(mpol_model_write_yaml(m, f), MPOL_OK);
    long n = ftell(f);
    assert_true(n > 0);
    rewind(f);
    char *buf = malloc((size_t)n + 1);
    assert_non_null(buf);
    assert_int_equal(fread(buf, 1, (size_t)n, f), (size_t)n);
    buf[n] = '\0';
    fclose(f);
    if (len != NULL)
        *len = (size_t)n;
    return buf;
}

mpol_game *mpol_test_gambit_next_nfg(FILE *idx, mpol_test_gambit_row *row)
{
    while (mpol_test_gambit_next(idx, row)) {
        if (strcmp(row->type, "nfg") != 0)
            continue;
        mpol_game *g;
        if (mpol_nfg_read_file(&g, mpol_test_gambit_path(row->file)) != MPOL_OK)
            fail_msg("%s: %s", row->file, mpol_last_error());
        return g;
    }
    return NULL;
}

double mpol_test_wall(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

int mpol_test_have_shared(void)
{
    const char *readme = mpol_test_shared("reference/README.md");
    if (access(readme, R_OK) == 0)
        return 1;
    fprintf(stderr, "reference data missing: %s (it is vendored in tests/data/reference)\n",
            readme);
    exit(1);
}

void mpol_test_rng_seed(mpol_test_rng *rng, uint64_t seed)
{
    rng->state = seed;
}

uint64_t mpol_test_rng_next(mpol_test_rng *rng)
{
    return mpol_i_splitmix64(&rng->state);
}

long mpol_test_rng_int(mpol_test_rng *rng, long lo, long hi)
{
    uint64_t span = (uint64_t)(hi - lo) + 1;
    return lo + (long)(mpol_test_rng_next(rng) % span);
}

double mpol_test_rng_uniform(mpol_test_rng *rng)
{
    return (double)(mpol_test_rng_next(rng) >> 11) * (1.0 / 9007199254740992.0);
}

static long fail_after = -1;
static long alloc_count;

static void *oom_malloc(size_t size)
{
    if (fail_after >= 0 && alloc_count++ >= fail_after)
        return NULL;
    if (fail_after < 0)
        alloc_count++;
    return malloc(size);
}

static void *oom_realloc(void *ptr, size_t size)
{
    if (fail_after >= 0 && alloc_count++ >= fail_after)
        return NULL;
    if (fail_after < 0)
        alloc_count++;
    return realloc(ptr, size);
}

void mpol_test_fail_alloc_after(long n)
{
    static const mpol_allocator hooks = {oom_malloc, oom_realloc, free};
    fail_after = n;
    alloc_count = 0;
    mpol_set_allocator(n >= 0 ? &hooks : NULL);
}

long mpol_test_alloc_count(void)
{
    return alloc_count;
}

long mpol_test_oom_loop(mpol_status (*body)(void *ctx), void *ctx)
{
    for (long n = 0;; n++) {
        mpol_test_fail_alloc_after(n);
        mpol_status st = body(ctx);
        long made = mpol_test_alloc_count();
        mpol_test_fail_alloc_after(-1);
        if (st == MPOL_OK)
            return made;
        if (st != MPOL_ENOMEM)
            fail_msg("allocation %ld failed but the status was %s (%s)", n, mpol_status_name(st),
                     mpol_last_error());
        if (n > 1000000)
            fail_msg("no success after a million allocations");
    }
}

int mpol_test_quick(void)
{
#if defined(__SANITIZE_ADDRESS__)
    return 1;
#else
    const char *q = getenv("MPOL_TEST_QUICK");
    return q != NULL && q[0] != '\0' && strcmp(q, "0") != 0;
#endif
}

int mpol_test_reps(int n)
{
    if (!mpol_test_quick())
        return n;
    return n / 8 > 1 ? n / 8 : 1;
}
