package org.dynmm.rec.models.eval;

import java.time.Duration;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.UserProfile;

/**
 * Settings of a {@link PrequentialEvaluator} run.
 *
 * @param cutoffFraction share of events (in time order) that only train; the rest are test events
 * @param k list length for HR@k and NDCG@k
 * @param historyCapacity recent events kept per user
 * @param seenCapacity items remembered per user for exclusion
 * @param cooccurrenceWindow recent distinct items a new interaction co-occurs with (and that
 *     co-occurrence scoring reads)
 * @param popularityHalfLife half-life of the index's popularity; zero means plain counts
 */
public record EvaluationConfig(
        double cutoffFraction,
        int k,
        int historyCapacity,
        int seenCapacity,
        int cooccurrenceWindow,
        Duration popularityHalfLife) {

    public static final double DEFAULT_CUTOFF_FRACTION = 0.8;
    public static final int DEFAULT_K = 10;

    public EvaluationConfig {
        if (!(cutoffFraction > 0.0 && cutoffFraction < 1.0)) {
            throw new IllegalArgumentException(
                    "cutoff fraction must be in (0, 1): " + cutoffFraction);
        }
        if (k <= 0 || historyCapacity <= 0 || seenCapacity <= 0 || cooccurrenceWindow <= 0) {
            throw new IllegalArgumentException(
                    "k, history capacity, seen capacity and co-occurrence window must be"
                            + " positive");
        }
        if (popularityHalfLife.isNegative()) {
            throw new IllegalArgumentException("popularity half-life must not be negative");
        }
    }

    /** 80% cutoff, k = 10, the job's default capacities, window 20, plain-count popularity. */
    public static EvaluationConfig defaults() {
        return new EvaluationConfig(
                DEFAULT_CUTOFF_FRACTION,
                DEFAULT_K,
                UserProfile.DEFAULT_HISTORY_CAPACITY,
                UserProfile.DEFAULT_SEEN_CAPACITY,
                CooccurrenceScorer.DEFAULT_WINDOW,
                Duration.ZERO);
    }

    public EvaluationConfig withPopularityHalfLife(Duration halfLife) {
        return new EvaluationConfig(
                cutoffFraction, k, historyCapacity, seenCapacity, cooccurrenceWindow, halfLife);
    }

    public EvaluationConfig withCutoffFraction(double fraction) {
        return new EvaluationConfig(
                fraction, k, historyCapacity, seenCapacity, cooccurrenceWindow, popularityHalfLife);
    }

    public EvaluationConfig withK(int newK) {
        return new EvaluationConfig(
                cutoffFraction,
                newK,
                historyCapacity,
                seenCapacity,
                cooccurrenceWindow,
                popularityHalfLife);
    }

    public EvaluationConfig withCooccurrenceWindow(int window) {
        return new EvaluationConfig(
                cutoffFraction, k, historyCapacity, seenCapacity, window, popularityHalfLife);
    }
}
