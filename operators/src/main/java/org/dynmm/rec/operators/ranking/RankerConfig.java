package org.dynmm.rec.operators.ranking;

import java.io.Serializable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.bundle.ModelBundles;
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
 * @param bundlePath directory of the frozen base model bundle; required by {@link
 *     Kind#FROZEN_BASE}, null otherwise
 */
public record RankerConfig(
        Kind kind,
        int topN,
        int cooccurrenceWindow,
        CooccurrenceScorer.Similarity similarity,
        Duration popularityHalfLife,
        String bundlePath)
        implements Serializable {

    /** The rankers: two baselines computed from the stream and the trained frozen base. */
    public enum Kind {
        POPULARITY,
        COOCCURRENCE,
        FROZEN_BASE
    }

    public RankerConfig {
        if (topN <= 0 || cooccurrenceWindow <= 0) {
            throw new IllegalArgumentException("top-n and co-occurrence window must be positive");
        }
        if (popularityHalfLife.isNegative()) {
            throw new IllegalArgumentException("popularity half-life must not be negative");
        }
        if (kind == Kind.FROZEN_BASE && (bundlePath == null || bundlePath.isBlank())) {
            throw new IllegalArgumentException(
                    "the FROZEN_BASE ranker needs a model bundle (rec.model.bundle-path)");
        }
    }

    public static RankerConfig defaults() {
        return new RankerConfig(
                Kind.COOCCURRENCE,
                10,
                20,
                CooccurrenceScorer.Similarity.COSINE,
                Duration.ofDays(30),
                null);
    }

    /**
     * The scorer this configuration names, from the same code the evaluator uses. For {@link
     * Kind#FROZEN_BASE} this reads the bundle: call it in {@code open()}.
     */
    public ItemScorer scorer() {
        switch (kind) {
            case POPULARITY:
                return new PopularityScorer();
            case FROZEN_BASE:
                BaseModel model = BaseModel.load(ModelBundles.read(Path.of(bundlePath)));
                // The bundle's popularity prior reads this ranker's popularity: same half-life.
                model.popularityPrior().requireHalfLife(popularityHalfLife, model.modelVersion());
                return new BaseModelScorer(model);
            default:
                return new CooccurrenceScorer(cooccurrenceWindow, similarity);
        }
    }

    /** Version string written into every recommendation, given the scorer in use. */
    public String modelVersion(ItemScorer scorer) {
        if (scorer instanceof BaseModelScorer) {
            return ((BaseModelScorer) scorer).model().modelVersion();
        }
        return kind == Kind.POPULARITY
                ? "baseline-popularity"
                : "baseline-cooccurrence-" + similarity.name().toLowerCase(Locale.ROOT);
    }
}
