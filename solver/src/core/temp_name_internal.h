/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * The names used to replace a file through a temporary in its own folder, with an errno-style
 * result. The public form is mpol_file_temp_name() (common.h), which the library's sweep
 * files use (solver/src/sweep/sweep_file.c); this one remains for the CLI's outputs
 * (solver/cli/output.c) until they call the public function, and then goes. Implemented in
 * solver/src/core/temp_name.c.
 */
#ifndef MPOL_INTERNAL_TEMP_NAME_H
#define MPOL_INTERNAL_TEMP_NAME_H

#include <stddef.h>

/*
 * Where a regular-file target @p path is written: the final name (symbolic links resolved, so
 * that the link stays and its target is replaced) into @p final and the temporary's name, in
 * the same folder, into @p temp ("DIR/.BASE.PID.SERIAL.tmp"; a base name over 200 bytes is
 * replaced by "multipolar"). Returns 0, or an errno value (ENAMETOOLONG when a name does not
 * fit its buffer).
 */
int mpol_i_temp_name(const char *path, char *final, size_t fsize, char *temp, size_t tsize,
                     unsigned serial);

#endif /* MPOL_INTERNAL_TEMP_NAME_H */
