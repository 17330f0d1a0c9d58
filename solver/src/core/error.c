/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements the error funnel: mpol_error() formats a message into a
 * thread-local buffer and returns the status, so that every failure path in the library is
 * a single `return mpol_error(...)`.
 */
#include <stdarg.h>
#include <stdio.h>

#include "multipolar/common.h"

#define MPOL_ERROR_BUFSIZE 1024

static _Thread_local char last_error[MPOL_ERROR_BUFSIZE];

const char *mpol_last_error(void)
{
    return last_error;
}

void mpol_clear_error(void)
{
    last_error[0] = '\0';
}

mpol_status mpol_error(mpol_status status, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(last_error, sizeof last_error, fmt, ap);
    va_end(ap);
    return status;
}

const char *mpol_status_name(mpol_status status)
{
    switch (status) {
    case MPOL_OK:
        return "MPOL_OK";
    case MPOL_ENOMEM:
        return "MPOL_ENOMEM";
    case MPOL_EINVAL:
        return "MPOL_EINVAL";
    case MPOL_EDIM:
        return "MPOL_EDIM";
    case MPOL_EPARSE:
        return "MPOL_EPARSE";
    case MPOL_EIO:
        return "MPOL_EIO";
    case MPOL_ENUMERIC:
        return "MPOL_ENUMERIC";
    case MPOL_EBACKEND:
        return "MPOL_EBACKEND";
    case MPOL_ELIMIT:
        return "MPOL_ELIMIT";
    case MPOL_EVERIFY:
        return "MPOL_EVERIFY";
    }
    return "MPOL_UNKNOWN";
}

const char *mpol_version(void)
{
#ifdef MPOL_VERSION_STRING
    return MPOL_VERSION_STRING;
#else
    return "0.0.0";
#endif
}
