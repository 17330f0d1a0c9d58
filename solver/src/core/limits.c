/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the process-wide limits of common.h (mpol_limit_get/set/parse):
 * one atomic size_t per limit, 0 meaning "the default", so that a limit read while another
 * thread sets it is either the old or the new value. It also implements the shared check
 * of TU-table sizes (limits_i.h) used by every allocator of 2^n tables.
 */
#include <ctype.h>
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/limits_internal.h"
#include "multipolar/tu.h"

static _Atomic size_t limit_value[MPOL_LIMIT_COUNT]; /* 0: the default */

static const char *const limit_names[MPOL_LIMIT_COUNT] = {"tu-bytes", "game-cells", "sweep-points",
                                                          "model-cells", "bimatrix-bytes"};

static int known(mpol_limit which)
{
    return (int)which >= 0 && (int)which < MPOL_LIMIT_COUNT;
}

size_t mpol_limit_default(mpol_limit which)
{
    switch (which) {
    case MPOL_LIMIT_TU_BYTES:
        return MPOL_LIMIT_TU_BYTES_DEFAULT;
    case MPOL_LIMIT_GAME_CELLS:
        return MPOL_LIMIT_GAME_CELLS_DEFAULT;
    case MPOL_LIMIT_SWEEP_POINTS:
        return MPOL_LIMIT_SWEEP_POINTS_DEFAULT;
    case MPOL_LIMIT_MODEL_CELLS:
        return MPOL_LIMIT_MODEL_CELLS_DEFAULT;
    case MPOL_LIMIT_BIMATRIX_BYTES:
        return MPOL_LIMIT_BIMATRIX_BYTES_DEFAULT;
    }
    return 0;
}

size_t mpol_limit_get(mpol_limit which)
{
    if (!known(which))
        return 0;
    size_t v = atomic_load(&limit_value[which]);
    return v != 0 ? v : mpol_limit_default(which);
}

mpol_status mpol_limit_set(mpol_limit which, size_t value)
{
    if (!known(which))
        return mpol_error(MPOL_EINVAL, "mpol_limit_set: unknown limit %d", (int)which);
    atomic_store(&limit_value[which], value);
    return MPOL_OK;
}

const char *mpol_limit_name(mpol_limit which)
{
    return known(which) ? limit_names[which] : NULL;
}

/* Multiplier of a value suffix, 0 if unknown. */
static size_t suffix_factor(const char *s)
{
    static const struct {
        const char *s;
        size_t f;
    } tab[] = {{"", 1},
               {"k", 1000},
               {"K", 1000},
               {"M", 1000000},
               {"G", 1000000000},
               {"T", (size_t)1000000000000ull},
               {"Ki", (size_t)1 << 10},
               {"Mi", (size_t)1 << 20},
               {"Gi", (size_t)1 << 30},
               {"Ti", (size_t)1 << 40}};
    for (size_t i = 0; i < sizeof tab / sizeof tab[0]; i++)
        if (strcmp(s, tab[i].s) == 0)
            return tab[i].f;
    return 0;
}

mpol_status mpol_limit_parse(const char *spec)
{
    static const char who[] = "mpol_limit_parse";
    if (spec == NULL)
        return mpol_error(MPOL_EINVAL, "%s: NULL argument", who);
    const char *eq = strchr(spec, '=');
    if (eq == NULL)
        return mpol_error(MPOL_EINVAL,
                          "%s: \"%s\": expected NAME=VALUE (names: tu-bytes, "
                          "game-cells, sweep-points, model-cells, bimatrix-bytes)",
                          who, spec);
    size_t nlen = (size_t)(eq - spec);
    int which = -1;
    for (int k = 0; k < MPOL_LIMIT_COUNT; k++)
        if (strlen(limit_names[k]) == nlen && strncmp(spec, limit_names[k], nlen) == 0)
            which = k;
    if (which < 0)
        return mpol_error(MPOL_EINVAL,
                          "%s: unknown limit \"%.*s\" (names: tu-bytes, game-cells, "
                          "sweep-points, model-cells, bimatrix-bytes)",
                          who, (int)nlen, spec);
    const char *v = eq + 1;
    if (strcmp(v, "default") == 0)
        return mpol_limit_set((mpol_limit)which, 0);
    if (!isdigit((unsigned char)v[0]))
        return mpol_error(MPOL_EINVAL, "%s: \"%s\": the value must be a non-negative integer", who,
                          spec);
    errno = 0;
    char *end;
    unsigned long long x = strtoull(v, &end, 10);
    size_t f = suffix_factor(end);
    if (f == 0)
        return mpol_error(MPOL_EINVAL,
                          "%s: \"%s\": unknown suffix \"%s\" (k, M, G, T or Ki, Mi, Gi, Ti)", who,
                          spec, end);
    if (errno == ERANGE || x > SIZE_MAX / f)
        return mpol_error(MPOL_EINVAL, "%s: \"%s\": the value is too large", who, spec);
    return mpol_limit_set((mpol_limit)which, (size_t)x * f);
}

void mpol_i_format_bytes(char *buf, size_t size, double bytes)
{
    static const char *const unit[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    size_t u = 0;
    while (bytes >= 1024.0 && u + 1 < sizeof unit / sizeof unit[0]) {
        bytes /= 1024.0;
        u++;
    }
    snprintf(buf, size, "%.4g %s", bytes, unit[u]);
}

mpol_status mpol_i_limit_tu(size_t n, const char *who)
{
    if (n == 0)
        return mpol_error(MPOL_EINVAL, "%s: a game needs at least one player", who);
    if (n > MPOL_TU_MAX_PLAYERS)
        return mpol_error(MPOL_ELIMIT,
                          "%s: %zu players; a table of 2^n values allows at most %d players", who,
                          n, MPOL_TU_MAX_PLAYERS);
    size_t limit = mpol_limit_get(MPOL_LIMIT_TU_BYTES);
    size_t bytes = ((size_t)1 << n) * sizeof(double);
    if (bytes > limit) {
        char need[32], have[32];
        mpol_i_format_bytes(need, sizeof need, (double)bytes);
        mpol_i_format_bytes(have, sizeof have, (double)limit);
        return mpol_error(MPOL_ELIMIT,
                          "%s: %zu players; a table of 2^%zu values needs %s, above the "
                          "tu-bytes limit of %s (raise it with "
                          "mpol_limit_set(MPOL_LIMIT_TU_BYTES, bytes) or --limit tu-bytes=VALUE)",
                          who, n, n, need, have);
    }
    return MPOL_OK;
}
