package org.dynmm.rec.operators.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.explain.EvidenceKind;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.explain.Explanation;
import org.dynmm.rec.models.ranking.CooccurrenceScorer.Similarity;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.operators.ranking.BaselineRankerFunction;
import org.dynmm.rec.operators.ranking.RankerConfig;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecommendedItem;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ranker operator with the explanation stage on, in a keyed broadcast test harness. */
class ExplainingRankerTest {
    private KeyedBroadcastOperatorTestHarness<String, ScoreRequest, ItemUpdate, Recommendation>
            harness;

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private void open(ExplainConfig explain) throws Exception {
        RankerConfig ranker =
                new RankerConfig(
                        RankerConfig.Kind.COOCCURRENCE,
                        3,
                        20,
                        Similarity.COUNT,
                        Duration.ZERO,
                        null);
        harness =
                new KeyedBroadcastOperatorTestHarness<>(
                        new CoBroadcastWithKeyedOperator<>(
                                new BaselineRankerFunction(ranker, explain),
                                List.of(BaselineRankerFunction.ITEM_INDEX)),
                        request -> request.user,
                        Types.STRING,
                        1,
                        1,
                        0);
        harness.open();
        // SYNTHETIC catalog: users who took "a" took "b" 5 times and "c" twice; "d" is popular.
        content("a", "Alpha (1990)", "Drama");
        content("b", "Bravo (1991)", "Drama", "Crime");
        content("c", "Charlie (1992)", "Comedy");
        content("d", "Delta (1993)", "Horror");
        for (int i = 0; i < 5; i++) {
            harness.processBroadcastElement(ItemUpdate.interaction("b", 10 + i, List.of("a")), 10);
        }
        for (int i = 0; i < 2; i++) {
            harness.processBroadcastElement(ItemUpdate.interaction("c", 20 + i, List.of("a")), 20);
        }
        for (int i = 0; i < 9; i++) {
            harness.processBroadcastElement(ItemUpdate.interaction("d", 30 + i, List.of("z")), 30);
        }
    }

    private void content(String item, String title, String... genres) throws Exception {
        harness.processBroadcastElement(
                ItemUpdate.content(
                        new ItemContent(item, title, null, Map.of("genres", List.of(genres)), 0)),
                0);
    }

    private static ScoreRequest request() {
        ScoreRequest r = new ScoreRequest();
        r.user = "u1";
        r.ts = 1000;
        r.trigger = "interaction";
        r.triggerItem = "a";
        r.recentItems = List.of("a");
        r.seenItems = List.of("a");
        return r;
    }

    @Test
    void everyItemCarriesVerifiedEvidenceGroundedRationale() throws Exception {
        open(ExplainConfig.enabled(ExplainSettings.defaults()));
        harness.processElement(request(), 1000);

        Recommendation rec = harness.extractOutputValues().get(0);
        assertThat(rec.items).extracting(i -> i.item).containsExactly("b", "c", "d");
        RecommendedItem b = rec.items.get(0);
        assertThat(b.rationaleSource).isEqualTo(Explanation.REALIZER);
        assertThat(b.evidence)
                .extracting(e -> e.kind)
                .containsExactly(
                        EvidenceKind.HISTORY_CONTRIBUTION,
                        EvidenceKind.CO_INTERACTION,
                        EvidenceKind.SHARED_ATTRIBUTE);
        assertThat(b.evidence.get(1).count).isEqualTo(5L);
        assertThat(b.rationale).contains("\u201cAlpha (1990)\u201d");
        for (RecommendedItem item : rec.items) {
            assertThat(item.verification.passed).as(item.rationale).isTrue();
            assertThat(item.verification.claims).isPositive();
        }
        // d was never co-taken with a: its only evidence is its popularity.
        assertThat(rec.items.get(2).evidence)
                .extracting(e -> e.kind)
                .containsExactly(EvidenceKind.POPULARITY);
    }

    @Test
    void disabledExplanationsLeaveItemsBare() throws Exception {
        open(ExplainConfig.disabled());
        harness.processElement(request(), 1000);

        RecommendedItem b = harness.extractOutputValues().get(0).items.get(0);
        assertThat(b.rationale).isNull();
        assertThat(b.evidence).isEmpty();
        assertThat(b.verification).isNull();
    }

    @Test
    void aFailingExplanationLeavesTheListUnexplainedInsteadOfFailing() {
        // A scorer that breaks when asked about a history without "a" (the leave-one-out pass).
        ItemScorer fragile =
                (index, user, now, out) -> {
                    if (!user.recentItems().contains("a")) {
                        throw new IllegalStateException("SYNTHETIC scorer failure");
                    }
                    for (int id = 0; id < index.size(); id++) {
                        out[id] = id;
                    }
                };
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        index.register("a");
        index.register("b");
        UserContext user = UserContext.of(List.of("a"), List.of("a"));
        Recommendation rec =
                Recommendation.of(request(), Ranker.topN(index, fragile, user, 1000, 1), "test");
        RecommendationExplainer explainer =
                RecommendationExplainer.create(
                        ExplainConfig.enabled(ExplainSettings.defaults()), fragile);

        assertThat(explainer.explain(index, user, rec)).isZero();
        assertThat(rec.items).extracting(i -> i.item).containsExactly("b");
        assertThat(rec.items.get(0).rationale).isNull();
        assertThat(rec.items.get(0).evidence).isEmpty();
    }
}
