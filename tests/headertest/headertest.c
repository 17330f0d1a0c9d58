/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The umbrella header compiles on its own with -Wall -Wextra -Wpedantic -Werror. */
#include <multipolar.h>

int main(void)
{
    return mpol_version()[0] == '\0';
}
