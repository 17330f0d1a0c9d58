/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar solve --method deegan-packel | public-good (holler-packel) |
 * johnston | coleman` for weighted-voting models: the library call (mpol_power_index), its
 * certificate (mpol_index_certify) and the report (text, JSON, CSV). Nothing is computed
 * here beyond the library's results.
 */
#include <string.h>

#include "solve_wvg.h"

static const unsigned J = MPOL_REPORT_JSON;

int cli_wvg_index_kind(const char *method)
{
    if (method == NULL)
        return -1;
    if (strcmp(method, "deegan-packel") == 0)
        return MPOL_INDEX_DEEGAN_PACKEL;
    if (strcmp(method, "public-good") == 0 || strcmp(method, "holler-packel") == 0)
        return MPOL_INDEX_PUBLIC_GOOD;
    if (strcmp(method, "johnston") == 0)
        return MPOL_INDEX_JOHNSTON;
    if (strcmp(method, "coleman") == 0)
        return MPOL_INDEX_COLEMAN;
    return -1;
}

static const char *title_of(mpol_index_kind k)
{
    switch (k) {
    case MPOL_INDEX_DEEGAN_PACKEL:
        return "Deegan-Packel index";
    case MPOL_INDEX_PUBLIC_GOOD:
        return "Public good (Holler-Packel) index";
    case MPOL_INDEX_JOHNSTON:
        return "Johnston index";
    default:
        return "Coleman indices";
    }
}

/* What the raw values and the total are, for the text report. */
static const char *total_of(mpol_index_kind k)
{
    switch (k) {
    case MPOL_INDEX_DEEGAN_PACKEL:
        return "minimal winning coalitions";
    case MPOL_INDEX_PUBLIC_GOOD:
        return "members of minimal winning coalitions, summed";
    case MPOL_INDEX_JOHNSTON:
        return "swing coalitions (winning, with a critical member)";
    default:
        return "winning coalitions";
    }
}

static void text_players(mpol_report_node *root, const mpol_wvg *g, const mpol_index_result *x,
                         const int *veto)
{
    int width = 6, col = x->kind == MPOL_INDEX_COLEMAN;
    for (size_t i = 0; i < g->n; i++)
        if ((int)strlen(g->names[i]) > width)
            width = (int)strlen(g->names[i]);
    mpol_report_text(root, "  %-*s  %10s  %14s  %14s", width, "player", "weight",
                     col ? "prevent" : "index", col ? "initiate" : "raw");
    if (col)
        mpol_report_text(root, "  %14s", "normalised");
    mpol_report_text(root, "  veto\n");
    for (size_t i = 0; i < g->n; i++) {
        mpol_report_text(root, "  %-*s  %10.6g  %14.10f  %14.10g", width, g->names[i],
                         g->weights[i], col ? x->raw[i] : x->index[i],
                         col ? x->initiate[i] : x->raw[i]);
        if (col)
            mpol_report_text(root, "  %14.10f", x->index[i]);
        mpol_report_text(root, "  %s\n", veto[i] ? "veto" : "");
    }
    if (!x->exact)
        return;
    mpol_report_text(root, "\nExact (GMP):\n  %-*s  %20s  %20s%s\n", width, "player",
                     col ? "prevent" : "index", col ? "initiate" : "raw",
                     col ? "            normalised" : "");
    for (size_t i = 0; i < g->n; i++) {
        mpol_report_text(root, "  %-*s  %20s  %20s", width, g->names[i],
                         col ? x->raw_exact[i] : x->index_exact[i],
                         col ? x->initiate_exact[i] : x->raw_exact[i]);
        if (col)
            mpol_report_text(root, "  %20s", x->index_exact[i]);
        mpol_report_text(root, "\n");
    }
}

static void json_players(mpol_report_node *root, const mpol_wvg *g, const mpol_index_result *x,
                         const int *veto)
{
    const char *keys[10];
    size_t nk = 0;
    int col = x->kind == MPOL_INDEX_COLEMAN;
    keys[nk++] = "name";
    keys[nk++] = "weight";
    keys[nk++] = "index";
    keys[nk++] = "raw";
    if (col)
        keys[nk++] = "initiate";
    if (x->exact) {
        keys[nk++] = "index_fraction";
        keys[nk++] = "raw_fraction";
        if (col)
            keys[nk++] = "initiate_fraction";
    }
    keys[nk++] = "veto";
    mpol_report_node *t =
        mpol_report_set_forms(mpol_report_table(root, "players", NULL, nk, keys, NULL), J);
    for (size_t i = 0; i < g->n; i++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, g->names[i]);
        mpol_report_cell_number(t, g->weights[i], NULL);
        mpol_report_cell_number(t, x->index[i], NULL);
        mpol_report_cell_number(t, x->raw[i], NULL);
        if (col)
            mpol_report_cell_number(t, x->initiate[i], NULL);
        if (x->exact) {
            mpol_report_cell_string(t, x->index_exact[i]);
            mpol_report_cell_string(t, x->raw_exact[i]);
            if (col)
                mpol_report_cell_string(t, x->initiate_exact[i]);
        }
        mpol_report_cell_bool(t, veto[i]);
    }
}

static void csv_players(mpol_report_node *root, const mpol_wvg *g, const mpol_index_result *x)
{
    static const char *const keys[] = {"player", "weight", "index", "raw", "initiate"};
    int col = x->kind == MPOL_INDEX_COLEMAN;
    mpol_report_node *t = mpol_report_table(root, NULL, NULL, col ? 5 : 4, keys, NULL);
    mpol_report_set_forms(t, MPOL_REPORT_CSV);
    mpol_report_table_csv_quote(t, 1);
    for (size_t i = 0; i < g->n; i++) {
        mpol_report_row(t);
        mpol_report_cell_string(t, g->names[i]);
        mpol_report_cell_number(t, g->weights[i], NULL);
        mpol_report_cell_number(t, x->index[i], NULL);
        mpol_report_cell_number(t, x->raw[i], NULL);
        if (col)
            mpol_report_cell_number(t, x->initiate[i], NULL);
    }
}

static mpol_report *index_report(const mpol_model *model, const mpol_wvg *g,
                                 const mpol_index_result *x, const mpol_power_cert *c,
                                 const int *veto, double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    double total = mpol_wvg_total_weight(g);
    mpol_report_text(root, "Players: %zu; quota %.10g of total weight %.10g\n\n", g->n, g->quota,
                     total);
    mpol_report_set_forms(mpol_report_number(root, "quota", NULL, g->quota, NULL), J);
    mpol_report_set_forms(mpol_report_number(root, "total_weight", NULL, total, NULL), J);
    mpol_report_set_forms(mpol_report_bool(root, "exact", NULL, x->exact), J);
    mpol_report_text(root, "%s%s\n", title_of(x->kind), x->exact ? " (exact)" : "");
    if (x->exact)
        mpol_report_text(root, "  %s: %s\n", total_of(x->kind), x->total_exact);
    else
        mpol_report_text(root, "  %s: %.17g\n", total_of(x->kind), x->total);
    if (x->kind == MPOL_INDEX_COLEMAN)
        mpol_report_text(root, "  power of the collectivity to act: %.10g%s%s\n", x->act,
                         x->exact ? " = " : "", x->exact ? x->act_exact : "");
    text_players(root, g, x, veto);
    json_players(root, g, x, veto);
    mpol_report_node *o = mpol_report_set_forms(mpol_report_section(root, "index", NULL), J);
    mpol_report_string(o, "method", NULL, mpol_index_kind_name(x->kind));
    mpol_report_bool(o, "ok", NULL, c->verified);
    mpol_report_number(o, "sum_error", NULL, c->sum_error, NULL);
    mpol_report_number(o, "check_error", NULL, c->check_error, NULL);
    mpol_report_number(o, "total", NULL, x->total, NULL);
    if (x->exact)
        mpol_report_string(o, "total_exact", NULL, x->total_exact);
    if (x->kind == MPOL_INDEX_COLEMAN) {
        mpol_report_number(o, "act", NULL, x->act, NULL);
        if (x->exact)
            mpol_report_string(o, "act_exact", NULL, x->act_exact);
    }
    mpol_report_text(root,
                     "\nChecks (tolerance %g):\n  |sum - 1| = %.3e; raw values against the "
                     "independent total %s%.3e  %s\n",
                     tol, c->sum_error, x->exact ? "(exact) " : "", c->check_error,
                     c->verified ? "VERIFIED" : "FAILED");
    mpol_report_set_forms(mpol_report_null(root, "shapley_shubik", NULL), J);
    mpol_report_set_forms(mpol_report_null(root, "banzhaf", NULL), J);
    mpol_report_set_forms(mpol_report_null(root, "minimal_winning", NULL), J);
    mpol_report_set_forms(mpol_report_null(root, "balance", NULL), J);
    mpol_report_set_forms(mpol_report_bool(root, "verified", NULL, c->verified), J);
    csv_players(root, g, x);
    return rep;
}

int cli_solve_wvg_index(const mpol_model *model, const mpol_wvg *g, const cli_solve_opts *o,
                        int kind)
{
    mpol_power_opts po;
    mpol_power_opts_init(&po);
    po.exact = o->exact;
    cli_progress bar;
    cli_progress_init_delayed(&bar, mpol_index_kind_name((mpol_index_kind)kind), 1.0);
    po.progress = cli_progress_update;
    po.userdata = &bar;
    mpol_index_result *x = NULL;
    mpol_status st = mpol_power_index(&x, (mpol_index_kind)kind, g, &po);
    cli_progress_finish(&bar);
    if (st != MPOL_OK && st != MPOL_EVERIFY)
        return cli_fail("solve", st);
    int *veto = mpol_calloc(g->n, sizeof *veto);
    mpol_power_cert c;
    int rc = CLI_EXIT_OK;
    if (veto == NULL)
        rc = cli_fail("solve", mpol_error(MPOL_ENOMEM, "out of memory"));
    else if ((st = mpol_wvg_veto_players(veto, g)) != MPOL_OK)
        rc = cli_fail("solve", st);
    else if ((st = mpol_index_certify(&c, x, o->tol)) != MPOL_OK && st != MPOL_EVERIFY)
        rc = cli_fail("solve", st);
    if (rc == CLI_EXIT_OK)
        rc = cli_report_emit("solve", index_report(model, g, x, &c, veto, o->tol), o->format);
    if (rc == CLI_EXIT_OK && !c.verified) {
        fprintf(stderr, "multipolar solve: verification failed\n");
        rc = CLI_EXIT_FAILURE;
    }
    mpol_free(veto);
    mpol_index_result_free(x);
    return rc;
}
