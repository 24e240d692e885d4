package org.dynmm.rec.operators.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.ranking.CooccurrenceScorer.Similarity;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BaselineRankerFunctionTest {
    private KeyedBroadcastOperatorTestHarness<String, ScoreRequest, ItemUpdate, Recommendation>
            harness;

    private static KeyedBroadcastOperatorTestHarness<
                    String, ScoreRequest, ItemUpdate, Recommendation>
            newHarness(RankerConfig config) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new BaselineRankerFunction(config),
                        List.of(BaselineRankerFunction.ITEM_INDEX)),
                request -> request.user,
                Types.STRING,
                1,
                1,
                0);
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static RankerConfig cooccurrence(int topN) {
        return new RankerConfig(
                RankerConfig.Kind.COOCCURRENCE, topN, 20, Similarity.COSINE, Duration.ZERO, null);
    }

    private static ScoreRequest request(String user, List<String> recent, List<String> seen) {
        ScoreRequest r = new ScoreRequest();
        r.user = user;
        r.ts = 1000;
        r.trigger = "interaction";
        r.triggerItem = recent.get(recent.size() - 1);
        r.recentItems = recent;
        r.seenItems = seen;
        return r;
    }

    /** Users who took "a" often took "b" next, less often "c"; "d" is popular but unrelated. */
    private void feedPlantedPattern() throws Exception {
        harness.processBroadcastElement(
                ItemUpdate.content(new ItemContent("b", "Bee Movie", null, Map.of(), 0)), 0);
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

    @Test
    void ranksByCoInteractionThenPopularityAndExcludesSeenItems() throws Exception {
        harness = newHarness(cooccurrence(3));
        harness.open();
        feedPlantedPattern();

        harness.processElement(request("u1", List.of("a"), List.of("a")), 1000);

        Recommendation rec = harness.extractOutputValues().get(0);
        assertThat(rec.user).isEqualTo("u1");
        assertThat(rec.modelVersion).isEqualTo("baseline-cooccurrence-cosine");
        assertThat(rec.items).extracting(i -> i.item).containsExactly("b", "c", "d");
        assertThat(rec.items).extracting(i -> i.rank).containsExactly(1, 2, 3);
        assertThat(rec.items.get(0).title).isEqualTo("Bee Movie");
        assertThat(rec.items.get(0).score).isGreaterThan(rec.items.get(1).score);
    }

    @Test
    void popularityRankerOrdersByCount() throws Exception {
        harness =
                newHarness(
                        new RankerConfig(
                                RankerConfig.Kind.POPULARITY,
                                2,
                                20,
                                Similarity.COUNT,
                                Duration.ZERO,
                                null));
        harness.open();
        feedPlantedPattern();

        harness.processElement(request("u1", List.of("x"), List.of("x", "d")), 1000);

        Recommendation rec = harness.extractOutputValues().get(0);
        assertThat(rec.modelVersion).isEqualTo("baseline-popularity");
        // d (9) is seen, so b (5) then c (2).
        assertThat(rec.items).extracting(i -> i.item).containsExactly("b", "c");
    }

    @Test
    void broadcastItemViewSurvivesSnapshotAndRestore() throws Exception {
        harness = newHarness(cooccurrence(2));
        harness.open();
        feedPlantedPattern();
        OperatorSubtaskState snapshot = harness.snapshot(1L, 100L);
        harness.close();

        harness = newHarness(cooccurrence(2));
        harness.initializeState(snapshot);
        harness.open();
        harness.processElement(request("u2", List.of("a"), List.of("a")), 1000);

        assertThat(harness.extractOutputValues().get(0).items)
                .extracting(i -> i.item)
                .containsExactly("b", "c");
    }

    @Test
    void requestBeforeAnyItemIsKnownGetsAnEmptyList() throws Exception {
        harness = newHarness(cooccurrence(2));
        harness.open();
        harness.processElement(request("u1", List.of("a"), List.of("a")), 1000);
        assertThat(harness.extractOutputValues())
                .singleElement()
                .satisfies(r -> assertThat(r.items).isEmpty());
    }
}
