/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar convert MODEL -o OUT`: YAML models to Gambit .nfg
 * (evaluated at the parameter values; a tree model as its reduced strategic form), tree
 * models to Gambit .efg, and .nfg/.efg files to YAML models.
 */
#include <getopt.h>
#include <string.h>

#include "cli.h"
#include "multipolar/efg.h"
#include "multipolar/nfg.h"
#include "multipolar/tree.h"

static void usage(FILE *out)
{
    fprintf(out, "usage: multipolar convert MODEL -o OUT.nfg|OUT.efg|OUT.yaml [--outcome]\n"
                 "                          [--set p=v]...\n"
                 "\n"
                 "Converts between YAML models and Gambit .nfg and .efg files. A YAML model is\n"
                 "evaluated at its parameter values (defaults, or --set). OUT.nfg takes a\n"
                 "strategic model, or a tree model as its reduced strategic form; --outcome\n"
                 "writes the .nfg outcome version instead of the payoff version. OUT.efg takes\n"
                 "a tree model (a .efg file reads as one). OUT '-' writes YAML to stdout. OUT is\n"
                 "checked before the work, written to a temporary in its folder and renamed\n"
                 "into place when complete (an old OUT survives any failure); exit 1 if it\n"
                 "cannot be written.\n");
}

/* The most --set options of one conversion. */
#define CONVERT_MAX_SETS 64

/* One option of `convert`; @return -1 to go on, else the exit code (message printed). */
static int convert_option(int c, char **argv, const char **outpath, int *outcome, const char **sets,
                          size_t *nsets)
{
    switch (c) {
    case 'o':
        *outpath = optarg;
        return -1;
    case 'O':
        *outcome = 1;
        return -1;
    case 's':
        if (*nsets == CONVERT_MAX_SETS) {
            fprintf(stderr, "multipolar convert: too many --set options\n");
            return CLI_EXIT_USAGE;
        }
        sets[(*nsets)++] = optarg;
        return -1;
    case 'h':
        usage(stdout);
        return CLI_EXIT_OK;
    case ':':
        fprintf(stderr, "multipolar convert: option '%s' needs a value\n", argv[optind - 1]);
        return CLI_EXIT_USAGE;
    default:
        fprintf(stderr, "multipolar convert: unknown option '%s'; see 'multipolar help convert'\n",
                argv[optind - 1]);
        return CLI_EXIT_USAGE;
    }
}

int cmd_convert(int argc, char **argv)
{
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"outcome", no_argument, NULL, 'O'},
                                             {"set", required_argument, NULL, 's'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *outpath = NULL, *sets[CONVERT_MAX_SETS];
    size_t nsets = 0;
    int outcome = 0, c, rc;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:s:h", longopts, NULL)) != -1)
        if ((rc = convert_option(c, argv, &outpath, &outcome, sets, &nsets)) >= 0)
            return rc;
    if (argc - optind != 1 || outpath == NULL) {
        fprintf(stderr, "multipolar convert: %s; see 'multipolar help convert'\n",
                argc - optind == 0  ? "a MODEL is needed"
                : argc - optind > 1 ? "one model at a time"
                                    : "-o OUT.nfg|OUT.efg|OUT.yaml is needed");
        return CLI_EXIT_USAGE;
    }
    int to_nfg = cli_has_suffix(outpath, ".nfg"), to_efg = cli_has_suffix(outpath, ".efg");
    if (!to_nfg && !to_efg && strcmp(outpath, "-") != 0 && !cli_has_suffix(outpath, ".yaml") &&
        !cli_has_suffix(outpath, ".yml")) {
        fprintf(stderr,
                "multipolar convert: %s: the output must end in .nfg, .efg, .yaml or .yml\n",
                outpath);
        return CLI_EXIT_USAGE;
    }
    /* An unwritable OUT fails before the model is read (exit 1). */
    rc = cli_output_check("convert", outpath);
    if (rc != CLI_EXIT_OK)
        return rc;
    mpol_model *model = NULL;
    mpol_game *game = NULL;
    mpol_tree *tree = NULL;
    rc = cli_load_model(argv[optind], &model);
    if (rc != CLI_EXIT_OK)
        return rc;
    for (size_t i = 0; i < nsets; i++)
        if ((rc = cli_apply_set(model, sets[i])) != CLI_EXIT_OK)
            goto done;
    mpol_status st = MPOL_OK;
    if (to_nfg) {
        mpol_model_kind kind = mpol_model_get_kind(model);
        const cli_kind *entry = cli_kind_for(kind);
        if (kind != MPOL_MODEL_TREE && (entry == NULL || !(entry->flags & CLI_KIND_STRATEGIC))) {
            fprintf(stderr,
                    "multipolar convert: %s: a %s model has no strategic form to write "
                    "as .nfg\n",
                    argv[optind], mpol_model_kind_name(kind));
            rc = CLI_EXIT_USAGE;
            goto done;
        }
        if ((st = mpol_model_game(&game, model)) != MPOL_OK) {
            rc = cli_fail("convert", st);
            goto done;
        }
    }
    if (to_efg) {
        mpol_model_kind kind = mpol_model_get_kind(model);
        if (kind != MPOL_MODEL_TREE) {
            fprintf(stderr,
                    "multipolar convert: %s: a %s model has no game tree to write as .efg%s\n",
                    argv[optind], mpol_model_kind_name(kind),
                    mpol_model_description(model) != NULL &&
                            strncmp(mpol_model_description(model), "no perfect recall:", 18) == 0
                        ? " (its tree lacks perfect recall: it was read as its reduced strategic "
                          "form)"
                        : "");
            rc = CLI_EXIT_USAGE;
            goto done;
        }
        if ((st = mpol_model_tree(&tree, model)) != MPOL_OK) {
            rc = cli_fail("convert", st);
            goto done;
        }
    }
    cli_output out;
    if ((rc = cli_output_open(&out, "convert", outpath)) != CLI_EXIT_OK)
        goto done;
    st = to_nfg   ? mpol_nfg_write(game, out.f, outcome ? MPOL_NFG_OUTCOME : MPOL_NFG_PAYOFF)
         : to_efg ? mpol_tree_write_efg(tree, out.f)
                  : mpol_model_write_yaml(model, out.f);
    rc = cli_output_close(&out, st);
done:
    mpol_game_free(game);
    mpol_tree_free(tree);
    mpol_model_free(model);
    return rc;
}
