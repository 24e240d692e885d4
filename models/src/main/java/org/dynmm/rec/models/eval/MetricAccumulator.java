package org.dynmm.rec.models.eval;

/** Running sums of HR@k and NDCG@k for one method on one slice. */
final class MetricAccumulator {
    private final int k;
    private long events;
    private long hits;
    private double ndcgSum;

    MetricAccumulator(int k) {
        this.k = k;
    }

    /** Adds one event whose target item got the 1-based {@code rank}. */
    void add(int rank) {
        events++;
        if (rank <= k) {
            hits++;
            ndcgSum += gain(rank, k);
        }
    }

    /** NDCG@k of one event whose target got {@code rank}: one relevant item, ideal DCG 1. */
    static double gain(int rank, int k) {
        return rank <= k ? 1.0 / log2(rank + 1) : 0.0;
    }

    SliceResult result() {
        return events == 0
                ? new SliceResult(0, 0.0, 0.0)
                : new SliceResult(events, (double) hits / events, ndcgSum / events);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
