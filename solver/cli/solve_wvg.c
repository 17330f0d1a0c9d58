/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve` for weighted-voting models: the
 * Shapley–Shubik index, the Banzhaf index (normalised and Penrose absolute) per player,
 * veto and dummy players and the minimal winning coalitions (the count, and the list when
 * there are at most TEXT_MAX_MWC), each index with its check. With --exact the counts are
 * exact (GMP): pivot orderings out of n!, swings out of the total, and the fractions in
 * lowest terms; the check is then that the counts sum exactly to their totals. The
 * balance-of-power analysis (docs/balance.md: dominant, minimal winning and blocking
 * coalitions, swings, pivotal actors, balancers with witness blocs, Kaplan's rule 4 per
 * dominant coalition, and with --actor the capability range over which the structure stays
 * the same) is part of the default report for n <= BALANCE_DEFAULT_MAX. `--method`
 * restricts the report to shapley-shubik, banzhaf, minimal-winning or balance. JSON schema:
 * docs/cooperative.md and docs/balance.md.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <gmp.h>

#include "cli.h"
#include "multipolar/balance.h"
#include "multipolar/voting.h"

/* Minimal winning coalitions listed one by one (only the count above). */
#define TEXT_MAX_MWC 50

/* Most minimal winning coalitions counted before the report says "more than". */
#define MWC_COUNT_LIMIT 1000000

/* Largest game whose default report includes the balance-of-power analysis. */
#define BALANCE_DEFAULT_MAX 20
/* Dominant coalitions listed with their rule-4 verdict (text / JSON). */
#define TEXT_MAX_DOMINANT 16
#define JSON_MAX_DOMINANT 4096
/* Quota within this fraction of the total from half of it: "more than half" (strict). */
#define HALF_QUOTA_TOL 1e-12

enum { M_SS = 1, M_BZ = 2, M_MWC = 4, M_ALL = 7, M_BAL = 8 };

/* The balance-of-power part of the report. */
typedef struct bal_report {
    mpol_balance_opts opts;
    mpol_balance *b;
    size_t ndom;         /* dominant coalitions found coalition by coalition */
    uint64_t violations; /* of those, S != N that cannot be blocked */
    size_t nlisted;      /* dominant coalitions kept below (at most JSON_MAX_DOMINANT) */
    mpol_coalition *dom;
    long *blocker;  /* per kept coalition: the member to win over, or -1 */
    int recount_ok; /* the re-derived counts equal the analysis' */
    long actor;     /* --actor index, or -1 */
    mpol_balance_range range;
    int ok;
} bal_report;

typedef struct wvg_report {
    const mpol_model *model;
    const mpol_wvg *g;
    double tol;
    mpol_power_result *ss, *bz;
    int ss_ok, bz_ok;
    double ss_sum_error, bz_sum_error; /* |sum of index - 1|, recomputed here */
    int exact_totals_ok;               /* exact mode: counts sum to their totals */
    int *veto;
    mpol_mwc_list *mwc;
    int mwc_more; /* more than MWC_COUNT_LIMIT */
    int dummy_agree;
    char **ss_frac, **bz_frac, **pen_frac; /* exact mode: reduced fractions */
    bal_report *bal;                       /* NULL if not requested */
} wvg_report;

/* "num/den" in lowest terms (malloc'd), or NULL on failure. */
static char *fraction(const char *num, const char *den)
{
    mpq_t q;
    mpq_init(q);
    char *s = NULL;
    if (mpz_set_str(mpq_numref(q), num, 10) == 0 && mpz_set_str(mpq_denref(q), den, 10) == 0 &&
        mpz_sgn(mpq_denref(q)) != 0) {
        mpq_canonicalize(q);
        size_t len = mpz_sizeinbase(mpq_numref(q), 10) + mpz_sizeinbase(mpq_denref(q), 10) + 3;
        if ((s = malloc(len)) != NULL)
            mpq_get_str(s, 10, q);
    }
    mpq_clear(q);
    return s;
}

/* 1 if the decimal counts sum exactly to @p total. */
static int counts_sum_to(char **counts, size_t n, const char *total)
{
    mpz_t sum, x;
    mpz_init(sum);
    mpz_init(x);
    int ok = 1;
    for (size_t i = 0; i < n && ok; i++) {
        ok = mpz_set_str(x, counts[i], 10) == 0;
        mpz_add(sum, sum, x);
    }
    ok = ok && mpz_set_str(x, total, 10) == 0 && mpz_cmp(sum, x) == 0;
    mpz_clear(sum);
    mpz_clear(x);
    return ok;
}

static void free_strings(char **s, size_t n);

/* The players' indices as fractions in lowest terms: counts / denominator, or for the
 * Penrose index (@p penrose) swings / 2^(n-1). NULL on failure. */
static char **fractions(const mpol_power_result *r, int penrose)
{
    char **f = calloc(r->n, sizeof *f);
    char *den = NULL;
    if (f == NULL)
        return NULL;
    if (penrose) {
        mpz_t p;
        mpz_init(p);
        mpz_ui_pow_ui(p, 2, (unsigned long)(r->n - 1));
        if ((den = malloc(mpz_sizeinbase(p, 10) + 2)) != NULL)
            mpz_get_str(den, 10, p);
        mpz_clear(p);
    }
    const char *d = penrose ? den : r->denominator;
    int ok = d != NULL;
    for (size_t i = 0; i < r->n && ok; i++)
        ok = (f[i] = fraction(r->counts[i], d)) != NULL;
    free(den);
    if (!ok) {
        free_strings(f, r->n);
        return NULL;
    }
    return f;
}

static void free_strings(char **s, size_t n)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < n; i++)
        free(s[i]);
    free(s);
}

static double sum_error(const mpol_power_result *r)
{
    double s = 0;
    for (size_t i = 0; i < r->n; i++)
        s += r->index[i];
    return fabs(s - 1);
}

static int index_ok(const mpol_power_result *r, double sum_err, double tol)
{
    if (r->exact)
        return r->check_error == 0;
    return r->check_error <= tol && sum_err <= tol * (double)r->n;
}

/* ---- balance of power -------------------------------------------------------------------- */

static double coalition_weight(const mpol_wvg *g, mpol_coalition s)
{
    double w = 0;
    for (size_t i = 0; i < g->n; i++)
        if (s >> i & 1)
            w += g->weights[i];
    return w;
}

static void bal_free(bal_report *br)
{
    if (br == NULL)
        return;
    mpol_balance_free(br->b);
    free(br->dom);
    free(br->blocker);
    free(br);
}

/* Runs the analysis, re-derives the rule-4 counts coalition by coalition, and the range. */
static mpol_status bal_compute(const mpol_wvg *g, bal_report *br)
{
    mpol_status st = mpol_balance_analyse(&br->b, g, &br->opts);
    if (st != MPOL_OK)
        return st;
    const mpol_balance *b = br->b;
    size_t keep = b->nwinning <= JSON_MAX_DOMINANT ? (size_t)b->nwinning : 0;
    if (keep > 0 && ((br->dom = calloc(keep, sizeof *br->dom)) == NULL ||
                     (br->blocker = calloc(keep, sizeof *br->blocker)) == NULL))
        return mpol_error(MPOL_ENOMEM, "multipolar solve: out of memory");
    mpol_coalition full = (mpol_coalition)(((uint64_t)1 << g->n) - 1);
    for (uint64_t s = 1; s <= full; s++) {
        int dom;
        long member;
        st = mpol_balance_rule4_coalition(g, &br->opts, (mpol_coalition)s, &dom, &member);
        if (st != MPOL_OK)
            return st;
        if (!dom)
            continue;
        if (br->ndom < keep) {
            br->dom[br->ndom] = (mpol_coalition)s;
            br->blocker[br->ndom] = member;
            br->nlisted = br->ndom + 1;
        }
        br->ndom++;
        br->violations += s != full && member < 0;
    }
    br->recount_ok = br->ndom == b->nwinning && br->violations == b->rule4_violations &&
                     (b->rule4 != 0) == (b->rule4_violations == 0);
    br->ok = b->ok && br->recount_ok;
    if (br->actor >= 0) {
        st = mpol_balance_capability_range(&br->range, g, (size_t)br->actor, &br->opts);
        if (st != MPOL_OK)
            return st;
        /* The current capability must lie in the range. */
        double x = g->weights[br->actor];
        int in = (x > br->range.lo || (br->range.lo_closed && x == br->range.lo)) &&
                 (x < br->range.hi || (br->range.hi_closed && x == br->range.hi));
        br->ok &= in;
    }
    return MPOL_OK;
}

static void text_names(FILE *out, const mpol_wvg *g, mpol_coalition s)
{
    fputc('{', out);
    for (size_t i = 0, first = 1; i < g->n; i++)
        if (s >> i & 1) {
            fprintf(out, "%s%s", first ? "" : ", ", g->names[i]);
            first = 0;
        }
    fputc('}', out);
}

static void text_balance(FILE *out, const wvg_report *r)
{
    const mpol_wvg *g = r->g;
    const bal_report *br = r->bal;
    const mpol_balance *b = br->b;
    mpol_coalition full = (mpol_coalition)(((uint64_t)1 << g->n) - 1);
    fprintf(out, "\nBalance of power (dominant: weight %s %.10g%s; docs/balance.md)\n",
            b->strict ? ">" : ">=", b->quota,
            b->strict ? ", more than half of the total" : ", the game's quota");
    fprintf(out, "  dominant coalitions: %llu; dominant actor: %s\n",
            (unsigned long long)b->nwinning,
            b->dominant_actor >= 0 ? g->names[b->dominant_actor] : "none");
    fprintf(out, "  minimal winning coalitions: %zu\n", b->nmwc);
    for (size_t k = 0; k < b->nmwc && b->nmwc <= TEXT_MAX_MWC; k++) {
        fprintf(out, "    ");
        text_names(out, g, b->mwc[k]);
        fprintf(out, "  weight %.10g\n", coalition_weight(g, b->mwc[k]));
    }
    fprintf(out, "  minimal blocking coalitions: %zu\n", b->nmbc);
    for (size_t k = 0; k < b->nmbc && b->nmbc <= TEXT_MAX_MWC; k++) {
        fprintf(out, "    ");
        text_names(out, g, b->mbc[k]);
        fprintf(out, "  weight %.10g\n", coalition_weight(g, b->mbc[k]));
    }
    fprintf(out, "  swings (dominant coalitions that lose dominance without the actor):\n   ");
    for (size_t i = 0; i < g->n; i++)
        fprintf(out, "%s %s %llu", i ? "," : "", g->names[i], (unsigned long long)b->swings[i]);
    fprintf(out, "\n  pivotal actors (in some minimal winning coalition):");
    int any = 0;
    for (size_t i = 0; i < g->n; i++)
        if (b->swings[i] > 0) {
            fprintf(out, "%s %s", any ? "," : "", g->names[i]);
            any = 1;
        }
    fprintf(out, "%s\n  not pivotal (dummies):", any ? "" : " none");
    any = 0;
    for (size_t i = 0; i < g->n; i++)
        if (b->swings[i] == 0) {
            fprintf(out, "%s %s", any ? "," : "", g->names[i]);
            any = 1;
        }
    fprintf(out, "%s\n  balancers (whichever of two non-dominant blocs they join wins):\n",
            any ? "" : " none");
    any = 0;
    for (size_t i = 0; i < g->n; i++) {
        if (!b->balancer[i])
            continue;
        mpol_coalition me = (mpol_coalition)1 << i, a = b->balancer_bloc[i];
        fprintf(out, "    %s%s: ", g->names[i], b->holder[i] ? " (holder of the balance)" : "");
        text_names(out, g, a);
        fprintf(out, " vs ");
        text_names(out, g, full ^ me ^ a);
        fputc('\n', out);
        any = 1;
    }
    if (!any)
        fprintf(out, "    none\n");
    fprintf(out,
            "  Kaplan's rule 4 (every dominant coalition can be blocked by winning over one "
            "member): %s\n",
            b->rule4 ? "holds" : "FAILS");
    if (!b->rule4) {
        fprintf(out, "    %llu dominant coalitions cannot be blocked; the largest: ",
                (unsigned long long)b->rule4_violations);
        text_names(out, g, b->rule4_witness);
        fprintf(out, " (weight %.10g)\n", coalition_weight(g, b->rule4_witness));
    }
    int all = br->ndom <= TEXT_MAX_DOMINANT;
    if (br->nlisted > 0 && br->nlisted == br->ndom) {
        fprintf(out, "    %s:\n",
                all ? "per dominant coalition"
                    : "dominant coalitions that cannot be blocked (every dominant coalition "
                      "with its verdict: --format json)");
        size_t shown = 0;
        for (size_t k = 0; k < br->nlisted; k++) {
            if (!all && (br->blocker[k] >= 0 || br->dom[k] == full))
                continue;
            if (shown++ == TEXT_MAX_DOMINANT) {
                fprintf(out, "      ... (%llu in all)\n", (unsigned long long)br->violations);
                break;
            }
            fprintf(out, "      ");
            text_names(out, g, br->dom[k]);
            fprintf(out, "  weight %.10g: ", coalition_weight(g, br->dom[k]));
            if (br->dom[k] == full)
                fprintf(out, "all actors (no opposition)\n");
            else if (br->blocker[k] >= 0)
                fprintf(out, "blocked by winning over %s\n", g->names[br->blocker[k]]);
            else
                fprintf(out, "cannot be blocked\n");
        }
    } else if (br->ndom > 0) {
        fprintf(out, "    (%zu dominant coalitions: too many to list; JSON lists up to %d)\n",
                br->ndom, JSON_MAX_DOMINANT);
    }
    if (br->actor >= 0) {
        const mpol_balance_range *rg = &br->range;
        fprintf(out,
                "  capability range of %s (others fixed, quota the same fraction of the total): "
                "%s%.10g, ",
                g->names[br->actor], rg->lo_closed ? "[" : "(", rg->lo);
        if (rg->hi == HUGE_VAL)
            fprintf(out, "inf)");
        else
            fprintf(out, "%.10g%s", rg->hi, rg->hi_closed ? "]" : ")");
        fprintf(out, "; now %.10g; %zu breakpoints\n", g->weights[br->actor], rg->breakpoints);
    }
    fprintf(out,
            "  checks: listed coalitions re-checked from the weights %s; dominant coalitions "
            "and rule-4 violations re-counted one by one (%zu, %llu) %s\n",
            b->ok ? "VERIFIED" : "FAILED", br->ndom, (unsigned long long)br->violations,
            br->recount_ok ? "VERIFIED" : "FAILED");
    if (br->actor >= 0)
        fprintf(out, "  current capability inside the range %s\n",
                br->ok || !b->ok || !br->recount_ok ? "VERIFIED" : "FAILED");
}

static void json_coalitions(json_writer *w, const mpol_wvg *g, const mpol_coalition *c, size_t n)
{
    json_array_begin(w);
    for (size_t k = 0; k < n; k++) {
        json_object_begin(w);
        json_key(w, "coalition");
        json_members(w, g->names, g->n, c[k]);
        json_kv_number(w, "weight", coalition_weight(g, c[k]));
        json_object_end(w);
    }
    json_array_end(w);
}

static void json_balance(json_writer *w, const wvg_report *r)
{
    const mpol_wvg *g = r->g;
    const bal_report *br = r->bal;
    const mpol_balance *b = br->b;
    mpol_coalition full = (mpol_coalition)(((uint64_t)1 << g->n) - 1);
    json_object_begin(w);
    json_kv_string(w, "rule", b->strict ? "weight > quota" : "weight >= quota");
    json_kv_number(w, "quota", b->quota);
    json_kv_number(w, "total", b->total);
    json_kv_integer(w, "dominant_count", (long long)b->nwinning);
    json_key(w, "dominant_actor");
    if (b->dominant_actor >= 0)
        json_string(w, g->names[b->dominant_actor]);
    else
        json_null(w);
    json_key(w, "minimal_winning");
    json_coalitions(w, g, b->mwc, b->nmwc);
    json_key(w, "minimal_blocking");
    json_coalitions(w, g, b->mbc, b->nmbc);
    json_key(w, "swings");
    json_object_begin(w);
    for (size_t i = 0; i < g->n; i++)
        json_kv_integer(w, g->names[i], (long long)b->swings[i]);
    json_object_end(w);
    json_key(w, "pivotal");
    json_array_begin(w);
    for (size_t i = 0; i < g->n; i++)
        if (b->swings[i] > 0)
            json_string(w, g->names[i]);
    json_array_end(w);
    json_key(w, "balancers");
    json_array_begin(w);
    for (size_t i = 0; i < g->n; i++) {
        if (!b->balancer[i])
            continue;
        mpol_coalition me = (mpol_coalition)1 << i, a = b->balancer_bloc[i];
        json_object_begin(w);
        json_kv_string(w, "actor", g->names[i]);
        json_kv_bool(w, "holder", b->holder[i]);
        json_key(w, "bloc");
        json_members(w, g->names, g->n, a);
        json_key(w, "other_bloc");
        json_members(w, g->names, g->n, full ^ me ^ a);
        json_object_end(w);
    }
    json_array_end(w);
    json_key(w, "rule4");
    json_object_begin(w);
    json_kv_bool(w, "holds", b->rule4);
    json_kv_integer(w, "violations", (long long)b->rule4_violations);
    json_key(w, "witness");
    if (b->rule4_witness != 0)
        json_members(w, g->names, g->n, b->rule4_witness);
    else
        json_null(w);
    json_key(w, "coalitions");
    if (br->nlisted == 0 || br->nlisted != br->ndom) {
        json_null(w);
    } else {
        json_array_begin(w);
        for (size_t k = 0; k < br->nlisted; k++) {
            json_object_begin(w);
            json_key(w, "coalition");
            json_members(w, g->names, g->n, br->dom[k]);
            json_kv_number(w, "weight", coalition_weight(g, br->dom[k]));
            json_key(w, "blocked_by");
            if (br->blocker[k] >= 0)
                json_string(w, g->names[br->blocker[k]]);
            else
                json_null(w);
            json_object_end(w);
        }
        json_array_end(w);
    }
    json_object_end(w);
    json_key(w, "capability_range");
    if (br->actor < 0) {
        json_null(w);
    } else {
        json_object_begin(w);
        json_kv_string(w, "actor", g->names[br->actor]);
        json_kv_number(w, "value", g->weights[br->actor]);
        json_kv_number(w, "lo", br->range.lo);
        json_kv_bool(w, "lo_closed", br->range.lo_closed);
        json_kv_number(w, "hi", br->range.hi); /* null when unbounded */
        json_kv_bool(w, "hi_closed", br->range.hi_closed);
        json_kv_integer(w, "breakpoints", (long long)br->range.breakpoints);
        json_object_end(w);
    }
    json_key(w, "check");
    json_object_begin(w);
    json_kv_bool(w, "ok", br->ok);
    json_kv_bool(w, "coalitions_rechecked", b->ok);
    json_kv_bool(w, "recount_ok", br->recount_ok);
    json_object_end(w);
    json_object_end(w);
}

/* ---- text ------------------------------------------------------------------------------- */

static void text_report(const wvg_report *r, int methods)
{
    FILE *out = stdout;
    const mpol_wvg *g = r->g;
    cli_text_header(out, r->model);
    double total = 0;
    for (size_t i = 0; i < g->n; i++)
        total += g->weights[i];
    fprintf(out, "Players: %zu; quota %.10g of total weight %.10g\n\n", g->n, g->quota, total);
    size_t width = 6;
    for (size_t i = 0; i < g->n; i++)
        if (strlen(g->names[i]) > width)
            width = strlen(g->names[i]);
    fprintf(out, "  %-*s  %10s", (int)width, "player", "weight");
    if (methods & M_SS)
        fprintf(out, "  %14s", "Shapley-Shubik");
    if (methods & M_BZ)
        fprintf(out, "  %14s  %14s", "Banzhaf", "Penrose abs.");
    fprintf(out, "  %s\n", r->veto != NULL ? "veto/dummy" : "");
    for (size_t i = 0; i < g->n; i++) {
        fprintf(out, "  %-*s  %10.6g", (int)width, g->names[i], g->weights[i]);
        if (r->ss != NULL)
            fprintf(out, "  %14.10f", r->ss->index[i]);
        if (r->bz != NULL)
            fprintf(out, "  %14.10f  %14.10f", r->bz->index[i], r->bz->absolute[i]);
        const mpol_power_result *pr = r->bz != NULL ? r->bz : r->ss;
        fprintf(out, "  %s%s\n", r->veto != NULL && r->veto[i] ? "veto" : "",
                pr != NULL && pr->dummy[i] ? "dummy" : "");
    }
    if (r->ss_frac != NULL || r->bz_frac != NULL) {
        fprintf(out, "\nExact (GMP):\n  %-*s", (int)width, "player");
        if (r->ss_frac != NULL)
            fprintf(out, "  %22s  %16s", "SS pivots", "SS fraction");
        if (r->bz_frac != NULL)
            fprintf(out, "  %14s  %16s  %16s", "swings", "Banzhaf", "Penrose");
        fputc('\n', out);
        for (size_t i = 0; i < g->n; i++) {
            fprintf(out, "  %-*s", (int)width, g->names[i]);
            if (r->ss_frac != NULL)
                fprintf(out, "  %22s  %16s", r->ss->counts[i], r->ss_frac[i]);
            if (r->bz_frac != NULL)
                fprintf(out, "  %14s  %16s  %16s", r->bz->counts[i], r->bz_frac[i], r->pen_frac[i]);
            fputc('\n', out);
        }
        if (r->ss != NULL)
            fprintf(out, "  pivot orderings in all: %s (= n!)\n", r->ss->denominator);
        if (r->bz != NULL)
            fprintf(out, "  swings in all: %s\n", r->bz->denominator);
    }
    if (r->veto != NULL) {
        fprintf(out, "\nVeto players:");
        int any = 0;
        for (size_t i = 0; i < g->n; i++)
            if (r->veto[i]) {
                fprintf(out, "%s %s", any ? "," : "", g->names[i]);
                any = 1;
            }
        fprintf(out, "%s\n", any ? "" : " none");
    }
    const mpol_power_result *pr = r->bz != NULL ? r->bz : r->ss;
    if (pr != NULL) {
        fprintf(out, "Dummy players:");
        int any = 0;
        for (size_t i = 0; i < g->n; i++)
            if (pr->dummy[i]) {
                fprintf(out, "%s %s", any ? "," : "", g->names[i]);
                any = 1;
            }
        fprintf(out, "%s\n", any ? "" : " none");
    }
    if (methods & M_MWC) {
        if (r->mwc_more) {
            fprintf(out, "Minimal winning coalitions: more than %d (not enumerated)\n",
                    MWC_COUNT_LIMIT);
        } else {
            fprintf(out, "Minimal winning coalitions: %zu\n", r->mwc->count);
            for (size_t c = 0; c < r->mwc->count && r->mwc->count <= TEXT_MAX_MWC; c++) {
                fprintf(out, "  {");
                for (size_t k = r->mwc->offsets[c]; k < r->mwc->offsets[c + 1]; k++)
                    fprintf(out, "%s%s", k > r->mwc->offsets[c] ? ", " : "",
                            g->names[r->mwc->members[k]]);
                fprintf(out, "}\n");
            }
        }
    }
    if (r->ss != NULL || r->bz != NULL)
        fprintf(out, "\nChecks (tolerance %g):\n", r->tol);
    if (r->ss != NULL)
        fprintf(out, "  Shapley-Shubik  |sum - 1| = %.3e; %s%.3e  %s\n", r->ss_sum_error,
                r->ss->exact ? "pivot counts sum exactly to n!: error " : "check error ",
                r->ss->check_error, r->ss_ok ? "VERIFIED" : "FAILED");
    if (r->bz != NULL)
        fprintf(out,
                "  Banzhaf         |sum - 1| = %.3e; swing total vs generating function "
                "%s%.3e  %s\n",
                r->bz_sum_error, r->bz->exact ? "(exact) " : "", r->bz->check_error,
                r->bz_ok ? "VERIFIED" : "FAILED");
    if (r->ss != NULL && r->bz != NULL)
        fprintf(out, "  dummy players agree between the two indices  %s\n",
                r->dummy_agree ? "VERIFIED" : "FAILED");
    if (r->bal != NULL)
        text_balance(out, r);
}

/* ---- JSON ------------------------------------------------------------------------------- */

static void json_index(json_writer *w, const char *key, const mpol_power_result *r, double serr,
                       int ok, const char *total_key)
{
    json_key(w, key);
    if (r == NULL) {
        json_null(w);
        return;
    }
    json_object_begin(w);
    json_kv_bool(w, "ok", ok);
    json_kv_number(w, "sum_error", serr);
    json_kv_number(w, "check_error", r->check_error);
    if (r->exact)
        json_kv_string(w, total_key, r->denominator);
    json_object_end(w);
}

static void json_report(const wvg_report *r, int methods, int all_ok)
{
    const mpol_wvg *g = r->g;
    json_writer w;
    json_init(&w, stdout);
    json_object_begin(&w);
    cli_json_header(&w, r->model);
    double total = 0;
    for (size_t i = 0; i < g->n; i++)
        total += g->weights[i];
    json_kv_number(&w, "quota", g->quota);
    json_kv_number(&w, "total_weight", total);
    json_kv_bool(&w, "exact", (r->ss != NULL && r->ss->exact) || (r->bz != NULL && r->bz->exact));
    json_key(&w, "players");
    json_array_begin(&w);
    const mpol_power_result *pr = r->bz != NULL ? r->bz : r->ss;
    for (size_t i = 0; i < g->n; i++) {
        json_object_begin(&w);
        json_kv_string(&w, "name", g->names[i]);
        json_kv_number(&w, "weight", g->weights[i]);
        if (r->ss != NULL) {
            json_kv_number(&w, "shapley_shubik", r->ss->index[i]);
            if (r->ss_frac != NULL) {
                json_kv_string(&w, "ss_pivots", r->ss->counts[i]);
                json_kv_string(&w, "ss_fraction", r->ss_frac[i]);
            }
        }
        if (r->bz != NULL) {
            json_kv_number(&w, "banzhaf", r->bz->index[i]);
            json_kv_number(&w, "penrose_absolute", r->bz->absolute[i]);
            if (r->bz_frac != NULL) {
                json_kv_string(&w, "banzhaf_swings", r->bz->counts[i]);
                json_kv_string(&w, "banzhaf_fraction", r->bz_frac[i]);
                json_kv_string(&w, "penrose_fraction", r->pen_frac[i]);
            }
        }
        if (r->veto != NULL)
            json_kv_bool(&w, "veto", r->veto[i]);
        if (pr != NULL)
            json_kv_bool(&w, "dummy", pr->dummy[i]);
        json_object_end(&w);
    }
    json_array_end(&w);
    json_index(&w, "shapley_shubik", r->ss, r->ss_sum_error, r->ss_ok, "pivot_orderings");
    json_index(&w, "banzhaf", r->bz, r->bz_sum_error, r->bz_ok, "total_swings");
    json_key(&w, "minimal_winning");
    if (!(methods & M_MWC)) {
        json_null(&w);
    } else {
        json_object_begin(&w);
        json_key(&w, "count");
        if (r->mwc_more)
            json_null(&w);
        else
            json_integer(&w, (long long)r->mwc->count);
        json_kv_bool(&w, "complete", !r->mwc_more);
        json_key(&w, "coalitions");
        if (r->mwc_more || r->mwc->count > TEXT_MAX_MWC) {
            json_null(&w);
        } else {
            json_array_begin(&w);
            for (size_t c = 0; c < r->mwc->count; c++) {
                json_array_begin(&w);
                for (size_t k = r->mwc->offsets[c]; k < r->mwc->offsets[c + 1]; k++)
                    json_string(&w, g->names[r->mwc->members[k]]);
                json_array_end(&w);
            }
            json_array_end(&w);
        }
        json_object_end(&w);
    }
    json_key(&w, "balance");
    if (r->bal == NULL)
        json_null(&w);
    else
        json_balance(&w, r);
    json_kv_bool(&w, "verified", all_ok);
    json_object_end(&w);
    json_finish(&w);
}

static void csv_report(const wvg_report *r)
{
    const mpol_wvg *g = r->g;
    printf("player,weight,shapley_shubik,banzhaf,penrose_absolute,veto,dummy%s\n",
           r->bal != NULL ? ",swings,balancer" : "");
    const mpol_power_result *pr = r->bz != NULL ? r->bz : r->ss;
    for (size_t i = 0; i < g->n; i++) {
        printf("\"%s\",%.17g,", g->names[i], g->weights[i]);
        if (r->ss != NULL)
            printf("%.17g", r->ss->index[i]);
        if (r->bz != NULL)
            printf(",%.17g,%.17g,", r->bz->index[i], r->bz->absolute[i]);
        else
            printf(",,,");
        printf("%d,%d", r->veto != NULL ? r->veto[i] : 0, pr != NULL ? pr->dummy[i] : 0);
        if (r->bal != NULL)
            printf(",%llu,%d", (unsigned long long)r->bal->b->swings[i], r->bal->b->balancer[i]);
        putchar('\n');
    }
}

/* ---- entry ------------------------------------------------------------------------------ */

static int power_fail(mpol_status st)
{
    /* A game too large for the method's limits is work over a limit: exit 1 (cli_fail). */
    return cli_fail("solve", st);
}

int cli_solve_wvg(mpol_model *model, const cli_solve_opts *o)
{
    wvg_report r;
    memset(&r, 0, sizeof r);
    r.model = model;
    r.tol = o->tol;
    int methods = M_ALL, rc = CLI_EXIT_OK;
    if (o->method != NULL) {
        if (strcmp(o->method, "shapley-shubik") == 0 || strcmp(o->method, "ss") == 0)
            methods = M_SS;
        else if (strcmp(o->method, "banzhaf") == 0)
            methods = M_BZ;
        else if (strcmp(o->method, "minimal-winning") == 0 || strcmp(o->method, "mwc") == 0)
            methods = M_MWC;
        else if (strcmp(o->method, "balance") == 0)
            methods = M_BAL;
        else {
            fprintf(stderr,
                    "multipolar solve: weighted-voting methods are shapley-shubik, "
                    "banzhaf, minimal-winning, balance; not '%s'\n",
                    o->method);
            return CLI_EXIT_USAGE;
        }
    }
    mpol_wvg *g = NULL;
    mpol_status st = mpol_model_wvg(&g, model);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    r.g = g;
    if (o->method == NULL && g->n <= BALANCE_DEFAULT_MAX)
        methods |= M_BAL;
    long actor = -1;
    if (o->actor != NULL) {
        for (size_t i = 0; i < g->n && actor < 0; i++)
            if (strcmp(g->names[i], o->actor) == 0)
                actor = (long)i;
        if (actor < 0) {
            fprintf(stderr, "multipolar solve: --actor: no actor \"%s\" in %s; the actors are",
                    o->actor, mpol_model_source(model));
            for (size_t i = 0; i < g->n; i++)
                fprintf(stderr, "%s \"%s\"", i ? "," : "", g->names[i]);
            fprintf(stderr, "\n");
            rc = CLI_EXIT_USAGE;
            goto done;
        }
        if (!(methods & M_BAL)) {
            fprintf(stderr,
                    "multipolar solve: --actor needs the balance-of-power analysis: use "
                    "--method balance (the default report includes it up to %d actors)\n",
                    BALANCE_DEFAULT_MAX);
            rc = CLI_EXIT_USAGE;
            goto done;
        }
    }
    if (methods & M_BAL) {
        if ((r.bal = calloc(1, sizeof *r.bal)) == NULL) {
            fprintf(stderr, "multipolar solve: out of memory\n");
            rc = CLI_EXIT_FAILURE;
            goto done;
        }
        mpol_balance_opts_init(&r.bal->opts);
        double total = 0;
        for (size_t i = 0; i < g->n; i++)
            total += g->weights[i];
        /* "More than half" when the quota is half the total, else the game's own rule. */
        r.bal->opts.strict = fabs(g->quota - 0.5 * total) <= HALF_QUOTA_TOL * total;
        r.bal->actor = actor;
        if ((st = bal_compute(g, r.bal)) != MPOL_OK) {
            rc = power_fail(st);
            goto done;
        }
    }
    mpol_power_opts po;
    mpol_power_opts_init(&po);
    po.exact = o->exact;
    if ((methods & M_SS) && (st = mpol_power_shapley_shubik(&r.ss, g, &po)) != MPOL_OK &&
        st != MPOL_EVERIFY) {
        rc = power_fail(st);
        goto done;
    }
    if ((methods & M_BZ) && (st = mpol_power_banzhaf(&r.bz, g, &po)) != MPOL_OK &&
        st != MPOL_EVERIFY) {
        rc = power_fail(st);
        goto done;
    }
    if ((r.veto = calloc(g->n, sizeof *r.veto)) == NULL) {
        fprintf(stderr, "multipolar solve: out of memory\n");
        rc = CLI_EXIT_FAILURE;
        goto done;
    }
    if ((st = mpol_wvg_veto_players(r.veto, g)) != MPOL_OK) {
        rc = power_fail(st);
        goto done;
    }
    if (methods & M_MWC) {
        st = mpol_wvg_minimal_winning(&r.mwc, g, MWC_COUNT_LIMIT);
        if (st == MPOL_ELIMIT)
            r.mwc_more = 1;
        else if (st != MPOL_OK) {
            rc = power_fail(st);
            goto done;
        }
    }
    int all_ok = 1;
    if (r.ss != NULL) {
        r.ss_sum_error = sum_error(r.ss);
        r.ss_ok = index_ok(r.ss, r.ss_sum_error, r.tol);
        if (r.ss->exact)
            r.ss_ok &= counts_sum_to(r.ss->counts, g->n, r.ss->denominator);
        all_ok &= r.ss_ok;
    } else if (methods & M_SS) {
        all_ok = 0;
    }
    if (r.bz != NULL) {
        r.bz_sum_error = sum_error(r.bz);
        r.bz_ok = index_ok(r.bz, r.bz_sum_error, r.tol);
        if (r.bz->exact)
            r.bz_ok &= counts_sum_to(r.bz->counts, g->n, r.bz->denominator);
        all_ok &= r.bz_ok;
    } else if (methods & M_BZ) {
        all_ok = 0;
    }
    if (r.ss != NULL && r.bz != NULL) {
        r.dummy_agree = 1;
        for (size_t i = 0; i < g->n; i++)
            r.dummy_agree &= r.ss->dummy[i] == r.bz->dummy[i];
        all_ok &= r.dummy_agree;
    }
    if (r.bal != NULL)
        all_ok &= r.bal->ok;
    if (r.ss != NULL && r.ss->exact && (r.ss_frac = fractions(r.ss, 0)) == NULL)
        all_ok = 0;
    if (r.bz != NULL && r.bz->exact &&
        ((r.bz_frac = fractions(r.bz, 0)) == NULL || (r.pen_frac = fractions(r.bz, 1)) == NULL))
        all_ok = 0;
    if (o->format == CLI_FORMAT_JSON)
        json_report(&r, methods, all_ok);
    else if (o->format == CLI_FORMAT_CSV)
        csv_report(&r);
    else
        text_report(&r, methods);
    if (!all_ok) {
        fprintf(stderr, "multipolar solve: verification failed\n");
        rc = CLI_EXIT_FAILURE;
    }
done:
    free_strings(r.ss_frac, g->n);
    free_strings(r.bz_frac, g->n);
    free_strings(r.pen_frac, g->n);
    mpol_power_result_free(r.ss);
    mpol_power_result_free(r.bz);
    mpol_mwc_list_free(r.mwc);
    bal_free(r.bal);
    free(r.veto);
    mpol_wvg_free(g);
    return rc;
}
