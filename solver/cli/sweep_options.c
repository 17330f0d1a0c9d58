/* SPDX-License-Identifier: GPL-3.0-or-later */
/* This file implements the options of `multipolar sweep`: the usage text and the parsing of
 * the command line into a cli_sweep_args. */
#include <getopt.h>
#include <string.h>

#include "sweep_cli.h"

enum {
    OPT_PLOT = 256,
    OPT_REFINE,
    OPT_NO_REFINE,
    OPT_TOL,
    OPT_DIGITS,
    OPT_LEADER,
    OPT_OBJECTIVE,
    OPT_DISAGREEMENT,
    OPT_FEASIBLE
};

static void usage(FILE *out)
{
    fprintf(out,
            "usage: multipolar sweep MODEL [--param p=lo:hi:n [--param q=lo:hi:n]] [-o OUT.csv]\n"
            "                        [--format csv|json] [--plot OUT.svg|OUT.png] [--threads N]\n"
            "                        [--refine | --no-refine] [--tol X] [--set p=v]...\n"
            "                        [--method NAME] [--digits N] [--quiet] [--leader P]\n"
            "                        [--objective O] [--disagreement D] [--feasible F]\n"
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
            "      --leader P, --objective O, --disagreement D, --feasible F\n"
            "                         the method's options, as for solve\n"
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

/* The options that take a number; @return -1 (taken) or CLI_EXIT_USAGE (message printed). */
static int numeric_option(int c, const char *arg, cli_sweep_args *a)
{
    long v;
    switch (c) {
    case 'j':
        if (cli_parse_long(arg, 0, 4096, &v) != 0) {
            fprintf(stderr,
                    "multipolar sweep: --threads must be an integer from 0 (automatic) to "
                    "4096, not '%s'\n",
                    arg);
            return CLI_EXIT_USAGE;
        }
        a->so.threads = (int)v;
        return -1;
    case OPT_TOL:
        if (cli_parse_double(arg, &a->so.refine_tol) != 0 || !(a->so.refine_tol > 0)) {
            fprintf(stderr,
                    "multipolar sweep: --tol must be a positive finite number, not "
                    "'%s'\n",
                    arg);
            return CLI_EXIT_USAGE;
        }
        return -1;
    default: /* OPT_DIGITS */
        if (cli_parse_long(arg, 1, 17, &v) != 0) {
            fprintf(stderr,
                    "multipolar sweep: --digits must be an integer from 1 to 17, not "
                    "'%s'\n",
                    arg);
            return CLI_EXIT_USAGE;
        }
        a->digits = (int)v;
        return -1;
    }
}

/* One option; @return -1 to go on, else the exit code. */
static int one_option(int c, char **argv, cli_sweep_args *a)
{
    switch (c) {
    case 'p':
        if (a->naxes == 2) {
            fprintf(stderr, "multipolar sweep: at most two --param options\n");
            return CLI_EXIT_USAGE;
        }
        a->axes[a->naxes++] = optarg;
        return -1;
    case 'o':
        a->outpath = optarg;
        return -1;
    case 'f':
        if (strcmp(optarg, "csv") == 0)
            a->fmt = CLI_FORMAT_CSV;
        else if (strcmp(optarg, "json") == 0)
            a->fmt = CLI_FORMAT_JSON;
        else {
            fprintf(stderr, "multipolar sweep: --format must be csv or json\n");
            return CLI_EXIT_USAGE;
        }
        return -1;
    case OPT_PLOT:
        a->plotpath = optarg;
        if (!cli_has_suffix(optarg, ".svg") && !cli_has_suffix(optarg, ".png")) {
            fprintf(stderr, "multipolar sweep: --plot needs a .svg or .png file name\n");
            return CLI_EXIT_USAGE;
        }
        return -1;
    case 'j':
    case OPT_TOL:
    case OPT_DIGITS:
        return numeric_option(c, optarg, a);
    case OPT_REFINE:
    case OPT_NO_REFINE:
        a->so.refine = c == OPT_REFINE;
        return -1;
    case 's':
        if (a->nsets == CLI_SWEEP_MAX_SETS) {
            fprintf(stderr, "multipolar sweep: too many --set options\n");
            return CLI_EXIT_USAGE;
        }
        a->sets[a->nsets++] = optarg;
        return -1;
    case 'm':
        a->so.method = optarg;
        return -1;
    case 'q':
        a->quiet = 1;
        return -1;
    case OPT_LEADER:
        a->so.args.leader = optarg;
        return -1;
    case OPT_OBJECTIVE:
        a->so.args.objective = optarg;
        return -1;
    case OPT_DISAGREEMENT:
        a->so.args.disagreement = optarg;
        return -1;
    case OPT_FEASIBLE:
        a->so.args.feasible = optarg;
        return -1;
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

int cli_sweep_parse_args(int argc, char **argv, cli_sweep_args *a)
{
    static const struct option longopts[] = {
        {"param", required_argument, NULL, 'p'},
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
        {"leader", required_argument, NULL, OPT_LEADER},
        {"objective", required_argument, NULL, OPT_OBJECTIVE},
        {"disagreement", required_argument, NULL, OPT_DISAGREEMENT},
        {"feasible", required_argument, NULL, OPT_FEASIBLE},
        {NULL, 0, NULL, 0}};
    memset(a, 0, sizeof *a);
    a->digits = CLI_SWEEP_DIGITS;
    a->fmt = CLI_FORMAT_CSV;
    mpol_sweep_opts_init(&a->so);
    opterr = 0;
    int c, rc;
    while ((c = getopt_long(argc, argv, ":p:o:f:j:s:m:qh", longopts, NULL)) != -1)
        if ((rc = one_option(c, argv, a)) >= 0)
            return rc;
    if (argc - optind != 1) {
        fprintf(stderr, "multipolar sweep: %s; see 'multipolar help sweep'\n",
                argc - optind == 0 ? "a MODEL is needed" : "one model at a time");
        return CLI_EXIT_USAGE;
    }
    a->model = argv[optind];
    if ((rc = cli_method_check_args("sweep", cli_method_for(a->so.method), &a->so.args)) !=
        CLI_EXIT_OK)
        return rc;
    if (a->outpath != NULL && strcmp(a->outpath, "-") == 0)
        a->outpath = NULL;
    return -1;
}
