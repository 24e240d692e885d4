package org.dynmm.rec.operators.ranking;

import java.io.Serializable;
import java.time.Duration;
import java.util.Locale;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.PopularityScorer;

/**
 * Settings of {@link BaselineRankerFunction}.
 *
 * @param kind which baseline ranks
 * @param topN items per recommendation
 * @param cooccurrenceWindow recent distinct items whose co-interactions are summed
 * @param similarity how co-counts become similarities (raw counts or cosine-normalized)
 * @param popularityHalfLife half-life of the popularity decay; zero means plain counts
 */
public record RankerConfig(
        Kind kind,
        int topN,
        int cooccurrenceWindow,
        CooccurrenceScorer.Similarity similarity,
        Duration popularityHalfLife)
        implements Serializable {

    /** The baselines computed from the stream. */
    public enum Kind {
        POPULARITY,
        COOCCURRENCE
    }

    public RankerConfig {
        if (topN <= 0 || cooccurrenceWindow <= 0) {
            throw new IllegalArgumentException("top-n and co-occurrence window must be positive");
        }
        if (popularityHalfLife.isNegative()) {
            throw new IllegalArgumentException("popularity half-life must not be negative");
        }
    }

    public static RankerConfig defaults() {
        return new RankerConfig(
                Kind.COOCCURRENCE,
                10,
                20,
                CooccurrenceScorer.Similarity.COSINE,
                Duration.ofDays(30));
    }

    /** The scorer this configuration names, from the same code the evaluator uses. */
    public ItemScorer scorer() {
        return kind == Kind.POPULARITY
                ? new PopularityScorer()
                : new CooccurrenceScorer(cooccurrenceWindow, similarity);
    }

    /** Version string written into every recommendation. */
    public String modelVersion() {
        return kind == Kind.POPULARITY
                ? "baseline-popularity"
                : "baseline-cooccurrence-" + similarity.name().toLowerCase(Locale.ROOT);
    }
}
