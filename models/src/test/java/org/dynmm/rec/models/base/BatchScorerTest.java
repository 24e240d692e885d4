package org.dynmm.rec.models.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BatchScorerTest {
    private static final int D = 16;
    private static final int L = 5;

    private static BaseModel model;
    private static BatchScorer scorer;

    @BeforeAll
    static void setUp() {
        model = BaseModel.load(randomBundle(new Random(7), 300, D, L));
        scorer = new BatchScorer(model, "cpu");
    }

    @AfterAll
    static void tearDown() {
        scorer.close();
    }

    /** A frozen-base bundle (attention pooling) with random weights over items i0 .. i(n-1). */
    static ModelBundle randomBundle(Random rnd, int n, int d, int historyLength) {
        int cf = 4;
        int text = 3;
        int hidden = 4;
        Map<String, Tensor> t = new LinkedHashMap<>();
        put(t, BaseTensors.ITEM_CF, rnd, n, cf);
        put(t, BaseTensors.ITEM_TEXT, rnd, n, text);
        put(t, BaseTensors.ITEM_Z, rnd, n, d);
        float[] warm = new float[n];
        for (int i = 0; i < n; i++) {
            warm[i] = i % 5 == 0 ? 0f : 1f;
        }
        t.put(BaseTensors.ITEM_WARM, new Tensor(BaseTensors.ITEM_WARM, new int[] {n}, warm));
        mlp(t, BaseTensors.F_I, rnd, cf, hidden, d);
        mlp(t, BaseTensors.F_T, rnd, text, hidden, d);
        mlp(t, BaseTensors.DEC_I, rnd, d, hidden, cf);
        mlp(t, BaseTensors.DEC_T, rnd, d, hidden, text);
        put(t, BaseTensors.USER_WK, rnd, d, d);
        put(t, BaseTensors.USER_Q, rnd, d);
        put(t, BaseTensors.USER_POS, rnd, historyLength);
        put(t, BaseTensors.USER_WO, rnd, d, d);
        put(t, BaseTensors.USER_BO, rnd, d);
        BundleManifest m = new BundleManifest();
        m.modelVersion = "base-20261126-batch001";
        m.dimensions.put(BaseTensors.DIM_JOINT, d);
        m.dimensions.put(BaseTensors.DIM_CF, cf);
        m.dimensions.put(BaseTensors.DIM_TEXT, text);
        m.dimensions.put(BaseTensors.DIM_HISTORY, historyLength);
        m.hyperParameters.put(BaseTensors.HP_ENCODER, "attention");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ids.add("i" + i);
        }
        return ModelBundle.of(m, ids, t.values());
    }

    private static void put(Map<String, Tensor> t, String name, Random rnd, int... shape) {
        int size = 1;
        for (int s : shape) {
            size *= s;
        }
        float[] v = new float[size];
        for (int i = 0; i < size; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        t.put(name, new Tensor(name, shape, v));
    }

    private static void mlp(
            Map<String, Tensor> t, String prefix, Random rnd, int in, int hidden, int out) {
        String[] names = BaseTensors.mlp(prefix);
        put(t, names[0], rnd, in, hidden);
        put(t, names[1], rnd, hidden);
        put(t, names[2], rnd, hidden, out);
        put(t, names[3], rnd, out);
    }

    private static float[] randomLatent(Random rnd) {
        float[] z = new float[D];
        for (int j = 0; j < D; j++) {
            z[j] = (float) rnd.nextGaussian();
        }
        return z;
    }

    /**
     * Bundle items (shuffled registration order), 20 items with an index latent only, 10 with no
     * latent at all, one with a latent of the wrong length; titles on some.
     */
    private static ItemStatsIndex mixedIndex(Random rnd) {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        List<String> items = new ArrayList<>(model.itemIds());
        Collections.shuffle(items, rnd);
        for (String item : items) {
            index.register(item);
            if (rnd.nextInt(3) == 0) {
                index.putContent(new ItemContent(item, "Title " + item, null, Map.of(), 0));
            }
        }
        for (int i = 0; i < 20; i++) {
            index.putLatent("new" + i, randomLatent(rnd));
        }
        for (int i = 0; i < 10; i++) {
            index.register("bare" + i);
        }
        index.putLatent("wrong", new float[D + 1]);
        return index;
    }

    private static List<UserContext> randomUsers(Random rnd, ItemStatsIndex index, int count) {
        List<UserContext> users = new ArrayList<>();
        for (int u = 0; u < count; u++) {
            int historySize = u % 7 == 0 ? 0 : 1 + rnd.nextInt(12);
            List<String> recent = new ArrayList<>();
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < historySize; i++) {
                String item = index.itemAt(rnd.nextInt(index.size()));
                if (!recent.contains(item)) {
                    recent.add(item);
                }
                seen.add(item);
            }
            for (int i = rnd.nextInt(30); i > 0; i--) {
                seen.add(index.itemAt(rnd.nextInt(index.size())));
            }
            seen.add("never-registered");
            users.add(UserContext.of(recent, seen));
        }
        return users;
    }

    private static void assertSameAsRanker(
            ItemStatsIndex index, List<UserContext> users, List<List<ScoredItem>> batched, int k) {
        BaseModelScorer reference = new BaseModelScorer(model);
        assertThat(batched).hasSize(users.size());
        for (int u = 0; u < users.size(); u++) {
            List<ScoredItem> expected = Ranker.topN(index, reference, users.get(u), 0L, k);
            List<ScoredItem> actual = batched.get(u);
            assertThat(actual)
                    .as("user %d", u)
                    .extracting(s -> s.item)
                    .containsExactlyElementsOf(expected.stream().map(s -> s.item).toList());
            for (int j = 0; j < expected.size(); j++) {
                double e = expected.get(j).score;
                if (e == Double.NEGATIVE_INFINITY) {
                    assertThat(actual.get(j).score).isEqualTo(e);
                } else {
                    assertThat(actual.get(j).score).isCloseTo(e, within(1e-4));
                }
                assertThat(actual.get(j).title).isEqualTo(expected.get(j).title);
            }
        }
    }

    @Test
    void batchedTopKEqualsPerRequestRankingForEveryUser() {
        Random rnd = new Random(11);
        ItemStatsIndex index = mixedIndex(rnd);
        List<UserContext> users = randomUsers(rnd, index, 60);
        for (int k : new int[] {1, 10, 50}) {
            List<List<ScoredItem>> batched = scorer.topK(index, users, k);
            assertSameAsRanker(index, users, batched, k);
            for (int u = 0; u < users.size(); u++) {
                Set<String> seen = users.get(u).seenItems();
                assertThat(batched.get(u)).hasSize(k).noneMatch(s -> seen.contains(s.item));
            }
        }
        // Batches of one and of odd sizes agree too.
        assertThat(scorer.topK(index, users.subList(3, 4), 10).get(0))
                .isEqualTo(scorer.topK(index, users, 10).get(3));
    }

    @Test
    void itemsWithoutLatentsComeOnlyAfterEveryItemWithALatent() {
        Random rnd = new Random(12);
        ItemStatsIndex index = mixedIndex(rnd);
        // Seen everything but five items with a latent: the rest of the list is latent-less items.
        List<String> keep = List.of("i3", "i17", "new4", "i250", "new19");
        Set<String> seen = new HashSet<>();
        for (int id = 0; id < index.size(); id++) {
            String item = index.itemAt(id);
            if (!keep.contains(item) && !item.equals("bare3") && !item.startsWith("bare1")) {
                seen.add(item);
            }
        }
        // Unseen latent-less: bare1, bare3, wrong is seen. Not all candidates: seen "bare0" etc.
        List<UserContext> users = List.of(UserContext.of(List.of("i3"), seen));
        List<List<ScoredItem>> batched = scorer.topK(index, users, 20);
        assertSameAsRanker(index, users, batched, 20);
        List<ScoredItem> top = batched.get(0);
        assertThat(top).hasSize(7);
        assertThat(top.subList(0, 5))
                .extracting(s -> s.item)
                .containsExactlyInAnyOrderElementsOf(keep);
        assertThat(top.subList(0, 5)).allMatch(s -> Double.isFinite(s.score));
        assertThat(top.subList(5, 7)).extracting(s -> s.item).containsExactly("bare1", "bare3");
        assertThat(top.subList(5, 7)).allMatch(s -> s.score == Double.NEGATIVE_INFINITY);
    }

    @Test
    void tiesBeyondTheCandidateMarginAreResolvedByItemIdAsRankerDoes() {
        // 80 items share one latent: the device returns an arbitrary part of the tie, so the
        // exact fallback must step in and return the smallest ids.
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        float[] same = randomLatent(new Random(3));
        for (int i = 79; i >= 0; i--) {
            String item = String.format("t%02d", i);
            index.register(item); // (putLatent alone fails when it has to grow the index)
            index.putLatent(item, same);
        }
        List<UserContext> users = List.of(UserContext.of(List.of(), List.of("t00")));
        long before = scorer.fallbacks();
        List<List<ScoredItem>> batched = scorer.topK(index, users, 5);
        assertSameAsRanker(index, users, batched, 5);
        assertThat(batched.get(0))
                .extracting(s -> s.item)
                .containsExactly("t01", "t02", "t03", "t04", "t05");
        assertThat(scorer.fallbacks()).isEqualTo(before + 1);
    }

    @Test
    void itemMatrixFollowsIndexGrowthAndLatentReplacementAndIsNotUploadedOtherwise() {
        Random rnd = new Random(13);
        ItemStatsIndex index = mixedIndex(rnd);
        List<UserContext> users = randomUsers(rnd, index, 8);
        try (BatchScorer own = new BatchScorer(model, "auto")) {
            own.topK(index, users, 10);
            long uploads = own.uploads();
            own.topK(index, users, 10);
            assertThat(own.uploads()).isEqualTo(uploads);

            // A latent-less item gets a latent (the index does not grow): it is picked up.
            float[] big = new float[D];
            float[] h = new BaseModelScorer(model).userLatent(index, users.get(1));
            for (int j = 0; j < D; j++) {
                big[j] = 100f * h[j];
            }
            index.putLatent("bare5", big);
            List<List<ScoredItem>> after = own.topK(index, users, 10);
            assertThat(own.uploads()).isEqualTo(uploads + 1);
            assertThat(after.get(1).get(0).item).isEqualTo("bare5");
            assertSameAsRanker(index, users, after, 10);

            // Growth.
            index.putLatent("late", big);
            after = own.topK(index, users, 10);
            assertThat(own.uploads()).isEqualTo(uploads + 2);
            assertSameAsRanker(index, users, after, 10);

            // Forced re-read with nothing changed: no upload needed.
            own.invalidateItems();
            own.topK(index, users, 10);
            assertThat(own.uploads()).isEqualTo(uploads + 2);

            // A copy of the index is a new instance: rebuilt from scratch, same answers.
            ItemStatsIndex copy = index.copy();
            assertSameAsRanker(copy, users, own.topK(copy, users, 10), 10);
            assertThat(own.batches()).isEqualTo(6);
            assertThat(own.users()).isEqualTo(6L * users.size());
        }
    }

    @Test
    void withAPopularityPriorBatchedTopKEqualsPerRequestRankingAtEachRequestTime() {
        long day = 86_400_000L;
        ModelBundle bundle = randomBundle(new Random(7), 300, D, L);
        new PopularityPrior(0.7, 2.5, Duration.ofDays(1))
                .writeTo(bundle.manifest().hyperParameters);
        BaseModel withPrior = BaseModel.load(bundle);
        Random rnd = new Random(21);
        ItemStatsIndex index = new ItemStatsIndex(Duration.ofDays(1));
        for (String item : withPrior.itemIds()) {
            index.register(item);
        }
        for (int i = 0; i < 20; i++) {
            index.putLatent("new" + i, randomLatent(rnd));
        }
        for (int e = 0; e < 3000; e++) {
            // Skewed: low ids and the new items are popular; events over ten days.
            String item =
                    rnd.nextInt(4) == 0
                            ? "new" + rnd.nextInt(20)
                            : "i" + (int) Math.abs(rnd.nextGaussian() * 40) % 300;
            index.recordInteraction(item, (long) (rnd.nextDouble() * 10 * day), null);
        }
        List<UserContext> users = randomUsers(rnd, index, 40);
        long[] nows = new long[users.size()];
        for (int u = 0; u < nows.length; u++) {
            nows[u] = 10 * day + (u % 4) * day; // four different request times
        }
        BaseModelScorer reference = new BaseModelScorer(withPrior);
        try (BatchScorer own = new BatchScorer(withPrior, "cpu")) {
            List<List<ScoredItem>> batched = own.topK(index, users, nows, 10);
            boolean priorMatters = false;
            for (int u = 0; u < users.size(); u++) {
                List<ScoredItem> expected =
                        Ranker.topN(index, reference, users.get(u), nows[u], 10);
                assertThat(batched.get(u))
                        .as("user %d", u)
                        .extracting(x -> x.item)
                        .containsExactlyElementsOf(expected.stream().map(x -> x.item).toList());
                for (int j = 0; j < expected.size(); j++) {
                    assertThat(batched.get(u).get(j).score)
                            .isCloseTo(expected.get(j).score, within(1e-9));
                }
                List<ScoredItem> withoutPrior = Ranker.topN(index, scorer(), users.get(u), 0L, 10);
                priorMatters |= !withoutPrior.equals(expected);
            }
            assertThat(priorMatters).as("the prior changes some lists").isTrue();
            assertThatThrownBy(() -> own.topK(index, users, 10))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("popularity prior");
        }
    }

    /** The shared model's scorer (no prior). */
    private static BaseModelScorer scorer() {
        return new BaseModelScorer(model);
    }

    @Test
    void emptyIndexOrBatchGivesEmptyLists() {
        ItemStatsIndex empty = new ItemStatsIndex(Duration.ZERO);
        UserContext nobody = UserContext.of(List.of(), List.of());
        assertThat(scorer.topK(empty, List.of(nobody, nobody), 10))
                .hasSize(2)
                .allSatisfy(l -> assertThat(l).isEmpty());
        assertThat(scorer.topK(empty, List.of(), 10)).isEmpty();
    }

    @Test
    void deviceChoiceIsParsedAndGpuWithoutAGpuIsRefused() {
        assertThatThrownBy(() -> new BatchScorer(model, "tpu"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tpu");
        int gpus = Engine.getEngine("PyTorch").getGpuCount();
        try (BatchScorer auto = new BatchScorer(model, "AUTO")) {
            assertThat(auto.device()).isEqualTo(gpus > 0 ? Device.gpu() : Device.cpu());
        }
        Assumptions.assumeTrue(gpus == 0, "a GPU is visible");
        assertThatThrownBy(() -> new BatchScorer(model, "gpu"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("no GPU");
    }

    @Test
    void closedScorerRefusesWork() {
        BatchScorer own = new BatchScorer(model, "cpu");
        own.close();
        own.close(); // idempotent
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        assertThatThrownBy(() -> own.setItems(index)).isInstanceOf(IllegalStateException.class);
    }
}
