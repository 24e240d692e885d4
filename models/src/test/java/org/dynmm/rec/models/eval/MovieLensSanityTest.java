package org.dynmm.rec.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.PopularityScorer;
import org.junit.jupiter.api.Test;

/**
 * The protocol on the shipped ml-latest-small against figures from an independent implementation
 * (DESIGN.md: popularity HR@10 0.031 / NDCG@10 0.016, co-occurrence kNN 0.079 / 0.041 over 20,168
 * test events). The independent co-occurrence figures match cosine-normalized co-counts.
 */
class MovieLensSanityTest {
    @Test
    void baselinesLandOnTheIndependentFigures() {
        Dataset data = DatasetLoader.load(Path.of("..", "data", "movielens-latest-small"));

        EvaluationReport report =
                new PrequentialEvaluator(
                                EvaluationConfig.defaults(),
                                List.of(
                                        new RankingMethod(
                                                "popularity", PopularityScorer.plainCounts()),
                                        new RankingMethod(
                                                "cooccurrence-cosine",
                                                CooccurrenceScorer.cosine(20))))
                        .evaluate(data);

        assertThat(report.testEvents()).isEqualTo(20_168);
        assertThat(report.skippedSeen()).isZero();
        SliceResult popularity = report.result("popularity", Slice.ALL);
        assertThat(popularity.events()).isEqualTo(20_168);
        assertThat(popularity.hitRate()).isCloseTo(0.031, within(0.001));
        assertThat(popularity.ndcg()).isCloseTo(0.016, within(0.001));
        SliceResult cooccurrence = report.result("cooccurrence-cosine", Slice.ALL);
        assertThat(cooccurrence.hitRate()).isCloseTo(0.079, within(0.002));
        assertThat(cooccurrence.ndcg()).isCloseTo(0.041, within(0.001));
        assertThat(report.result("popularity", Slice.UNSEEN_ITEMS).hitRate()).isZero();
    }
}
