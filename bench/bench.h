/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The benchmark harness shared by every bench/bench_<topic>.c and by `multipolar bench`:
 * clocks (monotonic wall time, process CPU time, CPU time of waited-for children), medians
 * of repeated runs, a fixed-seed RNG, detection of the external baseline tools, and a table
 * printer with the columns size | ours | baseline | ratio (+ suite-specific extra columns),
 * as aligned text or as one JSON document with the git SHA, the date and the load average.
 *
 * Each suite is `int mpol_bench_<topic>(const mpol_bench_opts *)` (0 on success) in
 * bench/bench_<topic>.c; the file's own main() is compiled out with -DMPOL_BENCH_NO_MAIN
 * when the CLI links it. bench/CMakeLists.txt finds the suites by that signature and
 * generates the registry `bench_suites.h` (one MPOL_BENCH_SUITE(topic) line per suite).
 *
 * The harness is single-threaded (one document at a time, state in bench.c); it is not part
 * of libmultipolar.
 */
#ifndef MPOL_BENCH_H
#define MPOL_BENCH_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/** Options of one benchmark run, shared by every suite. */
typedef struct mpol_bench_opts {
    int quick;     /**< small sizes (all suites together in about 2 minutes) */
    int large;     /**< add the largest sizes (minutes per suite) */
    int json;      /**< one JSON document instead of text tables */
    int baselines; /**< run the external baselines (lrsnash, HiGHS, glpsol); default 1 */
    int reps;      /**< repetitions for medians; 0: the suite's default */
    FILE *out;     /**< where tables go; NULL: stdout */
} mpol_bench_opts;

void mpol_bench_opts_init(mpol_bench_opts *o);

/* ---- clocks ---- */

typedef struct mpol_bench_time {
    double wall; /**< CLOCK_MONOTONIC seconds */
    double cpu;  /**< CLOCK_PROCESS_CPUTIME_ID seconds (all threads of this process) */
} mpol_bench_time;

mpol_bench_time mpol_bench_now(void);
/** Elapsed wall and CPU seconds since @p t0. */
mpol_bench_time mpol_bench_since(mpol_bench_time t0);
/** User + system CPU seconds of the children waited for so far (spawned baselines). */
double mpol_bench_child_cpu(void);
/** Sorts @p v (n > 0) and returns its median. */
double mpol_bench_median(double *v, size_t n);

/* ---- fixed-seed RNG (splitmix64) ---- */

typedef struct mpol_bench_rng {
    uint64_t state;
} mpol_bench_rng;

void mpol_bench_rng_seed(mpol_bench_rng *r, uint64_t seed);
uint64_t mpol_bench_rng_next(mpol_bench_rng *r);
/** Uniform in [0, 1). */
double mpol_bench_rng_uniform(mpol_bench_rng *r);
/** Uniform integer in [0, n). */
uint64_t mpol_bench_rng_below(mpol_bench_rng *r, uint64_t n);

/* ---- baseline tools ---- */

/** 1 if @p name is an executable on PATH (checked once per name). */
int mpol_bench_have_tool(const char *name);
/** The python3 with numpy and scipy (MPOL_PYTHON, else /usr/bin/python3), or NULL. */
const char *mpol_bench_python_scipy(void);
/** A fresh temporary directory (removed by mpol_bench_tmpdir_remove), or NULL. */
char *mpol_bench_tmpdir(void);
void mpol_bench_tmpdir_remove(char *dir);

/* ---- tables ---- */

typedef struct mpol_bench_table mpol_bench_table;

/**
 * Starts a table of @p suite. Columns: @p size_label, @p ours_label, @p base_label, "ratio"
 * (= baseline / ours, so > 1 means we are faster) and the @p nextra columns @p extra.
 * Returns NULL only when out of memory (every other call accepts NULL).
 */
mpol_bench_table *mpol_bench_table_begin(const mpol_bench_opts *o, const char *suite,
                                         const char *title, const char *size_label,
                                         const char *ours_label, const char *base_label,
                                         const char *const *extra, size_t nextra);
/** One row; NAN in @p ours, @p base or @p extra prints "-" (not measured / unavailable). */
void mpol_bench_table_row(mpol_bench_table *t, const char *size, double ours, double base,
                          const double *extra);
/** A line under the table (JSON: the table's "notes"). */
void mpol_bench_table_note(mpol_bench_table *t, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
void mpol_bench_table_end(mpol_bench_table *t);

/* ---- documents ---- */

/** Opens a run: prints the git SHA, date, load average and host (JSON: opens the object). */
void mpol_bench_doc_begin(const mpol_bench_opts *o);
/** A suite's verdict, recorded in the document (status 0 = ok). */
void mpol_bench_doc_suite(const mpol_bench_opts *o, const char *suite, int status,
                          mpol_bench_time elapsed);
/** Closes the run: prints the total CPU and wall seconds and the load average again. */
void mpol_bench_doc_end(const mpol_bench_opts *o);

typedef int (*mpol_bench_fn)(const mpol_bench_opts *o);

/** Declares a suite's entry point (write it above the definition, on its own line). */
#define MPOL_BENCH_DECLARE(topic) int mpol_bench_##topic(const mpol_bench_opts *o)

/** Runs one suite with the doc framing and its verdict. */
int mpol_bench_run_suite(const mpol_bench_opts *o, const char *suite, mpol_bench_fn fn);

/**
 * The standalone main of bench_<topic>: parses --quick, --large, --json, --no-baselines,
 * --reps N, then runs the suite. Returns the exit code.
 */
int mpol_bench_main(int argc, char **argv, const char *suite, mpol_bench_fn fn);

#endif /* MPOL_BENCH_H */
