/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar sweep`: grid options, the parallel sweep, the regime
 * table, CSV/JSON output, the plot, and (when built with MPOL_MPI) the distribution of the
 * grid over MPI ranks with the results gathered on rank 0, which writes the same file as a
 * serial run.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
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
            "                        [--format csv|json] [--plot OUT.svg|OUT.png] [--jobs N]\n"
            "                        [--refine | --no-refine] [--tol X] [--set p=v]...\n"
            "                        [--method NAME] [--digits N] [--quiet]\n"
            "\n"
            "Solves MODEL at every point of a grid over one or two parameters (from --param,\n"
            "or the model's sweep: section), writes one row per point (parameters, value,\n"
            "solution, certificate, verified, regime), and reports every breakpoint where\n"
            "the structure of the solution changes, refined by bisection (default 1e-9).\n"
            "\n"
            "  -p, --param P=LO:HI:N  sweep parameter P over N points from LO to HI\n"
            "  -o, --output FILE      write the rows to FILE (default: stdout); the regime\n"
            "                         table then goes to stdout, otherwise to stderr\n"
            "  -f, --format F         csv (default) or json (points, regimes, breakpoints)\n"
            "      --plot FILE        plot to FILE (.svg or .png)\n"
            "  -j, --jobs N           threads (default: all cores)\n"
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
            "rank 0 writes the same output as a serial run.\n");
}

/* Parses "p=lo:hi:n". */
static int parse_axis(const mpol_model *model, const char *spec, mpol_sweep_grid *g, size_t a)
{
    const char *eq = strchr(spec, '=');
    char name[256];
    if (eq == NULL || eq == spec || (size_t)(eq - spec) >= sizeof name)
        goto bad;
    memcpy(name, spec, (size_t)(eq - spec));
    name[eq - spec] = '\0';
    if (mpol_model_param_index(model, name, &g->param[a]) != MPOL_OK) {
        fprintf(stderr, "multipolar sweep: --param: %s\n", mpol_last_error());
        return CLI_EXIT_USAGE;
    }
    char *end;
    errno = 0;
    g->from[a] = strtod(eq + 1, &end);
    if (*end != ':' || errno)
        goto bad;
    g->to[a] = strtod(end + 1, &end);
    if (*end != ':' || errno)
        goto bad;
    const char *ns = end + 1;
    long n = strtol(ns, &end, 10);
    if (*ns == '\0' || *end != '\0' || n < 1 || errno || !isfinite(g->from[a]) ||
        !isfinite(g->to[a]))
        goto bad;
    g->steps[a] = (size_t)n;
    return CLI_EXIT_OK;
bad:
    fprintf(stderr, "multipolar sweep: --param expects NAME=LO:HI:N with N >= 1, got '%s'\n", spec);
    return CLI_EXIT_USAGE;
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
    for (size_t g = 0; g < r->nregimes; g++) {
        size_t count = 0;
        for (size_t k = 0; k < r->npoints; k++)
            count += r->regime[k] == g;
        fprintf(out, "  %2zu  %-60s %zu points\n", g, r->regime_labels[g], count);
    }
    if (r->nbreaks == 0) {
        fprintf(out, "\nNo breakpoints: the structure is the same at every point.\n");
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
/* Gathers per-rank slices of doubles into rank 0's full array. */
static int gather_doubles(const double *mine, size_t n, size_t width, double *all,
                          const size_t *firsts, const size_t *counts, int size)
{
    int *rc = malloc((size_t)size * sizeof *rc), *rd = malloc((size_t)size * sizeof *rd);
    if (rc == NULL || rd == NULL) {
        free(rc);
        free(rd);
        return -1;
    }
    for (int i = 0; i < size; i++) {
        rc[i] = (int)(counts[i] * width);
        rd[i] = (int)(firsts[i] * width);
    }
    int e =
        MPI_Gatherv(mine, (int)(n * width), MPI_DOUBLE, all, rc, rd, MPI_DOUBLE, 0, MPI_COMM_WORLD);
    free(rc);
    free(rd);
    return e == MPI_SUCCESS ? 0 : -1;
}
#endif

int cmd_sweep(int argc, char **argv)
{
    enum { OPT_PLOT = 256, OPT_REFINE, OPT_NO_REFINE, OPT_TOL, OPT_DIGITS };
    static const struct option longopts[] = {{"param", required_argument, NULL, 'p'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"format", required_argument, NULL, 'f'},
                                             {"plot", required_argument, NULL, OPT_PLOT},
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
            char *end;
            long j = strtol(optarg, &end, 10);
            if (*end != '\0' || j < 1 || j > 4096) {
                fprintf(stderr, "multipolar sweep: --jobs must be a positive integer\n");
                return CLI_EXIT_USAGE;
            }
            so.jobs = (int)j;
            break;
        }
        case OPT_REFINE:
            so.refine = 1;
            break;
        case OPT_NO_REFINE:
            so.refine = 0;
            break;
        case OPT_TOL: {
            char *end;
            so.refine_tol = strtod(optarg, &end);
            if (*end != '\0' || !(so.refine_tol > 0) || !isfinite(so.refine_tol)) {
                fprintf(stderr, "multipolar sweep: --tol must be a positive number\n");
                return CLI_EXIT_USAGE;
            }
            break;
        }
        case OPT_DIGITS: {
            char *end;
            long d = strtol(optarg, &end, 10);
            if (*end != '\0' || d < 1 || d > 17) {
                fprintf(stderr, "multipolar sweep: --digits must be an integer from 1 to 17\n");
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
            fprintf(stderr, "multipolar sweep: unknown option '%s'\n", argv[optind - 1]);
            return CLI_EXIT_USAGE;
        }
    }
    if (argc - optind != 1) {
        usage(stderr);
        return CLI_EXIT_USAGE;
    }
#ifdef MPOL_WITH_MPI
    int provided;
    MPI_Init_thread(NULL, NULL, MPI_THREAD_FUNNELED, &provided);
    MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    MPI_Comm_size(MPI_COMM_WORLD, &size);
#endif
    mpol_model *model = NULL;
    mpol_sweep_result *r = NULL;
    FILE *out = NULL;
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
    size_t total = mpol_sweep_grid_size(&grid);
    (void)total; /* used by the MPI build */
    cli_progress prog;
    cli_progress_init(&prog, "sweep", quiet || rank != 0);
    so.progress = cli_progress_update;
    so.userdata = &prog;
    double t0 = cli_now();
    if (size > 1) {
#ifdef MPOL_WITH_MPI
        /* Slices aligned to warm-start blocks, so every rank computes whole blocks. */
        size_t nblocks = (total + MPOL_SWEEP_BLOCK - 1) / MPOL_SWEEP_BLOCK;
        size_t *firsts = calloc((size_t)size, sizeof *firsts);
        size_t *counts = calloc((size_t)size, sizeof *counts);
        if (firsts == NULL || counts == NULL) {
            free(firsts);
            free(counts);
            fprintf(stderr, "multipolar sweep: out of memory\n");
            rc = CLI_EXIT_FAILURE;
            goto done;
        }
        for (int i = 0; i < size; i++) {
            size_t b0 = nblocks * (size_t)i / (size_t)size;
            size_t b1 = nblocks * (size_t)(i + 1) / (size_t)size;
            firsts[i] = b0 * MPOL_SWEEP_BLOCK;
            size_t last = b1 * MPOL_SWEEP_BLOCK < total ? b1 * MPOL_SWEEP_BLOCK : total;
            counts[i] = last > firsts[i] ? last - firsts[i] : 0;
        }
        mpol_sweep_result *mine = NULL;
        int local_ok = 1, all_ok = 1;
        if (counts[rank] > 0) {
            mpol_sweep_opts ro = so;
            ro.first = firsts[rank];
            ro.count = counts[rank];
            ro.refine = 0;
            st = mpol_sweep_run(&mine, model, &grid, &ro);
            if (st != MPOL_OK) {
                fprintf(stderr, "multipolar sweep (rank %d): %s\n", rank, mpol_last_error());
                local_ok = 0;
            }
        }
        MPI_Allreduce(&local_ok, &all_ok, 1, MPI_INT, MPI_LAND, MPI_COMM_WORLD);
        if (all_ok && rank == 0) {
            st = mpol_sweep_result_alloc(&r, model, &grid, so.method, 0, total);
            if (st != MPOL_OK)
                local_ok = 0;
        }
        MPI_Bcast(&local_ok, 1, MPI_INT, 0, MPI_COMM_WORLD);
        if (!all_ok || !local_ok) {
            mpol_sweep_result_free(mine);
            free(firsts);
            free(counts);
            rc = CLI_EXIT_FAILURE;
            goto done;
        }
        size_t n = counts[rank];
        size_t ncols = mine != NULL ? mine->ncols : 0;
        MPI_Allreduce(MPI_IN_PLACE, &ncols, 1, MPI_UNSIGNED_LONG, MPI_MAX, MPI_COMM_WORLD);
        double empty = 0;
        double *sig = malloc((n ? n : 1) * sizeof *sig), *ver = malloc((n ? n : 1) * sizeof *ver);
        double *allsig = rank == 0 ? malloc(total * sizeof *allsig) : NULL;
        double *allver = rank == 0 ? malloc(total * sizeof *allver) : NULL;
        for (size_t k = 0; k < n; k++) {
            memcpy(&sig[k], &mine->signature[k], sizeof(double));
            ver[k] = mine->verified[k];
        }
        gather_doubles(n ? mine->params : &empty, n, grid.naxes, rank == 0 ? r->params : NULL,
                       firsts, counts, size);
        gather_doubles(n ? mine->value : &empty, n, 1, rank == 0 ? r->value : NULL, firsts, counts,
                       size);
        if (ncols > 0)
            gather_doubles(n ? mine->solution : &empty, n, ncols, rank == 0 ? r->solution : NULL,
                           firsts, counts, size);
        gather_doubles(n ? mine->certificate : &empty, n, 1, rank == 0 ? r->certificate : NULL,
                       firsts, counts, size);
        gather_doubles(sig, n, 1, allsig, firsts, counts, size);
        gather_doubles(ver, n, 1, allver, firsts, counts, size);
        if (rank == 0) {
            for (size_t k = 0; k < total; k++) {
                memcpy(&r->signature[k], &allsig[k], sizeof(double));
                r->verified[k] = allver[k] != 0;
                r->unverified += !r->verified[k];
            }
            st = mpol_sweep_finalize(r, model, &so);
            if (st != MPOL_OK) {
                rc = cli_fail("sweep", st);
            }
        }
        free(sig);
        free(ver);
        free(allsig);
        free(allver);
        free(firsts);
        free(counts);
        mpol_sweep_result_free(mine);
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

    out = outpath != NULL ? fopen(outpath, "w") : stdout;
    if (out == NULL) {
        fprintf(stderr, "multipolar sweep: %s: cannot open for writing\n", outpath);
        rc = CLI_EXIT_FAILURE;
        goto done;
    }
    if (fmt == CLI_FORMAT_JSON) {
        st = mpol_sweep_write_json(r, model, out);
    } else {
        mpol_sweep_csv_opts co;
        mpol_sweep_csv_opts_init(&co);
        co.digits = digits;
        co.jobs = so.jobs;
        st = mpol_sweep_write_csv_opts(r, model, out, &co);
    }
    if (out != stdout) {
        if (fclose(out) != 0 && st == MPOL_OK)
            st = mpol_error(MPOL_EIO, "%s: write failed", outpath);
        out = NULL;
    }
    if (st != MPOL_OK) {
        rc = cli_fail("sweep", st);
        goto done;
    }
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
