package org.dynmm.rec.models.ranking;

import java.io.Serializable;

/**
 * Scores every item of an {@link ItemStatsIndex} for one user; higher is better. Implementations
 * are deterministic and keep no per-call state, so one instance can serve many calls (and travel
 * inside a Flink function).
 */
public interface ItemScorer extends Serializable {
    /**
     * Writes a score for every dense id in {@code [0, index.size())} into {@code out}, whose length
     * is at least {@code index.size()}; entries beyond are left alone.
     *
     * @param now the time of the request, epoch milliseconds (for time-decayed statistics)
     */
    void score(ItemStatsIndex index, UserContext user, long now, double[] out);
}
