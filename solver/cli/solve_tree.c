/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve` for tree models: the equilibria of
 * mpol_tree_solve (--method NAME, default auto; --exact), each with every player's behaviour
 * strategy per information set, the values, the beliefs at information sets of more than one
 * node (where Bayes' rule defines them) and its regrets, then the certificate computed on the
 * tree by the library (mpol_tree_certify: each player's best response, one backward pass).
 * JSON schema "multipolar/tree/1"; CSV: equilibrium, player, infoset, action, probability.
 * `check` adds the tree's summary.
 */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "multipolar/tree.h"

static const unsigned J = MPOL_REPORT_JSON;

static const char *set_name(const mpol_tree *t, size_t h, char *buf, size_t size)
{
    if (t->iset_label[h] != NULL && t->iset_label[h][0] != '\0')
        return t->iset_label[h];
    snprintf(buf, size, "set %zu", h + 1);
    return buf;
}

/* A node's label, else the path of actions from the root ("high/bet"; "root"). */
static const char *node_name(const mpol_tree *t, size_t n, char *buf, size_t size)
{
    if (t->label[n] != NULL && t->label[n][0] != '\0')
        return t->label[n];
    if (n == 0)
        return "root";
    size_t len = 0;
    for (size_t m = n; m != 0 && m != MPOL_TREE_NONE; m = t->parent[m])
        len += strlen(t->action_name[t->action[m]]) + 1;
    if (len > size) {
        snprintf(buf, size, "node %zu", n + 1);
        return buf;
    }
    buf[--len] = '\0';
    for (size_t m = n; m != 0; m = t->parent[m]) {
        const char *a = t->action_name[t->action[m]];
        size_t k = strlen(a);
        len -= k;
        memcpy(buf + len, a, k);
        if (len > 0)
            buf[--len] = '/';
    }
    return buf;
}

/* "press 1" / "a 0.5, b 0.5" for set h (support only). */
static void set_text(char *buf, size_t size, const mpol_tree *t, const mpol_tree_eq *e, size_t h,
                     double tol)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t a = t->iset_action_off[h]; a < t->iset_action_off[h + 1] && len < size; a++)
        if (cli_snap(e->behavior[a], tol) > 0) {
            const char *x = e->behavior_exact != NULL ? e->behavior_exact[a] : NULL;
            if (x != NULL)
                len += (size_t)snprintf(buf + len, size - len, "%s%s %s", len ? ", " : "",
                                        t->action_name[a], x);
            else
                len += (size_t)snprintf(buf + len, size - len, "%s%s %.9g", len ? ", " : "",
                                        t->action_name[a], e->behavior[a]);
        }
}

static int has_beliefs(const mpol_tree *t, size_t h)
{
    return t->iset_player[h] != MPOL_TREE_CHANCE &&
           t->iset_node_off[h + 1] - t->iset_node_off[h] > 1;
}

static void eq_text(mpol_report_node *root, const mpol_tree *t, const mpol_tree_eq *e, size_t k,
                    double tol, double ta)
{
    char buf[1024], nb[64];
    mpol_report_text(root, "%sEquilibrium %zu%s\n", k ? "\n" : "", k + 1,
                     e->subgame_perfect ? " (subgame perfect)" : "");
    for (size_t p = 0; p < t->nplayers; p++) {
        if (e->value_exact != NULL)
            mpol_report_text(root, "  %-14s value %s (%.10g), regret %.3e\n", t->players[p],
                             e->value_exact[p], e->value[p], cli_snap(e->regret[p], ta));
        else
            mpol_report_text(root, "  %-14s value %-14.10g regret %.3e\n", t->players[p],
                             cli_snap(e->value[p], ta), cli_snap(e->regret[p], ta));
        for (size_t h = 0; h < t->ninfosets; h++)
            if (t->iset_player[h] == p) {
                set_text(buf, sizeof buf, t, e, h, tol);
                mpol_report_text(root, "    %-20s %s\n", set_name(t, h, nb, sizeof nb), buf);
            }
    }
    for (size_t h = 0; h < t->ninfosets; h++) {
        if (!has_beliefs(t, h))
            continue;
        size_t len = 0;
        buf[0] = '\0';
        for (size_t i = t->iset_node_off[h]; i < t->iset_node_off[h + 1] && len < sizeof buf; i++) {
            size_t n = t->iset_node[i];
            char nn[256];
            if (isnan(e->belief[n]))
                len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s undefined",
                                        len ? ", " : "", node_name(t, n, nn, sizeof nn));
            else
                len +=
                    (size_t)snprintf(buf + len, sizeof buf - len, "%s%s %.9g", len ? ", " : "",
                                     node_name(t, n, nn, sizeof nn), cli_snap(e->belief[n], tol));
        }
        mpol_report_text(root, "  beliefs at %s: %s\n", set_name(t, h, nb, sizeof nb), buf);
    }
}

static void eq_json(mpol_report_node *list, const mpol_tree *t, const mpol_tree_eq *e, double tol,
                    double ta)
{
    static const char *const sk[] = {"player", "infoset", "action", "probability", "exact"};
    static const char *const bk[] = {"infoset", "node", "belief"};
    char nb[64], nn[256];
    mpol_report_node *s = mpol_report_section(list, NULL, NULL);
    mpol_report_bool(s, "subgame_perfect", NULL, e->subgame_perfect);
    mpol_report_node *vals = mpol_report_list(s, "players", NULL);
    for (size_t p = 0; p < t->nplayers; p++) {
        mpol_report_node *ps = mpol_report_section(vals, NULL, NULL);
        mpol_report_string(ps, "name", NULL, t->players[p]);
        mpol_report_number(ps, "value", NULL, cli_snap(e->value[p], ta), NULL);
        if (e->value_exact != NULL)
            mpol_report_string(ps, "value_exact", NULL, e->value_exact[p]);
        mpol_report_number(ps, "regret", NULL, cli_snap(e->regret[p], ta), NULL);
    }
    mpol_report_node *tb =
        mpol_report_table(s, "behavior", NULL, e->behavior_exact ? 5 : 4, sk, NULL);
    for (size_t a = 0; a < t->nactions; a++) {
        size_t h = t->action_iset[a];
        if (t->iset_player[h] == MPOL_TREE_CHANCE)
            continue;
        mpol_report_row(tb);
        mpol_report_cell_string(tb, t->players[t->iset_player[h]]);
        mpol_report_cell_string(tb, set_name(t, h, nb, sizeof nb));
        mpol_report_cell_string(tb, t->action_name[a]);
        mpol_report_cell_number(tb, cli_snap(e->behavior[a], tol), NULL);
        if (e->behavior_exact != NULL)
            mpol_report_cell_string(tb, e->behavior_exact[a]);
    }
    mpol_report_node *bt = mpol_report_table(s, "beliefs", NULL, 3, bk, NULL);
    for (size_t h = 0; h < t->ninfosets; h++)
        for (size_t i = t->iset_node_off[h]; has_beliefs(t, h) && i < t->iset_node_off[h + 1];
             i++) {
            size_t n = t->iset_node[i];
            mpol_report_row(bt);
            mpol_report_cell_string(bt, set_name(t, h, nb, sizeof nb));
            mpol_report_cell_string(bt, node_name(t, n, nn, sizeof nn));
            mpol_report_cell_number(bt, isnan(e->belief[n]) ? NAN : cli_snap(e->belief[n], tol),
                                    NULL);
        }
}

static void add_csv(mpol_report_node *root, const mpol_tree *t, const mpol_tree_solution *r,
                    double tol)
{
    static const char *const keys[] = {"equilibrium", "player", "infoset", "action", "probability"};
    char nb[64];
    mpol_report_node *tb =
        mpol_report_set_forms(mpol_report_table(root, NULL, NULL, 5, keys, NULL), MPOL_REPORT_CSV);
    for (size_t k = 0; k < r->neq; k++)
        for (size_t a = 0; a < t->nactions; a++) {
            size_t h = t->action_iset[a];
            if (t->iset_player[h] == MPOL_TREE_CHANCE)
                continue;
            mpol_report_row(tb);
            mpol_report_cell_integer(tb, (long long)k + 1);
            mpol_report_cell_string(tb, t->players[t->iset_player[h]]);
            mpol_report_cell_string(tb, set_name(t, h, nb, sizeof nb));
            mpol_report_cell_string(tb, t->action_name[a]);
            mpol_report_cell_number(tb, cli_snap(r->eq[k].behavior[a], tol), NULL);
        }
}

static void add_header(mpol_report_node *root, const mpol_tree *t, const mpol_tree_solution *r)
{
    const char *m = mpol_tree_method_name(r->method);
    mpol_report_set_forms(mpol_report_string(root, "method", NULL, m), J);
    mpol_report_set_forms(mpol_report_integer(root, "equilibria_found", NULL, (long long)r->neq),
                          J);
    mpol_report_set_forms(mpol_report_bool(root, "complete", NULL, r->complete), J);
    mpol_report_set_forms(mpol_report_bool(root, "exact", NULL, r->exact), J);
    mpol_report_set_forms(mpol_report_integer(root, "work", NULL, (long long)r->work), J);
    mpol_report_text(root, "Game tree: %zu player%s, %zu node%s, %zu information set%s (%s)\n",
                     t->nplayers, t->nplayers == 1 ? "" : "s", t->nnodes, t->nnodes == 1 ? "" : "s",
                     t->ninfosets, t->ninfosets == 1 ? "" : "s",
                     t->perfect_information ? "perfect information" : "imperfect information");
    mpol_report_text(root, "Method: %s: %zu equilibri%s (%s%s); work %zu\n\n", m, r->neq,
                     r->neq == 1 ? "um" : "a",
                     r->complete ? "complete list" : "the list may be incomplete",
                     r->exact ? ", exact" : "", r->work);
}

static void add_check(mpol_report_node *root, const mpol_tree_solution *r)
{
    mpol_report_text(root,
                     "\nVerification (each player's best response on the tree against the "
                     "others' behaviour strategies): max regret %.3e, max error %.3e; %s "
                     "(tolerance %.3g)\n",
                     cli_snap(r->max_regret, r->tol_abs), cli_snap(r->max_error, r->tol_abs),
                     r->verified ? "VERIFIED" : "FAILED", r->tol_abs);
    mpol_report_node *v = mpol_report_set_forms(mpol_report_section(root, "verification", NULL), J);
    mpol_report_bool(v, "ok", NULL, r->verified);
    mpol_report_number(v, "max_regret", NULL, cli_snap(r->max_regret, r->tol_abs), NULL);
    mpol_report_number(v, "max_error", NULL, cli_snap(r->max_error, r->tol_abs), NULL);
    mpol_report_number(v, "tolerance", NULL, r->tol_abs, NULL);
}

static mpol_report *build_report(const mpol_model *model, const mpol_tree *t,
                                 const mpol_tree_solution *r, double tol)
{
    mpol_report *rep = cli_report_new(model);
    if (rep == NULL)
        return NULL;
    mpol_report_node *root = mpol_report_root(rep);
    add_header(root, t, r);
    for (size_t k = 0; k < r->neq; k++)
        eq_text(root, t, &r->eq[k], k, tol, r->tol_abs);
    mpol_report_node *list = mpol_report_set_forms(mpol_report_list(root, "equilibria", NULL), J);
    for (size_t k = 0; k < r->neq; k++)
        eq_json(list, t, &r->eq[k], tol, r->tol_abs);
    add_check(root, r);
    add_csv(root, t, r, tol);
    return rep;
}

int cli_solve_tree(mpol_model *model, const cli_solve_opts *o)
{
    mpol_tree_opts to;
    mpol_tree_opts_init(&to);
    if (o->tol > 0)
        to.tol = o->tol;
    to.exact = o->exact;
    char msg[1100];
    if (o->method != NULL && mpol_tree_method_parse(&to.method, o->method) != MPOL_OK) {
        fprintf(stderr, "multipolar solve: %s\n", cli_message(mpol_last_error(), msg, sizeof msg));
        return CLI_EXIT_USAGE;
    }
    mpol_tree *t = NULL;
    mpol_tree_solution *r = NULL;
    mpol_status st = mpol_model_tree(&t, model);
    if (st == MPOL_OK)
        st = mpol_tree_solve(&r, t, &to);
    int rc;
    if (st != MPOL_OK && !(st == MPOL_EVERIFY && r != NULL)) {
        rc = cli_fail("solve", st);
    } else {
        cli_message(mpol_last_error(), msg, sizeof msg);
        rc = cli_report_emit("solve", build_report(model, t, r, to.tol), o->format);
        rc = cli_report_verdict(rc, st, r->verified, msg);
        if (rc == CLI_EXIT_OK && r->neq == 0)
            rc = CLI_EXIT_FAILURE;
    }
    mpol_tree_solution_free(r);
    mpol_tree_free(t);
    return rc;
}

mpol_status cli_check_tree(const mpol_model *model, mpol_report_node *node)
{
    mpol_tree *t = NULL;
    mpol_status st = mpol_model_tree(&t, model);
    if (st != MPOL_OK)
        return st;
    size_t term = 0, chance = 0, psets = 0;
    for (size_t i = 0; i < t->nnodes; i++) {
        term += t->type[i] == MPOL_TREE_TERMINAL;
        chance += t->type[i] == MPOL_TREE_CHANCE_NODE;
    }
    for (size_t h = 0; h < t->ninfosets; h++)
        psets += t->iset_player[h] != MPOL_TREE_CHANCE;
    mpol_report_set_forms(mpol_report_integer(node, "players", NULL, (long long)t->nplayers), J);
    mpol_report_set_forms(mpol_report_integer(node, "nodes", NULL, (long long)t->nnodes), J);
    mpol_report_set_forms(mpol_report_integer(node, "terminals", NULL, (long long)term), J);
    mpol_report_set_forms(mpol_report_integer(node, "chance_nodes", NULL, (long long)chance), J);
    mpol_report_set_forms(mpol_report_integer(node, "infosets", NULL, (long long)psets), J);
    mpol_report_set_forms(
        mpol_report_bool(node, "perfect_information", NULL, t->perfect_information), J);
    mpol_report_set_forms(mpol_report_bool(node, "perfect_recall", NULL, 1), J);
    mpol_report_set_forms(mpol_report_bool(node, "exact", NULL, t->payoff_exact != NULL), J);
    mpol_report_node *seq = mpol_report_set_forms(mpol_report_list(node, "sequences", NULL), J);
    for (size_t p = 0; p < t->nplayers; p++)
        mpol_report_integer(seq, NULL, NULL, (long long)t->nseq[p]);
    mpol_report_list_inline(seq);
    mpol_report_text(node,
                     "  players: %zu, nodes: %zu (%zu terminal, %zu chance), information sets: "
                     "%zu, %s, perfect recall ok%s\n  sequences:",
                     t->nplayers, t->nnodes, term, chance, psets,
                     t->perfect_information ? "perfect information" : "imperfect information",
                     t->payoff_exact != NULL ? ", exact payoffs" : "");
    for (size_t p = 0; p < t->nplayers; p++)
        mpol_report_text(node, " %s %zu", t->players[p], t->nseq[p]);
    mpol_report_text(node, "\n");
    mpol_tree_free(t);
    return MPOL_OK;
}
