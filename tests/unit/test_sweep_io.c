/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Unit tests of the sweep writers' number formatter and the CSV options: the fast
 * formatter against glibc's correctly rounded "%.Ng" on seeded random doubles of every
 * magnitude, on decimal ties and on the boundaries where the notation or the exponent
 * changes; CSV digits, header, the digits error path and allocation failures; names with
 * a comma, quote, CR or tab escaped in the CSV header and the JSON columns; a failed
 * write (a full device) reported with the system's reason and errno kept; the file writer's
 * temporary + rename (an old file survives a failed write, no temporary is left).
 */
#define _XOPEN_SOURCE 700 /* mkdtemp, setrlimit */

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#include "mpol_test.h"
#include "multipolar/sweep.h"
#include "sweep/sweep_internal.h"

/* Random doubles per digit count in the differential test. */
#define NRANDOM 200000

static void check_one(double x, int digits)
{
    char got[MPOL_I_SWEEP_NUM_MAX + 1], want[64];
    size_t n = mpol_i_sweep_format_num(got, x, digits);
    assert_true(n <= MPOL_I_SWEEP_NUM_MAX);
    got[n] = '\0';
    if (x == 0.0)
        snprintf(want, sizeof want, "0");
    else
        snprintf(want, sizeof want, "%.*g", digits, x);
    if (strcmp(got, want) != 0)
        fail_msg("x = %.17g, digits %d: got '%s', printf gives '%s'", x, digits, got, want);
}

static void test_formatter_matches_printf(void **state)
{
    (void)state;
    mpol_test_rng rng;
    mpol_test_rng_seed(&rng, 20261123);
    for (int digits = 1; digits <= 17; digits++) {
        for (long i = 0; i < NRANDOM; i++) {
            double x;
            switch (i % 4) {
            case 0: /* any finite double, by its bits */
                do {
                    uint64_t u = mpol_test_rng_next(&rng);
                    memcpy(&x, &u, sizeof x);
                } while (!isfinite(x));
                break;
            case 1: /* probabilities and values as sweeps produce them */
                x = mpol_test_rng_uniform(&rng);
                break;
            case 2: /* certificates: tiny numbers */
                x = mpol_test_rng_uniform(&rng) *
                    pow(10.0, -(double)mpol_test_rng_int(&rng, 0, 20));
                break;
            default: /* grid coordinates i / (n - 1) and short decimals */
                x = (double)mpol_test_rng_int(&rng, -100000, 100000) /
                    (double)mpol_test_rng_int(&rng, 1, 1000);
                break;
            }
            check_one(x, digits);
        }
    }
}

static void test_formatter_edges(void **state)
{
    (void)state;
    const double xs[] = {1.0,
                         -1.0,
                         0.5,
                         0.125,
                         0.375,
                         2.5,
                         1e-4,
                         9.99995e-5,
                         1e-5,
                         99999.5,
                         999999.5,
                         9.9999999999995,
                         0.1,
                         0.2,
                         0.3,
                         1e15,
                         1e16,
                         123456789012345.0,
                         1e300,
                         1e-300,
                         5e-324,
                         1.7976931348623157e308,
                         2.2250738585072014e-308,
                         0.001001001001001001,
                         9.0571538984007827e-17};
    for (size_t i = 0; i < sizeof xs / sizeof xs[0]; i++)
        for (int digits = 1; digits <= 17; digits++) {
            check_one(xs[i], digits);
            check_one(-xs[i], digits);
        }
    /* Decimal ties that are exact in binary round half to even, as printf does. */
    for (int k = -2000; k <= 2000; k++)
        for (int digits = 1; digits <= 6; digits++)
            check_one((double)k / 8.0, digits);
    char buf[MPOL_I_SWEEP_NUM_MAX];
    assert_int_equal(mpol_i_sweep_format_num(buf, -0.0, 12), 1);
    assert_memory_equal(buf, "0", 1);
    assert_int_equal(mpol_i_sweep_format_num(buf, NAN, 12), 3);
    assert_memory_equal(buf, "nan", 3);
    assert_int_equal(mpol_i_sweep_format_num(buf, -INFINITY, 5), 4);
    assert_memory_equal(buf, "-inf", 4);
}

static const char MODEL[] = "title: io\n"
                            "kind: zero-sum\n"
                            "parameters:\n"
                            "  t: 0.5\n"
                            "players:\n"
                            "  - name: Row\n"
                            "    strategies: [r1, r2]\n"
                            "  - name: Col\n"
                            "    strategies: [c1, c2]\n"
                            "payoffs:\n"
                            "  - [\"t\", 0]\n"
                            "  - [0, 1]\n"
                            "sweep:\n"
                            "  t: {from: 0, to: 1, steps: 7}\n";

/* MODEL loaded into *m and swept over its own grid. */
static mpol_sweep_result *sweep_model(mpol_model **m)
{
    *m = NULL;
    assert_int_equal(mpol_model_load_string(m, MODEL, strlen(MODEL), "io.yaml"), MPOL_OK);
    mpol_sweep_grid grid;
    assert_int_equal(mpol_sweep_grid_from_model(&grid, *m), MPOL_OK);
    mpol_sweep_result *r = NULL;
    assert_int_equal(mpol_sweep_run(&r, *m, &grid, NULL), MPOL_OK);
    return r;
}

static char *csv(const mpol_sweep_result *r, const mpol_model *m, const mpol_sweep_csv_opts *o,
                 mpol_status *st)
{
    FILE *f = tmpfile();
    assert_non_null(f);
    *st = mpol_sweep_write_csv_opts(r, m, f, o);
    long len = ftell(f);
    rewind(f);
    char *s = calloc((size_t)len + 1, 1);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    return s;
}

static void test_csv_digits(void **state)
{
    (void)state;
    mpol_model *m;
    mpol_sweep_result *r = sweep_model(&m);
    mpol_sweep_csv_opts o;
    mpol_sweep_csv_opts_init(&o);
    assert_int_equal(o.digits, 17);
    assert_int_equal(o.header, 1);
    mpol_status st;
    char *full = csv(r, m, &o, &st);
    assert_int_equal(st, MPOL_OK);
    /* t = 1/6 written with 17 digits; value 1/7 (t / (t + 1)). The value's last bit depends
     * on x87 extended precision inside the solver (emulated in double under valgrind), so
     * it is compared as a number. */
    const char *row = strstr(full, "\n0.16666666666666666,");
    assert_non_null(row);
    assert_close(strtod(row + strlen("\n0.16666666666666666,"), NULL), 1.0 / 7.0, 1e-15);
    FILE *f = tmpfile();
    assert_int_equal(mpol_sweep_write_csv(r, m, f, 1), MPOL_OK);
    fclose(f);
    o.digits = 4;
    o.header = 0;
    o.threads = 1;
    char *short4 = csv(r, m, &o, &st);
    assert_int_equal(st, MPOL_OK);
    assert_true(strncmp(short4, "0,0,", 4) == 0); /* no header; t = 0 */
    assert_non_null(strstr(short4, "\n0.1667,0.1429,"));
    o.threads = 2;
    char *short4b = csv(r, m, &o, &st);
    assert_string_equal(short4, short4b);
    o.digits = 0;
    free(csv(r, m, &o, &st));
    assert_int_equal(st, MPOL_EINVAL);
    o.digits = 18;
    free(csv(r, m, &o, &st));
    assert_int_equal(st, MPOL_EINVAL);
    assert_non_null(strstr(mpol_last_error(), "digits"));
    free(full);
    free(short4);
    free(short4b);
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

/* Names in the CSV header go through the report module's RFC 4180 escaper (a comma, quote,
 * CR or LF quotes the field, quotes doubled) and in JSON through its string writer. */
static const char ODD_NAMES[] = "title: io\n"
                                "kind: zero-sum\n"
                                "parameters:\n"
                                "  t: 0.5\n"
                                "players:\n"
                                "  - name: Row\n"
                                "    strategies: [\"a,b\", \"q\\\"t\"]\n"
                                "  - name: Col\n"
                                "    strategies: [\"c\\rr\", \"t\\tb\"]\n"
                                "payoffs:\n"
                                "  - [\"t\", 0]\n"
                                "  - [0, 1]\n"
                                "sweep:\n"
                                "  t: {from: 0, to: 1, steps: 2}\n";

static void test_names_escaped(void **state)
{
    (void)state;
    mpol_model *m = NULL;
    assert_int_equal(mpol_model_load_string(&m, ODD_NAMES, strlen(ODD_NAMES), "odd.yaml"), MPOL_OK);
    mpol_sweep_grid grid;
    assert_int_equal(mpol_sweep_grid_from_model(&grid, m), MPOL_OK);
    mpol_sweep_result *r = NULL;
    assert_int_equal(mpol_sweep_run(&r, m, &grid, NULL), MPOL_OK);
    mpol_status st;
    char *s = csv(r, m, NULL, &st);
    assert_int_equal(st, MPOL_OK);
    static const char head[] = "t,value,\"Row:a,b\",\"Row:q\"\"t\",\"Col:c\rr\",Col:t\tb,"
                               "duality_gap,verified,regime,status\n";
    assert_true(strncmp(s, head, strlen(head)) == 0);
    free(s);
    FILE *f = tmpfile();
    assert_non_null(f);
    assert_int_equal(mpol_sweep_write_json(r, m, f), MPOL_OK);
    long len = ftell(f);
    rewind(f);
    s = calloc((size_t)len + 1, 1);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    assert_non_null(
        strstr(s, "\"columns\": [\"Row:a,b\", \"Row:q\\\"t\", \"Col:c\\rr\", \"Col:t\\tb\"],"));
    free(s);
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

typedef struct oom_ctx {
    mpol_sweep_result *r;
    mpol_model *m;
} oom_ctx;

static mpol_status oom_body(void *p)
{
    oom_ctx *c = p;
    mpol_sweep_csv_opts o;
    mpol_sweep_csv_opts_init(&o);
    o.digits = 12;
    FILE *f = tmpfile();
    mpol_status st = mpol_sweep_write_csv_opts(c->r, c->m, f, &o);
    fclose(f);
    return st;
}

static void test_csv_allocation_failures(void **state)
{
    (void)state;
    oom_ctx c = {NULL, NULL};
    c.r = sweep_model(&c.m);
    assert_true(mpol_test_oom_loop(oom_body, &c) >= 3);
    mpol_sweep_result_free(c.r);
    mpol_model_free(c.m);
}

/* The writer's failure on a full device: MPOL_EIO, "write failed: <reason>", errno kept. */
static void expect_full(mpol_status st)
{
    int err = errno;
    assert_int_equal(st, MPOL_EIO);
    assert_string_equal(mpol_last_error(), "write failed: No space left on device");
    assert_int_equal(err, ENOSPC);
}

static void test_write_errors(void **state)
{
    (void)state;
    FILE *full = fopen("/dev/full", "w");
    if (full == NULL)
        skip();
    mpol_model *m;
    mpol_sweep_result *r = sweep_model(&m);
    mpol_sweep_csv_opts o;
    mpol_sweep_csv_opts_init(&o);
    errno = 0;
    expect_full(mpol_sweep_write_csv_opts(r, m, full, &o));
    clearerr(full);
    errno = 0;
    expect_full(mpol_sweep_write_json(r, m, full));
    clearerr(full);
    /* The model writer shares the failure path. */
    errno = 0;
    expect_full(mpol_model_write_yaml(m, full));
    fclose(full);
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

static char *slurp(const char *path)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    fseek(f, 0, SEEK_END);
    long len = ftell(f);
    rewind(f);
    char *s = calloc((size_t)len + 1, 1);
    assert_int_equal(fread(s, 1, (size_t)len, f), (size_t)len);
    fclose(f);
    return s;
}

/* How many entries @p dir holds besides "." and "..", and whether @p name is one. */
static size_t count_dir(const char *dir, const char *name, int *found)
{
    size_t n = 0;
    *found = 0;
    DIR *d = opendir(dir);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        n++;
        *found |= strcmp(e->d_name, name) == 0;
    }
    closedir(d);
    return n;
}

static void test_write_file(void **state)
{
    (void)state;
    mpol_model *m;
    mpol_sweep_result *r = sweep_model(&m);
    char dir[] = "/tmp/mpol-sweep-file-XXXXXX", path[128], json[128], msg[256];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/a.csv", dir);
    snprintf(json, sizeof json, "%s/a.json", dir);

    /* Success: the same bytes as the stream writer; JSON too. */
    mpol_status st;
    char *want = csv(r, m, NULL, &st);
    assert_int_equal(st, MPOL_OK);
    assert_int_equal(mpol_sweep_write_file(r, m, path, 0, NULL), MPOL_OK);
    char *got = slurp(path);
    assert_string_equal(got, want);
    free(got);
    assert_int_equal(mpol_sweep_write_file(r, m, json, 1, NULL), MPOL_OK);
    got = slurp(json);
    static const char head[] =
        "{\n  \"schema\": \"multipolar/sweep/1\",\n  \"model\": \"io.yaml\",";
    assert_true(strncmp(got, head, strlen(head)) == 0);
    free(got);

    /* Failures name the file and give the reason. */
    if (access("/dev/full", W_OK) == 0) {
        assert_int_equal(mpol_sweep_write_file(r, m, "/dev/full", 0, NULL), MPOL_EIO);
        assert_string_equal(mpol_last_error(), "/dev/full: No space left on device");
    }
    char missing[160];
    snprintf(missing, sizeof missing, "%s/no/x.csv", dir);
    assert_int_equal(mpol_sweep_write_file(r, m, missing, 0, NULL), MPOL_EIO);
    snprintf(msg, sizeof msg, "%s: No such file or directory", missing);
    assert_string_equal(mpol_last_error(), msg);
    assert_int_equal(mpol_sweep_write_file(r, m, dir, 1, NULL), MPOL_EIO);
    snprintf(msg, sizeof msg, "%s: Is a directory", dir);
    assert_string_equal(mpol_last_error(), msg);
    assert_int_equal(mpol_sweep_write_file(NULL, m, path, 0, NULL), MPOL_EINVAL);
    assert_int_equal(mpol_sweep_write_file(r, m, NULL, 0, NULL), MPOL_EINVAL);
    mpol_sweep_csv_opts o;
    mpol_sweep_csv_opts_init(&o);
    o.digits = 0;
    assert_int_equal(mpol_sweep_write_file(r, m, path, 0, &o), MPOL_EINVAL);

    /* A write that fails midway (a 64-byte file size limit: EFBIG) keeps the old file. */
    FILE *f = fopen(path, "w");
    fputs("old\n", f);
    fclose(f);
    struct rlimit saved, small;
    assert_int_equal(getrlimit(RLIMIT_FSIZE, &saved), 0);
    small = saved;
    small.rlim_cur = 64;
    void (*old_xfsz)(int) = signal(SIGXFSZ, SIG_IGN);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &small), 0);
    st = mpol_sweep_write_file(r, m, path, 0, NULL);
    mpol_status st_json = mpol_sweep_write_file(r, m, path, 1, NULL);
    assert_int_equal(setrlimit(RLIMIT_FSIZE, &saved), 0);
    signal(SIGXFSZ, old_xfsz);
    assert_int_equal(st, MPOL_EIO);
    assert_int_equal(st_json, MPOL_EIO);
    snprintf(msg, sizeof msg, "%s: File too large", path);
    assert_string_equal(mpol_last_error(), msg);
    got = slurp(path);
    assert_string_equal(got, "old\n");
    free(got);
    int has_csv, has_json;
    assert_int_equal(count_dir(dir, "a.csv", &has_csv), 2); /* no temporary left */
    count_dir(dir, "a.json", &has_json);
    assert_true(has_csv && has_json);

    unlink(path);
    unlink(json);
    assert_int_equal(rmdir(dir), 0);
    free(want);
    mpol_sweep_result_free(r);
    mpol_model_free(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_formatter_matches_printf),
        cmocka_unit_test(test_formatter_edges),
        cmocka_unit_test(test_csv_digits),
        cmocka_unit_test(test_names_escaped),
        cmocka_unit_test(test_csv_allocation_failures),
        cmocka_unit_test(test_write_errors),
        cmocka_unit_test(test_write_file),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
