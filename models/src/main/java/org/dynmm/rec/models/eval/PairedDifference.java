package org.dynmm.rec.models.eval;

/**
 * NDCG@k of {@code method} minus that of {@code reference} over the same test events of one slice,
 * with a paired bootstrap interval: events are resampled with replacement and both methods keep
 * their own gain on each drawn event, so the interval reflects how much the difference depends on
 * which events happened to be in the test window.
 *
 * @param method the method compared
 * @param reference the method it is compared against
 * @param slice the events compared
 * @param events number of events in the slice
 * @param difference mean NDCG@k of {@code method} minus mean NDCG@k of {@code reference}
 * @param low lower end of the central 95% bootstrap interval of the difference
 * @param high upper end of that interval
 * @param methodWins events where {@code method} has the higher gain
 * @param referenceWins events where {@code reference} has the higher gain
 */
public record PairedDifference(
        String method,
        String reference,
        Slice slice,
        long events,
        double difference,
        double low,
        double high,
        long methodWins,
        long referenceWins) {

    /** The interval lies above zero: {@code method} is ahead beyond resampling noise. */
    public boolean methodAhead() {
        return low > 0;
    }

    /** The interval lies below zero. */
    public boolean referenceAhead() {
        return high < 0;
    }
}
