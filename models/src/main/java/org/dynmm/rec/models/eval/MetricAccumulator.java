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
            ndcgSum += 1.0 / log2(rank + 1); // one relevant item: ideal DCG is 1
        }
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
