/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar sweep`: grid options, the parallel sweep, the regime
 * table, CSV/JSON output, the plot, and (when built with MPOL_MPI) the distribution of the
 * grid over MPI ranks with the results gathered on rank 0, which writes the same file as a
 * serial run.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#ifdef MPOL_WITH_MPI
#include <mpi.h>
#endif

#include "cli.h"

/* Significant digits of the CSV numbers unless --digits says otherwise. */
#define CLI_SWEEP_DIGITS 12

static void usage(FILE *out)
{
    fprintf(out,
            "usage: multipolar sweep MODEL [--param p=lo:hi:n [--param q=lo:hi:n]] [-o OUT.csv]\n"
            "                        [--format csv|json] [--plot OUT.svg|OUT.png] [--threads N]\n"
            "                        [--refine | --no-refine] [--tol X] [--set p=v]...\n"
            "                        [--method NAME] [--digits N] [--quiet]\n"
            "\n"
            "Solves MODEL at every point of a grid over one or two parameters (from --param,\n"
            "or the model's sweep: section), writes one row per point (parameters, value,\n"
            "solution, certificate, verified, regime), and reports every breakpoint where\n"
            "the structure of the solution changes, refined by bisection (default 1e-9).\n"
            "\n"
            "  -p, --param P=LO:HI:N  sweep parameter P over N points from LO to HI (inside\n"
            "                         P's declared [min, max]; P must not also be --set)\n"
            "  -o, --output FILE      write the rows to FILE (default or '-': stdout); the\n"
            "                         regime table then goes to stdout, otherwise to stderr\n"
            "  -f, --format F         csv (default) or json (points, regimes, breakpoints)\n"
            "      --plot FILE        plot to FILE (.svg or .png)\n"
            "  -j, --threads N        threads, 0 = all cores (default; --jobs N is the same)\n"
            "      --refine           refine breakpoints by bisection (default)\n"
            "      --no-refine        report breakpoints as grid intervals only\n"
            "      --tol X            bisection tolerance (default 1e-9)\n"
            "  -s, --set P=V          fix another parameter (repeatable)\n"
            "  -m, --method NAME      solver method, as for solve\n"
            "      --digits N         significant digits in the CSV, 1..17 (default 12; 17\n"
            "                         round-trips every double exactly)\n"
            "  -q, --quiet            no progress bar\n"
            "\n"
            "Built with MPI, `mpirun -n K multipolar sweep ...` splits the grid over K ranks;\n"
            "rank 0 writes the same output as a serial run.\n"
            "\n"
            "FILE (-o, --plot) is checked before the sweep (exit 1 at once if its folder is\n"
            "missing or not writable, or it is a folder), written to a temporary in the same\n"
            "folder and renamed over FILE when complete; a device or FIFO is written in place.\n"
            "On a failed write (exit 1, 'multipolar sweep: FILE: reason') or on SIGINT/SIGTERM\n"
            "('multipolar sweep: interrupted', exit 128 + signal) the temporary is removed\n"
            "and an old FILE is left untouched.\n"
            "\n"
            "Exit codes: 0 every point solved and verified; 1 a point failed to solve or\n"
            "verify, the grid is over a limit, or an I/O error; 2 usage or model error.\n");
}

/* Parses "p=lo:hi:n": LO and HI finite numbers inside the parameter's declared [min, max],
 * N a whole number of points >= 1. */
static int parse_axis(const mpol_model *model, const char *spec, mpol_sweep_grid *g, size_t a)
{
    const char *eq = strchr(spec, '=');
    char name[256], num[3][64];
    if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof name)
        goto bad;
    memcpy(name, spec, (size_t)(eq - spec));
    name[eq - spec] = '\0';
    if (mpol_model_param_index(model, name, &g->param[a]) != MPOL_OK) {
        char buf[1100];
        fprintf(stderr, "multipolar sweep: --param: %s\n",
                cli_message(mpol_last_error(), buf, sizeof buf));
        return CLI_EXIT_USAGE;
    }
    const char *f = eq + 1;
    for (int k = 0; k < 3; k++) {
        size_t len = strcspn(f, ":");
        if (len >= sizeof num[k] || (k < 2 && f[len] != ':') || (k == 2 && f[len] != '\0'))
            goto bad;
        memcpy(num[k], f, len);
        num[k][len] = '\0';
        f += len + (k < 2);
    }
    long n;
    if (cli_parse_double(num[0], &g->from[a]) != 0 || cli_parse_double(num[1], &g->to[a]) != 0 ||
        cli_parse_long(num[2], 1, LONG_MAX, &n) != 0)
        goto bad;
    g->steps[a] = (size_t)n;
    double lo, hi;
    if (mpol_model_param_bounds(model, g->param[a], &lo, &hi) == MPOL_OK) {
        for (int k = 0; k < 2; k++) {
            double x = k == 0 ? g->from[a] : g->to[a];
            if (x < lo || x > hi) {
                fprintf(stderr,
                        "multipolar sweep: --param %s: %s = %.17g is outside the parameter's "
                        "[min, max] = [%g, %g]\n",
                        name, k == 0 ? "LO" : "HI", x, lo, hi);
                return CLI_EXIT_USAGE;
            }
        }
    }
    return CLI_EXIT_OK;
bad:
    fprintf(stderr,
            "multipolar sweep: --param expects NAME=LO:HI:N (LO, HI finite numbers, N a whole "
            "number >= 1), got '%s'\n",
            spec);
    return CLI_EXIT_USAGE;
}

/* Refuses --set of a swept parameter: the sweep would overwrite it at every point. */
static int check_sets(const mpol_model *model, const mpol_sweep_grid *grid, const char **sets,
                      size_t nsets)
{
    for (size_t i = 0; i < nsets; i++) {
        size_t len = strcspn(sets[i], "=");
        for (size_t a = 0; a < grid->naxes; a++) {
            const char *pn = mpol_model_param_name(model, grid->param[a]);
            if (pn != NULL && strlen(pn) == len && strncmp(pn, sets[i], len) == 0) {
                fprintf(stderr,
                        "multipolar sweep: --set %s: %s is the swept parameter; fix another "
                        "parameter or change the sweep's range\n",
                        sets[i], pn);
                return CLI_EXIT_USAGE;
            }
        }
    }
    return CLI_EXIT_OK;
}

static void print_regimes(FILE *out, const mpol_sweep_result *r, const mpol_model *model,
                          int refined, double tol, double seconds, int ranks)
{
    size_t total = r->npoints;
    fprintf(out, "Sweep of %s: %zu points", mpol_model_title(model), total);
    for (size_t a = 0; a < r->grid.naxes; a++)
        fprintf(out, "%s %s in [%g, %g] (%zu)", a ? " x" : ",",
                mpol_model_param_name(model, r->grid.param[a]), r->grid.from[a], r->grid.to[a],
                r->grid.steps[a]);
    fprintf(out, "; %.3f s", seconds);
    if (ranks > 1)
        fprintf(out, " on %d MPI ranks", ranks);
    fprintf(out, "\nVerified points: %zu of %zu (certificate: %s)\n\n", total - r->unverified,
            total, r->certificate_name);
    fprintf(out, "Regimes (structure of the solution):\n");
    size_t *count = calloc(r->nregimes ? r->nregimes : 1, sizeof *count);
    if (count != NULL)
        for (size_t k = 0; k < r->npoints; k++)
            if (r->regime[k] != MPOL_SWEEP_NO_REGIME)
                count[r->regime[k]]++;
    for (size_t g = 0; g < r->nregimes; g++) {
        if (count != NULL)
            fprintf(out, "  %2zu  %-60s %zu points\n", g, r->regime_labels[g], count[g]);
        else
            fprintf(out, "  %2zu  %s\n", g, r->regime_labels[g]);
    }
    free(count);
    if (r->nregimes == 0)
        fprintf(out, "  none: no point has a verified solution\n");
    cli_sweep_print_failed(out, r, model);
    if (r->nbreaks == 0) {
        fprintf(out, r->nfailed ? "\nNo breakpoints between verified neighbouring points.\n"
                                : "\nNo breakpoints: the structure is the same at every point.\n");
        return;
    }
    fprintf(out, "\nBreakpoints (%s):\n",
            refined ? "refined by bisection" : "grid intervals, not refined");
    size_t shown = r->nbreaks < 200 ? r->nbreaks : 200;
    for (size_t i = 0; i < shown; i++) {
        const mpol_sweep_break *b = &r->breaks[i];
        fprintf(out, "  %s = %.12g", mpol_model_param_name(model, r->grid.param[b->axis]), b->at);
        if (r->grid.naxes == 2)
            fprintf(out, " at %s = %.6g", mpol_model_param_name(model, r->grid.param[1 - b->axis]),
                    b->other);
        fprintf(out, "  [%.12g, %.12g]  regime %zu -> %zu\n", b->lo, b->hi, r->regime[b->point],
                r->regime[b->point + (b->axis == 0 ? 1 : r->grid.steps[0])]);
    }
    if (shown < r->nbreaks)
        fprintf(out, "  ... %zu more in the JSON output\n", r->nbreaks - shown);
    if (refined)
        fprintf(out, "  (bisection tolerance %g)\n", tol);
}

#ifdef MPOL_WITH_MPI
/* Gathers per-rank slices (counts[i] rows of @p width elements from row firsts[i]) into
 * rank 0's full array @p all. The caller has checked that total * width fits an int. */
static int gather(const void *mine, size_t n, size_t width, MPI_Datatype type, void *all,
                  const size_t *firsts, const size_t *counts, int size)
{
    int *rc = malloc((size_t)size * sizeof *rc), *rd = malloc((size_t)size * sizeof *rd);
    int e = MPI_ERR_NO_MEM;
    if (rc != NULL && rd != NULL) {
        for (int i = 0; i < size; i++) {
            rc[i] = (int)(counts[i] * width);
            rd[i] = (int)(firsts[i] * width);
        }
        e = MPI_Gatherv(mine, (int)(n * width), type, all, rc, rd, type, 0, MPI_COMM_WORLD);
    }
    free(rc);
    free(rd);
    return e == MPI_SUCCESS ? 0 : -1;
}

/*
 * The distributed sweep: the grid is cut into slices of whole warm-start blocks, one per
 * rank; every rank computes its slice with the same engine as a serial run (so the numbers
 * are bit-identical), rank 0 gathers values, solutions, certificates (MPI_DOUBLE),
 * signatures (MPI_UINT64_T) and verification flags (MPI_INT) and finalizes (regimes and
 * bisection) exactly as mpol_sweep_run does. On return rank 0 holds the full result in *out.
 */
static int run_distributed(mpol_sweep_result **out, const mpol_model *model,
                           const mpol_sweep_grid *grid, const mpol_sweep_opts *so, int rank,
                           int size)
{
    size_t total = mpol_sweep_grid_size(grid);
    *out = NULL;
    /* MPI counts are ints: refuse a grid whose widest array would overflow one. */
    mpol_sweep_result *probe = NULL;
    mpol_status st = mpol_sweep_result_alloc(&probe, model, grid, so->method, 0, 1);
    if (st != MPOL_OK)
        return rank == 0 ? cli_fail("sweep", st) : cli_exit_for(st);
    size_t width = probe->ncols > grid->naxes ? probe->ncols : grid->naxes;
    size_t ncols = probe->ncols;
    mpol_sweep_result_free(probe);
    if (width == 0)
        width = 1;
    if (total > (size_t)INT_MAX / width) {
        if (rank == 0)
            fprintf(stderr,
                    "multipolar sweep: %zu points x %zu columns exceed one MPI gather (2^31 "
                    "values); split the sweep\n",
                    total, width);
        return CLI_EXIT_FAILURE; /* over a limit */
    }
    size_t nblocks = (total + MPOL_SWEEP_BLOCK - 1) / MPOL_SWEEP_BLOCK;
    size_t *firsts = calloc((size_t)size, sizeof *firsts);
    size_t *counts = calloc((size_t)size, sizeof *counts);
    int local_ok = firsts != NULL && counts != NULL, all_ok = 0, rc = CLI_EXIT_FAILURE;
    mpol_sweep_result *mine = NULL, *r = NULL;
    if (local_ok) {
        for (int i = 0; i < size; i++) {
            size_t b0 = nblocks * (size_t)i / (size_t)size;
            size_t b1 = nblocks * (size_t)(i + 1) / (size_t)size;
            firsts[i] = b0 * MPOL_SWEEP_BLOCK;
            size_t last = b1 * MPOL_SWEEP_BLOCK < total ? b1 * MPOL_SWEEP_BLOCK : total;
            counts[i] = last > firsts[i] ? last - firsts[i] : 0;
        }
        if (counts[rank] > 0) {
            mpol_sweep_opts ro = *so;
            ro.first = firsts[rank];
            ro.count = counts[rank];
            ro.refine = 0;
            if ((st = mpol_sweep_run(&mine, model, grid, &ro)) != MPOL_OK) {
                char buf[1100];
                fprintf(stderr, "multipolar sweep (rank %d): %s\n", rank,
                        cli_message(mpol_last_error(), buf, sizeof buf));
                local_ok = 0;
            }
        }
        if (local_ok && rank == 0 &&
            (st = mpol_sweep_result_alloc(&r, model, grid, so->method, 0, total)) != MPOL_OK) {
            char buf[1100];
            fprintf(stderr, "multipolar sweep: %s\n",
                    cli_message(mpol_last_error(), buf, sizeof buf));
            local_ok = 0;
        }
    } else {
        fprintf(stderr, "multipolar sweep (rank %d): out of memory\n", rank);
    }
    MPI_Allreduce(&local_ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
    if (!all_ok)
        goto done;
    size_t n = counts[rank];
    double dummy = 0;
    uint64_t sdummy = 0;
    int idummy = 0;
    int e = 0;
    e |= gather(n ? (void *)mine->params : &dummy, n, grid->naxes, MPI_DOUBLE,
                rank == 0 ? r->params : NULL, firsts, counts, size);
    e |= gather(n ? (void *)mine->value : &dummy, n, 1, MPI_DOUBLE, rank == 0 ? r->value : NULL,
                firsts, counts, size);
    if (ncols > 0)
        e |= gather(n ? (void *)mine->solution : &dummy, n, ncols, MPI_DOUBLE,
                    rank == 0 ? r->solution : NULL, firsts, counts, size);
    e |= gather(n ? (void *)mine->certificate : &dummy, n, 1, MPI_DOUBLE,
                rank == 0 ? r->certificate : NULL, firsts, counts, size);
    e |= gather(n ? (void *)mine->signature : &sdummy, n, 1, MPI_UINT64_T,
                rank == 0 ? r->signature : NULL, firsts, counts, size);
    e |= gather(n ? (void *)mine->verified : &idummy, n, 1, MPI_INT, rank == 0 ? r->verified : NULL,
                firsts, counts, size);
    if (e != 0) {
        fprintf(stderr, "multipolar sweep (rank %d): MPI gather failed\n", rank);
        goto done;
    }
    rc = CLI_EXIT_OK;
    if (rank == 0) {
        for (size_t k = 0; k < total; k++)
            r->unverified += !r->verified[k];
        if ((st = mpol_sweep_finalize(r, model, so)) != MPOL_OK)
            rc = cli_fail("sweep", st);
    }
done:
    free(firsts);
    free(counts);
    mpol_sweep_result_free(mine);
    if (rc == CLI_EXIT_OK && rank == 0)
        *out = r;
    else
        mpol_sweep_result_free(r);
    return rc;
}
#endif

int cmd_sweep(int argc, char **argv)
{
    enum { OPT_PLOT = 256, OPT_REFINE, OPT_NO_REFINE, OPT_TOL, OPT_DIGITS };
    static const struct option longopts[] = {{"param", required_argument, NULL, 'p'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"plot", required_argument, NULL, OPT_PLOT},
                                             {"threads", required_argument, NULL, 'j'},
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"refine", no_argument, NULL, OPT_REFINE},
                                             {"no-refine", no_argument, NULL, OPT_NO_REFINE},
                                             {"tol", required_argument, NULL, OPT_TOL},
                                             {"set", required_argument, NULL, 's'},
                                             {"method", required_argument, NULL, 'm'},
                                             {"quiet", no_argument, NULL, 'q'},
                                             {"help", no_argument, NULL, 'h'},
                                             {"digits", required_argument, NULL, OPT_DIGITS},
                                             {NULL, 0, NULL, 0}};
    const char *axes[3] = {NULL, NULL, NULL}, *sets[64], *outpath = NULL, *plotpath = NULL;
    size_t naxes = 0, nsets = 0;
    int quiet = 0, c, rc = CLI_EXIT_OK, rank = 0, size = 1, digits = CLI_SWEEP_DIGITS;
    cli_format fmt = CLI_FORMAT_CSV;
    mpol_sweep_opts so;
    mpol_sweep_opts_init(&so);
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":p:o:f:j:s:m:qh", longopts, NULL)) != -1) {
        switch (c) {
        case 'p':
            if (naxes == 2) {
                fprintf(stderr, "multipolar sweep: at most two --param options\n");
                return CLI_EXIT_USAGE;
            }
            axes[naxes++] = optarg;
            break;
        case 'o':
            outpath = optarg;
            break;
        case 'f':
            if (strcmp(optarg, "csv") == 0)
                fmt = CLI_FORMAT_CSV;
            else if (strcmp(optarg, "json") == 0)
                fmt = CLI_FORMAT_JSON;
            else {
                fprintf(stderr, "multipolar sweep: --format must be csv or json\n");
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_PLOT:
            plotpath = optarg;
            if (!cli_has_suffix(plotpath, ".svg") && !cli_has_suffix(plotpath, ".png")) {
                fprintf(stderr, "multipolar sweep: --plot needs a .svg or .png file name\n");
                return CLI_EXIT_USAGE;
            }
            break;
        case 'j': {
            long j;
            if (cli_parse_long(optarg, 0, 4096, &j) != 0) {
                fprintf(stderr,
                        "multipolar sweep: --threads must be an integer from 0 (automatic) to "
                        "4096, not "
                        "'%s'\n",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            so.threads = (int)j;
            break;
        }
        case OPT_REFINE:
            so.refine = 1;
            break;
        case OPT_NO_REFINE:
            so.refine = 0;
            break;
        case OPT_TOL:
            if (cli_parse_double(optarg, &so.refine_tol) != 0 || !(so.refine_tol > 0)) {
                fprintf(stderr,
                        "multipolar sweep: --tol must be a positive finite number, not "
                        "'%s'\n",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            break;
        case OPT_DIGITS: {
            long d;
            if (cli_parse_long(optarg, 1, 17, &d) != 0) {
                fprintf(stderr,
                        "multipolar sweep: --digits must be an integer from 1 to 17, not "
                        "'%s'\n",
                        optarg);
                return CLI_EXIT_USAGE;
            }
            digits = (int)d;
            break;
        }
        case 's':
            if (nsets == sizeof sets / sizeof sets[0]) {
                fprintf(stderr, "multipolar sweep: too many --set options\n");
                return CLI_EXIT_USAGE;
            }
            sets[nsets++] = optarg;
            break;
        case 'm':
            so.method = optarg;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'h':
            usage(stdout);
            return CLI_EXIT_OK;
        case ':':
            fprintf(stderr, "multipolar sweep: option '%s' needs a value\n", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        default:
            fprintf(stderr, "multipolar sweep: unknown option '%s'; see 'multipolar help sweep'\n",
                    argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        fprintf(stderr, "multipolar sweep: %s; see 'multipolar help sweep'\n",
                argc - optind == 0 ? "a MODEL is needed" : "one model at a time");
        return CLI_EXIT_USAGE;
    }
    if (outpath != NULL && strcmp(outpath, "-") == 0)
        outpath = NULL;
    /* A path that cannot be written fails now, not after the sweep (exit 1). */
    if ((rc = cli_output_check("sweep", outpath)) != CLI_EXIT_OK ||
        (rc = cli_output_check("sweep", plotpath)) != CLI_EXIT_OK)
        return rc;
    cli_signals_install("sweep");
#ifdef MPOL_WITH_MPI
    int provided;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
#endif
    mpol_model *model = NULL;
    mpol_sweep_result *r = NULL;
    if ((rc = cli_load_model(argv[optind], &model)) != CLI_EXIT_OK)
        goto done;
    for (size_t i = 0; i < nsets; i++)
        if ((rc = cli_apply_set(model, sets[i])) != CLI_EXIT_OK)
            goto done;
    mpol_sweep_grid grid;
    memset(&grid, 0, sizeof grid);
    mpol_status st;
    if (naxes == 0) {
        if ((st = mpol_sweep_grid_from_model(&grid, model)) != MPOL_OK) {
            rc = cli_fail("sweep", st);
            goto done;
        }
    } else {
        grid.naxes = naxes;
        for (size_t a = 0; a < naxes; a++)
            if ((rc = parse_axis(model, axes[a], &grid, a)) != CLI_EXIT_OK)
                goto done;
    }
    if ((rc = check_sets(model, &grid, sets, nsets)) != CLI_EXIT_OK)
        goto done;
    cli_progress prog;
    cli_progress_init(&prog, "sweep", quiet || rank != 0);
    so.progress = cli_progress_update;
    so.refine_progress = cli_progress_refine;
    so.userdata = &prog;
    double t0 = cli_now();
    if (size > 1) {
#ifdef MPOL_WITH_MPI
        rc = run_distributed(&r, model, &grid, &so, rank, size);
        cli_progress_finish(&prog);
        if (rank != 0 || rc != CLI_EXIT_OK)
            goto done;
#endif
    } else {
        st = mpol_sweep_run(&r, model, &grid, &so);
        cli_progress_finish(&prog);
        if (st != MPOL_OK) {
            rc = cli_fail("sweep", st);
            goto done;
        }
    }
    double seconds = cli_now() - t0;

    cli_output out;
    if ((rc = cli_output_open(&out, "sweep", outpath)) != CLI_EXIT_OK)
        goto done;
    if (fmt == CLI_FORMAT_JSON) {
        st = mpol_sweep_write_json(r, model, out.f);
    } else {
        mpol_sweep_csv_opts co;
        mpol_sweep_csv_opts_init(&co);
        co.digits = digits;
        co.threads = so.threads;
        st = mpol_sweep_write_csv_opts(r, model, out.f, &co);
    }
    if ((rc = cli_output_close(&out, st)) != CLI_EXIT_OK)
        goto done;
    print_regimes(outpath != NULL ? stdout : stderr, r, model, so.refine, so.refine_tol, seconds,
                  size);
    if (plotpath != NULL && (rc = cli_plot_sweep(r, model, plotpath)) != CLI_EXIT_OK)
        goto done;
    if (r->unverified > 0) {
        fprintf(stderr, "multipolar sweep: %zu points failed verification\n", r->unverified);
        rc = CLI_EXIT_FAILURE;
    }
done:
    mpol_sweep_result_free(r);
    mpol_model_free(model);
#ifdef MPOL_WITH_MPI
    MPI_Finalize();
#endif
    return rc;
}
