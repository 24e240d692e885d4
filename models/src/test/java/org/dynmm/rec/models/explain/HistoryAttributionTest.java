package org.dynmm.rec.models.explain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.base.SyntheticBundles;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.PopularityScorer;
import org.dynmm.rec.models.ranking.UserContext;
import org.junit.jupiter.api.Test;

class HistoryAttributionTest {
    private final ItemStatsIndex index = ExplainFixture.index();
    private final UserContext user = ExplainFixture.user();

    @Test
    void cooccurrenceSplitIsTheScoreWithoutItsTieBreak() {
        for (CooccurrenceScorer scorer :
                new CooccurrenceScorer[] {
                    new CooccurrenceScorer(20), CooccurrenceScorer.cosine(20)
                }) {
            int[] candidates = {index.idOf("c1"), index.idOf("c2"), index.idOf("c3")};
            HistoryContributions split =
                    HistoryAttribution.forScorer(scorer).contributions(index, user, 0, candidates);
            double[] scores = new double[index.size()];
            scorer.score(index, user, 0, scores);
            double[] tieBreakOnly = new double[index.size()];
            scorer.score(
                    index,
                    UserContext.of(java.util.List.of(), java.util.List.of()),
                    0,
                    tieBreakOnly);

            assertThat(split.historyItems()).containsExactly("h1", "h2", "h3");
            for (int c = 0; c < candidates.length; c++) {
                double sum = 0;
                for (double v : split.values()[c]) {
                    sum += v;
                }
                assertThat(sum + tieBreakOnly[candidates[c]])
                        .isCloseTo(scores[candidates[c]], within(1e-12));
            }
            assertThat(split.values()[0][0]).isGreaterThan(split.values()[0][2]); // h1 over h3
        }
    }

    @Test
    void leaveOneOutAgreesWithTheExactSplitForRawCounts() {
        CooccurrenceScorer scorer = new CooccurrenceScorer(20);
        int[] candidates = {index.idOf("c1"), index.idOf("c2")};
        HistoryContributions exact =
                new CooccurrenceAttribution(scorer).contributions(index, user, 0, candidates);
        HistoryContributions loo =
                new LeaveOneOutAttribution(scorer).contributions(index, user, 0, candidates);

        assertThat(loo.historyItems()).isEqualTo(exact.historyItems());
        for (int c = 0; c < candidates.length; c++) {
            assertThat(loo.values()[c]).containsExactly(exact.values()[c], within(1e-12));
        }
        assertThat(exact.values()[0]).containsExactly(3.0, 0.0, 1.0);
    }

    @Test
    void popularityHasNoHistoryContributions() {
        HistoryContributions none =
                HistoryAttribution.forScorer(new PopularityScorer())
                        .contributions(index, user, 0, new int[] {0, 1});
        assertThat(none.historyItems()).isEmpty();
        assertThat(none.values()).hasDimensions(2, 0);
    }

    /** SYNTHETIC random attention-pooling base: the split is the uncached counterfactual's. */
    @Test
    void frozenBaseSplitEqualsTheUncachedLeaveOneOutExactly() {
        BaseModel model =
                BaseModel.load(SyntheticBundles.randomBundle(new Random(13), 25, 8, 5, "attr-v1"));
        BaseModelScorer scorer = new BaseModelScorer(model);
        ItemStatsIndex items = new ItemStatsIndex(Duration.ZERO);
        for (int i = 0; i < 25; i++) {
            items.register("i" + i);
        }
        List<String> recent = List.of("i2", "i4", "i6", "i4", "i8", "i10", "i12", "i14");
        UserContext u = UserContext.of(recent, recent);
        int[] candidates = {items.idOf("i1"), items.idOf("i3"), items.idOf("i24")};

        HistoryContributions split =
                new BaseModelAttribution(scorer).contributions(items, u, 0L, candidates);

        // The encoder reads the last five items with a latent.
        assertThat(split.historyItems()).containsExactly("i4", "i8", "i10", "i12", "i14");
        float[] full = scorer.userLatent(items, u);
        for (int k = 0; k < split.historyItems().size(); k++) {
            float[] without =
                    scorer.userLatent(
                            items, Counterfactuals.without(u, split.historyItems().get(k)));
            for (int c = 0; c < candidates.length; c++) {
                float[] z = scorer.itemLatent(items, candidates[c]);
                double expected = dot(full, z) - dot(without, z);
                assertThat(split.values()[c][k]).isEqualTo(expected);
            }
        }
    }

    private static double dot(float[] a, float[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
