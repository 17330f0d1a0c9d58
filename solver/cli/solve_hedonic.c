/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the report of `multipolar solve` for hedonic models (docs/coalition.md,
 * "Hedonic games"): the stability of the partition given with --partition or the model's
 * `partition:` key (Nash, individual and core stability, each with its certificate: the
 * profitable move or the blocking coalition, named by players, with the utilities re-computed
 * here), and the search for stable partitions: exact enumeration of all Bell(n) partitions
 * for n <= MPOL_HEDONIC_LIST_MAX with the count and the list of the stable ones (the
 * library's search and its listing must agree on the counts and the best welfare), and
 * better-response dynamics beyond, reported with what was examined and whether stability
 * is proven. `--method nash|individual|core|search` restricts the report. Exit 1 only when
 * a check fails; an unstable partition or a game without stable partitions is an answer.
 * It also holds cli_parse_partition(), shared with the tu report.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Stable partitions listed in the text report (all up to the listing cap in JSON/CSV). */
#define TEXT_MAX_LIST 20
/* Stable partitions kept by the listing (the counts are always complete). */
#define LIST_MAX 1000

static const char *const concept_key[3] = {"nash", "individual", "core"};
static const char *const concept_text[3] = {"Nash stable", "individually stable", "core stable"};

/* ---- --partition ------------------------------------------------------------------------- */

static int partition_error(const char *fmt, const char *what)
{
    fprintf(stderr, "multipolar solve: --partition: ");
    fprintf(stderr, fmt, what);
    fprintf(stderr, "\n");
    return CLI_EXIT_USAGE;
}

int cli_parse_partition(const char *text, char **names, size_t n, mpol_coalition *parts,
                        size_t *nparts)
{
    mpol_coalition part_of[32] = {0}, seen = 0;
    char name[256];
    const char *p = text;
    if (n > 32)
        return partition_error("%s", "too many players");
    for (;;) {
        mpol_coalition c = 0;
        for (;;) {
            const char *end = p + strcspn(p, "+,");
            const char *a = p, *b = end;
            while (a < b && (*a == ' ' || *a == '\t'))
                a++;
            while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
                b--;
            if (a == b)
                return partition_error("%s: an empty name (write parts as \"A+B,C\")", text);
            if ((size_t)(b - a) >= sizeof name)
                return partition_error("%s", "a name is too long");
            memcpy(name, a, (size_t)(b - a));
            name[b - a] = '\0';
            size_t j = 0;
            while (j < n && strcmp(names[j], name) != 0)
                j++;
            if (j == n) {
                fprintf(stderr,
                        "multipolar solve: --partition: unknown player \"%s\"; the players "
                        "are",
                        name);
                for (size_t k = 0; k < n; k++)
                    fprintf(stderr, "%s \"%s\"", k ? "," : "", names[k]);
                fprintf(stderr, "\n");
                return CLI_EXIT_USAGE;
            }
            mpol_coalition bit = (mpol_coalition)1 << j;
            if ((seen | c) & bit)
                return partition_error("\"%s\" is named twice; parts must not overlap", name);
            c |= bit;
            p = end;
            if (*p != '+')
                break;
            p++;
        }
        seen |= c;
        for (size_t j = 0; j < n; j++)
            if (c >> j & 1)
                part_of[j] = c;
        if (*p == '\0')
            break;
        p++; /* ',' */
    }
    *nparts = 0;
    for (size_t j = 0; j < n; j++) {
        if (!(seen >> j & 1))
            part_of[j] = (mpol_coalition)1 << j;
        if ((part_of[j] & (((mpol_coalition)1 << j) - 1)) == 0)
            parts[(*nparts)++] = part_of[j];
    }
    return CLI_EXIT_OK;
}

/* ---- the report -------------------------------------------------------------------------- */

/* A single-player move (Nash / individual) or a blocking coalition (core), re-evaluated. */
typedef struct deviation {
    int present;
    size_t player;
    mpol_coalition from, to; /* the player's part and the coalition it forms by moving */
    double before, after;    /* the player's utility in them */
    mpol_coalition blocking; /* core */
    double min_gain;         /* core: the smallest gain among the blocking members */
    int ok;                  /* the re-evaluation confirms the deviation */
} deviation;

typedef struct hed_report {
    const mpol_model *model;
    const mpol_hedonic *g;
    double tol;
    unsigned concepts;
    int do_check, do_search;
    const char *partition_from; /* NULL: no partition */
    mpol_coalition parts[32];
    size_t nparts;
    double welfare;
    mpol_hedonic_check check;
    deviation dev[3];
    mpol_hedonic_search_result *search[3];
    char search_skip[3][256]; /* reason a search was not run */
    int search_ok[3];
    mpol_hedonic_stable_list *list;
    int counts_ok[3];
    int ok;
} hed_report;

static double util(const mpol_hedonic *g, size_t i, mpol_coalition c)
{
    return mpol_hedonic_utility(g, i, c);
}

static double welfare_of(const mpol_hedonic *g, const mpol_coalition *parts, size_t nparts)
{
    double w = 0;
    for (size_t k = 0; k < nparts; k++)
        for (size_t i = 0; i < g->n; i++)
            if (parts[k] >> i & 1)
                w += util(g, i, parts[k]);
    return w;
}

static mpol_coalition part_of(const mpol_coalition *parts, size_t nparts, size_t i)
{
    for (size_t k = 0; k < nparts; k++)
        if (parts[k] >> i & 1)
            return parts[k];
    return 0;
}

/* Re-evaluates the move of player i to target (part index, or -1 = alone). */
static void eval_move(const hed_report *r, size_t i, long target, int individual, deviation *d)
{
    const mpol_hedonic *g = r->g;
    mpol_coalition me = (mpol_coalition)1 << i;
    d->present = 1;
    d->player = i;
    d->from = part_of(r->parts, r->nparts, i);
    d->to = target < 0 ? me : (r->parts[target] | me);
    d->before = util(g, i, d->from);
    d->after = util(g, i, d->to);
    d->ok = d->after > d->before + r->tol && (target < 0 || !(r->parts[target] & me));
    if (individual && target >= 0) /* nobody in the receiving part may be worse off */
        for (size_t j = 0; j < g->n; j++)
            if (r->parts[target] >> j & 1)
                d->ok &= util(g, j, d->to) >= util(g, j, r->parts[target]) - r->tol;
}

static void eval_blocking(const hed_report *r, mpol_coalition b, deviation *d)
{
    const mpol_hedonic *g = r->g;
    d->present = 1;
    d->blocking = b;
    d->min_gain = HUGE_VAL;
    d->ok = b != 0;
    for (size_t i = 0; i < g->n; i++) {
        if (!(b >> i & 1))
            continue;
        double gain = util(g, i, b) - util(g, i, part_of(r->parts, r->nparts, i));
        if (isnan(gain))
            gain = -HUGE_VAL; /* unlisted in both: no gain */
        d->min_gain = fmin(d->min_gain, gain);
        d->ok &= gain > r->tol;
    }
}

/* Checks the given partition and re-evaluates each certificate. */
static mpol_status check_partition(hed_report *r)
{
    mpol_status st =
        mpol_hedonic_check_partition(&r->check, r->g, r->parts, r->nparts, r->concepts, r->tol);
    if (st != MPOL_OK)
        return st;
    r->welfare = welfare_of(r->g, r->parts, r->nparts);
    const mpol_hedonic_check *c = &r->check;
    if ((r->concepts & MPOL_HEDONIC_NASH) && c->nash == 0)
        eval_move(r, c->nash_player, c->nash_target, 0, &r->dev[0]);
    if ((r->concepts & MPOL_HEDONIC_INDIVIDUAL) && c->individual == 0)
        eval_move(r, c->is_player, c->is_target, 1, &r->dev[1]);
    if ((r->concepts & MPOL_HEDONIC_CORE) && c->core == 0)
        eval_blocking(r, c->blocking, &r->dev[2]);
    for (int k = 0; k < 3; k++)
        if (r->dev[k].present && !r->dev[k].ok)
            r->ok = 0;
    return MPOL_OK;
}

static int verdict(const mpol_hedonic_check *c, int k)
{
    return k == 0 ? c->nash : k == 1 ? c->individual : c->core;
}

/* Runs the search for each requested concept, the listing where small, and the checks. */
static mpol_status search(hed_report *r)
{
    const mpol_hedonic *g = r->g;
    mpol_status st;
    if (g->n <= MPOL_HEDONIC_LIST_MAX &&
        (st = mpol_hedonic_list_stable(&r->list, g, r->concepts, LIST_MAX, r->tol)) != MPOL_OK)
        return st;
    for (int k = 0; k < 3; k++) {
        unsigned flag = 1u << k;
        if (!(r->concepts & flag))
            continue;
        mpol_hedonic_search_opts so;
        mpol_hedonic_search_opts_init(&so);
        so.concept = flag;
        so.tol = r->tol;
        st = mpol_hedonic_search(&r->search[k], g, &so);
        if (st == MPOL_ELIMIT) {
            char buf[1100];
            snprintf(r->search_skip[k], sizeof r->search_skip[k], "%s",
                     cli_message(mpol_last_error(), buf, sizeof buf));
            r->search_ok[k] = 1;
            continue;
        }
        if (st != MPOL_OK)
            return st;
        const mpol_hedonic_search_result *s = r->search[k];
        int ok = 1;
        if (s->found) {
            /* The returned partition must pass the exact check of the concept. */
            mpol_hedonic_check c;
            st = mpol_hedonic_check_partition(&c, g, s->parts, s->nparts, flag, r->tol);
            if (st != MPOL_OK)
                return st;
            ok &= verdict(&c, k) == 1 && s->proven;
        }
        if (s->exact) {
            ok &= (s->found != 0) == (s->stable_count > 0);
            if (r->list != NULL) {
                r->counts_ok[k] = r->list->count[k] == s->stable_count;
                ok &= r->counts_ok[k];
                /* The search returns a stable partition of largest welfare. */
                for (size_t p = 0; p < r->list->nlisted && s->found; p++) {
                    if (!(r->list->stable[p] & flag))
                        continue;
                    const mpol_coalition *pp = r->list->parts + r->list->offsets[p];
                    double w = welfare_of(g, pp, r->list->offsets[p + 1] - r->list->offsets[p]);
                    ok &= !(w > s->welfare + r->tol * (1 + fabs(s->welfare)));
                }
            }
        }
        r->search_ok[k] = ok;
        r->ok &= ok;
    }
    return MPOL_OK;
}

/* ---- text -------------------------------------------------------------------------------- */

static void text_coalition(FILE *out, const mpol_hedonic *g, mpol_coalition c)
{
    fputc('{', out);
    for (size_t i = 0, first = 1; i < g->n; i++)
        if (c >> i & 1) {
            fprintf(out, "%s%s", first ? "" : ", ", g->names[i]);
            first = 0;
        }
    fputc('}', out);
}

static void text_partition(FILE *out, const mpol_hedonic *g, const mpol_coalition *parts,
                           size_t nparts)
{
    for (size_t k = 0; k < nparts; k++) {
        if (k > 0)
            fputc(' ', out);
        text_coalition(out, g, parts[k]);
    }
}

static void text_number(FILE *out, double v)
{
    if (v == -HUGE_VAL)
        fputs("unlisted (worst)", out);
    else
        fprintf(out, "%.10g", v);
}

static void text_report(const hed_report *r)
{
    FILE *out = stdout;
    const mpol_hedonic *g = r->g;
    cli_text_header(out, r->model);
    fprintf(out, "Players: %zu; preferences: %s\n\n", g->n,
            g->kind == MPOL_HEDONIC_ADDITIVE ? "additively separable" : "ranked lists");
    if (r->do_check && r->partition_from == NULL)
        fprintf(out, "No partition to check (give one with --partition \"A+B,C\" or a "
                     "partition: key).\n\n");
    if (r->do_check && r->partition_from != NULL) {
        fprintf(out, "Partition (%s): ", r->partition_from);
        text_partition(out, g, r->parts, r->nparts);
        fprintf(out, "\n  welfare (sum of utilities) ");
        text_number(out, r->welfare);
        fprintf(out, "; %llu deviations examined\n",
                (unsigned long long)r->check.deviations_examined);
        for (int k = 0; k < 3; k++) {
            if (!(r->concepts & (1u << k)))
                continue;
            int v = verdict(&r->check, k);
            const deviation *d = &r->dev[k];
            fprintf(out, "  %-20s %s", concept_text[k],
                    v == 1   ? "yes"
                    : v == 0 ? "NO"
                             : "not checked (core enumeration limited to 20 players)");
            if (v == 0 && k < 2) {
                fprintf(out, ": %s gains by moving from ", g->names[d->player]);
                text_coalition(out, g, d->from);
                fprintf(out, " to ");
                text_coalition(out, g, d->to);
                fprintf(out, " (utility ");
                text_number(out, d->before);
                fprintf(out, " -> ");
                text_number(out, d->after);
                fprintf(out, ")");
            } else if (v == 0) {
                fprintf(out, ": blocked by ");
                text_coalition(out, g, d->blocking);
                fprintf(out, " (every member gains; smallest gain ");
                text_number(out, d->min_gain);
                fprintf(out, ")");
            }
            if (v == 0)
                fprintf(out, "  certificate %s", d->ok ? "VERIFIED" : "FAILED");
            fputc('\n', out);
        }
        fputc('\n', out);
    }
    if (!r->do_search)
        goto verdict;
    const mpol_hedonic_stable_list *l = r->list;
    if (l != NULL) {
        fprintf(out, "Stable partitions (exact: all %llu partitions checked):\n",
                (unsigned long long)l->partitions);
        for (int k = 0; k < 3; k++)
            if (r->concepts & (1u << k))
                fprintf(out, "  %-20s %llu\n", concept_text[k], (unsigned long long)l->count[k]);
        if (l->nlisted > 0 && l->nlisted <= TEXT_MAX_LIST && !l->truncated) {
            for (size_t p = 0; p < l->nlisted; p++) {
                const mpol_coalition *pp = l->parts + l->offsets[p];
                size_t np = l->offsets[p + 1] - l->offsets[p];
                fprintf(out, "  ");
                text_partition(out, g, pp, np);
                fprintf(out, "  welfare ");
                text_number(out, welfare_of(g, pp, np));
                fprintf(out, "  [");
                for (int k = 0, first = 1; k < 3; k++)
                    if (l->stable[p] & (1u << k)) {
                        fprintf(out, "%s%s", first ? "" : ", ", concept_key[k]);
                        first = 0;
                    }
                fprintf(out, "]\n");
            }
        } else if (l->nlisted > 0) {
            fprintf(out,
                    "  (%s%zu partitions stable for some concept; not listed here: use "
                    "--format json)\n",
                    l->truncated ? "more than " : "", l->nlisted);
        }
        fputc('\n', out);
    }
    fprintf(out, "Search for a stable partition (%s):\n",
            g->n <= MPOL_HEDONIC_LIST_MAX
                ? "exact enumeration; the one of largest welfare"
                : "better-response dynamics from the singletons, the grand coalition\n"
                  "  and 16 seeded random partitions");
    for (int k = 0; k < 3; k++) {
        if (!(r->concepts & (1u << k)))
            continue;
        const mpol_hedonic_search_result *s = r->search[k];
        fprintf(out, "  %-20s ", concept_text[k]);
        if (s == NULL) {
            fprintf(out, "skipped: %s\n", r->search_skip[k]);
            continue;
        }
        if (s->found) {
            text_partition(out, g, s->parts, s->nparts);
            fprintf(out, "  welfare ");
            text_number(out, s->welfare);
            fprintf(out, "\n  %-20s %s", "",
                    s->proven ? "stability proven by the exact check" : "stability NOT proven");
        } else if (s->exact) {
            fprintf(out, "none exists (every partition checked)");
        } else {
            fprintf(out, "none found (not proven that none exists)");
        }
        if (s->exact)
            fprintf(out, "; %llu partitions, %llu deviations examined",
                    (unsigned long long)s->partitions_examined,
                    (unsigned long long)s->deviations_examined);
        else
            fprintf(out, "; %llu states visited in %zu starts, %llu deviations examined",
                    (unsigned long long)s->partitions_examined, s->starts_run,
                    (unsigned long long)s->deviations_examined);
        fprintf(out, "  %s\n", r->search_ok[k] ? "VERIFIED" : "FAILED");
    }
    if (l != NULL) {
        fprintf(out, "  (checks: the search's count of stable partitions equals the listing's;\n"
                     "   no listed stable partition has larger welfare; the partition returned\n"
                     "   passes the exact check)\n");
    }
verdict:
    fprintf(out, "\n%s\n",
            r->ok ? "VERIFIED: every reported check passed."
                  : "FAILED: at least one check failed (see above).");
}

/* ---- JSON -------------------------------------------------------------------------------- */

static void json_partition(json_writer *w, const mpol_hedonic *g, const mpol_coalition *parts,
                           size_t nparts)
{
    json_array_begin(w);
    for (size_t k = 0; k < nparts; k++)
        json_members(w, g->names, g->n, parts[k]);
    json_array_end(w);
}

static void json_verdict(json_writer *w, const char *key, int v)
{
    json_key(w, key);
    if (v < 0)
        json_null(w);
    else
        json_bool(w, v);
}

static void json_report(const hed_report *r)
{
    const mpol_hedonic *g = r->g;
    json_writer w;
    json_init(&w, stdout);
    json_object_begin(&w);
    cli_json_header(&w, r->model);
    json_key(&w, "players");
    json_members(&w, g->names, g->n, UINT64_MAX);
    json_kv_string(&w, "preferences", g->kind == MPOL_HEDONIC_ADDITIVE ? "additive" : "ranked");
    json_kv_number(&w, "tolerance", r->tol);
    json_key(&w, "partition");
    if (!r->do_check || r->partition_from == NULL) {
        json_null(&w);
    } else {
        json_object_begin(&w);
        json_kv_string(&w, "source",
                       strncmp(r->partition_from, "given", 5) == 0 ? "option" : "model");
        json_key(&w, "parts");
        json_partition(&w, g, r->parts, r->nparts);
        json_kv_number(&w, "welfare", r->welfare);
        json_kv_integer(&w, "deviations_examined", (long long)r->check.deviations_examined);
        for (int k = 0; k < 3; k++) {
            if (!(r->concepts & (1u << k)))
                continue;
            const deviation *d = &r->dev[k];
            json_key(&w, concept_key[k]);
            json_object_begin(&w);
            json_verdict(&w, "stable", verdict(&r->check, k));
            json_key(&w, k < 2 ? "deviation" : "blocking");
            if (!d->present) {
                json_null(&w);
            } else if (k < 2) {
                json_object_begin(&w);
                json_kv_string(&w, "player", g->names[d->player]);
                json_key(&w, "from");
                json_members(&w, g->names, g->n, d->from);
                json_key(&w, "to");
                json_members(&w, g->names, g->n, d->to);
                json_kv_number(&w, "utility_before", d->before);
                json_kv_number(&w, "utility_after", d->after);
                json_kv_bool(&w, "verified", d->ok);
                json_object_end(&w);
            } else {
                json_object_begin(&w);
                json_key(&w, "coalition");
                json_members(&w, g->names, g->n, d->blocking);
                json_kv_number(&w, "min_gain", d->min_gain);
                json_kv_bool(&w, "verified", d->ok);
                json_object_end(&w);
            }
            json_object_end(&w);
        }
        json_object_end(&w);
    }
    json_key(&w, "stable_partitions");
    const mpol_hedonic_stable_list *l = r->list;
    if (!r->do_search || l == NULL) {
        json_null(&w);
    } else {
        json_object_begin(&w);
        json_kv_integer(&w, "partitions", (long long)l->partitions);
        json_key(&w, "counts");
        json_object_begin(&w);
        for (int k = 0; k < 3; k++)
            if (r->concepts & (1u << k))
                json_kv_integer(&w, concept_key[k], (long long)l->count[k]);
        json_object_end(&w);
        json_kv_bool(&w, "truncated", l->truncated);
        json_key(&w, "listed");
        json_array_begin(&w);
        for (size_t p = 0; p < l->nlisted; p++) {
            const mpol_coalition *pp = l->parts + l->offsets[p];
            size_t np = l->offsets[p + 1] - l->offsets[p];
            json_object_begin(&w);
            json_key(&w, "parts");
            json_partition(&w, g, pp, np);
            json_kv_number(&w, "welfare", welfare_of(g, pp, np));
            json_key(&w, "stable");
            json_array_begin(&w);
            for (int k = 0; k < 3; k++)
                if (l->stable[p] & (1u << k))
                    json_string(&w, concept_key[k]);
            json_array_end(&w);
            json_object_end(&w);
        }
        json_array_end(&w);
        json_object_end(&w);
    }
    json_key(&w, "search");
    if (!r->do_search) {
        json_null(&w);
    } else {
        json_object_begin(&w);
        for (int k = 0; k < 3; k++) {
            if (!(r->concepts & (1u << k)))
                continue;
            const mpol_hedonic_search_result *s = r->search[k];
            json_key(&w, concept_key[k]);
            json_object_begin(&w);
            if (s == NULL) {
                json_kv_string(&w, "status", "skipped");
                json_kv_string(&w, "reason", r->search_skip[k]);
                json_object_end(&w);
                continue;
            }
            json_kv_string(&w, "status", "ok");
            json_kv_bool(&w, "exact", s->exact);
            json_kv_bool(&w, "found", s->found);
            json_kv_bool(&w, "proven", s->proven);
            json_key(&w, "stable_count");
            if (s->exact)
                json_integer(&w, (long long)s->stable_count);
            else
                json_null(&w);
            json_key(&w, "partition");
            if (s->found)
                json_partition(&w, g, s->parts, s->nparts);
            else
                json_null(&w);
            json_kv_number(&w, "welfare", s->found ? s->welfare : NAN);
            json_kv_integer(&w, "partitions_examined", (long long)s->partitions_examined);
            json_kv_integer(&w, "deviations_examined", (long long)s->deviations_examined);
            json_kv_integer(&w, "starts_run", (long long)s->starts_run);
            json_kv_bool(&w, "verified", r->search_ok[k]);
            json_object_end(&w);
        }
        json_object_end(&w);
    }
    json_kv_bool(&w, "verified", r->ok);
    json_object_end(&w);
    json_finish(&w);
}

/* ---- CSV --------------------------------------------------------------------------------- */

static void csv_partition(const mpol_hedonic *g, const mpol_coalition *parts, size_t nparts)
{
    putchar('"');
    for (size_t k = 0; k < nparts; k++) {
        if (k > 0)
            putchar(',');
        for (size_t i = 0, first = 1; i < g->n; i++)
            if (parts[k] >> i & 1) {
                printf("%s%s", first ? "" : "+", g->names[i]);
                first = 0;
            }
    }
    putchar('"');
}

static void csv_verdict(int v)
{
    printf(",%s", v < 0 ? "" : v ? "1" : "0");
}

static void csv_report(const hed_report *r)
{
    const mpol_hedonic *g = r->g;
    printf("source,partition,welfare,nash,individual,core\n");
    if (r->do_check && r->partition_from != NULL) {
        printf("given,");
        csv_partition(g, r->parts, r->nparts);
        printf(",%.17g", r->welfare);
        for (int k = 0; k < 3; k++)
            csv_verdict((r->concepts & (1u << k)) ? verdict(&r->check, k) : -1);
        putchar('\n');
    }
    const mpol_hedonic_stable_list *l = r->list;
    for (size_t p = 0; r->do_search && l != NULL && p < l->nlisted; p++) {
        const mpol_coalition *pp = l->parts + l->offsets[p];
        size_t np = l->offsets[p + 1] - l->offsets[p];
        printf("stable,");
        csv_partition(g, pp, np);
        printf(",%.17g", welfare_of(g, pp, np));
        for (int k = 0; k < 3; k++)
            csv_verdict((r->concepts & (1u << k)) ? (int)(l->stable[p] >> k & 1u) : -1);
        putchar('\n');
    }
    for (int k = 0; r->do_search && k < 3; k++) {
        const mpol_hedonic_search_result *s = r->search[k];
        if (s == NULL || !s->found)
            continue;
        printf("search:%s,", concept_key[k]);
        csv_partition(g, s->parts, s->nparts);
        printf(",%.17g", s->welfare);
        for (int c = 0; c < 3; c++)
            csv_verdict(verdict(&s->check, c));
        putchar('\n');
    }
}

/* ---- entry ------------------------------------------------------------------------------- */

int cli_solve_hedonic(mpol_model *model, const cli_solve_opts *o)
{
    hed_report r;
    memset(&r, 0, sizeof r);
    r.model = model;
    r.tol = o->tol;
    r.ok = 1;
    r.concepts = MPOL_HEDONIC_ALL;
    r.do_check = r.do_search = 1;
    int rc = CLI_EXIT_OK;
    if (o->method != NULL) {
        if (strcmp(o->method, "nash") == 0)
            r.concepts = MPOL_HEDONIC_NASH;
        else if (strcmp(o->method, "individual") == 0)
            r.concepts = MPOL_HEDONIC_INDIVIDUAL;
        else if (strcmp(o->method, "core") == 0)
            r.concepts = MPOL_HEDONIC_CORE;
        else if (strcmp(o->method, "search") == 0)
            r.do_check = 0;
        else {
            fprintf(stderr,
                    "multipolar solve: hedonic methods are nash, individual, core, search; "
                    "not '%s'\n",
                    o->method);
            return CLI_EXIT_USAGE;
        }
    }
    if (o->exact)
        fprintf(stderr, "multipolar solve: note: --exact has no effect for hedonic games; "
                        "every answer is checked instead\n");
    mpol_hedonic *g = NULL;
    mpol_status st = mpol_hedonic_from_model(&g, model, NULL);
    if (st != MPOL_OK)
        return cli_fail("solve", st);
    r.g = g;
    if (o->partition != NULL) {
        if ((rc = cli_parse_partition(o->partition, g->names, g->n, r.parts, &r.nparts)) !=
            CLI_EXIT_OK)
            goto done;
        r.partition_from = "given with --partition";
    } else {
        const mpol_coalition *mp;
        size_t np;
        if ((st = mpol_model_hedonic_partition(model, &mp, &np)) != MPOL_OK) {
            rc = cli_fail("solve", st);
            goto done;
        }
        if (mp != NULL) {
            memcpy(r.parts, mp, np * sizeof *mp);
            r.nparts = np;
            r.partition_from = "from the model";
        }
    }
    if (r.do_check && r.partition_from != NULL && (st = check_partition(&r)) != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    if (r.do_search && (st = search(&r)) != MPOL_OK) {
        rc = cli_fail("solve", st);
        goto done;
    }
    if (o->format == CLI_FORMAT_JSON)
        json_report(&r);
    else if (o->format == CLI_FORMAT_CSV)
        csv_report(&r);
    else
        text_report(&r);
    if (!r.ok) {
        fprintf(stderr, "multipolar solve: verification failed\n");
        rc = CLI_EXIT_FAILURE;
    }
    /* --method core asked for exactly the check that the enumeration limit refused. */
    if (r.concepts == MPOL_HEDONIC_CORE && r.do_check && r.partition_from != NULL &&
        verdict(&r.check, 2) < 0) {
        fprintf(stderr,
                "multipolar solve: %s: the core check is limited to %d players by enumeration; "
                "this game has %zu (work over a limit)\n",
                mpol_model_source(model), MPOL_HEDONIC_CORE_MAX, g->n);
        rc = CLI_EXIT_FAILURE;
    }
done:
    for (int k = 0; k < 3; k++)
        mpol_hedonic_search_result_free(r.search[k]);
    mpol_hedonic_stable_list_free(r.list);
    mpol_hedonic_free(g);
    return rc;
}
