/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the sweep adapter for hedonic (coalition formation) models. At each
 * point the preferences are re-evaluated (mpol_hedonic_from_model) and all Bell(n)
 * partitions are checked for Nash, individual and core stability
 * (mpol_hedonic_list_stable, exact for n <= MPOL_HEDONIC_LIST_MAX; larger games are refused
 * with MPOL_ELIMIT, since a heuristic search could not certify a change of regime):
 * - value       = the number of Nash-stable partitions;
 * - solution    = the numbers of Nash, individually and core stable partitions;
 * - certificate = 0 when the enumeration was exhaustive and complete (1 if the core could
 *                 not be checked exactly), verified when 0;
 * - signature   = a hash of the stable partitions listed (up to HED_LIST_MAX, in the
 *                 enumeration's deterministic order) with their stability flags, and the
 *                 three counts: the regime changes when the set of stable partitions does.
 */
#include <string.h>

#include "multipolar/coalition.h"
#include "sweep/sweep_internal.h"

/* Stable partitions entering the signature and the description. */
#define HED_LIST_MAX 64
#define HED_DESCRIBE_MAX 3
#define HED_CONCEPTS (MPOL_HEDONIC_NASH | MPOL_HEDONIC_INDIVIDUAL | MPOL_HEDONIC_CORE)

typedef struct hed_ws {
    const mpol_model *model;
    size_t n;
    char **names; /* borrowed from the first game, kept alive in `first` */
    mpol_hedonic *first;
    mpol_hedonic_stable_list *last;
} hed_ws;

static void hed_free(void *p)
{
    hed_ws *w = p;
    if (w == NULL)
        return;
    mpol_hedonic_free(w->first);
    mpol_hedonic_stable_list_free(w->last);
    mpol_free(w);
}

static mpol_status hed_alloc(void **out, const mpol_model *model, const mpol_sweep_opts *opts)
{
    const char *method = opts->method;
    *out = NULL;
    if (method != NULL && strcmp(method, "search") != 0)
        return mpol_error(MPOL_EINVAL,
                          "mpol_sweep: hedonic sweeps enumerate stable partitions; method '%s' "
                          "is not available",
                          method);
    hed_ws *w = mpol_calloc(1, sizeof *w);
    if (w == NULL)
        return mpol_error(MPOL_ENOMEM, "mpol_sweep: out of memory");
    w->model = model;
    mpol_status st = mpol_hedonic_from_model(&w->first, model, NULL);
    if (st != MPOL_OK) {
        hed_free(w);
        return st;
    }
    w->n = w->first->n;
    w->names = w->first->names;
    if (w->n > MPOL_HEDONIC_LIST_MAX) {
        size_t n = w->n; /* read before w is freed */
        hed_free(w);
        return mpol_error(MPOL_ELIMIT,
                          "%s: hedonic sweeps enumerate all partitions and need n <= %d "
                          "players, not %zu",
                          mpol_model_source(model), MPOL_HEDONIC_LIST_MAX, n);
    }
    *out = w;
    return MPOL_OK;
}

static void hed_column(mpol_i_strbuf *b, const void *ctx, size_t c)
{
    (void)ctx;
    static const char *const cols[3] = {"nash_stable", "individually_stable", "core_stable"};
    mpol_i_strbuf_add(b, "%s", cols[c]);
}

static mpol_status hed_columns(void *p, size_t *ncols, char ***names)
{
    (void)p;
    *ncols = 3;
    return mpol_i_sweep_columns(*ncols, hed_column, NULL, names);
}

static mpol_status hed_solve(void *p, const double *params, int warm, double *value,
                             double *solution, double *certificate, uint64_t *signature,
                             int *verified)
{
    (void)warm;
    hed_ws *w = p;
    mpol_hedonic *g = NULL;
    mpol_status st = mpol_hedonic_from_model(&g, w->model, params);
    if (st != MPOL_OK)
        return st;
    mpol_hedonic_stable_list *list = NULL;
    st = mpol_hedonic_list_stable(&list, g, HED_CONCEPTS, HED_LIST_MAX, 0.0);
    mpol_hedonic_free(g);
    if (st != MPOL_OK)
        return st;
    mpol_hedonic_stable_list_free(w->last);
    w->last = list;
    *value = (double)list->count[0];
    if (solution != NULL)
        for (size_t c = 0; c < 3; c++)
            solution[c] = (double)list->count[c];
    *certificate = list->core_unchecked ? 1.0 : 0.0;
    *verified = !list->core_unchecked;
    uint64_t h = MPOL_I_HASH_INIT;
    for (size_t c = 0; c < 3; c++)
        h = mpol_i_hash_step(h, list->count[c]);
    for (size_t k = 0; k < list->nlisted; k++) {
        h = mpol_i_hash_step(h, list->stable[k]);
        for (size_t q = list->offsets[k]; q < list->offsets[k + 1]; q++)
            h = mpol_i_hash_step(h, list->parts[q]);
        h = mpol_i_hash_step(h, (uint64_t)-1);
    }
    *signature = h;
    return MPOL_OK;
}

static char *hed_describe(void *p)
{
    hed_ws *w = p;
    const mpol_hedonic_stable_list *list = w->last;
    mpol_i_strbuf b = {0};
    if (list == NULL)
        return mpol_i_strbuf_take(&b);
    mpol_i_strbuf_add(&b, "stable partitions: %llu Nash, %llu individual, %llu core",
                      (unsigned long long)list->count[0], (unsigned long long)list->count[1],
                      (unsigned long long)list->count[2]);
    size_t shown = 0;
    for (size_t k = 0; k < list->nlisted && shown < HED_DESCRIBE_MAX; k++) {
        if (!(list->stable[k] & MPOL_HEDONIC_NASH))
            continue;
        mpol_i_strbuf_add(&b, "%s", shown ? " " : "; Nash: ");
        for (size_t q = list->offsets[k]; q < list->offsets[k + 1]; q++) {
            mpol_i_strbuf_add(&b, "{");
            int first = 1;
            for (size_t i = 0; i < w->n; i++)
                if (list->parts[q] >> i & 1u) {
                    mpol_i_strbuf_add(&b, "%s%s", first ? "" : ", ", w->names[i]);
                    first = 0;
                }
            mpol_i_strbuf_add(&b, "}");
        }
        shown++;
    }
    return mpol_i_strbuf_take(&b);
}

const mpol_i_sweep_kind mpol_i_sweep_hedonic = {
    "nash_stable_partitions",
    "core_unchecked",
    hed_alloc,
    hed_free,
    hed_columns,
    hed_solve,
    hed_describe,
    0,
};
