/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * GSL's process-wide error handler. GSL's default handler calls abort() on any error (a
 * singular matrix, a failed allocation, an integrator that cannot reach its tolerance), and
 * the library promises never to abort: so before its first GSL call it switches the handler
 * off, once per process, unless the host program has installed a handler of its own, which
 * is left in place. Every GSL status is checked where it is returned either way.
 */
#include <pthread.h>

#include <gsl/gsl_errno.h>

#include "core/gsl_guard_internal.h"

static pthread_once_t gsl_once = PTHREAD_ONCE_INIT;

static void gsl_install(void)
{
    gsl_error_handler_t *previous = gsl_set_error_handler_off();
    if (previous != NULL) /* the host's own handler: keep it */
        gsl_set_error_handler(previous);
}

void mpol_i_gsl_init(void)
{
    pthread_once(&gsl_once, gsl_install);
}
