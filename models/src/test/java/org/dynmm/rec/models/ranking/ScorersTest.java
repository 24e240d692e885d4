package org.dynmm.rec.models.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScorersTest {
    /**
     * Items a..e. Counts: a 3, b 2, c 1, d 1, e 0 (e is only a co-item). Co-counts: a-b 2, a-c 1,
     * b-c 1, d-e 1.
     */
    private static ItemStatsIndex index(Duration halfLife) {
        ItemStatsIndex index = new ItemStatsIndex(halfLife);
        index.recordInteraction("a", 0, List.of());
        index.recordInteraction("b", 1000, List.of("a"));
        index.recordInteraction("a", 2000, List.of("b"));
        index.recordInteraction("c", 3000, List.of("a", "b"));
        index.recordInteraction("a", 4000, List.of());
        index.recordInteraction("b", 4000, List.of());
        index.recordInteraction("d", 4000, List.of("e"));
        return index;
    }

    private static double[] score(ItemScorer scorer, ItemStatsIndex index, List<String> recent) {
        double[] out = new double[index.size()];
        scorer.score(index, UserContext.of(recent, recent), 4000, out);
        return out;
    }

    @Test
    void popularityScoresAreCountsWithoutDecay() {
        ItemStatsIndex index = index(Duration.ZERO);
        assertThat(score(new PopularityScorer(), index, List.of()))
                .containsExactly(3.0, 2.0, 1.0, 1.0, 0.0);
    }

    @Test
    void decayedPopularityFollowsTheIndexHalfLifeWhilePlainCountsIgnoreIt() {
        ItemStatsIndex index = index(Duration.ofSeconds(1));
        // At t=4000, a's events are 4, 2 and 0 half-lives old: 1/16 + 1/4 + 1 = 1.3125.
        assertThat(score(new PopularityScorer(), index, List.of()))
                .containsExactly(new double[] {1.3125, 1.125, 0.5, 1.0, 0.0}, within(1e-12));
        assertThat(score(PopularityScorer.plainCounts(), index, List.of()))
                .containsExactly(3.0, 2.0, 1.0, 1.0, 0.0);
    }

    @Test
    void cooccurrenceSumsCoCountsOverHistoryPlusPopularityTieBreak() {
        ItemStatsIndex index = index(Duration.ZERO);
        // History a, b. co(a,.) = [0, 2, 1, 0, 0], co(b,.) = [2, 0, 1, 0, 0]; max pop 3.
        double[] scores = score(new CooccurrenceScorer(20), index, List.of("a", "b"));
        assertThat(scores)
                .containsExactly(
                        new double[] {
                            2 + 0.5 * 3 / 3, 2 + 0.5 * 2 / 3, 2 + 0.5 * 1 / 3, 0.5 * 1 / 3, 0.0
                        },
                        within(1e-12));
    }

    @Test
    void cooccurrenceReadsOnlyTheLastWindowItems() {
        ItemStatsIndex index = index(Duration.ZERO);
        // Window 1: only b counts. co(b,.) = [2, 0, 1, 0, 0].
        double[] scores = score(new CooccurrenceScorer(1), index, List.of("a", "b"));
        assertThat(scores[0]).isCloseTo(2.5, within(1e-12));
        assertThat(scores[2]).isCloseTo(1 + 0.5 / 3, within(1e-12));
    }

    @Test
    void withoutHistoryCooccurrenceFallsBackToPopularityOrder() {
        ItemStatsIndex index = index(Duration.ZERO);
        double[] scores = score(new CooccurrenceScorer(), index, List.of("unknown"));
        assertThat(scores)
                .containsExactly(
                        new double[] {0.5, 0.5 * 2 / 3, 0.5 / 3, 0.5 / 3, 0.0}, within(1e-12));
    }

    @Test
    void cosineDividesByTheGeometricMeanOfCounts() {
        ItemStatsIndex index = index(Duration.ZERO);
        // History a (n=3). c: co 1 / sqrt(3 * 1); b: 2 / sqrt(3 * 2).
        double[] scores = score(CooccurrenceScorer.cosine(20), index, List.of("a"));
        double tie = 1e-9 / 3;
        assertThat(scores[1]).isCloseTo(2 / Math.sqrt(6) + 2 * tie, within(1e-15));
        assertThat(scores[2]).isCloseTo(1 / Math.sqrt(3) + tie, within(1e-15));
        assertThat(scores[3]).isCloseTo(tie, within(1e-18));
    }
}
