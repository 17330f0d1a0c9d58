/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The writers' common failure: MPOL_EIO with the system's reason, errno kept for the caller. */
#ifndef MPOL_INTERNAL_IO_ERROR_H
#define MPOL_INTERNAL_IO_ERROR_H

#include <errno.h>
#include <string.h>

#include "multipolar/common.h"

/* Returns MPOL_EIO with the message "write failed: <strerror(errno)>" (EIO if errno is 0) and
 * leaves that errno set, so that a caller that knows the file's name can report it. */
static inline mpol_status mpol_i_write_failed(void)
{
    int err = errno != 0 ? errno : EIO;
    mpol_status st = mpol_error(MPOL_EIO, "write failed: %s", strerror(err));
    errno = err;
    return st;
}

#endif
