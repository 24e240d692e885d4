package org.dynmm.rec.operators.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.dynmm.rec.models.adapter.AdapterConfig;
import org.dynmm.rec.models.adapter.AdapterFeatures;
import org.dynmm.rec.models.adapter.AdapterParameters;
import org.dynmm.rec.models.adapter.TrainingSample;
import org.dynmm.rec.models.base.SyntheticBundles;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.explain.Evidence;
import org.dynmm.rec.models.explain.EvidenceKind;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecommendedItem;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.dynmm.rec.operators.records.TrainingExample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Harness tests of the adapter trainer and the adapted ranker. */
class AdapterOperatorsTest {
    private static final int ITEMS = 60;

    /** The trainer learns from every example (the default samples a quarter). */
    private static final AdapterConfig CONFIG =
            AdapterConfig.defaults().toBuilder()
                    .publishEvery(5)
                    .learningRate(0.01f)
                    .trainerSampleRate(1f)
                    .build();

    @TempDir static Path dir;
    private static Path bundle;

    @BeforeAll
    static void writeBundle() {
        bundle = dir.resolve("bundle");
        ModelBundles.write(
                bundle,
                SyntheticBundles.randomBundle(
                        new Random(3), ITEMS, 8, 4, "base-20261126-adapt001"));
    }

    /** SYNTHETIC stream: user u(k % 5) takes item i(k * 7 % ITEMS) at time k minutes. */
    private static TrainingExample example(int k) {
        TrainingExample e = new TrainingExample();
        e.user = "u" + (k % 5);
        e.item = "i" + (k * 7 % ITEMS);
        e.ts = k * 60_000L;
        e.recentItems = List.of("i" + ((k + 3) % ITEMS), "i" + ((k + 11) % ITEMS));
        e.userSummary = new float[AdapterFeatures.SIZE];
        e.userSummary[AdapterFeatures.SIZE - 1] = 1f;
        return e;
    }

    private static ItemUpdate interaction(int k) {
        TrainingExample e = example(k);
        return ItemUpdate.interaction(e.item, e.ts, e.recentItems);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    Byte, TrainingExample, ItemUpdate, ItemUpdate>
            trainerHarness() throws Exception {
        return trainerHarness(CONFIG);
    }

    private static KeyedTwoInputStreamOperatorTestHarness<
                    Byte, TrainingExample, ItemUpdate, ItemUpdate>
            trainerHarness(AdapterConfig config) throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(
                        new AdapterTrainerFunction(bundle.toString(), config, Duration.ZERO)),
                e -> (byte) 0,
                u -> (byte) 0,
                Types.BYTE);
    }

    /**
     * Feeds events {@code from..to-1}, the two inputs interleaved in the given order, then moves
     * the watermark past them.
     */
    private static void feed(
            KeyedTwoInputStreamOperatorTestHarness<Byte, TrainingExample, ItemUpdate, ItemUpdate> h,
            int from,
            int to,
            boolean updatesFirst)
            throws Exception {
        for (int k = from; k < to; k++) {
            if (updatesFirst) {
                h.processElement2(interaction(k), example(k).ts);
                h.processElement1(example(k), example(k).ts);
            } else {
                h.processElement1(example(k), example(k).ts);
                h.processElement2(interaction(k), example(k).ts);
            }
        }
        h.processBothWatermarks(new Watermark(example(to - 1).ts));
    }

    private static void feed(
            KeyedTwoInputStreamOperatorTestHarness<Byte, TrainingExample, ItemUpdate, ItemUpdate> h,
            int from,
            int to)
            throws Exception {
        feed(h, from, to, false);
    }

    private static List<AdapterParameters> versions(List<ItemUpdate> out) {
        List<AdapterParameters> params = new ArrayList<>();
        for (ItemUpdate u : out) {
            assertThat(u.adapter).isNotNull();
            params.add(u.adapter.toParameters());
        }
        return params;
    }

    @Test
    void trainerPublishesVersionsAndRestoresExactly() throws Exception {
        List<AdapterParameters> uninterrupted;
        try (var h = trainerHarness()) {
            h.open();
            feed(h, 0, 40);
            uninterrupted = versions(h.extractOutputValues());
        }
        try (var h = trainerHarness()) {
            h.open();
            feed(h, 0, 40, true);
            assertThat(versions(h.extractOutputValues()))
                    .as("arrival order of the two inputs does not matter")
                    .isEqualTo(uninterrupted);
        }
        assertThat(uninterrupted).hasSize(8);
        assertThat(uninterrupted.get(7).version()).isEqualTo(8);
        assertThat(uninterrupted.get(7).theta()).isNotEqualTo(uninterrupted.get(0).theta());

        OperatorSubtaskState snapshot;
        try (var h = trainerHarness()) {
            h.open();
            feed(h, 0, 20);
            snapshot = h.snapshot(1L, 20L);
        }
        try (var h = trainerHarness()) {
            h.initializeState(snapshot);
            h.open();
            feed(h, 20, 40);
            List<AdapterParameters> after = versions(h.extractOutputValues());
            // First the version it had at the snapshot (re-sent for the rankers), then the new
            // ones.
            assertThat(after.get(0)).isEqualTo(uninterrupted.get(3));
            assertThat(after.subList(1, after.size())).isEqualTo(uninterrupted.subList(4, 8));
        }
    }

    private static AdapterTrainerFunction trainerOf(
            KeyedTwoInputStreamOperatorTestHarness<Byte, TrainingExample, ItemUpdate, ItemUpdate>
                    h) {
        return (AdapterTrainerFunction)
                ((KeyedCoProcessOperator<?, ?, ?, ?>) h.getOperator()).getUserFunction();
    }

    @Test
    void aSampledTrainerStepsOnItsSampleOnlyAndRestoresExactly() throws Exception {
        AdapterConfig sampled = CONFIG.toBuilder().trainerSampleRate(0.5f).build();
        int events = 80;
        long expectedSteps = 0;
        for (int k = 0; k < events; k++) {
            TrainingExample e = example(k);
            if (TrainingSample.takes(sampled, e.user, e.item, e.ts)) {
                expectedSteps++;
            }
        }
        assertThat(expectedSteps).isBetween(20L, 60L);

        List<AdapterParameters> uninterrupted;
        try (var h = trainerHarness(sampled)) {
            h.open();
            feed(h, 0, events);
            assertThat(trainerOf(h).trainer().steps()).isEqualTo(expectedSteps);
            uninterrupted = versions(h.extractOutputValues());
        }
        assertThat(uninterrupted).hasSize((int) (expectedSteps / 5));

        // A checkpoint while examples of both kinds wait for the watermark: the waiting sampled
        // ones survive it, the others were dropped on arrival, so the restored run steps on the
        // same examples as the uninterrupted one.
        OperatorSubtaskState snapshot;
        long stepsAtSnapshot;
        try (var h = trainerHarness(sampled)) {
            h.open();
            feed(h, 0, 40);
            for (int k = 40; k < 50; k++) {
                h.processElement1(example(k), example(k).ts);
                h.processElement2(interaction(k), example(k).ts);
            }
            stepsAtSnapshot = trainerOf(h).trainer().steps();
            snapshot = h.snapshot(1L, 50L);
        }
        try (var h = trainerHarness(sampled)) {
            h.initializeState(snapshot);
            h.open();
            assertThat(trainerOf(h).trainer().steps()).isEqualTo(stepsAtSnapshot);
            h.processBothWatermarks(new Watermark(example(49).ts));
            feed(h, 50, events);
            assertThat(trainerOf(h).trainer().steps()).isEqualTo(expectedSteps);
            List<AdapterParameters> after = versions(h.extractOutputValues());
            // The re-sent version of the snapshot first, then the same new versions.
            assertThat(after.subList(1, after.size()))
                    .isEqualTo(
                            uninterrupted.subList(
                                    uninterrupted.size() - (after.size() - 1),
                                    uninterrupted.size()));
            assertThat(after.get(after.size() - 1))
                    .isEqualTo(uninterrupted.get(uninterrupted.size() - 1));
        }
    }

    @Test
    void poisonedExamplesAreRejectedAndParametersStayFinite() throws Exception {
        try (var h = trainerHarness()) {
            h.open();
            for (int k = 0; k < 30; k++) {
                TrainingExample bad = example(k);
                bad.userSummary[0] = k % 2 == 0 ? Float.NaN : 1e38f;
                h.processElement1(bad, bad.ts);
                h.processElement2(interaction(k), bad.ts);
                TrainingExample wrong = example(k);
                wrong.userSummary = new float[3];
                h.processElement1(wrong, bad.ts);
            }
            h.processBothWatermarks(new Watermark(example(29).ts));
            feed(h, 30, 60);
            AdapterTrainerFunction f =
                    (AdapterTrainerFunction)
                            ((KeyedCoProcessOperator<?, ?, ?, ?>) h.getOperator())
                                    .getUserFunction();
            assertThat(f.trainer().rejected()).isGreaterThanOrEqualTo(45);
            assertThat(AdapterParameters.allFinite(f.trainer().published().theta())).isTrue();
            for (AdapterParameters p : versions(h.extractOutputValues())) {
                assertThat(AdapterParameters.allFinite(p.theta())).isTrue();
            }
        }
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, ScoreRequest, ItemUpdate, Recommendation>
            rankerHarness() throws Exception {
        return rankerHarness(ExplainConfig.disabled());
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, ScoreRequest, ItemUpdate, Recommendation>
            rankerHarness(ExplainConfig explain) throws Exception {
        return rankerHarness(explain, CONFIG);
    }

    private static KeyedBroadcastOperatorTestHarness<
                    String, ScoreRequest, ItemUpdate, Recommendation>
            rankerHarness(ExplainConfig explain, AdapterConfig config) throws Exception {
        return new KeyedBroadcastOperatorTestHarness<>(
                new CoBroadcastWithKeyedOperator<>(
                        new AdaptedRankerFunction(
                                bundle.toString(),
                                config,
                                5,
                                Duration.ZERO,
                                Duration.ZERO,
                                explain),
                        List.of(AdaptedRankerFunction.ITEM_VIEW)),
                request -> request.user,
                Types.STRING,
                1,
                1,
                0);
    }

    private static ScoreRequest request(int k) {
        TrainingExample e = example(k);
        ScoreRequest r = new ScoreRequest();
        r.user = e.user;
        r.ts = e.ts;
        r.trigger = "interaction";
        r.triggerItem = e.item;
        r.recentItems = new ArrayList<>(e.recentItems);
        r.recentItems.add(e.item);
        r.seenItems = r.recentItems;
        r.userSummaryBefore = e.userSummary;
        r.userSummary = e.userSummary.clone();
        return r;
    }

    private static void rank(
            KeyedBroadcastOperatorTestHarness<String, ScoreRequest, ItemUpdate, Recommendation> h,
            int from,
            int to,
            List<ItemUpdate> versions)
            throws Exception {
        for (int k = from; k < to; k++) {
            ScoreRequest r = request(k);
            h.processElement(r, r.ts);
            h.processBroadcastElement(interaction(k), r.ts);
            for (ItemUpdate v : versions) {
                if (v.ts == r.ts) {
                    h.processBroadcastElement(v, v.ts);
                }
            }
        }
        h.processWatermark(example(to - 1).ts);
        h.processBroadcastWatermark(example(to - 1).ts);
    }

    @Test
    void rankerServesRequestsAtTheWatermarkWithTheViewOfTheirTimeAndRestoresIt() throws Exception {
        servesAtTheWatermarkAndRestores(CONFIG);
    }

    @Test
    void rankerWithUserResidualsRestoresThemExactly() throws Exception {
        List<Recommendation> withResiduals =
                servesAtTheWatermarkAndRestores(
                        CONFIG.toBuilder().userResidualLearningRate(0.1f).build());
        List<Recommendation> without = servesAtTheWatermarkAndRestores(CONFIG);
        // The residuals are in play: some later list scores differently without them.
        assertThat(scoresDiffer(withResiduals, without)).isTrue();
    }

    @Test
    void rankerWithTheShownItemsTermKeepsTheLastListAndRestoresExactly() throws Exception {
        assertThat(CONFIG.usesShownItems()).as("on by default").isTrue();
        List<Recommendation> withShown = servesAtTheWatermarkAndRestores(CONFIG);
        List<Recommendation> without =
                servesAtTheWatermarkAndRestores(CONFIG.toBuilder().userShownNegatives(0).build());
        // The term is in play: some later list scores differently without it.
        assertThat(scoresDiffer(withShown, without)).isTrue();

        try (var h = rankerHarness()) {
            h.open();
            rank(h, 0, 10, List.of());
            List<Recommendation> lists = h.extractOutputValues();
            Recommendation lastOfU1 =
                    lists.stream()
                            .filter(r -> r.user.equals("u1"))
                            .reduce((a, b) -> b)
                            .orElseThrow();
            assertThat(shownState(h, "u1"))
                    .containsExactlyElementsOf(lastOfU1.items.stream().map(i -> i.item).toList());
        }
    }

    private static boolean scoresDiffer(List<Recommendation> a, List<Recommendation> b) {
        boolean differs = false;
        for (int k = 0; k < b.size(); k++) {
            for (int i = 0; i < b.get(k).items.size(); i++) {
                differs |= a.get(k).items.get(i).score != b.get(k).items.get(i).score;
            }
        }
        return differs;
    }

    private static List<String> shownState(
            KeyedBroadcastOperatorTestHarness<String, ScoreRequest, ItemUpdate, Recommendation> h,
            String user)
            throws Exception {
        var backend = h.getOperator().<String>getKeyedStateBackend();
        backend.setCurrentKey(user);
        return backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        AdaptedRankerFunction.shownDescriptor(Duration.ZERO))
                .value();
    }

    /**
     * Requests wait for the watermark and rank with the parameter version of their time; a ranker
     * restored from a snapshot taken halfway serves the rest exactly as the uninterrupted one (the
     * users' gates, residuals included, are keyed state).
     */
    private static List<Recommendation> servesAtTheWatermarkAndRestores(AdapterConfig config)
            throws Exception {
        List<ItemUpdate> published;
        try (var t = trainerHarness()) {
            t.open();
            feed(t, 0, 40);
            published = t.extractOutputValues();
        }
        OperatorSubtaskState snapshot;
        List<Recommendation> expected;
        List<Recommendation> all;
        try (var h = rankerHarness(ExplainConfig.disabled(), config)) {
            h.open();
            ScoreRequest early = request(0);
            h.processElement(early, early.ts);
            assertThat(h.extractOutputValues()).as("waits for the watermark").isEmpty();
            rank(h, 1, 20, published);
            // An update from the future arrives before the snapshot but must not be used yet.
            h.processBroadcastElement(published.get(7), published.get(7).ts);
            snapshot = h.snapshot(1L, 20L);
            rank(h, 20, 30, published);
            all = h.extractOutputValues();
            assertThat(all).hasSize(30);
            for (int k = 0; k < all.size(); k++) {
                Recommendation r = all.get(k);
                assertThat(r.ts).isEqualTo(request(k).ts);
                assertThat(r.items).hasSize(5);
                for (RecommendedItem item : r.items) {
                    assertThat(Double.isFinite(item.score)).isTrue();
                    assertThat(request(k).seenItems).doesNotContain(item.item);
                }
                long requestTs = request(k).ts;
                long version =
                        published.stream()
                                .filter(v -> v.ts <= requestTs)
                                .mapToLong(v -> v.adapter.version)
                                .max()
                                .orElse(0);
                assertThat(r.modelVersion).endsWith("+adapter-v" + version);
            }
            expected = all.subList(20, 30);
        }
        try (var h = rankerHarness(ExplainConfig.disabled(), config)) {
            h.initializeState(snapshot);
            h.open();
            rank(h, 20, 30, published);
            List<Recommendation> after = h.extractOutputValues();
            assertThat(after).hasSize(10);
            for (int i = 0; i < expected.size(); i++) {
                assertThat(after.get(i).items)
                        .usingRecursiveComparison()
                        .isEqualTo(expected.get(i).items);
            }
        }
        return all;
    }

    @Test
    void forgetErasesTheUsersGateAndWaitingRequests() throws Exception {
        try (var h = rankerHarness()) {
            h.open();
            rank(h, 0, 10, List.of());
            assertThat(gateKeys(h)).contains("u0", "u1");
            assertThat(stateKeys(h, AdaptedRankerFunction.SHOWN_STATE)).contains("u0", "u1");
            ScoreRequest waiting = request(10); // user u0, not yet due
            h.processElement(waiting, waiting.ts);
            h.processElement(ScoreRequest.forget("u0", waiting.ts), waiting.ts);
            h.processWatermark(request(20).ts);
            assertThat(gateKeys(h)).doesNotContain("u0").contains("u1");
            assertThat(stateKeys(h, AdaptedRankerFunction.SHOWN_STATE))
                    .doesNotContain("u0")
                    .contains("u1");
            assertThat(h.extractOutputValues()).hasSize(10).noneMatch(r -> r.ts == waiting.ts);
        }
    }

    private static List<String> gateKeys(
            KeyedBroadcastOperatorTestHarness<String, ScoreRequest, ItemUpdate, Recommendation> h) {
        return stateKeys(h, AdaptedRankerFunction.GATE_STATE);
    }

    /**
     * SYNTHETIC taste shift: items i0..i29 are Comedy, i30..i59 Drama; user "s" takes 20 Comedy
     * items half a day apart, then 6 Drama items within two hours. With explanations on, the
     * adapted ranker keeps the user's recent-taste summary and its lists cite the Drama shift with
     * figures the verifier finds in the evidence; forget erases the summary.
     */
    @Test
    void adaptedRankerExplainsRecentTasteShiftsFromTheUsersSummary() throws Exception {
        long day = 86_400_000L;
        try (var h = rankerHarness(ExplainConfig.enabled(ExplainSettings.defaults()))) {
            h.open();
            for (int i = 0; i < ITEMS; i++) {
                String genre = i < 30 ? "Comedy" : "Drama";
                h.processBroadcastElement(
                        ItemUpdate.content(
                                new ItemContent(
                                        "i" + i,
                                        "Film " + i + " (2000)",
                                        null,
                                        Map.of("genres", List.of(genre)),
                                        0)),
                        0);
            }
            List<String> history = new ArrayList<>();
            long ts = 0;
            for (int k = 0; k < 26; k++) {
                String item = k < 20 ? "i" + k : "i" + (30 + k - 20);
                ts = k < 20 ? k * day / 2 : 10 * day + (k - 20) * 1_200_000L;
                history.add(item);
                ScoreRequest r = new ScoreRequest();
                r.user = "s";
                r.ts = ts;
                r.trigger = "interaction";
                r.triggerItem = item;
                r.recentItems = new ArrayList<>(history);
                r.seenItems = new ArrayList<>(history);
                h.processElement(r, ts);
            }
            h.processWatermark(ts);
            h.processBroadcastWatermark(ts);
            List<Recommendation> out = h.extractOutputValues();
            assertThat(out).hasSize(26);
            List<Evidence> tasteShifts = new ArrayList<>();
            for (Recommendation rec : out) {
                for (RecommendedItem item : rec.items) {
                    assertThat(item.verification.passed).as(item.rationale).isTrue();
                    for (Evidence e : item.evidence) {
                        if (e.kind == EvidenceKind.RECENT_INTEREST_SHIFT
                                && e.recentHalfLifeDays != null) {
                            tasteShifts.add(e);
                            assertThat(item.rationale).contains(e.value).contains("14 days");
                        }
                    }
                }
            }
            assertThat(tasteShifts)
                    .isNotEmpty()
                    .allSatisfy(
                            e -> {
                                assertThat(e.value).isEqualTo("Drama");
                                assertThat(e.recentWeight - e.longTermWeight)
                                        .isGreaterThanOrEqualTo(0.25);
                            });
            assertThat(stateKeys(h, AdaptedRankerFunction.TASTE_STATE)).containsExactly("s");
            h.processElement(ScoreRequest.forget("s", ts + 1), ts + 1);
            assertThat(stateKeys(h, AdaptedRankerFunction.TASTE_STATE)).isEmpty();
        }
    }

    private static List<String> stateKeys(
            KeyedBroadcastOperatorTestHarness<String, ScoreRequest, ItemUpdate, Recommendation> h,
            String state) {
        try (var keys =
                h.getOperator().getKeyedStateBackend().getKeys(state, VoidNamespace.INSTANCE)) {
            return keys.map(Object::toString).toList();
        }
    }
}
