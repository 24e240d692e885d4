package org.dynmm.rec.operators.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.base.PopularityPrior;
import org.dynmm.rec.models.base.SyntheticBundles;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecommendedItem;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BatchedRankerFunctionTest {
    private static final int ITEMS = 120;
    private static final int D = 8;
    private static final int L = 4;
    private static final String VERSION = "base-20261126-batched1";

    @TempDir static Path dir;

    private static Path bundlePath;
    private static BaseModel model;

    private KeyedBroadcastOperatorTestHarness<String, ScoreRequest, ItemUpdate, Recommendation>
            harness;

    /** Updates fed to every harness, and the same view built next to it for the expectations. */
    private final List<ItemUpdate> updates = new ArrayList<>();

    private ItemStatsIndex expectedIndex;

    /** The model the expectations score with (the bundle the harness loads). */
    private BaseModel expectedModel = model;

    @BeforeAll
    static void writeBundle() {
        bundlePath = dir.resolve("bundle");
        ModelBundles.write(
                bundlePath, SyntheticBundles.randomBundle(new Random(5), ITEMS, D, L, VERSION));
        model = BaseModel.load(ModelBundles.read(bundlePath));
    }

    @AfterEach
    void close() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    private static BatchedRankerConfig config(int batchSize, long timeoutMillis) {
        return new BatchedRankerConfig(
                bundlePath.toString(), 10, batchSize, Duration.ofMillis(timeoutMillis), "cpu");
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, ScoreRequest, ItemUpdate, Recommendation>
            newHarness(BatchedRankerConfig config) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new BatchedRankerFunction(config),
                        List.of(BaselineRankerFunction.ITEM_INDEX)),
                request -> request.user,
                Types.STRING,
                1,
                1,
                0);
    }

    /**
     * Titles for some bundle items, three new items with a latent from their content, one new item
     * with content but no latent, interactions (one with an item nobody described).
     */
    private void feedItems() throws Exception {
        Random rnd = new Random(9);
        for (int i = 0; i < ITEMS; i += 7) {
            updates.add(
                    ItemUpdate.content(new ItemContent("i" + i, "Movie " + i, null, Map.of(), 0)));
        }
        for (int n = 0; n < 3; n++) {
            ItemUpdate u =
                    ItemUpdate.content(new ItemContent("new" + n, "New " + n, null, Map.of(), 5));
            u.latent = new float[D];
            for (int j = 0; j < D; j++) {
                u.latent[j] = (float) rnd.nextGaussian() * 2f;
            }
            updates.add(u);
        }
        updates.add(ItemUpdate.content(new ItemContent("bare", "Bare", null, Map.of(), 6)));
        updates.add(ItemUpdate.interaction("i3", 10, List.of("i4")));
        updates.add(ItemUpdate.interaction("mystery", 11, List.of("i3")));
        expectedIndex = new ItemStatsIndex(Duration.ZERO);
        model.itemIds().forEach(expectedIndex::register);
        for (ItemUpdate u : updates) {
            BaselineRankerFunction.apply(expectedIndex, u);
            harness.processBroadcastElement(u, 1);
        }
    }

    private static ScoreRequest request(Random rnd, String user, long ts) {
        ScoreRequest r = new ScoreRequest();
        r.user = user;
        r.ts = ts;
        r.trigger = "interaction";
        for (int i = rnd.nextInt(8); i >= 0; i--) {
            String item = rnd.nextInt(10) == 0 ? "new" + rnd.nextInt(3) : "i" + rnd.nextInt(ITEMS);
            if (!r.recentItems.contains(item)) {
                r.recentItems.add(item);
            }
            r.seenItems.add(item);
        }
        r.seenItems.add("i" + rnd.nextInt(ITEMS));
        r.triggerItem = r.recentItems.get(r.recentItems.size() - 1);
        return r;
    }

    /** What the per-request path gives: Ranker.topN with a BaseModelScorer, cut at -inf. */
    private Recommendation expected(ScoreRequest r) {
        List<ScoredItem> top =
                Ranker.topN(
                        expectedIndex,
                        new BaseModelScorer(expectedModel),
                        UserContext.of(r.recentItems, r.seenItems),
                        r.ts,
                        10);
        Recommendation rec = new Recommendation();
        rec.user = r.user;
        rec.ts = r.ts;
        rec.trigger = r.trigger;
        rec.triggerItem = r.triggerItem;
        rec.modelVersion = VERSION;
        for (ScoredItem s : top) {
            if (s.score == Double.NEGATIVE_INFINITY) {
                break;
            }
            rec.items.add(new RecommendedItem(rec.items.size() + 1, s.item, s.title, s.score));
        }
        return rec;
    }

    private void assertMatchesPerRequestRanking(
            List<ScoreRequest> requests, List<Recommendation> actual) {
        assertThat(actual).hasSize(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            Recommendation want = expected(requests.get(i));
            Recommendation got = actual.get(i);
            assertThat(got.user).isEqualTo(want.user);
            assertThat(got.ts).isEqualTo(want.ts);
            assertThat(got.trigger).isEqualTo(want.trigger);
            assertThat(got.triggerItem).isEqualTo(want.triggerItem);
            assertThat(got.modelVersion).isEqualTo(VERSION);
            assertThat(got.items)
                    .extracting(x -> x.item)
                    .containsExactlyElementsOf(want.items.stream().map(x -> x.item).toList());
            assertThat(got.items)
                    .extracting(x -> x.title)
                    .containsExactlyElementsOf(want.items.stream().map(x -> x.title).toList());
            for (int j = 0; j < want.items.size(); j++) {
                assertThat(got.items.get(j).rank).isEqualTo(j + 1);
                assertThat(got.items.get(j).score).isCloseTo(want.items.get(j).score, within(1e-4));
            }
        }
    }

    @Test
    void aFullBufferIsScoredAtOnceAndMatchesThePerRequestRanking() throws Exception {
        harness = newHarness(config(16, 60_000));
        harness.open();
        feedItems();
        Random rnd = new Random(1);
        List<ScoreRequest> requests = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            requests.add(request(rnd, "u" + i % 6, 100 + i));
            harness.processElement(requests.get(i), 100 + i);
        }
        assertThat(harness.extractOutputValues()).isEmpty();

        for (int i = 15; i < 47; i++) { // 47 requests: two full batches, 15 waiting
            requests.add(request(rnd, "u" + i % 6, 100 + i));
            harness.processElement(requests.get(i), 100 + i);
        }
        List<Recommendation> out = harness.extractOutputValues();
        assertThat(out).hasSize(32);
        assertMatchesPerRequestRanking(requests.subList(0, 32), out);
        for (int i = 0; i < 32; i++) {
            assertThat(out.get(i).items)
                    .hasSize(10)
                    .noneMatch(x -> x.item.equals("bare") || x.item.equals("mystery"));
            List<String> seen = requests.get(i).seenItems;
            assertThat(out.get(i).items).noneMatch(x -> seen.contains(x.item));
        }
    }

    @Test
    void aBundleWithAPopularityPriorRanksAsThePerRequestPathAtEachRequestTime() throws Exception {
        Path priorPath = dir.resolve("prior-bundle");
        ModelBundle bundle = SyntheticBundles.randomBundle(new Random(5), ITEMS, D, L, VERSION);
        new PopularityPrior(1.5, 4.0, Duration.ZERO).writeTo(bundle.manifest().hyperParameters);
        ModelBundles.write(priorPath, bundle);
        expectedModel = BaseModel.load(ModelBundles.read(priorPath));
        harness =
                newHarness(
                        new BatchedRankerConfig(
                                priorPath.toString(), 10, 8, Duration.ofMillis(60_000), "cpu"));
        harness.open();
        Random rnd = new Random(4);
        for (int e = 0; e < 300; e++) { // skewed popularity, new items included
            String item = rnd.nextInt(5) == 0 ? "new" + rnd.nextInt(3) : "i" + rnd.nextInt(20);
            updates.add(ItemUpdate.interaction(item, 20 + e, List.of()));
        }
        feedItems();
        List<ScoreRequest> requests = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            requests.add(request(rnd, "u" + i % 5, 1_000 + i));
            harness.processElement(requests.get(i), 1_000 + i);
        }
        List<Recommendation> out = harness.extractOutputValues();
        assertMatchesPerRequestRanking(requests, out);
        boolean priorMatters = false;
        for (ScoreRequest r : requests) {
            List<ScoredItem> withoutPrior =
                    Ranker.topN(
                            expectedIndex,
                            new BaseModelScorer(model),
                            UserContext.of(r.recentItems, r.seenItems),
                            r.ts,
                            10);
            priorMatters |=
                    !withoutPrior.stream()
                            .map(x -> x.item)
                            .toList()
                            .equals(expected(r).items.stream().map(x -> x.item).toList());
        }
        assertThat(priorMatters).as("the prior changes some lists").isTrue();
    }

    @Test
    void aPriorCalibratedWithAnotherPopularityHalfLifeStopsTheRankerAtOpen() throws Exception {
        Path priorPath = dir.resolve("prior-30d");
        ModelBundle bundle = SyntheticBundles.randomBundle(new Random(5), ITEMS, D, L, VERSION);
        new PopularityPrior(1.0, 1.0, Duration.ofDays(30))
                .writeTo(bundle.manifest().hyperParameters);
        ModelBundles.write(priorPath, bundle);
        harness =
                newHarness(
                        new BatchedRankerConfig(
                                priorPath.toString(), 10, 8, Duration.ofMillis(50), "cpu"));
        assertThatThrownBy(() -> harness.open())
                .hasMessageContaining("popularity prior")
                .hasMessageContaining("PT720H");
    }

    @Test
    void theTimeoutFlushesAPartialBatch() throws Exception {
        harness = newHarness(config(64, 50));
        harness.open();
        feedItems();
        harness.setProcessingTime(1_000);
        Random rnd = new Random(2);
        List<ScoreRequest> requests =
                List.of(request(rnd, "a", 1), request(rnd, "b", 2), request(rnd, "c", 3));
        harness.processElement(requests.get(0), 1);
        harness.setProcessingTime(1_020);
        harness.processElement(requests.get(1), 2);
        harness.processElement(requests.get(2), 3);
        harness.setProcessingTime(1_049);
        assertThat(harness.extractOutputValues()).isEmpty();

        harness.setProcessingTime(1_050); // the first request's deadline
        assertMatchesPerRequestRanking(requests, harness.extractOutputValues());

        // The next request opens a new batch with its own deadline.
        ScoreRequest late = request(rnd, "a", 4);
        harness.processElement(late, 4);
        harness.setProcessingTime(1_099);
        assertThat(harness.extractOutputValues()).hasSize(3);
        harness.setProcessingTime(1_100);
        assertThat(harness.extractOutputValues()).hasSize(4);
    }

    @Test
    void aStaleTimerOfABatchFlushedBySizeDoesNotFlushTheNextOneEarly() throws Exception {
        harness = newHarness(config(2, 100));
        harness.open();
        feedItems();
        harness.setProcessingTime(0);
        Random rnd = new Random(3);
        harness.processElement(request(rnd, "a", 1), 1); // timer at 100
        harness.processElement(request(rnd, "b", 2), 2); // full: flushed
        harness.setProcessingTime(60);
        harness.processElement(request(rnd, "c", 3), 3); // deadline 160
        harness.setProcessingTime(100); // the first batch's timer fires: nothing to do
        assertThat(harness.extractOutputValues()).hasSize(2);
        harness.setProcessingTime(160);
        assertThat(harness.extractOutputValues()).hasSize(3);
    }

    @Test
    void bufferedRequestsSurviveASnapshotAndAreScoredAfterRestore() throws Exception {
        harness = newHarness(config(64, 1_000));
        harness.open();
        feedItems();
        harness.setProcessingTime(0);
        Random rnd = new Random(4);
        List<ScoreRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(request(rnd, "u" + i, 10 + i));
            harness.processElement(requests.get(i), 10 + i);
        }
        OperatorSubtaskState snapshot = harness.snapshot(1L, 100L);
        assertThat(harness.extractOutputValues()).isEmpty();
        harness.close();

        harness = newHarness(config(64, 1_000));
        harness.initializeState(snapshot);
        harness.open();
        harness.setProcessingTime(10); // any timer: the restored requests are overdue
        assertThat(harness.extractOutputValues()).isEmpty(); // their timer is at 1000
        harness.setProcessingTime(1_000);
        // The restored item view (broadcast state) is used, so the lists are as before.
        assertMatchesPerRequestRanking(requests, harness.extractOutputValues());
    }

    @Test
    void restoredRequestsAreScoredByTheNextInputWithoutWaitingForTheirTimer() throws Exception {
        harness = newHarness(config(64, 1_000));
        harness.open();
        feedItems();
        Random rnd = new Random(6);
        List<ScoreRequest> requests = new ArrayList<>(List.of(request(rnd, "x", 1)));
        harness.processElement(requests.get(0), 1);
        OperatorSubtaskState snapshot = harness.snapshot(1L, 100L);
        harness.close();

        harness = newHarness(config(64, 1_000));
        harness.initializeState(snapshot);
        harness.open();
        requests.add(request(rnd, "y", 2));
        harness.processElement(requests.get(1), 2);
        assertMatchesPerRequestRanking(requests, harness.extractOutputValues());
    }

    @Test
    void requestsBeforeAnyItemUpdateRankTheBundleCatalog() throws Exception {
        harness = newHarness(config(1, 1_000));
        harness.open();
        expectedIndex = new ItemStatsIndex(Duration.ZERO);
        model.itemIds().forEach(expectedIndex::register);
        ScoreRequest r = request(new Random(7), "u", 1);
        harness.processElement(r, 1);
        assertMatchesPerRequestRanking(List.of(r), harness.extractOutputValues());
        assertThat(harness.extractOutputValues().get(0).items).hasSize(10);
    }

    @Test
    void aMissingOrCorruptBundleFailsOpenWithTheReason() throws Exception {
        KeyedBroadcastOperatorTestHarness<String, ScoreRequest, ItemUpdate, Recommendation>
                missing =
                        newHarness(
                                new BatchedRankerConfig(
                                        dir.resolve("nope").toString(),
                                        10,
                                        8,
                                        Duration.ofMillis(5),
                                        "cpu"));
        try {
            assertThatThrownBy(missing::open)
                    .hasMessageContaining("cannot load the model bundle")
                    .hasMessageContaining("nope");
        } finally {
            closeQuietly(missing);
        }

        Path corrupt = dir.resolve("corrupt");
        ModelBundles.write(
                corrupt, SyntheticBundles.randomBundle(new Random(5), ITEMS, D, L, VERSION));
        byte[] bytes = Files.readAllBytes(corrupt.resolve(ModelBundles.TENSORS_FILE));
        bytes[bytes.length - 1] ^= 1;
        Files.write(corrupt.resolve(ModelBundles.TENSORS_FILE), bytes);
        KeyedBroadcastOperatorTestHarness<String, ScoreRequest, ItemUpdate, Recommendation> bad =
                newHarness(
                        new BatchedRankerConfig(corrupt.toString(), 10, 8, Duration.ZERO, "cpu"));
        try {
            assertThatThrownBy(bad::open)
                    .hasMessageContaining("cannot load the model bundle")
                    .hasMessageContaining("corrupt");
        } finally {
            closeQuietly(bad);
        }
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> new BatchedRankerConfig("", 10, 8, Duration.ZERO, "cpu"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchedRankerConfig("b", 10, 0, Duration.ZERO, "cpu"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchedRankerConfig("b", 10, 8, Duration.ofMillis(-1), "cpu"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchedRankerConfig("b", 10, 8, Duration.ZERO, "tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tpu");
        assertThat(new BatchedRankerConfig("b", 10, 8, Duration.ZERO, "auto").popularityHalfLife())
                .isEqualTo(Duration.ZERO);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception | Error ignored) {
            // the operator never opened
        }
    }
}
