/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the benchmark harness declared in bench.h: clocks, medians, the
 * fixed-seed RNG, baseline-tool detection, and the text/JSON table printer with its document
 * framing (git SHA, date, load average, total CPU vs wall time).
 *
 * The harness keeps one document's state in file-scope variables: a benchmark run is one
 * thread printing one document.
 */
#define _POSIX_C_SOURCE 200809L
#include "bench.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "core/rng_internal.h"
#include "multipolar/report.h"

#ifndef MPOL_SOURCE_DIR
#define MPOL_SOURCE_DIR "."
#endif

#define MAX_NOTES 32
#define MAX_SUITES 64
#define MAX_EXTRA 12
#define COL_WIDTH 11

void mpol_bench_opts_init(mpol_bench_opts *o)
{
    memset(o, 0, sizeof *o);
    o->baselines = 1;
}

static FILE *out_of(const mpol_bench_opts *o)
{
    return o != NULL && o->out != NULL ? o->out : stdout;
}

/* ---- clocks ---- */

static double clock_s(clockid_t clk)
{
    struct timespec t;
    clock_gettime(clk, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

mpol_bench_time mpol_bench_now(void)
{
    mpol_bench_time t = {clock_s(CLOCK_MONOTONIC), clock_s(CLOCK_PROCESS_CPUTIME_ID)};
    return t;
}

mpol_bench_time mpol_bench_since(mpol_bench_time t0)
{
    mpol_bench_time t = mpol_bench_now();
    t.wall -= t0.wall;
    t.cpu -= t0.cpu;
    return t;
}

double mpol_bench_child_cpu(void)
{
    struct rusage ru;
    getrusage(RUSAGE_CHILDREN, &ru);
    return (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec +
           (double)ru.ru_stime.tv_sec + 1e-6 * (double)ru.ru_stime.tv_usec;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double mpol_bench_median(double *v, size_t n)
{
    if (n == 0)
        return NAN;
    qsort(v, n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

/* ---- RNG ---- */

void mpol_bench_rng_seed(mpol_bench_rng *r, uint64_t seed)
{
    r->state = seed;
}

uint64_t mpol_bench_rng_next(mpol_bench_rng *r)
{
    return mpol_i_splitmix64(&r->state);
}

double mpol_bench_rng_uniform(mpol_bench_rng *r)
{
    return (double)(mpol_bench_rng_next(r) >> 11) * 0x1.0p-53;
}

uint64_t mpol_bench_rng_below(mpol_bench_rng *r, uint64_t n)
{
    return n == 0 ? 0 : mpol_bench_rng_next(r) % n;
}

/* ---- tools ---- */

int mpol_bench_have_tool(const char *name)
{
    const char *path = getenv("PATH");
    if (path == NULL || strchr(name, '/') != NULL)
        return access(name, X_OK) == 0;
    char buf[1024];
    const char *p = path;
    while (*p != '\0') {
        const char *colon = strchr(p, ':');
        size_t len = colon != NULL ? (size_t)(colon - p) : strlen(p);
        if (len > 0 && len + strlen(name) + 2 < sizeof buf) {
            memcpy(buf, p, len);
            buf[len] = '/';
            strcpy(buf + len + 1, name);
            if (access(buf, X_OK) == 0)
                return 1;
        }
        p += len;
        if (*p == ':')
            p++;
    }
    return 0;
}

const char *mpol_bench_python_scipy(void)
{
    static int checked = 0;
    static const char *found = NULL;
    if (checked)
        return found;
    checked = 1;
    const char *py = getenv("MPOL_PYTHON");
    if (py == NULL)
        py = "/usr/bin/python3";
    if (access(py, X_OK) != 0)
        return NULL;
    char cmd[1200];
    snprintf(cmd, sizeof cmd, "%s -c 'import numpy, scipy.optimize' >/dev/null 2>&1", py);
    if (system(cmd) == 0)
        found = py;
    return found;
}

char *mpol_bench_tmpdir(void)
{
    char *dir = malloc(64);
    if (dir == NULL)
        return NULL;
    strcpy(dir, "/tmp/mpol_benchXXXXXX");
    if (mkdtemp(dir) == NULL) {
        free(dir);
        return NULL;
    }
    return dir;
}

void mpol_bench_tmpdir_remove(char *dir)
{
    if (dir == NULL)
        return;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "bench: could not remove %s\n", dir);
    free(dir);
}

/* ---- JSON helpers ---- */

/* Strings through the report module's one JSON string writer; numbers with 6 significant
 * digits (timings and ratios are not measured more finely; NaN and Inf: null). */
static void json_str(FILE *f, const char *s)
{
    (void)mpol_report_json_string(f, s); /* a write error is reported when stdout is closed */
}

static void json_num(FILE *f, double x)
{
    if (isfinite(x))
        fprintf(f, "%.6g", x);
    else
        fputs("null", f);
}

/* ---- document state ---- */

typedef struct suite_record {
    char name[32];
    int status;
    mpol_bench_time elapsed;
} suite_record;

static struct {
    int open;
    int ntables;
    mpol_bench_time t0;
    double child0;
    suite_record suites[MAX_SUITES];
    size_t nsuites;
} doc;

static void load_avg(double la[3])
{
    la[0] = la[1] = la[2] = NAN;
    FILE *f = fopen("/proc/loadavg", "r");
    if (f == NULL)
        return;
    if (fscanf(f, "%lf %lf %lf", &la[0], &la[1], &la[2]) != 3)
        la[0] = la[1] = la[2] = NAN;
    fclose(f);
}

static void git_sha(char *buf, size_t size)
{
    snprintf(buf, size, "unknown");
    char cmd[1200];
    snprintf(cmd, sizeof cmd,
             "git -C '%s' rev-parse --short=12 HEAD 2>/dev/null && "
             "(git -C '%s' diff --quiet HEAD 2>/dev/null || echo dirty)",
             MPOL_SOURCE_DIR, MPOL_SOURCE_DIR);
    FILE *p = popen(cmd, "r");
    if (p == NULL)
        return;
    char sha[64] = "", dirty[16] = "";
    if (fgets(sha, sizeof sha, p) != NULL) {
        sha[strcspn(sha, "\n")] = '\0';
        if (fgets(dirty, sizeof dirty, p) != NULL)
            dirty[strcspn(dirty, "\n")] = '\0';
        if (sha[0] != '\0')
            snprintf(buf, size, "%s%s", sha, dirty[0] != '\0' ? "-dirty" : "");
    }
    pclose(p);
}

void mpol_bench_doc_begin(const mpol_bench_opts *o)
{
    FILE *f = out_of(o);
    memset(&doc, 0, sizeof doc);
    doc.open = 1;
    doc.t0 = mpol_bench_now();
    doc.child0 = mpol_bench_child_cpu();
    char sha[96], date[64];
    git_sha(sha, sizeof sha);
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    double la[3];
    load_avg(la);
    struct utsname u;
    if (uname(&u) != 0)
        strcpy(u.machine, "?");
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    if (o->json) {
        fprintf(f, "{\n\"schema\": \"multipolar/bench/1\",\n\"git_sha\": ");
        json_str(f, sha);
        fprintf(f, ",\n\"date\": ");
        json_str(f, date);
        fprintf(f, ",\n\"machine\": ");
        json_str(f, u.machine);
        fprintf(f, ",\n\"cpus\": %ld,\n\"quick\": %s,\n\"large\": %s,\n\"load_avg_start\": [", ncpu,
                o->quick ? "true" : "false", o->large ? "true" : "false");
        for (int k = 0; k < 3; k++) {
            json_num(f, la[k]);
            fputs(k < 2 ? ", " : "],\n\"tables\": [", f);
        }
    } else {
        fprintf(f,
                "# multipolar bench: git %s, %s, %s with %ld CPUs, load average %.2f %.2f "
                "%.2f%s\n",
                sha, date, u.machine, ncpu, la[0], la[1], la[2], o->quick ? " (--quick)" : "");
    }
    fflush(f);
}

void mpol_bench_doc_suite(const mpol_bench_opts *o, const char *suite, int status,
                          mpol_bench_time elapsed)
{
    if (doc.nsuites < MAX_SUITES) {
        suite_record *r = &doc.suites[doc.nsuites++];
        snprintf(r->name, sizeof r->name, "%s", suite);
        r->status = status;
        r->elapsed = elapsed;
    }
    if (!o->json)
        fprintf(out_of(o), "# suite %s: %s, %.2f s wall, %.2f s CPU (with baseline processes)\n\n",
                suite, status == 0 ? "ok" : "FAILED", elapsed.wall, elapsed.cpu);
}

void mpol_bench_doc_end(const mpol_bench_opts *o)
{
    FILE *f = out_of(o);
    mpol_bench_time t = mpol_bench_since(doc.t0);
    double child = mpol_bench_child_cpu() - doc.child0;
    double la[3];
    load_avg(la);
    if (o->json) {
        fprintf(f, "\n],\n\"suites\": [");
        for (size_t k = 0; k < doc.nsuites; k++) {
            fprintf(f, "%s\n  {\"name\": ", k ? "," : "");
            json_str(f, doc.suites[k].name);
            fprintf(f, ", \"ok\": %s, \"wall_s\": ", doc.suites[k].status == 0 ? "true" : "false");
            json_num(f, doc.suites[k].elapsed.wall);
            fprintf(f, ", \"cpu_s\": ");
            json_num(f, doc.suites[k].elapsed.cpu);
            fputc('}', f);
        }
        fprintf(f, "\n],\n\"wall_s\": ");
        json_num(f, t.wall);
        fprintf(f, ",\n\"cpu_s\": ");
        json_num(f, t.cpu);
        fprintf(f, ",\n\"children_cpu_s\": ");
        json_num(f, child);
        fprintf(f, ",\n\"load_avg_end\": [");
        for (int k = 0; k < 3; k++) {
            json_num(f, la[k]);
            fputs(k < 2 ? ", " : "]\n}\n", f);
        }
    } else {
        fprintf(f,
                "# total: %.2f s wall, %.2f s CPU (ours) + %.2f s CPU (baseline processes); "
                "CPU/wall %.2f; load average %.2f %.2f %.2f\n",
                t.wall, t.cpu, child, t.wall > 0 ? (t.cpu + child) / t.wall : NAN, la[0], la[1],
                la[2]);
    }
    fflush(f);
    doc.open = 0;
}

/* ---- tables ---- */

struct mpol_bench_table {
    const mpol_bench_opts *o;
    size_t nextra, nrows, width0;
    char *notes[MAX_NOTES];
    size_t nnotes;
};

static void text_num(FILE *f, double x)
{
    if (isnan(x))
        fprintf(f, " %*s", COL_WIDTH, "-");
    else if (x == floor(x) && fabs(x) < 1e9)
        fprintf(f, " %*.0f", COL_WIDTH, x);
    else if (x != 0 && (fabs(x) >= 1e6 || fabs(x) < 1e-3))
        fprintf(f, " %*.3e", COL_WIDTH, x);
    else
        fprintf(f, " %*.4f", COL_WIDTH, x);
}

mpol_bench_table *mpol_bench_table_begin(const mpol_bench_opts *o, const char *suite,
                                         const char *title, const char *size_label,
                                         const char *ours_label, const char *base_label,
                                         const char *const *extra, size_t nextra)
{
    mpol_bench_table *t = calloc(1, sizeof *t);
    if (t == NULL)
        return NULL;
    t->o = o;
    t->nextra = nextra < MAX_EXTRA ? nextra : MAX_EXTRA;
    t->width0 = strlen(size_label) > 14 ? strlen(size_label) : 14;
    FILE *f = out_of(o);
    if (o->json) {
        fprintf(f, "%s\n {\"suite\": ", doc.ntables++ ? "," : "");
        json_str(f, suite);
        fprintf(f, ", \"title\": ");
        json_str(f, title);
        fprintf(f, ",\n  \"columns\": [");
        json_str(f, size_label);
        fputs(", ", f);
        json_str(f, ours_label);
        fputs(", ", f);
        json_str(f, base_label);
        fputs(", \"ratio\"", f);
        for (size_t k = 0; k < t->nextra; k++) {
            fputs(", ", f);
            json_str(f, extra[k]);
        }
        fprintf(f, "],\n  \"rows\": [");
    } else {
        fprintf(f, "## %s: %s\n", suite, title);
        fprintf(f, "%-*s | %*s | %*s | %*s |", (int)t->width0, size_label, COL_WIDTH, ours_label,
                COL_WIDTH, base_label, COL_WIDTH - 3, "ratio");
        for (size_t k = 0; k < t->nextra; k++)
            fprintf(f, " %*s", COL_WIDTH, extra[k]);
        fputc('\n', f);
    }
    fflush(f);
    return t;
}

void mpol_bench_table_row(mpol_bench_table *t, const char *size, double ours, double base,
                          const double *extra)
{
    if (t == NULL)
        return;
    FILE *f = out_of(t->o);
    double ratio = (isfinite(ours) && isfinite(base) && ours > 0) ? base / ours : NAN;
    if (t->o->json) {
        fprintf(f, "%s\n   [", t->nrows ? "," : "");
        json_str(f, size);
        fputs(", ", f);
        json_num(f, ours);
        fputs(", ", f);
        json_num(f, base);
        fputs(", ", f);
        json_num(f, ratio);
        for (size_t k = 0; k < t->nextra; k++) {
            fputs(", ", f);
            json_num(f, extra != NULL ? extra[k] : NAN);
        }
        fputc(']', f);
    } else {
        fprintf(f, "%-*s |", (int)t->width0, size);
        text_num(f, ours);
        fputs(" |", f);
        text_num(f, base);
        fputs(" |", f);
        if (isnan(ratio))
            fprintf(f, " %*s", COL_WIDTH - 3, "-");
        else
            fprintf(f, " %*.*fx", COL_WIDTH - 4, ratio >= 100 ? 0 : 2, ratio);
        fputs(" |", f);
        for (size_t k = 0; k < t->nextra; k++)
            text_num(f, extra != NULL ? extra[k] : NAN);
        fputc('\n', f);
    }
    t->nrows++;
    fflush(f);
}

void mpol_bench_table_note(mpol_bench_table *t, const char *fmt, ...)
{
    if (t == NULL || t->nnotes == MAX_NOTES)
        return;
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    size_t len = strlen(buf) + 1;
    char *s = malloc(len);
    if (s == NULL)
        return;
    memcpy(s, buf, len);
    t->notes[t->nnotes++] = s;
}

void mpol_bench_table_end(mpol_bench_table *t)
{
    if (t == NULL)
        return;
    FILE *f = out_of(t->o);
    if (t->o->json) {
        fprintf(f, "],\n  \"notes\": [");
        for (size_t k = 0; k < t->nnotes; k++) {
            fputs(k ? ", " : "", f);
            json_str(f, t->notes[k]);
        }
        fprintf(f, "]}");
    } else {
        for (size_t k = 0; k < t->nnotes; k++)
            fprintf(f, "   %s\n", t->notes[k]);
        fputc('\n', f);
    }
    fflush(f);
    for (size_t k = 0; k < t->nnotes; k++)
        free(t->notes[k]);
    free(t);
}

int mpol_bench_run_suite(const mpol_bench_opts *o, const char *suite, mpol_bench_fn fn)
{
    if (!o->json && isatty(fileno(stderr)) && out_of(o) != stderr)
        fprintf(stderr, "bench: running %s%s...\n", suite, o->quick ? " (quick)" : "");
    mpol_bench_time t0 = mpol_bench_now();
    double c0 = mpol_bench_child_cpu();
    int rc = fn(o);
    mpol_bench_time dt = mpol_bench_since(t0);
    dt.cpu += mpol_bench_child_cpu() - c0;
    mpol_bench_doc_suite(o, suite, rc, dt);
    return rc;
}

int mpol_bench_main(int argc, char **argv, const char *suite, mpol_bench_fn fn)
{
    mpol_bench_opts o;
    mpol_bench_opts_init(&o);
    for (int k = 1; k < argc; k++) {
        if (strcmp(argv[k], "--quick") == 0)
            o.quick = 1;
        else if (strcmp(argv[k], "--large") == 0)
            o.large = 1;
        else if (strcmp(argv[k], "--json") == 0)
            o.json = 1;
        else if (strcmp(argv[k], "--no-baselines") == 0)
            o.baselines = 0;
        else if (strcmp(argv[k], "--reps") == 0 && k + 1 < argc)
            o.reps = atoi(argv[++k]);
        else {
            fprintf(stderr, "usage: %s [--quick] [--large] [--json] [--no-baselines] [--reps N]\n",
                    argv[0]);
            return 2;
        }
    }
    if (getenv("MPOL_BENCH_LARGE") != NULL && strcmp(getenv("MPOL_BENCH_LARGE"), "0") != 0)
        o.large = 1;
    mpol_bench_doc_begin(&o);
    int rc = mpol_bench_run_suite(&o, suite, fn);
    mpol_bench_doc_end(&o);
    return rc == 0 ? 0 : 1;
}
