/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file fills the balance-of-power part of the weighted-voting report (docs/balance.md)
 * from mpol_wvg_balance_certify's result: dominant, minimal winning and blocking
 * coalitions, swings, pivotal actors, balancers with witness blocs, Kaplan's rule 4 per
 * dominant coalition, the capability range of --actor and the checks. Nothing is computed
 * here.
 */
#include <math.h>

#include "solve_wvg.h"

static const unsigned J = MPOL_REPORT_JSON;

/* Text: "{A, B}". */
static void text_coalition(mpol_report_node *p, const mpol_wvg *g, mpol_coalition s)
{
    mpol_report_text(p, "{");
    for (size_t i = 0, first = 1; i < g->n; i++)
        if (s >> i & 1) {
            mpol_report_text(p, "%s%s", first ? "" : ", ", g->names[i]);
            first = 0;
        }
    mpol_report_text(p, "}");
}

/* Text lines and JSON list @p key of coalitions with their weights. */
static void coalitions(mpol_report_node *root, mpol_report_node *js, const char *key,
                       const char *label, const mpol_wvg *g, const mpol_coalition *c, size_t n)
{
    mpol_report_text(root, "  %s: %zu\n", label, n);
    mpol_report_node *l = mpol_report_list(js, key, NULL);
    for (size_t k = 0; k < n; k++) {
        double w = mpol_wvg_coalition_weight(g, c[k]);
        if (n <= WVG_TEXT_MAX_MWC) {
            mpol_report_text(root, "    ");
            text_coalition(root, g, c[k]);
            mpol_report_text(root, "  weight %.10g\n", w);
        }
        mpol_report_node *o = mpol_report_section(l, NULL, NULL);
        cli_report_members(o, "coalition", g->names, g->n, c[k]);
        mpol_report_number(o, "weight", NULL, w, NULL);
    }
}

/* Text: the names of the actors whose swings are (@p want 1) or are not positive. */
static void text_swing_names(mpol_report_node *root, const mpol_wvg *g, const mpol_balance *b,
                             int want)
{
    int any = 0;
    for (size_t i = 0; i < g->n; i++)
        if ((b->swings[i] > 0) == want) {
            mpol_report_text(root, "%s %s", any ? "," : "", g->names[i]);
            any = 1;
        }
    if (!any)
        mpol_report_text(root, " none");
}

static void actors(mpol_report_node *root, mpol_report_node *js, const mpol_wvg *g,
                   const mpol_wvg_balance *c)
{
    const mpol_balance *b = c->analysis;
    mpol_report_text(root,
                     "  swings (dominant coalitions that lose dominance without the actor):\n   ");
    mpol_report_node *sw = mpol_report_section(js, "swings", NULL);
    for (size_t i = 0; i < g->n; i++) {
        mpol_report_text(root, "%s %s %llu", i ? "," : "", g->names[i],
                         (unsigned long long)b->swings[i]);
        mpol_report_integer(sw, g->names[i], NULL, (long long)b->swings[i]);
    }
    mpol_report_text(root, "\n  pivotal actors (in some minimal winning coalition):");
    text_swing_names(root, g, b, 1);
    mpol_report_text(root, "\n  not pivotal (dummies):");
    text_swing_names(root, g, b, 0);
    mpol_report_text(root, "\n  balancers (whichever of two non-dominant blocs they join wins):\n");
    mpol_report_node *piv = mpol_report_list(js, "pivotal", NULL);
    mpol_report_node *bl = mpol_report_list(js, "balancers", NULL);
    int any = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (b->swings[i] > 0)
            mpol_report_string(piv, NULL, NULL, g->names[i]);
        if (!b->balancer[i])
            continue;
        mpol_coalition a = b->balancer_bloc[i], other = c->other_bloc[i];
        mpol_report_text(root, "    %s%s: ", g->names[i],
                         b->holder[i] ? " (holder of the balance)" : "");
        text_coalition(root, g, a);
        mpol_report_text(root, " vs ");
        text_coalition(root, g, other);
        mpol_report_text(root, "\n");
        mpol_report_node *o = mpol_report_section(bl, NULL, NULL);
        mpol_report_string(o, "actor", NULL, g->names[i]);
        mpol_report_bool(o, "holder", NULL, b->holder[i]);
        cli_report_members(o, "bloc", g->names, g->n, a);
        cli_report_members(o, "other_bloc", g->names, g->n, other);
        any = 1;
    }
    if (!any)
        mpol_report_text(root, "    none\n");
}

/* Text: the dominant coalitions with their verdicts (all, or those that cannot be blocked). */
static void text_dominant(mpol_report_node *root, const mpol_wvg *g, const mpol_wvg_balance *c)
{
    mpol_coalition full = (mpol_coalition)(((uint64_t)1 << g->n) - 1);
    int all = c->ndominant <= WVG_TEXT_MAX_DOMINANT;
    if (c->nlisted == 0) {
        if (c->ndominant > 0)
            mpol_report_text(root,
                             "    (%llu dominant coalitions: too many to list; JSON lists up to "
                             "%d)\n",
                             (unsigned long long)c->ndominant, WVG_JSON_MAX_DOMINANT);
        return;
    }
    mpol_report_text(root, "    %s:\n",
                     all ? "per dominant coalition"
                         : "dominant coalitions that cannot be blocked (every dominant "
                           "coalition with its verdict: --format json)");
    size_t shown = 0;
    for (size_t k = 0; k < c->nlisted; k++) {
        if (!all && (c->blocker[k] >= 0 || c->dominant[k] == full))
            continue;
        if (shown++ == WVG_TEXT_MAX_DOMINANT) {
            mpol_report_text(root, "      ... (%llu in all)\n", (unsigned long long)c->violations);
            break;
        }
        mpol_report_text(root, "      ");
        text_coalition(root, g, c->dominant[k]);
        mpol_report_text(root, "  weight %.10g: ", mpol_wvg_coalition_weight(g, c->dominant[k]));
        if (c->dominant[k] == full)
            mpol_report_text(root, "all actors (no opposition)\n");
        else if (c->blocker[k] >= 0)
            mpol_report_text(root, "blocked by winning over %s\n", g->names[c->blocker[k]]);
        else
            mpol_report_text(root, "cannot be blocked\n");
    }
}

static void rule4(mpol_report_node *root, mpol_report_node *js, const mpol_wvg *g,
                  const mpol_wvg_balance *c)
{
    const mpol_balance *b = c->analysis;
    mpol_report_text(root,
                     "  Kaplan's rule 4 (every dominant coalition can be blocked by winning over "
                     "one member): %s\n",
                     b->rule4 ? "holds" : "FAILS");
    if (!b->rule4) {
        mpol_report_text(root, "    %llu dominant coalitions cannot be blocked; the largest: ",
                         (unsigned long long)b->rule4_violations);
        text_coalition(root, g, b->rule4_witness);
        mpol_report_text(root, " (weight %.10g)\n", mpol_wvg_coalition_weight(g, b->rule4_witness));
    }
    text_dominant(root, g, c);
    mpol_report_node *r4 = mpol_report_section(js, "rule4", NULL);
    mpol_report_bool(r4, "holds", NULL, b->rule4);
    mpol_report_integer(r4, "violations", NULL, (long long)b->rule4_violations);
    if (b->rule4_witness != 0)
        cli_report_members(r4, "witness", g->names, g->n, b->rule4_witness);
    else
        mpol_report_null(r4, "witness", NULL);
    if (c->nlisted == 0) {
        mpol_report_null(r4, "coalitions", NULL);
        return;
    }
    mpol_report_node *l = mpol_report_list(r4, "coalitions", NULL);
    for (size_t k = 0; k < c->nlisted; k++) {
        mpol_report_node *o = mpol_report_section(l, NULL, NULL);
        cli_report_members(o, "coalition", g->names, g->n, c->dominant[k]);
        mpol_report_number(o, "weight", NULL, mpol_wvg_coalition_weight(g, c->dominant[k]), NULL);
        if (c->blocker[k] >= 0)
            mpol_report_string(o, "blocked_by", NULL, g->names[c->blocker[k]]);
        else
            mpol_report_null(o, "blocked_by", NULL);
    }
}

static void range_and_checks(mpol_report_node *root, mpol_report_node *js, const mpol_wvg *g,
                             const mpol_wvg_balance *c)
{
    const mpol_balance_range *rg = &c->range;
    if (c->actor >= 0) {
        const char *name = g->names[c->actor];
        mpol_report_text(root,
                         "  capability range of %s (others fixed, quota the same fraction of the "
                         "total): %s%.10g, ",
                         name, rg->lo_closed ? "[" : "(", rg->lo);
        if (rg->hi == HUGE_VAL)
            mpol_report_text(root, "inf)");
        else
            mpol_report_text(root, "%.10g%s", rg->hi, rg->hi_closed ? "]" : ")");
        mpol_report_text(root, "; now %.10g; %zu breakpoints\n", g->weights[c->actor],
                         rg->breakpoints);
        mpol_report_node *o = mpol_report_section(js, "capability_range", NULL);
        mpol_report_string(o, "actor", NULL, name);
        mpol_report_number(o, "value", NULL, g->weights[c->actor], NULL);
        mpol_report_number(o, "lo", NULL, rg->lo, NULL);
        mpol_report_bool(o, "lo_closed", NULL, rg->lo_closed);
        mpol_report_number(o, "hi", NULL, rg->hi, NULL); /* null when unbounded */
        mpol_report_bool(o, "hi_closed", NULL, rg->hi_closed);
        mpol_report_integer(o, "breakpoints", NULL, (long long)rg->breakpoints);
    } else {
        mpol_report_null(js, "capability_range", NULL);
    }
    const mpol_balance *b = c->analysis;
    mpol_report_text(root,
                     "  checks: listed coalitions re-checked from the weights %s; dominant "
                     "coalitions and rule-4 violations re-counted one by one (%llu, %llu) %s\n",
                     b->ok ? "VERIFIED" : "FAILED", (unsigned long long)c->ndominant,
                     (unsigned long long)c->violations, c->recount_ok ? "VERIFIED" : "FAILED");
    if (c->actor >= 0)
        mpol_report_text(root, "  current capability inside the range %s\n",
                         c->in_range ? "VERIFIED" : "FAILED");
    mpol_report_node *ck = mpol_report_section(js, "check", NULL);
    mpol_report_bool(ck, "ok", NULL, c->verified);
    mpol_report_bool(ck, "coalitions_rechecked", NULL, b->ok);
    mpol_report_bool(ck, "recount_ok", NULL, c->recount_ok);
}

void cli_wvg_balance_report(mpol_report_node *root, const mpol_wvg *g, const mpol_wvg_balance *c)
{
    const mpol_balance *b = c->analysis;
    mpol_report_text(root, "\nBalance of power (dominant: weight %s %.10g%s; docs/balance.md)\n",
                     b->strict ? ">" : ">=", b->quota,
                     b->strict ? ", more than half of the total" : ", the game's quota");
    const char *dom = b->dominant_actor >= 0 ? g->names[b->dominant_actor] : NULL;
    mpol_report_text(root, "  dominant coalitions: %llu; dominant actor: %s\n",
                     (unsigned long long)b->nwinning, dom != NULL ? dom : "none");
    mpol_report_node *js = mpol_report_set_forms(mpol_report_section(root, "balance", NULL), J);
    mpol_report_string(js, "rule", NULL, b->strict ? "weight > quota" : "weight >= quota");
    mpol_report_number(js, "quota", NULL, b->quota, NULL);
    mpol_report_number(js, "total", NULL, b->total, NULL);
    mpol_report_integer(js, "dominant_count", NULL, (long long)b->nwinning);
    if (dom != NULL)
        mpol_report_string(js, "dominant_actor", NULL, dom);
    else
        mpol_report_null(js, "dominant_actor", NULL);
    coalitions(root, js, "minimal_winning", "minimal winning coalitions", g, b->mwc, b->nmwc);
    coalitions(root, js, "minimal_blocking", "minimal blocking coalitions", g, b->mbc, b->nmbc);
    actors(root, js, g, c);
    rule4(root, js, g, c);
    range_and_checks(root, js, g, c);
}
