/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the libFuzzer target for the YAML model loader
 * (mpol_model_load_string). The input is passed without a terminating NUL. A refused model
 * must carry a documented status and a message. An accepted model of a strategic kind is
 * evaluated into a game at its default parameters, which must be well formed or refused
 * with MPOL_ENUMERIC/MPOL_ELIMIT; an accepted tree model builds, and with perfect
 * information solves by backward induction (verified) within small caps; every accepted
 * model is written with
 * mpol_model_write_yaml() and must load again with the same kind, title and parameters.
 */
#include "fuzz_common.h"
#include "multipolar/tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_game(const mpol_model *m)
{
    mpol_model_kind kind = mpol_model_get_kind(m);
    if (kind != MPOL_MODEL_ZERO_SUM && kind != MPOL_MODEL_BIMATRIX &&
        kind != MPOL_MODEL_NORMAL_FORM)
        return;
    mpol_game *g = NULL;
    mpol_status st = mpol_model_game(&g, m);
    if (st != MPOL_OK) {
        FUZZ_CHECK(g == NULL);
        FUZZ_CHECK(st == MPOL_ENUMERIC || st == MPOL_ELIMIT || st == MPOL_ENOMEM);
        return;
    }
    fuzz_check_game(g);
    if (kind != MPOL_MODEL_NORMAL_FORM)
        FUZZ_CHECK(g->nplayers == 2);
    if (kind == MPOL_MODEL_ZERO_SUM)
        for (size_t c = 0; c < g->ncells; c++)
            FUZZ_CHECK(g->payoff[2 * c + 1] == -g->payoff[2 * c]);
    mpol_game_free(g);
}

/* A tree model builds (it was checked at load) and, with perfect information, solves by
 * backward induction within small caps, verified. */
static void check_tree(const mpol_model *m)
{
    if (mpol_model_get_kind(m) != MPOL_MODEL_TREE)
        return;
    mpol_tree *t = NULL;
    mpol_status st = mpol_model_tree(&t, m);
    FUZZ_CHECK(st == MPOL_OK || st == MPOL_ENOMEM);
    if (st != MPOL_OK || !t->perfect_information) {
        mpol_tree_free(t);
        return;
    }
    mpol_tree_opts o;
    mpol_tree_opts_init(&o);
    o.method = MPOL_TREE_BACKWARD;
    o.max_work = 100000;
    o.max_equilibria = 64;
    mpol_tree_solution *s = NULL;
    st = mpol_tree_solve(&s, t, &o);
    FUZZ_CHECK(st == MPOL_OK || st == MPOL_ELIMIT || st == MPOL_ENOMEM);
    FUZZ_CHECK(st != MPOL_OK || (s->neq >= 1 && s->verified));
    mpol_tree_solution_free(s);
    mpol_tree_free(t);
}

static void check_yaml_roundtrip(const mpol_model *m)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    FUZZ_CHECK(f != NULL);
    mpol_status st = mpol_model_write_yaml(m, f);
    FUZZ_CHECK(fclose(f) == 0);
    if (st != MPOL_OK) {
        FUZZ_CHECK(st == MPOL_ENOMEM);
        free(text);
        return;
    }
    mpol_model *m2 = NULL;
    st = mpol_model_load_string(&m2, text, len, "roundtrip.yaml");
    if (st != MPOL_OK)
        fprintf(stderr, "written YAML:\n%s\n", text);
    FUZZ_CHECK(st == MPOL_OK);
    FUZZ_CHECK(mpol_model_get_kind(m2) == mpol_model_get_kind(m));
    FUZZ_CHECK(strcmp(mpol_model_title(m2), mpol_model_title(m)) == 0);
    FUZZ_CHECK(mpol_model_nparams(m2) == mpol_model_nparams(m));
    for (size_t i = 0; i < mpol_model_nparams(m); i++) {
        FUZZ_CHECK(strcmp(mpol_model_param_name(m2, i), mpol_model_param_name(m, i)) == 0);
        FUZZ_CHECK(mpol_model_param_default(m2, i) == mpol_model_param_default(m, i));
    }
    mpol_model_free(m2);
    free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mpol_model *m = NULL;
    mpol_status st = mpol_model_load_string(&m, (const char *)data, size, "fuzz.yaml");
    if (st != MPOL_OK) {
        fuzz_check_refusal(st, m);
        return 0;
    }
    check_game(m);
    check_tree(m);
    check_yaml_roundtrip(m);
    mpol_model_free(m);
    return 0;
}
