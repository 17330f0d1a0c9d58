/* SPDX-License-Identifier: GPL-3.0-or-later */
/**
 * @file common.h
 * @brief Status codes, the error funnel, allocation hooks, limits, temporary file names and
 * version of libmultipolar.
 *
 * Every fallible function returns an ::mpol_status. On failure it records a message that
 * mpol_last_error() returns (thread-local, valid until the next failure on that thread).
 * The library never prints, exits or aborts.
 */
#ifndef MPOL_COMMON_H
#define MPOL_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define MPOL_API __attribute__((visibility("default")))
#define MPOL_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MPOL_API
#define MPOL_PRINTF(f, a)
#endif

/** Status codes returned by every fallible function. */
typedef enum mpol_status {
    MPOL_OK = 0,       /**< success */
    MPOL_ENOMEM = 1,   /**< an allocation failed */
    MPOL_EINVAL = 2,   /**< an invalid argument */
    MPOL_EDIM = 3,     /**< dimensions do not fit */
    MPOL_EPARSE = 4,   /**< a model or game file could not be parsed */
    MPOL_EIO = 5,      /**< a file could not be read or written */
    MPOL_ENUMERIC = 6, /**< a numerical failure (NaN, Inf, division by zero, lost precision) */
    MPOL_EBACKEND = 7, /**< GLPK or GSL reported an error */
    MPOL_ELIMIT = 8,   /**< the work would exceed a configured limit */
    MPOL_EVERIFY = 9   /**< a computed answer failed its independent check */
} mpol_status;

/** Outcome of a solve: data, not an error. */
typedef enum mpol_outcome {
    MPOL_SOLVED = 0,
    MPOL_INFEASIBLE = 1,
    MPOL_UNBOUNDED = 2,
    MPOL_EMPTY_CORE = 3,
    MPOL_ITER_LIMIT = 4
} mpol_outcome;

/** The message recorded by the last failure on this thread ("" if none). */
MPOL_API const char *mpol_last_error(void);

/** A short name for a status code, e.g. "MPOL_EPARSE". */
MPOL_API const char *mpol_status_name(mpol_status status);

/** Clears the message of the last failure on this thread. */
MPOL_API void mpol_clear_error(void);

/**
 * Records a failure message (printf format) and returns @p status. This is the one funnel
 * for every error in the library: a breakpoint here catches them all.
 */
MPOL_API mpol_status mpol_error(mpol_status status, const char *fmt, ...) MPOL_PRINTF(2, 3);

/** Allocation hooks, so that tests can inject allocation failures. */
typedef struct mpol_allocator {
    void *(*malloc_fn)(size_t size);
    void *(*realloc_fn)(void *ptr, size_t size);
    void (*free_fn)(void *ptr);
} mpol_allocator;

/** Installs @p alloc (copied); NULL restores the C library's functions. Not thread-safe. */
MPOL_API void mpol_set_allocator(const mpol_allocator *alloc);

/** Allocates through the hooks; returns NULL on failure (and on size 0). */
MPOL_API void *mpol_malloc(size_t size);
/** Allocates @p n * @p size zeroed bytes; NULL on failure or overflow. */
MPOL_API void *mpol_calloc(size_t n, size_t size);
/** Reallocates through the hooks; on failure returns NULL and leaves @p ptr valid. */
MPOL_API void *mpol_realloc(void *ptr, size_t size);
/** Frees memory from mpol_malloc/mpol_calloc/mpol_realloc; NULL is a no-op. */
MPOL_API void mpol_free(void *ptr);
/** Duplicates a string through the hooks; NULL on failure. */
MPOL_API char *mpol_strdup(const char *s);

/**
 * Process-wide limits on the memory or work of one call, checked before the work starts
 * (a call above a limit fails with MPOL_ELIMIT and a message naming the limit and how to
 * raise it). Each has a documented default; mpol_limit_set() overrides it for the whole
 * process (atomically: any thread may read while another sets). docs/performance.md
 * ("Limits") lists them with the algorithm-specific options.
 */
typedef enum mpol_limit {
    /** Bytes of one TU table of 2^n doubles (mpol_tu_alloc, the rules that build tables,
     *  the table readers). Default MPOL_LIMIT_TU_BYTES_DEFAULT = 2 GiB, i.e. n <= 28;
     *  n never exceeds MPOL_TU_MAX_PLAYERS whatever the limit. CLI name "tu-bytes". */
    MPOL_LIMIT_TU_BYTES = 0,
    /** Payoff cells (strategy profiles x players) of one strategic-form game
     *  (mpol_game_alloc, and so the .nfg and .efg readers). Default 2^28 (2 GiB of doubles).
     *  CLI name "game-cells". */
    MPOL_LIMIT_GAME_CELLS = 1,
    /** Grid points of one sweep (mpol_sweep_run). Default 10^8. CLI name "sweep-points". */
    MPOL_LIMIT_SWEEP_POINTS = 2,
    /** Strategy profiles of a strategic-form game written in a model file (each profile's
     *  payoffs are expressions evaluated at every parameter point). Default 2^24. CLI name
     *  "model-cells". */
    MPOL_LIMIT_MODEL_CELLS = 3,
    /** Bytes of the bimatrix vertex enumeration's search storage (the sets of visited bases
     *  and vertices, the cached faces and the candidate equilibria; both directions of a race
     *  together), checked before the search against the estimate and while it grows.
     *  Default 2 GiB. CLI name "bimatrix-bytes". */
    MPOL_LIMIT_BIMATRIX_BYTES = 4
} mpol_limit;

/** Number of limits (the valid values of ::mpol_limit are 0..MPOL_LIMIT_COUNT-1). */
#define MPOL_LIMIT_COUNT 5
/** Default of MPOL_LIMIT_TU_BYTES: 2 GiB (2^28 doubles, n <= 28). */
#define MPOL_LIMIT_TU_BYTES_DEFAULT ((size_t)1 << 31)
/** Default of MPOL_LIMIT_GAME_CELLS: 2^28 cells. */
#define MPOL_LIMIT_GAME_CELLS_DEFAULT ((size_t)1 << 28)
/** Default of MPOL_LIMIT_SWEEP_POINTS: 10^8 points. */
#define MPOL_LIMIT_SWEEP_POINTS_DEFAULT ((size_t)100000000)
/** Default of MPOL_LIMIT_MODEL_CELLS: 2^24 strategy profiles. */
#define MPOL_LIMIT_MODEL_CELLS_DEFAULT ((size_t)1 << 24)
/** Default of MPOL_LIMIT_BIMATRIX_BYTES: 2 GiB. */
#define MPOL_LIMIT_BIMATRIX_BYTES_DEFAULT ((size_t)1 << 31)

/** The value in force of limit @p which; 0 for an unknown limit. */
MPOL_API size_t mpol_limit_get(mpol_limit which);

/** The built-in default of limit @p which; 0 for an unknown limit. */
MPOL_API size_t mpol_limit_default(mpol_limit which);

/**
 * Sets limit @p which for the whole process; @p value 0 restores the default.
 * @return MPOL_OK; MPOL_EINVAL for an unknown limit.
 */
MPOL_API mpol_status mpol_limit_set(mpol_limit which, size_t value);

/** The name of a limit as the CLI spells it ("tu-bytes", ...); NULL for an unknown one. */
MPOL_API const char *mpol_limit_name(mpol_limit which);

/**
 * Parses "NAME=VALUE" (NAME as mpol_limit_name() gives it; VALUE a non-negative integer,
 * optionally with a suffix k, M, G, T (powers of 1000) or Ki, Mi, Gi, Ti (powers of 1024),
 * or "default" or 0 for the default) and sets that limit.
 * @return MPOL_OK; MPOL_EINVAL (unknown name, malformed or overflowing value; the message
 *         lists the names).
 */
MPOL_API mpol_status mpol_limit_parse(const char *spec);

/**
 * The names for replacing the file @p path through a temporary in its own folder (write the
 * temporary, then rename it over the final name), as mpol_sweep_write_file() and the CLI's
 * outputs do: the final name into @p final (@p fsize bytes; a symbolic link resolved, so that
 * the link stays and its target is replaced) and the temporary's name, in the same folder,
 * into @p temp (@p tsize bytes): "DIR/.BASE.PID.SERIAL.tmp", where a base name over 200 bytes
 * is replaced by "multipolar". Another @p serial gives another name (for a temporary that
 * already exists). Nothing is created.
 * @return MPOL_OK; MPOL_EINVAL for a NULL or empty argument; MPOL_EIO with "PATH: reason" and
 *         errno set to the reason (ENAMETOOLONG when a name does not fit its buffer, or the
 *         error resolving a link).
 */
MPOL_API mpol_status mpol_file_temp_name(char *final, size_t fsize, char *temp, size_t tsize,
                                         const char *path, unsigned serial);

/** The library version, "MAJOR.MINOR.PATCH". */
MPOL_API const char *mpol_version(void);

#ifdef __cplusplus
}
#endif
#endif /* MPOL_COMMON_H */
