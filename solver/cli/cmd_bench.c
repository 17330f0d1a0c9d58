/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar bench [SUITE]... [--json] [--quick] [--large]`: it runs
 * the benchmark suites of bench/ (the same code as the bench_<topic> executables, linked in
 * through the generated registry bench_suites.h) and prints their tables, or one JSON
 * document. Without a SUITE every suite runs, with --quick sizes unless --full is given.
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#ifdef MPOL_WITH_BENCH
#include "bench.h"

#define MPOL_BENCH_SUITE(name) int mpol_bench_##name(const mpol_bench_opts *o);
#include "bench_suites.h"
#undef MPOL_BENCH_SUITE

typedef struct bench_suite {
    const char *name;
    mpol_bench_fn fn;
} bench_suite;

#define MPOL_BENCH_SUITE(name) {#name, mpol_bench_##name},
static const bench_suite built[] = {
#include "bench_suites.h"
    {NULL, NULL}};
#undef MPOL_BENCH_SUITE
#endif

/* The suites of the product, in run order, with what each measures. */
static const struct {
    const char *name, *what;
} known[] = {
    {"zerosum", "zero-sum matrix games: oracle/simplex/GLPK vs HiGHS and glpsol"},
    {"bimatrix", "all extreme equilibria of bimatrix games vs lrsnash"},
    {"lh", "one equilibrium by Lemke-Howson vs lrsnash / enumeration"},
    {"nash", "n-player equilibria: logit homotopy vs support enumeration, brute force"},
    {"stackelberg", "strong Stackelberg equilibria: pruned warm LPs vs plain GLPK and HiGHS"},
    {"values", "Shapley/Banzhaf/tau/Owen values from 2^n tables vs the textbook loop"},
    {"voting", "weighted-voting power indices vs per-player DP and brute force"},
    {"nucleolus", "nucleolus of Benedek games: constraint generation vs the full LP"},
    {"coalition", "optimal coalition structures vs plain dynamic programming"},
    {"sweep", "parameter sweeps vs a per-point baseline"},
    {"model", "model expression evaluation vs native C and re-loading"},
    {"bargain", "Nash bargaining vs plain Frank-Wolfe, ESS vs enumerating every equilibrium"},
    {"io", "reading .nfg games (MB/s, peak memory) vs strtod; zero-sum solve end to end"},
    {"correlated", "welfare-maximising correlated equilibria vs HiGHS and plain GLPK"},
    {"tree", "game trees: every tree method vs the reduced strategic form, HiGHS, lrsnash"},
    {"repeated", "Abreu-Sannikov SPE payoff sets vs the exact APS polygon operator"},
    {"stochastic", "stochastic games: value iteration warm vs cold stage solves, HiGHS, MPE"},
};
#define NKNOWN (sizeof known / sizeof known[0])

static void usage(FILE *out)
{
    fprintf(out, "usage: multipolar bench [SUITE]... [--quick | --full] [--large] [--json]\n"
                 "                        [--no-baselines] [--reps N] [--list]\n"
                 "\n"
                 "Runs the benchmark suites (the same code as bench/bench_<suite>.c) and prints\n"
                 "for each a scaling table: size | ours | baseline | ratio (baseline / ours,\n"
                 "measured in the same run) and suite-specific columns. Without SUITE all\n"
                 "suites run with --quick sizes (about 2 minutes); name suites or pass --full\n"
                 "for the full sizes. A missing baseline tool prints '-' and a note.\n"
                 "\n"
                 "      --quick          small sizes (default when no SUITE is named)\n"
                 "      --full           full sizes even when running all suites\n"
                 "      --large          add the largest sizes (minutes per suite)\n"
                 "      --json           one JSON document (git SHA, date, load, tables)\n"
                 "      --no-baselines   skip the external baselines (lrsnash, HiGHS, glpsol)\n"
                 "      --reps N         repetitions for medians (suite default otherwise)\n"
                 "      --list           list the suites and exit\n"
                 "\n"
                 "Suites:\n");
    for (size_t k = 0; k < NKNOWN; k++)
        fprintf(out, "  %-10s %s\n", known[k].name, known[k].what);
    fprintf(out, "Exit codes: 0 all suites ran, 1 a suite failed, 2 usage error.\n");
}

/* The options of `multipolar bench`. */
typedef struct bench_args {
    int quick; /* -1: not given (quick when no SUITE is named) */
    int large, json, baselines, reps, list;
} bench_args;

/* Parses the options into @p a; returns -1 to go on, or the exit code (--help, an error). */
static int parse_args(int argc, char **argv, bench_args *a)
{
    enum { OPT_QUICK = 256, OPT_FULL, OPT_LARGE, OPT_JSON, OPT_NOBASE, OPT_REPS, OPT_LIST };
    static const struct option longopts[] = {{"quick", no_argument, NULL, OPT_QUICK},
                                             {"full", no_argument, NULL, OPT_FULL},
                                             {"large", no_argument, NULL, OPT_LARGE},
                                             {"json", no_argument, NULL, OPT_JSON},
                                             {"no-baselines", no_argument, NULL, OPT_NOBASE},
                                             {"reps", required_argument, NULL, OPT_REPS},
                                             {"list", no_argument, NULL, OPT_LIST},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    *a = (bench_args){.quick = -1, .baselines = 1};
    int c;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":h", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_QUICK:
            a->quick = 1;
            break;
        case OPT_FULL:
            a->quick = 0;
            break;
        case OPT_LARGE:
            a->large = 1;
            break;
        case OPT_JSON:
            a->json = 1;
            break;
        case OPT_NOBASE:
            a->baselines = 0;
            break;
        case OPT_REPS: {
            long r;
            if (cli_parse_long(optarg, 1, 1000, &r) != 0) {
                fprintf(stderr, "multipolar bench: --reps needs an integer in 1..1000\n");
                return CLI_EXIT_USAGE;
            }
            a->reps = (int)r;
            break;
        }
        case OPT_LIST:
            a->list = 1;
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        case ':':
            fprintf(stderr, "multipolar bench: option '%s' needs a value\n", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            fprintf(stderr, "multipolar bench: unknown option '%s'; see 'multipolar help bench'\n",
                    argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    return -1;
}

#ifdef MPOL_WITH_BENCH
static mpol_bench_fn find_suite(const char *name)
{
    for (size_t k = 0; built[k].name != NULL; k++)
        if (strcmp(built[k].name, name) == 0)
            return built[k].fn;
    return NULL;
}

/* 1 if @p name is one of the product's suites (known[]). */
static int is_listed(const char *name)
{
    for (size_t k = 0; k < NKNOWN; k++)
        if (strcmp(known[k].name, name) == 0)
            return 1;
    return 0;
}

static int is_known(const char *name)
{
    return is_listed(name) || find_suite(name) != NULL;
}

/* --list: the product's suites (built or missing), then any extra suite built in. */
static void list_suites(void)
{
    for (size_t k = 0; k < NKNOWN; k++)
        printf("%-10s %-9s %s\n", known[k].name,
               find_suite(known[k].name) != NULL ? "built" : "missing", known[k].what);
    for (size_t k = 0; built[k].name != NULL; k++)
        if (!is_listed(built[k].name))
            printf("%-10s %-9s %s\n", built[k].name, "built", "(extra suite)");
}

/* Every suite in run order, then the extra ones; returns 1 if one failed. */
static int run_all(const mpol_bench_opts *o)
{
    int failed = 0;
    for (size_t k = 0; k < NKNOWN; k++) {
        mpol_bench_fn fn = find_suite(known[k].name);
        if (fn == NULL) {
            fprintf(stderr, "multipolar bench: suite %s is not built in this tree\n",
                    known[k].name);
            continue;
        }
        failed |= mpol_bench_run_suite(o, known[k].name, fn) != 0;
    }
    for (size_t k = 0; built[k].name != NULL; k++)
        if (!is_listed(built[k].name))
            failed |= mpol_bench_run_suite(o, built[k].name, built[k].fn) != 0;
    return failed;
}

/* The suites named in @p names[0..n-1], in that order; returns 1 if one failed. */
static int run_named(const mpol_bench_opts *o, char **names, int n)
{
    int failed = 0;
    for (int k = 0; k < n; k++) {
        mpol_bench_fn fn = find_suite(names[k]);
        if (fn == NULL) {
            fprintf(stderr, "multipolar bench: suite %s is not built in this tree\n", names[k]);
            failed = 1;
            continue;
        }
        failed |= mpol_bench_run_suite(o, names[k], fn) != 0;
    }
    return failed;
}
#endif

int cmd_bench(int argc, char **argv)
{
    bench_args a;
    int rc = parse_args(argc, argv, &a);
    if (rc >= 0)
        return rc;
#ifndef MPOL_WITH_BENCH
    fprintf(stderr, "multipolar bench: this multipolar was built without benchmarks "
                    "(MPOL_BUILD_BENCH=OFF)\n");
    return CLI_EXIT_FAILURE;
#else
    if (a.list) {
        list_suites();
        return CLI_EXIT_OK;
    }
    for (int k = optind; k < argc; k++) {
        if (!is_known(argv[k])) {
            fprintf(stderr,
                    "multipolar bench: '%s' is not a suite; see 'multipolar bench --list'\n",
                    argv[k]);
            return CLI_EXIT_USAGE;
        }
    }
    mpol_bench_opts o;
    mpol_bench_opts_init(&o);
    o.quick = a.quick >= 0 ? a.quick : optind == argc;
    o.large = a.large;
    o.json = a.json;
    o.baselines = a.baselines;
    o.reps = a.reps;
    mpol_bench_doc_begin(&o);
    int failed = optind == argc ? run_all(&o) : run_named(&o, argv + optind, argc - optind);
    mpol_bench_doc_end(&o);
    return failed ? CLI_EXIT_FAILURE : CLI_EXIT_OK;
#endif
}
