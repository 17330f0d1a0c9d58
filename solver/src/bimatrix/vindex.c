/* SPDX-License-Identifier: GPL-3.0-or-later */
/*
 * This file implements an index of the label sets of a list of vertices for superset queries:
 * which vertices carry every label of a given set. It is the partner lookup of the enumeration
 * once the whole of the other polytope has been enumerated (vertex_enum.c, "full Q"): the
 * partners of a vertex x with labels L(x) are the vertices y with L(x) | L(y) = all labels,
 * that is L(y) a superset of the complement of L(x).
 *
 * The index is the transpose of the label sets: one bitset over the vertices per label, so a
 * query is the AND of the bitsets of its labels (at most one per label, each of count / 64
 * words), not a pass over the vertices.
 */
#include <string.h>

#include "bimatrix/bimatrix_internal.h"

size_t mpol_i_bmx_vindex_bytes(size_t count, size_t nlabels)
{
    size_t vwords = (count + 63) / 64;
    return (nlabels + 1) * vwords * sizeof(uint64_t) + vwords * sizeof(size_t);
}

mpol_status mpol_i_bmx_vindex_build(mpol_i_bmx_vindex *ix, const uint64_t *labels, size_t stride,
                                    size_t count, size_t nlabels)
{
    memset(ix, 0, sizeof *ix);
    ix->count = count;
    ix->nlabels = nlabels;
    ix->vwords = (count + 63) / 64;
    size_t vw = ix->vwords ? ix->vwords : 1;
    ix->bylabel = mpol_calloc((nlabels + 1) * vw, sizeof(uint64_t));
    if (ix->bylabel == NULL)
        return mpol_error(MPOL_ENOMEM,
                          "mpol_bimatrix: out of memory for a vertex index (%zu "
                          "vertices)",
                          count);
    ix->hits = ix->bylabel + nlabels * vw;
    ix->nzw = mpol_malloc(vw * sizeof(size_t));
    if (ix->nzw == NULL) {
        mpol_i_bmx_vindex_free(ix);
        return mpol_error(MPOL_ENOMEM, "mpol_bimatrix: out of memory for a vertex index");
    }
    for (size_t v = 0; v < count; v++) {
        const uint64_t *lab = labels + v * stride;
        for (size_t l = 0; l < nlabels; l++)
            if (mpol_i_bit_get(lab, l))
                mpol_i_bit_set(ix->bylabel + l * vw, v);
    }
    return MPOL_OK;
}

void mpol_i_bmx_vindex_free(mpol_i_bmx_vindex *ix)
{
    mpol_free(ix->bylabel);
    mpol_free(ix->nzw);
    memset(ix, 0, sizeof *ix);
}

size_t mpol_i_bmx_vindex_query(mpol_i_bmx_vindex *ix, const uint64_t *need)
{
    size_t vw = ix->vwords, nz = 0, asked = 0;
    uint64_t *hits = ix->hits;
    size_t *list = ix->nzw;
    const uint64_t *c0 = NULL;
    for (size_t l = 0; l < ix->nlabels; l++) {
        if (!mpol_i_bit_get(need, l))
            continue;
        const uint64_t *col = ix->bylabel + l * vw;
        if (asked++ == 0) {
            c0 = col;
        } else if (asked == 2) {
            /* The first two labels: one pass over all the words, keeping the non-zero ones. */
            for (size_t w = 0; w < vw; w++) {
                hits[w] = c0[w] & col[w];
                list[nz] = w;
                nz += hits[w] != 0;
            }
        } else {
            /* The others only on the words still non-zero (few: most vertices have no
             * partner). */
            size_t keep = 0;
            for (size_t k = 0; k < nz; k++) {
                size_t w = list[k];
                hits[w] &= col[w];
                list[keep] = w;
                keep += hits[w] != 0;
            }
            nz = keep;
        }
        if (asked >= 2 && nz == 0)
            break;
    }
    if (asked < 2) {
        /* Fewer than two labels asked for: the vertices of the one label, or every vertex. */
        for (size_t w = 0; w < vw; w++) {
            hits[w] = c0 != NULL ? c0[w] : ~(uint64_t)0;
            if (c0 == NULL && w + 1 == vw && ix->count % 64 != 0)
                hits[w] = ((uint64_t)1 << (ix->count % 64)) - 1;
            list[nz] = w;
            nz += hits[w] != 0;
        }
    }
    return nz;
}
