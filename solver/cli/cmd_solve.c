/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar solve`: option parsing, model loading, parameter
 * overrides, dispatch on the model's kind, and the report helpers the kinds share.
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "multipolar/bimatrix.h"
#include "multipolar/stochastic.h"
#include "multipolar/tree.h"
#include "multipolar/zerosum.h"

static const char *sg_name(int m)
{
    return mpol_sg_method_name((mpol_sg_method)m);
}

static const char *tree_name(int m)
{
    return mpol_tree_method_name((mpol_tree_method)m);
}

/* "KIND: a | b | ...", the names from a library method table (name(m) for m = 0, 1, ... up
 * to "unknown"), wrapped at 79 columns under the other kinds' lines. */
static void method_line(char *buf, size_t size, const char *kind, const char *(*name)(int))
{
    size_t len = (size_t)snprintf(buf, size, "%24s%s:", "", kind), col = len;
    for (int m = 0; strcmp(name(m), "unknown") != 0; m++) {
        int more = strcmp(name(m + 1), "unknown") != 0;
        if (col + strlen(name(m)) + 3 > 79 && len < size) {
            len += (size_t)snprintf(buf + len, size - len, "\n%27s", "");
            col = 27;
        }
        if (len < size) {
            int w = snprintf(buf + len, size - len, " %s%s", name(m), more ? " |" : "");
            len += (size_t)w;
            col += (size_t)w;
        }
    }
    if (len < size)
        snprintf(buf + len, size - len, "\n");
}

static void usage(FILE *out)
{
    char sg[256], tree[256];
    method_line(sg, sizeof sg, "stochastic", sg_name);
    method_line(tree, sizeof tree, "tree", tree_name);
    fprintf(out,
            "usage: multipolar solve [MODEL] [--method NAME] [--all] [--exact] [--set p=v]...\n"
            "                        [--format text|json|csv] [--no-eliminate] [--tol X]\n"
            "                        [--partition \"A+B,C\"] [--actor NAME] [--max-memory MIB]\n"
            "                        [--quota Q] [--timing] [--leader P] [--objective O]\n"
            "                        [--disagreement D] [--feasible F]\n"
            "\n"
            "Solves MODEL (a YAML model, a Gambit .nfg or .efg game, a TU table .tu/.txt or\n"
            "an EPIC weighted voting .csv file; default: the bundled model\n"
            "models/kazakhstan/hedging.yaml; '-': a YAML model read from standard input, at\n"
            "most 16 MiB) and prints the solution with its independent verification.\n"
            "\n"
            "  -m, --method NAME   algorithm; per kind:\n"
            "                        zero-sum: auto | simplex | dense | oracle | glpk\n"
            "                        bimatrix: enum (all extreme equilibria) | lh | lh-all\n"
            "                        normal-form: logit | simpdiv | support | pure |\n"
            "                                     replicator | fictitious\n"
            "                        tu: shapley | banzhaf | tau | owen | myerson | core |\n"
            "                            least-core | nucleolus | prenucleolus |\n"
            "                            coalition-structure | partition-core\n"
            "                        weighted-voting: shapley-shubik | banzhaf |\n"
            "                            minimal-winning | balance | deegan-packel |\n"
            "                            public-good | johnston | coleman\n"
            "                        hedonic: nash | individual | core | search\n"
            "%s"
            "%s"
            "                        bayesian: enumerate | pure | logit | tree\n"
            "                        zero-sum, bimatrix, normal-form, also:\n"
            "                            stackelberg | stackelberg-pure |\n"
            "                            stackelberg-weak (--leader);\n"
            "                            correlated | coarse-correlated (--objective;\n"
            "                            --all: the polytope's vertices);\n"
            "                            nash-bargaining | kalai-smorodinsky |\n"
            "                            egalitarian (--disagreement, --feasible)\n"
            "                        zero-sum, bimatrix: ess (symmetric games)\n"
            "                        tree (a .efg file is one), also: the methods of the\n"
            "                            kind of its reduced strategic form (zero-sum,\n"
            "                            bimatrix or normal-form; enum, lh, logit, ...)\n"
            "                            and the strategic ones above run on that form\n"
            "                        repeated: none (one report)\n",
            sg, tree);
    fputs("  -a, --all           all equilibria / all solutions where the kind has several\n"
          "      --exact         exact rational arithmetic where available\n"
          "  -s, --set P=V       override parameter P (repeatable)\n"
          "  -f, --format F      text (default), json or csv\n"
          "      --no-eliminate  skip iterated elimination of dominated strategies\n"
          "      --tol X         verification tolerance (relative; default 1e-9)\n"
          "      --partition P   tu, hedonic: the partition to check, \"A+B,C\" (parts by\n"
          "                      ',', members by '+'; players not named are alone)\n"
          "      --actor NAME    weighted-voting: the capability range of NAME over which\n"
          "                      the balance-of-power structure stays the same\n"
          "      --max-memory M  tu coalition-structure: work memory limit in MiB, in\n"
          "                      (0, 2^30] (default 2048; above it the method refuses,\n"
          "                      exit 1); refused for other kinds and methods\n"
          "      --quota Q       EPIC .csv weight files: the quota is Q, in (0, total\n"
          "                      weight], and every number in the file is a weight\n"
          "      --timing        print the wall time of read, solve, verify and write to\n"
          "                      stderr (verify counts in solve where the solver verifies\n"
          "                      inside its own call; the line says so)\n"
          "      --leader P      Stackelberg methods: the leader, a player's name or\n"
          "                      1-based index (default: the first player)\n"
          "      --objective O   correlated-equilibrium methods: welfare (default), a\n"
          "                      player's name (that player's payoff) or range\n"
          "      --disagreement D  bargaining methods: minmax (default), nash or the\n"
          "                      values v1,v2,... one per player\n"
          "      --feasible F    bargaining methods: hull (default: the convex hull of the\n"
          "                      payoff profiles) or correlated\n"
          "  -h, --help          this help\n"
          "\n"
          "Exit codes: 0 solved and verified; 1 solver failure, failed verification, work\n"
          "over a limit or an I/O error; 2 usage or model error. File content errors are\n"
          "FILE:LINE:COL: what is wrong, others multipolar solve: what is wrong.\n",
          out);
}

enum {
    OPT_EXACT = 256,
    OPT_NO_ELIM,
    OPT_TOL,
    OPT_PARTITION,
    OPT_ACTOR,
    OPT_MAX_MEMORY,
    OPT_QUOTA,
    OPT_TIMING,
    OPT_LEADER,
    OPT_OBJECTIVE,
    OPT_DISAGREEMENT,
    OPT_FEASIBLE
};

/* One option of `solve`; @return -1 to go on, else the exit code (message printed). */
static int solve_option(int c, char **argv, cli_solve_opts *opts, const char **sets, size_t *nsets)
{
    switch (c) {
    case 'm':
        opts->method = optarg;
        return -1;
    case 'a':
        opts->all = 1;
        return -1;
    case OPT_EXACT:
        opts->exact = 1;
        return -1;
    case 's':
        sets[(*nsets)++] = optarg;
        return -1;
    case 'f':
        if (cli_parse_format(optarg, 1, &opts->format) != 0) {
            fprintf(stderr, "multipolar solve: --format must be text, json or csv\n");
            return CLI_EXIT_USAGE;
        }
        return -1;
    case OPT_NO_ELIM:
        opts->eliminate = 0;
        return -1;
    case OPT_TOL:
        if (cli_parse_double(optarg, &opts->tol) != 0 || !(opts->tol > 0)) {
            fprintf(stderr,
                    "multipolar solve: --tol must be a positive finite number, not "
                    "'%s'\n",
                    optarg);
            return CLI_EXIT_USAGE;
        }
        return -1;
    case OPT_PARTITION:
        opts->partition = optarg;
        return -1;
    case OPT_ACTOR:
        opts->actor = optarg;
        return -1;
    case OPT_MAX_MEMORY:
        /* 2^30 MiB (1 PiB) keeps the byte count far inside a size_t. */
        if (cli_parse_double(optarg, &opts->max_memory_mib) != 0 || !(opts->max_memory_mib > 0) ||
            opts->max_memory_mib > 1073741824.0) {
            fprintf(stderr,
                    "multipolar solve: --max-memory must be a number of MiB in (0, "
                    "1073741824], not '%s'\n",
                    optarg);
            return CLI_EXIT_USAGE;
        }
        return -1;
    case OPT_QUOTA:
        if (cli_parse_double(optarg, &opts->quota) != 0 || !(opts->quota > 0)) {
            fprintf(stderr, "multipolar solve: --quota must be a positive number, not '%s'\n",
                    optarg);
            return CLI_EXIT_USAGE;
        }
        return -1;
    case OPT_TIMING:
        opts->timing = 1;
        return -1;
    case OPT_LEADER:
        opts->args.leader = optarg;
        return -1;
    case OPT_OBJECTIVE:
        opts->args.objective = optarg;
        return -1;
    case OPT_DISAGREEMENT:
        opts->args.disagreement = optarg;
        return -1;
    case OPT_FEASIBLE:
        opts->args.feasible = optarg;
        return -1;
    case 'h':
        usage(stdout);
        return CLI_EXIT_OK;
    case ':':
        fprintf(stderr, "multipolar solve: option '%s' needs a value\n", argv[optind - 1]);
        return CLI_EXIT_USAGE;
    default:
        fprintf(stderr, "multipolar solve: unknown option '%s'; see 'multipolar help solve'\n",
                argv[optind - 1]);
        return CLI_EXIT_USAGE;
    }
}

/* True if @p name is a method of a strategic kind (zero-sum, bimatrix, normal-form) or of
 * the strategic methods' table, and not one of the tree's own. */
static int strategic_method(const char *name)
{
    static const char *const nf[] = {"logit", "simpdiv",    "support",
                                     "pure",  "replicator", "fictitious"};
    mpol_tree_method tm;
    mpol_zs_method zm;
    mpol_bimatrix_method bm;
    int yes = 0;
    if (name == NULL || mpol_tree_method_parse(&tm, name) == MPOL_OK)
        return 0;
    yes = cli_method_for(name) != NULL || mpol_zs_method_parse(&zm, name) == MPOL_OK ||
          mpol_bimatrix_method_parse(&bm, name) == MPOL_OK;
    for (size_t i = 0; i < sizeof nf / sizeof nf[0] && !yes; i++)
        yes = strcmp(name, nf[i]) == 0;
    mpol_clear_error();
    return yes;
}

/* A tree model asked for a strategic method becomes its reduced strategic form (the tree
 * kind's .game), of the kind a .nfg file of that form would have: zero-sum when the
 * library takes it as such (B = -A), bimatrix for two players, normal-form otherwise. */
static int tree_as_strategic(mpol_model **model)
{
    mpol_game *g = NULL;
    mpol_model *sm = NULL;
    mpol_status st = mpol_model_game(&g, *model);
    if (st == MPOL_OK && g->nplayers == 2 &&
        mpol_model_from_game(&sm, g, MPOL_MODEL_ZERO_SUM) != MPOL_OK) {
        mpol_clear_error();
        st = mpol_model_from_game(&sm, g, MPOL_MODEL_BIMATRIX);
    } else if (st == MPOL_OK && g->nplayers != 2) {
        st = mpol_model_from_game(&sm, g, MPOL_MODEL_NORMAL_FORM);
    }
    mpol_game_free(g);
    if (st == MPOL_OK)
        st = mpol_model_set_source(sm, mpol_model_source(*model));
    if (st != MPOL_OK) {
        mpol_model_free(sm);
        return cli_fail("solve", st);
    }
    mpol_model_free(*model);
    *model = sm;
    return CLI_EXIT_OK;
}

/* Refuses the options that do not apply to the model's kind (@p flags: its CLI_KIND_*).
 * @return an exit code (message printed). */
static int check_kind_options(const cli_solve_opts *opts, const char *path, mpol_model_kind kind,
                              unsigned flags)
{
    if (opts->partition != NULL && !(flags & CLI_KIND_PARTITION)) {
        fprintf(stderr,
                "multipolar solve: --partition applies to tu and hedonic models; %s is "
                "kind '%s'\n",
                path, mpol_model_kind_name(kind));
        return CLI_EXIT_USAGE;
    }
    if (opts->actor != NULL && !(flags & CLI_KIND_ACTOR)) {
        fprintf(stderr,
                "multipolar solve: --actor applies to weighted-voting models; %s is "
                "kind '%s'\n",
                path, mpol_model_kind_name(kind));
        return CLI_EXIT_USAGE;
    }
    if (opts->max_memory_mib > 0 &&
        (!(flags & CLI_KIND_MAX_MEMORY) ||
         (opts->method != NULL && strcmp(opts->method, "coalition-structure") != 0))) {
        fprintf(stderr,
                "multipolar solve: --max-memory applies to tu models (method "
                "coalition-structure or the full report); %s is kind '%s'%s%s\n",
                path, mpol_model_kind_name(kind), opts->method != NULL ? ", method " : "",
                opts->method != NULL ? opts->method : "");
        return CLI_EXIT_USAGE;
    }
    return CLI_EXIT_OK;
}

int cmd_solve(int argc, char **argv)
{
    static const struct option longopts[] = {
        {"method", required_argument, NULL, 'm'},
        {"all", no_argument, NULL, 'a'},
        {"exact", no_argument, NULL, OPT_EXACT},
        {"set", required_argument, NULL, 's'},
        {"format", required_argument, NULL, 'f'},
        {"no-eliminate", no_argument, NULL, OPT_NO_ELIM},
        {"tol", required_argument, NULL, OPT_TOL},
        {"help", no_argument, NULL, 'h'},
        {"partition", required_argument, NULL, OPT_PARTITION},
        {"leader", required_argument, NULL, OPT_LEADER},
        {"objective", required_argument, NULL, OPT_OBJECTIVE},
        {"disagreement", required_argument, NULL, OPT_DISAGREEMENT},
        {"feasible", required_argument, NULL, OPT_FEASIBLE},
        {"actor", required_argument, NULL, OPT_ACTOR},
        {"max-memory", required_argument, NULL, OPT_MAX_MEMORY},
        {"quota", required_argument, NULL, OPT_QUOTA},
        {"timing", no_argument, NULL, OPT_TIMING},
        {NULL, 0, NULL, 0}};
    cli_solve_opts opts = {NULL, 0, 0, 1, 1e-9, CLI_FORMAT_TEXT, NULL, NULL, 0, 0, 0, {NULL}};
    const char **sets = calloc((size_t)argc, sizeof *sets);
    size_t nsets = 0;
    int rc = CLI_EXIT_OK, c;
    mpol_model *model = NULL;
    if (sets == NULL) {
        fprintf(stderr, "multipolar solve: out of memory\n");
        return CLI_EXIT_FAILURE;
    }
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":m:as:f:h", longopts, NULL)) != -1)
        if ((rc = solve_option(c, argv, &opts, sets, &nsets)) >= 0)
            goto done;
    rc = CLI_EXIT_OK;
    if (argc - optind > 1) {
        fprintf(stderr, "multipolar solve: one model at a time (got %d)\n", argc - optind);
        rc = CLI_EXIT_USAGE;
        goto done;
    }
    const char *path = optind < argc ? argv[optind] : cli_default_model();
    double t_read = cli_now();
    rc = opts.quota > 0 ? cli_load_wvg_quota(path, opts.quota, &model)
                        : cli_load_model(path, &model);
    if (rc != CLI_EXIT_OK)
        goto done;
    for (size_t i = 0; i < nsets; i++)
        if ((rc = cli_apply_set(model, sets[i])) != CLI_EXIT_OK)
            goto done;

    if (mpol_model_get_kind(model) == MPOL_MODEL_TREE && strategic_method(opts.method) &&
        (rc = tree_as_strategic(&model)) != CLI_EXIT_OK)
        goto done;
    t_read = cli_now() - t_read;
    mpol_model_kind kind = mpol_model_get_kind(model);
    const cli_kind *entry = cli_kind_for(kind);
    unsigned flags = entry != NULL ? entry->flags : 0;
    if ((rc = check_kind_options(&opts, path, kind, flags)) != CLI_EXIT_OK)
        goto done;
    const cli_method *method = cli_method_for(opts.method);
    if ((rc = cli_method_check_args("solve", method, &opts.args)) != CLI_EXIT_OK)
        goto done;
    if (method != NULL && !(method->kinds & (1u << (unsigned)kind))) {
        fprintf(stderr, "multipolar solve: %s: method %s does not apply to kind '%s'\n", path,
                method->name, mpol_model_kind_name(kind));
        rc = CLI_EXIT_USAGE;
    } else if (entry != NULL || method != NULL) {
        double t_kind = cli_now();
        rc = method != NULL ? method->solve(model, &opts) : entry->solve(model, &opts);
        if (opts.timing)
            cli_timing_print(stderr, t_read, cli_now() - t_kind);
    } else {
        fprintf(stderr, "multipolar solve: %s: solving kind '%s' is not available in this build\n",
                path, mpol_model_kind_name(kind));
        rc = CLI_EXIT_FAILURE;
    }
done:
    mpol_model_free(model);
    free(sets);
    return rc;
}
