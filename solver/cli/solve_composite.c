/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements `multipolar solve` and `check` for weighted-voting models with a
 * composite `rule:` (and/or of weighted conditions): the Shapley-Shubik and Banzhaf
 * indices of mpol_composite_power (exact with --exact), their certificates and the report.
 */
#include <math.h>
#include <string.h>

#include "solve_wvg.h"

static const unsigned J = MPOL_REPORT_JSON;

/* Writes the rule in words, prefix nodes from *pos. */
static void text_rule(mpol_report_node *root, const mpol_voting_rule *v, size_t *pos)
{
    const mpol_composite_rule *r = &v->rule;
    const mpol_rule_node *nd = &r->nodes[(*pos)++];
    if (nd->op == MPOL_RULE_CONDITION) {
        const int64_t *w = r->weights + nd->arg * r->n;
        int64_t tot = 0, ones = 1;
        for (size_t i = 0; i < r->n; i++) {
            tot += w[i];
            ones &= w[i] == 1 || w[i] == 0;
        }
        mpol_report_text(root, "%s >= %lld of %lld", ones ? "members" : "weight",
                         (long long)r->quotas[nd->arg], (long long)tot);
        return;
    }
    mpol_report_text(root, "%s(", nd->op == MPOL_RULE_ALL ? "all" : "any");
    for (size_t c = 0; c < nd->arg; c++) {
        if (c)
            mpol_report_text(root, ", ");
        text_rule(root, v, pos);
    }
    mpol_report_text(root, ")");
}

static void rule_summary(mpol_report_node *root, const mpol_voting_rule *v)
{
    size_t pos = 0;
    mpol_report_text(root, "  players: %zu, composite rule with %zu condition%s: ", v->rule.n,
                     v->rule.k, v->rule.k == 1 ? "" : "s");
    text_rule(root, v, &pos);
    mpol_report_text(root, "\n");
    mpol_report_set_forms(mpol_report_integer(root, "players", NULL, (long long)v->rule.n), J);
    mpol_report_set_forms(mpol_report_integer(root, "conditions", NULL, (long long)v->rule.k), J);
}

mpol_status cli_check_composite(const mpol_model *model, mpol_report_node *node)
{
    mpol_voting_rule *v = NULL;
    mpol_status st = mpol_model_voting_rule(&v, model);
    if (st == MPOL_OK) {
        rule_summary(node, v);
        mpol_power_estimate e;
        if ((st = mpol_composite_estimate_cost(&e, &v->rule, NULL)) == MPOL_OK) {
            mpol_report_text(node, "  estimated work %.3g operations, %.3g bytes\n", e.work,
                             e.bytes);
            mpol_report_set_forms(mpol_report_number(node, "estimated_work", NULL, e.work, NULL),
                                  J);
        }
    }
    mpol_voting_rule_free(v);
    return st;
}

/* JSON: an index's check under @p key, or null. */
static void json_check(mpol_report_node *root, const char *key, const mpol_power_result *r,
                       const mpol_power_cert *c)
{
    if (r == NULL) {
        mpol_report_set_forms(mpol_report_null(root, key, NULL), J);
        return;
    }
    mpol_report_node *o = mpol_report_set_forms(mpol_report_section(root, key, NULL), J);
    mpol_report_bool(o, "ok", NULL, c->verified);
    mpol_report_number(o, "sum_error", NULL, c->sum_error, NULL);
    mpol_report_number(o, "check_error", NULL, c->check_error, NULL);
}

static mpol_status power(mpol_power_result **out, const mpol_voting_rule *v,
                         const cli_solve_opts *o, mpol_power_kind kind)
{
    mpol_power_opts po;
    mpol_power_opts_init(&po);
    po.exact = o->exact;
    return mpol_composite_power(out, kind, &v->rule, &po);
}

int cli_solve_composite(mpol_model *model, const cli_solve_opts *o)
{
    int want_ss = 1, want_bz = 1;
    if (o->method != NULL) {
        if (strcmp(o->method, "shapley-shubik") == 0 || strcmp(o->method, "ss") == 0)
            want_bz = 0;
        else if (strcmp(o->method, "banzhaf") == 0)
            want_ss = 0;
        else {
            fprintf(stderr,
                    "multipolar solve: methods for a composite voting rule are shapley-shubik "
                    "and banzhaf; not '%s'\n",
                    o->method);
            return CLI_EXIT_USAGE;
        }
    }
    if (o->actor != NULL) {
        fprintf(stderr, "multipolar solve: --actor is not available for a composite voting "
                        "rule (no balance-of-power analysis)\n");
        return CLI_EXIT_USAGE;
    }
    mpol_voting_rule *v = NULL;
    mpol_power_result *ss = NULL, *bz = NULL;
    mpol_power_fractions *ssf = NULL, *bzf = NULL;
    mpol_wvg_power_cert cert;
    int *veto = NULL;
    unsigned char *mem = NULL;
    memset(&cert, 0, sizeof cert);
    int rc = CLI_EXIT_OK;
    mpol_status st = mpol_model_voting_rule(&v, model);
    if (st != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    if ((want_ss && (st = power(&ss, v, o, MPOL_POWER_SHAPLEY_SHUBIK)) != MPOL_OK &&
         st != MPOL_EVERIFY) ||
        (want_bz && (st = power(&bz, v, o, MPOL_POWER_BANZHAF)) != MPOL_OK && st != MPOL_EVERIFY)) {
        rc = cli_fail("solve", st);
        goto done;
    }
    st = mpol_wvg_power_certify(&cert, ss, bz, o->tol);
    if (st != MPOL_OK && st != MPOL_EVERIFY) {
        rc = cli_fail("solve", st);
        goto done;
    }
    if ((ss != NULL && ss->exact && (st = mpol_power_exact_fractions(&ssf, ss)) != MPOL_OK) ||
        (bz != NULL && bz->exact && (st = mpol_power_exact_fractions(&bzf, bz)) != MPOL_OK)) {
        rc = cli_fail("solve", st);
        goto done;
    }
    int verified = cert.verified && (ss == NULL || ss->verified) && (bz == NULL || bz->verified);
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL) {
        rc = cli_fail("solve", mpol_error(MPOL_ENOMEM, "out of memory"));
        goto done;
    }
    mpol_report_node *root = mpol_report_root(rep);
    /* veto players: the others together lose */
    if ((veto = mpol_calloc(v->rule.n, sizeof *veto)) == NULL ||
        (mem = mpol_malloc(v->rule.n)) == NULL) {
        mpol_report_free(rep);
        rc = cli_fail("solve", mpol_error(MPOL_ENOMEM, "out of memory"));
        goto done;
    }
    for (size_t i = 0; i < v->rule.n; i++) {
        int win = 1;
        memset(mem, 1, v->rule.n);
        mem[i] = 0;
        veto[i] = mpol_composite_wins(&win, &v->rule, mem) == MPOL_OK && !win;
    }
    rule_summary(root, v);
    /* the keys of the weighted-voting schema that a composite rule has no value for */
    mpol_report_set_forms(mpol_report_null(root, "quota", NULL), J);
    mpol_report_set_forms(mpol_report_null(root, "total_weight", NULL), J);
    mpol_report_set_forms(mpol_report_bool(root, "exact", NULL, o->exact != 0), J);
    int width = 6;
    for (size_t i = 0; i < v->rule.n; i++)
        if ((int)strlen(v->names[i]) > width)
            width = (int)strlen(v->names[i]);
    mpol_report_text(root, "\n  %-*s", width, "player");
    if (ss != NULL)
        mpol_report_text(root, "  %14s", "Shapley-Shubik");
    if (bz != NULL)
        mpol_report_text(root, "  %14s  %14s", "Banzhaf", "Penrose abs.");
    mpol_report_text(root, "\n");
    const char *keys[10];
    size_t nk = 0;
    keys[nk++] = "name";
    keys[nk++] = "weight";
    keys[nk++] = "veto";
    if (ss != NULL)
        keys[nk++] = "shapley_shubik";
    if (ssf != NULL)
        keys[nk++] = "ss_fraction";
    if (bz != NULL) {
        keys[nk++] = "banzhaf";
        keys[nk++] = "penrose_absolute";
    }
    if (bzf != NULL) {
        keys[nk++] = "banzhaf_swings";
        keys[nk++] = "banzhaf_fraction";
    }
    mpol_report_node *t = mpol_report_set_forms(
        mpol_report_table(root, "players", NULL, nk, keys, NULL), J | MPOL_REPORT_CSV);
    for (size_t i = 0; i < v->rule.n; i++) {
        mpol_report_text(root, "  %-*s", width, v->names[i]);
        mpol_report_row(t);
        mpol_report_cell_string(t, v->names[i]);
        mpol_report_cell_number(t, NAN, NULL);
        mpol_report_cell_bool(t, veto[i]);
        if (ss != NULL) {
            mpol_report_text(root, "  %14.10f", ss->index[i]);
            mpol_report_cell_number(t, ss->index[i], NULL);
            if (ssf != NULL)
                mpol_report_cell_string(t, ssf->index[i]);
        }
        if (bz != NULL) {
            mpol_report_text(root, "  %14.10f  %14.10f", bz->index[i], bz->absolute[i]);
            mpol_report_cell_number(t, bz->index[i], NULL);
            mpol_report_cell_number(t, bz->absolute[i], NULL);
            if (bzf != NULL) {
                mpol_report_cell_string(t, bz->counts[i]);
                mpol_report_cell_string(t, bzf->index[i]);
            }
        }
        mpol_report_text(root, "\n");
    }
    if (ssf != NULL || bzf != NULL) {
        mpol_report_text(root, "\nExact (GMP):\n");
        for (size_t i = 0; i < v->rule.n; i++) {
            mpol_report_text(root, "  %-*s", width, v->names[i]);
            if (ssf != NULL)
                mpol_report_text(root, "  SS %s", ssf->index[i]);
            if (bzf != NULL)
                mpol_report_text(root, "  swings %s", bz->counts[i]);
            mpol_report_text(root, "\n");
        }
        if (ss != NULL)
            mpol_report_text(root, "  pivot orderings in all: %s (= n!)\n", ss->denominator);
        if (bz != NULL)
            mpol_report_text(root, "  swings in all: %s\n", bz->denominator);
    }
    mpol_report_text(root, "\nVeto players:");
    mpol_report_node *vl = mpol_report_set_forms(mpol_report_list(root, "veto", NULL), J);
    int anyveto = 0;
    for (size_t i = 0; i < v->rule.n; i++)
        if (veto[i]) {
            mpol_report_text(root, "%s %s", anyveto ? "," : "", v->names[i]);
            mpol_report_set_forms(mpol_report_string(vl, NULL, NULL, v->names[i]), J);
            anyveto = 1;
        }
    mpol_report_text(root, "%s\n", anyveto ? "" : " none");
    mpol_report_text(root, "\nChecks (tolerance %g):\n", o->tol);
    if (ss != NULL)
        mpol_report_text(root, "  Shapley-Shubik  |sum - 1| = %.3e; %s%.3e  %s\n",
                         cert.ss.sum_error,
                         ss->exact ? "pivot counts sum exactly to n!: error "
                                   : "long-double sum and swing identity: error ",
                         cert.ss.check_error, cert.ss.verified ? "VERIFIED" : "FAILED");
    if (bz != NULL)
        mpol_report_text(root,
                         "  Banzhaf         |sum - 1| = %.3e; swing total vs winning coalitions "
                         "by size %s%.3e  %s\n",
                         cert.bz.sum_error, bz->exact ? "(exact) " : "", cert.bz.check_error,
                         cert.bz.verified ? "VERIFIED" : "FAILED");
    if (ss != NULL && bz != NULL)
        mpol_report_text(root, "  dummy players agree between the two indices  %s\n",
                         cert.dummies_agree ? "VERIFIED" : "FAILED");
    if (v->rule.n <= 16)
        mpol_report_text(root,
                         "  swings of every player by size equal brute force over all %lu "
                         "coalitions  %s\n",
                         1ul << v->rule.n, verified ? "VERIFIED" : "FAILED");
    json_check(root, "shapley_shubik", ss, &cert.ss);
    json_check(root, "banzhaf", bz, &cert.bz);
    mpol_report_set_forms(mpol_report_null(root, "minimal_winning", NULL), J);
    mpol_report_set_forms(mpol_report_null(root, "balance", NULL), J);
    mpol_report_set_forms(mpol_report_number(root, "max_error", NULL, cert.max_error, NULL), J);
    mpol_report_set_forms(mpol_report_bool(root, "verified", NULL, verified), J);
    rc = cli_report_emit("solve", rep, o->format);
    if (rc == CLI_EXIT_OK && !verified) {
        fprintf(stderr, "multipolar solve: verification failed\n");
        rc = CLI_EXIT_FAILURE;
    }
done:
    mpol_free(veto);
    mpol_free(mem);
    mpol_power_fractions_free(ssf);
    mpol_power_fractions_free(bzf);
    mpol_power_result_free(ss);
    mpol_power_result_free(bz);
    mpol_voting_rule_free(v);
    return rc;
}
