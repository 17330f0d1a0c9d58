/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the GLPK guard (see lp/glpk_guard_internal.h): error and terminal
 * hooks that turn GLPK's abort() into a longjmp back into the library, and the mapping of
 * GLPK return codes to mpol_status.
 */
#include <string.h>

#include <glpk.h>

#include "lp/glpk_guard_internal.h"

static _Thread_local mpol_i_glpk_guard *active_guard;

static int term_hook(void *info, const char *s)
{
    mpol_i_glpk_guard *guard = info;
    if (guard != NULL) {
        size_t have = strlen(guard->msg), add = strlen(s);
        if (have + add >= sizeof guard->msg) {
            /* Keep the most recent output. */
            guard->msg[0] = '\0';
            have = 0;
            if (add >= sizeof guard->msg)
                s += add - (sizeof guard->msg - 1);
        }
        strncat(guard->msg, s, sizeof guard->msg - 1 - have);
    }
    return 1; /* never print */
}

static void error_hook(void *info)
{
    mpol_i_glpk_guard *guard = info;
    /* GLPK's documented recovery: free the environment, then leave by longjmp. */
    glp_free_env();
    longjmp(guard->jmp, 1);
}

void mpol_i_glpk_arm(mpol_i_glpk_guard *guard)
{
    guard->msg[0] = '\0';
    active_guard = guard;
    glp_term_out(GLP_OFF);
    glp_term_hook(term_hook, guard);
    glp_error_hook(error_hook, guard);
}

void mpol_i_glpk_release(mpol_i_glpk_guard *guard)
{
    if (active_guard == guard) {
        glp_error_hook(NULL, NULL);
        glp_term_hook(NULL, NULL);
        active_guard = NULL;
    }
}

mpol_status mpol_i_glpk_failed(mpol_i_glpk_guard *guard, const char *where)
{
    /* The environment was freed by the hook; the hooks went with it. */
    active_guard = NULL;
    size_t n = strlen(guard->msg);
    while (n > 0 && (guard->msg[n - 1] == '\n' || guard->msg[n - 1] == ' '))
        guard->msg[--n] = '\0';
    return mpol_error(MPOL_EBACKEND, "%s: GLPK failed: %s", where,
                      n > 0 ? guard->msg : "internal error");
}

mpol_status mpol_i_glpk_map_ret(int ret, const char *where)
{
    switch (ret) {
    case 0:
        return MPOL_OK;
    case GLP_EBADB:
        return mpol_error(MPOL_EBACKEND, "%s: GLPK: invalid initial basis", where);
    case GLP_ESING:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK: singular basis matrix", where);
    case GLP_ECOND:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK: ill-conditioned basis matrix", where);
    case GLP_EBOUND:
        return mpol_error(MPOL_EINVAL, "%s: GLPK: incorrect bounds", where);
    case GLP_EFAIL:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK: solver failure", where);
    case GLP_EOBJLL:
    case GLP_EOBJUL:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK: objective limit reached", where);
    case GLP_EITLIM:
        return mpol_error(MPOL_ELIMIT, "%s: GLPK: iteration limit reached", where);
    case GLP_ETMLIM:
        return mpol_error(MPOL_ELIMIT, "%s: GLPK: time limit reached", where);
    case GLP_ENOPFS:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK: no primal feasible solution", where);
    case GLP_ENODFS:
        return mpol_error(MPOL_ENUMERIC, "%s: GLPK: no dual feasible solution", where);
    default:
        return mpol_error(MPOL_EBACKEND, "%s: GLPK returned code %d", where, ret);
    }
}
