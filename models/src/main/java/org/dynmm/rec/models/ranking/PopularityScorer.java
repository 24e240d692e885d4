package org.dynmm.rec.models.ranking;

/**
 * Scores an item by its popularity: by default the index's (possibly time-decayed) popularity at
 * the request time, or with {@link #plainCounts()} the raw interaction count whatever the index's
 * half-life.
 */
public final class PopularityScorer implements ItemScorer {
    private static final long serialVersionUID = 1L;

    private final boolean plainCounts;

    /** Scores by {@link ItemStatsIndex#popularityAt}, decayed with the index's half-life. */
    public PopularityScorer() {
        this(false);
    }

    private PopularityScorer(boolean plainCounts) {
        this.plainCounts = plainCounts;
    }

    /** Scores by {@link ItemStatsIndex#countOf}: interactions so far, no decay. */
    public static PopularityScorer plainCounts() {
        return new PopularityScorer(true);
    }

    @Override
    public void score(ItemStatsIndex index, UserContext user, long now, double[] out) {
        if (!plainCounts) {
            index.popularitiesAt(now, out);
            return;
        }
        int n = index.size();
        for (int id = 0; id < n; id++) {
            out[id] = index.countOf(id);
        }
    }

    @Override
    public String toString() {
        return plainCounts ? "PopularityScorer{counts}" : "PopularityScorer{decayed}";
    }
}
