package org.dynmm.rec.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.PopularityScorer;
import org.dynmm.rec.models.ranking.UserContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrequentialEvaluatorTest {
    /** Scores items by their name, reverse alphabetical: f > e > ... > a. Ignores all state. */
    private static final ItemScorer REVERSE_ALPHABETICAL =
            (index, user, now, out) -> {
                for (int id = 0; id < index.size(); id++) {
                    out[id] = index.itemAt(id).charAt(0);
                }
            };

    private static final double LOG2_4 = 2.0;

    /**
     * Catalog a..f. Training (10 events): u1 takes a, b, c, d, e; u2 takes a, b; u4 takes a, e, d.
     * Counts at the cutoff: a 3, b 2, c 1, d 2, e 2, f 0. Test: u1 f, u3 a, u2 c, then u2 a again.
     */
    private static Dataset tinyDataset() {
        String[][] events = {
            {"u1", "a"},
            {"u1", "b"},
            {"u1", "c"},
            {"u1", "d"},
            {"u1", "e"},
            {"u2", "a"},
            {"u2", "b"},
            {"u4", "a"},
            {"u4", "e"},
            {"u4", "d"},
            {"u1", "f"},
            {"u3", "a"},
            {"u2", "c"},
            {"u2", "a"}
        };
        List<InteractionEvent> interactions = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            interactions.add(new InteractionEvent(events[i][0], events[i][1], "view", 1f, i + 1));
        }
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (String item : new String[] {"a", "b", "c", "d", "e", "f"}) {
            items.put(item, new ItemContent(item, item, null, Map.of(), 0));
        }
        return new Dataset("tiny", interactions, items);
    }

    private static EvaluationReport evaluateTiny() {
        // 14 events * 0.75 = 10.5: the first 10 train, k = 3.
        EvaluationConfig config = EvaluationConfig.defaults().withCutoffFraction(0.75).withK(3);
        return new PrequentialEvaluator(
                        config,
                        List.of(
                                new RankingMethod("pop", PopularityScorer.plainCounts()),
                                new RankingMethod("zyx", REVERSE_ALPHABETICAL)))
                .evaluate(tinyDataset());
    }

    @Test
    void methodsSeeTheWholeBoundedHistoryAsTheJobsScoreRequestsCarryIt() {
        // Co-occurrence window 2 of a history of up to 50: u1's test event comes after 5 items.
        List<Integer> seen = new ArrayList<>();
        ItemScorer recording =
                (index, user, now, out) -> {
                    seen.add(user.recentItems().size());
                    REVERSE_ALPHABETICAL.score(index, user, now, out);
                };
        EvaluationConfig config =
                EvaluationConfig.defaults()
                        .withCutoffFraction(0.75)
                        .withK(3)
                        .withCooccurrenceWindow(2);
        new PrequentialEvaluator(config, List.of(new RankingMethod("rec", recording)))
                .evaluate(tinyDataset());
        // Test events: u1 f (after a..e), u3 a (new user), u2 c (after a, b).
        assertThat(seen).containsExactly(5, 0, 2);
    }

    @Test
    void onlineMethodsLearnFromTheWholeBoundedHistoryTheyAreScoredWith() {
        // Co-occurrence window 2: an online method (the adapter) must still learn from the same
        // history it is scored with, or it trains on one user latent and serves another.
        List<String> learned = new ArrayList<>();
        List<Integer> scored = new ArrayList<>();
        OnlineMethod recording =
                new OnlineMethod() {
                    @Override
                    public void score(
                            ItemStatsIndex index,
                            String user,
                            UserContext context,
                            long now,
                            double[] out) {
                        scored.add(context.recentItems().size());
                        REVERSE_ALPHABETICAL.score(index, context, now, out);
                    }

                    @Override
                    public void learn(
                            ItemStatsIndex index,
                            String user,
                            UserContext before,
                            InteractionEvent event) {
                        learned.add(event.user + event.item + ":" + before.recentItems());
                    }

                    @Override
                    public void record(
                            ItemStatsIndex index,
                            String user,
                            InteractionEvent event,
                            int coItems) {}
                };
        EvaluationConfig config =
                EvaluationConfig.defaults()
                        .withCutoffFraction(0.75)
                        .withK(3)
                        .withCooccurrenceWindow(2);
        new PrequentialEvaluator(config, List.of(RankingMethod.online("rec", recording)))
                .evaluate(tinyDataset());
        assertThat(scored).containsExactly(5, 0, 2);
        // Every event, training ones included: u1 takes e after a..d, and f after a..e.
        assertThat(learned).contains("u1e:[a, b, c, d]", "u1f:[a, b, c, d, e]", "u2c:[a, b]");
        assertThat(learned).hasSize(14);
    }

    @Test
    void splitsAtTheCutoffAndSkipsItemsAlreadySeen() {
        EvaluationReport report = evaluateTiny();

        assertThat(report.trainEvents()).isEqualTo(10);
        assertThat(report.testEvents()).isEqualTo(4);
        assertThat(report.skippedSeen()).isEqualTo(1); // u2 takes a again
        assertThat(report.cutoffTs()).isEqualTo(11);
        assertThat(report.result("pop", Slice.ALL).events()).isEqualTo(3);
    }

    @Test
    void hitRateAndNdcgMatchHandComputedRanks() {
        EvaluationReport report = evaluateTiny();

        // pop: u1 f is the only unseen item (rank 1); u3 a has the top count 3 (rank 1);
        // u2 (seen a, b) ranks d 2, e 2, c 1, f 1: c is 3rd, NDCG 1/log2(4).
        SliceResult pop = report.result("pop", Slice.ALL);
        assertThat(pop.hitRate()).isCloseTo(1.0, within(1e-12));
        assertThat(pop.ndcg()).isCloseTo((1 + 1 + 1 / LOG2_4) / 3, within(1e-12));

        // zyx: f rank 1; a is last of 6 for u3; c is 4th of c, d, e, f for u2.
        SliceResult zyx = report.result("zyx", Slice.ALL);
        assertThat(zyx.hitRate()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(zyx.ndcg()).isCloseTo(1.0 / 3, within(1e-12));
    }

    @Test
    void pairedDifferencesMatchTheSliceMetricsAndCountWins() {
        EvaluationConfig config = EvaluationConfig.defaults().withCutoffFraction(0.75).withK(3);
        EvaluationReport report =
                new PrequentialEvaluator(
                                config,
                                List.of(
                                        new RankingMethod("pop", PopularityScorer.plainCounts()),
                                        new RankingMethod("zyx", REVERSE_ALPHABETICAL)))
                        .compareAgainst("pop")
                        .compareAgainst("not-a-method")
                        .evaluate(tinyDataset());
        assertThat(report.differences()).hasSize(Slice.values().length);
        for (PairedDifference d : report.differences()) {
            assertThat(d.method()).isEqualTo("zyx");
            assertThat(d.reference()).isEqualTo("pop");
            SliceResult zyx = report.result("zyx", d.slice());
            SliceResult pop = report.result("pop", d.slice());
            assertThat(d.events()).isEqualTo(zyx.events());
            assertThat(d.difference()).isCloseTo(zyx.ndcg() - pop.ndcg(), within(1e-6));
            assertThat(d.low()).isLessThanOrEqualTo(d.difference());
            assertThat(d.high()).isGreaterThanOrEqualTo(d.difference());
        }
        // All events: zyx ties pop on u1 f (both rank 1) and loses u3 a and u2 c.
        PairedDifference all = report.differences().get(0);
        assertThat(all.slice()).isEqualTo(Slice.ALL);
        assertThat(all.methodWins()).isZero();
        assertThat(all.referenceWins()).isEqualTo(2);
        // No resample can favour zyx (at best it draws only the tie).
        assertThat(all.high()).isLessThanOrEqualTo(0);
        assertThat(report.renderTable()).contains("paired differences of NDCG@3");
        assertThat(report.renderMarkdown()).contains("| zyx | pop | all |");
        assertThat(report.toJson().get("pairedDifferences")).hasSize(3);
    }

    @Test
    void slicesCountColdUsersAndItemsUnseenInTraining() {
        EvaluationReport report = evaluateTiny();

        // Cold: u3 (0 prior events) and u2 (2); u1 had 5. Unseen item: only f.
        assertThat(report.result("pop", Slice.COLD_USERS))
                .isEqualTo(new SliceResult(2, 1.0, (1 + 1 / LOG2_4) / 2));
        assertThat(report.result("zyx", Slice.COLD_USERS)).isEqualTo(new SliceResult(2, 0, 0));
        assertThat(report.result("pop", Slice.UNSEEN_ITEMS)).isEqualTo(new SliceResult(1, 1, 1));
        assertThat(report.result("zyx", Slice.UNSEEN_ITEMS)).isEqualTo(new SliceResult(1, 1, 1));
    }

    /**
     * Training: u1 a, u2 a, u3 a, u1 b, u2 b, u1 f (counts a 3, b 2, f 1). Test: u4 c, u5 f, u6 f,
     * u7 f, u8 c, u9 c. The unseen item c ranks 4th (k = 3: a miss) every time, by plain counts and
     * item id on ties: 0 vs a 3, b 2, f 1; then 1 vs f 4, a 3, b 2; then 2 vs f 4, a 3, b 2 (b
     * first on the tie). Had the f events not reached the state, c would rank 3rd (1 vs a 3, b 2, f
     * 1, c first on the tie): a hit.
     */
    private static Dataset warmEventsBetweenUnseenOnes() {
        String[][] events = {
            {"u1", "a"}, {"u2", "a"}, {"u3", "a"}, {"u1", "b"}, {"u2", "b"}, {"u1", "f"},
            {"u4", "c"}, {"u5", "f"}, {"u6", "f"}, {"u7", "f"}, {"u8", "c"}, {"u9", "c"}
        };
        List<InteractionEvent> interactions = new ArrayList<>();
        for (int i = 0; i < events.length; i++) {
            interactions.add(new InteractionEvent(events[i][0], events[i][1], "view", 1f, i + 1));
        }
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (String item : new String[] {"a", "b", "c", "d", "e", "f"}) {
            items.put(item, new ItemContent(item, item, null, Map.of(), 0));
        }
        return new Dataset("warm-between", interactions, items);
    }

    @Test
    void rankingOnlyUnseenItemsKeepsTheirSliceAndFeedsTheStateEveryEvent() {
        EvaluationConfig config = EvaluationConfig.defaults().withCutoffFraction(0.5).withK(3);
        List<RankingMethod> methods =
                List.of(new RankingMethod("pop", PopularityScorer.plainCounts()));
        EvaluationReport full =
                new PrequentialEvaluator(config, methods).evaluate(warmEventsBetweenUnseenOnes());
        EvaluationReport partial =
                new PrequentialEvaluator(config, methods)
                        .rankOnlyUnseenItems()
                        .evaluate(warmEventsBetweenUnseenOnes());

        assertThat(full.result("pop", Slice.UNSEEN_ITEMS)).isEqualTo(new SliceResult(3, 0, 0));
        assertThat(partial.result("pop", Slice.UNSEEN_ITEMS))
                .isEqualTo(full.result("pop", Slice.UNSEEN_ITEMS));
        assertThat(full.result("pop", Slice.ALL).events()).isEqualTo(6);
        // The other slices are absent, not zero, and every output says so.
        assertThat(partial.results().get("pop")).containsOnlyKeys(Slice.UNSEEN_ITEMS);
        assertThat(partial.unseenItemsOnly()).isTrue();
        assertThat(full.unseenItemsOnly()).isFalse();
        assertThat(partial.renderTable()).contains("NOT computed");
        assertThat(partial.renderMarkdown()).contains("NOT computed");
        assertThat(partial.toJson().get("unseenItemsOnly").asBoolean()).isTrue();
        assertThat(full.renderTable()).doesNotContain("NOT computed");
    }

    @Test
    void rankListenersSeeEveryRankedEventWithTheRankTheMetricsUsed() {
        EvaluationConfig config = EvaluationConfig.defaults().withCutoffFraction(0.75).withK(3);
        List<String> seen = new ArrayList<>();
        new PrequentialEvaluator(
                        config,
                        List.of(
                                new RankingMethod("pop", PopularityScorer.plainCounts()),
                                new RankingMethod("zyx", REVERSE_ALPHABETICAL)))
                .addRankListener(
                        (method, event, unseen, rank) ->
                                seen.add(
                                        method
                                                + " "
                                                + event.user
                                                + " "
                                                + event.item
                                                + " "
                                                + unseen
                                                + " "
                                                + rank))
                .evaluate(tinyDataset());
        // The hand-computed ranks of hitRateAndNdcgMatchHandComputedRanks, in replay order; the
        // skipped repeat (u2 a) is not ranked.
        assertThat(seen)
                .containsExactly(
                        "pop u1 f true 1",
                        "zyx u1 f true 1",
                        "pop u3 a false 1",
                        "zyx u3 a false 6",
                        "pop u2 c false 3",
                        "zyx u2 c false 4");
    }

    @Test
    void anItemOutsideCatalogAndTrainingRanksBelowEverything() {
        List<InteractionEvent> events = new ArrayList<>(tinyDataset().interactions());
        events.add(new InteractionEvent("u3", "brand-new", "view", 1f, 100));
        Dataset data = new Dataset("tiny+", events, tinyDataset().items());
        // 15 * 0.7 = 10.5: the same 10 training events.
        EvaluationReport report =
                new PrequentialEvaluator(
                                EvaluationConfig.defaults().withCutoffFraction(0.7).withK(1),
                                List.of(new RankingMethod("pop", PopularityScorer.plainCounts())))
                        .evaluate(data);

        assertThat(report.result("pop", Slice.UNSEEN_ITEMS).events()).isEqualTo(2);
        assertThat(report.result("pop", Slice.UNSEEN_ITEMS).hitRate()).isEqualTo(0.5);
    }

    @Test
    void duplicatesAreDroppedLikeTheJobDoes() {
        List<InteractionEvent> events = new ArrayList<>(tinyDataset().interactions());
        events.add(new InteractionEvent("u3", "a", "view", 1f, 12)); // same as the 12th event
        Dataset data = new Dataset("tiny-dup", events, tinyDataset().items());
        EvaluationReport report =
                new PrequentialEvaluator(
                                EvaluationConfig.defaults().withCutoffFraction(0.7),
                                List.of(new RankingMethod("pop", PopularityScorer.plainCounts())))
                        .evaluate(data);

        assertThat(report.duplicates()).isEqualTo(1);
        assertThat(report.skippedSeen()).isEqualTo(1);
        assertThat(report.result("pop", Slice.ALL).events()).isEqualTo(3);
    }

    @Test
    void reportRendersATableAndJson(@TempDir Path dir) throws IOException {
        EvaluationReport report = evaluateTiny();

        String table = report.renderTable();
        assertThat(table).contains("HR@3", "NDCG@3", "cold-users", "unseen-items");
        assertThat(table).containsPattern("pop\\s+all\\s+3\\s+1\\.0000\\s+0\\.8333");

        Path file = dir.resolve("out/report.json");
        report.writeJson(file);
        JsonNode json = new ObjectMapper().readTree(file.toFile());
        assertThat(json.get("testEvents").asLong()).isEqualTo(4);
        assertThat(json.get("config").get("k").asInt()).isEqualTo(3);
        assertThat(json.at("/methods/zyx/all/hr").asDouble()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(json.at("/methods/pop/cold-users/events").asLong()).isEqualTo(2);
    }

    @Test
    void printsProgressAboutEveryTenPercent() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<InteractionEvent> events = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            events.add(new InteractionEvent("u" + (i % 7), "i" + i, "view", 1f, i));
        }
        new PrequentialEvaluator(
                        EvaluationConfig.defaults(),
                        List.of(new RankingMethod("pop", PopularityScorer.plainCounts())))
                .evaluate(
                        new Dataset("progress", events, Map.of()),
                        new PrintStream(bytes, true, StandardCharsets.UTF_8));

        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(10);
        assertThat(lines[0]).contains("10%", "20/200");
        assertThat(lines[9]).contains("100%", "200/200");
    }
}
