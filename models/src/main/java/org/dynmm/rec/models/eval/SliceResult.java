package org.dynmm.rec.models.eval;

/**
 * Metrics of one method on one slice.
 *
 * @param events ranked test events in the slice
 * @param hitRate HR@k: share of events whose item ranked within the top k
 * @param ndcg NDCG@k: mean of 1/log2(rank + 1) over events ranked within the top k (0 otherwise)
 */
public record SliceResult(long events, double hitRate, double ndcg) {}
