/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file writes the text form of the hedonic report (solve_hedonic_report.c builds the
 * rest) as text-only lines of the mpol_report, laid out as the report always was: the
 * partition checked with each concept's verdict and re-evaluated deviation, the listing of
 * the stable partitions, the search per concept, the overall verdict.
 */
#include <math.h>

#include "solve_hedonic.h"

/* Stable partitions listed in the text report (all up to the listing cap in JSON/CSV). */
#define TEXT_MAX_LIST 20

static const char *const concept_text[3] = {"Nash stable", "individually stable", "core stable"};

/* ---- text -------------------------------------------------------------------------------- */

#define T(...) mpol_report_text(t, __VA_ARGS__)

static void text_coalition(mpol_report_node *t, const mpol_hedonic *g, mpol_coalition c)
{
    T("{");
    for (size_t i = 0, first = 1; i < g->n; i++)
        if (c >> i & 1) {
            T("%s%s", first ? "" : ", ", g->names[i]);
            first = 0;
        }
    T("}");
}

static void text_partition(mpol_report_node *t, const mpol_hedonic *g, const mpol_coalition *parts,
                           size_t nparts)
{
    for (size_t k = 0; k < nparts; k++) {
        if (k > 0)
            T(" ");
        text_coalition(t, g, parts[k]);
    }
}

static void text_number(mpol_report_node *t, double v)
{
    if (v == -HUGE_VAL)
        T("unlisted (worst)");
    else
        T("%.10g", v);
}

static void text_deviation(mpol_report_node *t, const mpol_hedonic *g, int k,
                           const mpol_hedonic_deviation *d)
{
    if (k < 2) {
        T(": %s gains by moving from ", g->names[d->player]);
        text_coalition(t, g, d->from);
        T(" to ");
        text_coalition(t, g, d->to);
        T(" (utility ");
        text_number(t, d->before);
        T(" -> ");
        text_number(t, d->after);
        T(")");
    } else {
        T(": blocked by ");
        text_coalition(t, g, d->blocking);
        T(" (every member gains; smallest gain ");
        text_number(t, d->min_gain);
        T(")");
    }
    T("  certificate %s", d->verified ? "VERIFIED" : "FAILED");
}

static void text_check(mpol_report_node *t, const cli_hedonic_run *r)
{
    const mpol_hedonic *g = r->g;
    if (r->partition_from == NULL) {
        T("No partition to check (give one with --partition \"A+B,C\" or a partition: key).\n\n");
        return;
    }
    T("Partition (%s): ", r->partition_from);
    text_partition(t, g, r->parts, r->nparts);
    T("\n  welfare (sum of utilities) ");
    text_number(t, r->cert.welfare);
    T("; %llu deviations examined\n", (unsigned long long)r->cert.check.deviations_examined);
    for (int k = 0; k < 3; k++) {
        if (!(r->concepts & (1u << k)))
            continue;
        int v = cli_hedonic_verdict(&r->cert.check, k);
        T("  %-20s %s", concept_text[k],
          v == 1   ? "yes"
          : v == 0 ? "NO"
                   : "not checked (core enumeration limited to 20 players)");
        if (v == 0)
            text_deviation(t, g, k, &r->cert.deviation[k]);
        T("\n");
    }
    T("\n");
}

static void text_listing(mpol_report_node *t, const cli_hedonic_run *r)
{
    const mpol_hedonic_stable_list *l = r->list;
    T("Stable partitions (exact: all %llu partitions checked):\n",
      (unsigned long long)l->partitions);
    for (int k = 0; k < 3; k++)
        if (r->concepts & (1u << k))
            T("  %-20s %llu\n", concept_text[k], (unsigned long long)l->count[k]);
    if (l->nlisted > 0 && l->nlisted <= TEXT_MAX_LIST && !l->truncated) {
        for (size_t p = 0; p < l->nlisted; p++) {
            T("  ");
            text_partition(t, r->g, l->parts + l->offsets[p], l->offsets[p + 1] - l->offsets[p]);
            T("  welfare ");
            text_number(t, l->welfare[p]);
            T("  [");
            for (int k = 0, first = 1; k < 3; k++)
                if (l->stable[p] & (1u << k)) {
                    T("%s%s", first ? "" : ", ", cli_hedonic_concept_key[k]);
                    first = 0;
                }
            T("]\n");
        }
    } else if (l->nlisted > 0) {
        T("  (%s%zu partitions stable for some concept; not listed here: use --format json)\n",
          l->truncated ? "more than " : "", l->nlisted);
    }
    T("\n");
}

static void text_search(mpol_report_node *t, const cli_hedonic_run *r)
{
    const mpol_hedonic *g = r->g;
    T("Search for a stable partition (%s):\n",
      g->n <= MPOL_HEDONIC_LIST_MAX ? "exact enumeration; the one of largest welfare"
                                    : "better-response dynamics from the singletons, the grand "
                                      "coalition\n  and 16 seeded random partitions");
    for (int k = 0; k < 3; k++) {
        if (!(r->concepts & (1u << k)))
            continue;
        const mpol_hedonic_search_result *s = r->search[k];
        T("  %-20s ", concept_text[k]);
        if (s == NULL) {
            T("skipped: %s\n", r->search_skip[k]);
            continue;
        }
        if (s->found) {
            text_partition(t, g, s->parts, s->nparts);
            T("  welfare ");
            text_number(t, s->welfare);
            T("\n  %-20s %s", "",
              s->proven ? "stability proven by the exact check" : "stability NOT proven");
        } else if (s->exact) {
            T("none exists (every partition checked)");
        } else {
            T("none found (not proven that none exists)");
        }
        if (s->exact)
            T("; %llu partitions, %llu deviations examined",
              (unsigned long long)s->partitions_examined,
              (unsigned long long)s->deviations_examined);
        else
            T("; %llu states visited in %zu starts, %llu deviations examined",
              (unsigned long long)s->partitions_examined, s->starts_run,
              (unsigned long long)s->deviations_examined);
        T("  %s\n", r->scert[k].verified ? "VERIFIED" : "FAILED");
    }
    if (r->list != NULL)
        T("  (checks: the search's count of stable partitions equals the listing's;\n"
          "   no listed stable partition has larger welfare; the partition returned\n"
          "   passes the exact check)\n");
}

void cli_hedonic_text(mpol_report_node *t, const cli_hedonic_run *r)
{
    T("Players: %zu; preferences: %s\n\n", r->g->n,
      r->g->kind == MPOL_HEDONIC_ADDITIVE ? "additively separable" : "ranked lists");
    if (r->do_check)
        text_check(t, r);
    if (r->do_search) {
        if (r->list != NULL)
            text_listing(t, r);
        text_search(t, r);
    }
    T("\n%s\n", r->ok ? "VERIFIED: every reported check passed."
                      : "FAILED: at least one check failed (see above).");
}

#undef T
