/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * Calling GLPK from a library without letting it abort the process.
 *
 * GLPK calls abort() on internal errors (invalid arguments, numerical trouble it cannot
 * recover from, out of memory). The guard installs an error hook that frees the GLPK
 * environment of this thread and longjmp()s back to the caller, and a terminal hook that
 * swallows GLPK's output and keeps its last lines as the error message. The pattern
 * follows igraph's IGRAPH_GLPK_SETUP.
 *
 * Usage (only in files that include <glpk.h>):
 *
 *     mpol_i_glpk_guard guard;
 *     glp_prob *volatile lp = NULL;
 *     mpol_i_glpk_arm(&guard);
 *     if (setjmp(guard.jmp) != 0) {
 *         // GLPK failed: every glp_prob of this thread is gone, do not touch lp.
 *         return mpol_i_glpk_failed(&guard, "mpol_xxx");
 *     }
 *     lp = glp_create_prob(); ... glp_delete_prob(lp);
 *     mpol_i_glpk_release(&guard);
 *
 * setjmp() stands alone as the controlling expression of the `if` (compared with 0), the
 * only places C11 7.13.1.1 allows it; it must not be wrapped in a macro with a comma or a
 * function call. Locals modified after the guard and read in the failure branch must be
 * volatile.
 * Guards do not nest; after a GLPK failure all GLPK objects of the thread are invalid.
 */
#ifndef MPOL_LP_GLPK_GUARD_INTERNAL_H
#define MPOL_LP_GLPK_GUARD_INTERNAL_H

#include <setjmp.h>

#include "multipolar/common.h"

#define MPOL_GLPK_MSG_SIZE 512

typedef struct mpol_i_glpk_guard {
    jmp_buf jmp;
    char msg[MPOL_GLPK_MSG_SIZE]; /* GLPK's last output, for the error message */
} mpol_i_glpk_guard;

/* Installs the hooks for this thread; call it just before `if (setjmp(guard.jmp) != 0)`. */
void mpol_i_glpk_arm(mpol_i_glpk_guard *guard);

/* Removes the hooks once the guarded GLPK calls are over (also after a failure). */
void mpol_i_glpk_release(mpol_i_glpk_guard *guard);

/* Releases the guard after a GLPK failure and records an MPOL_EBACKEND error. */
mpol_status mpol_i_glpk_failed(mpol_i_glpk_guard *guard, const char *where);

/* Maps a return code of glp_simplex/glp_exact/glp_intopt to an mpol_status (with message). */
mpol_status mpol_i_glpk_map_ret(int ret, const char *where);

#endif /* MPOL_LP_GLPK_GUARD_INTERNAL_H */
