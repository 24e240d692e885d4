package org.dynmm.rec.models.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.junit.jupiter.api.Test;

class BaseModelScorerTest {
    private final BaseModel model = BaseModel.load(TinyBundles.bundle());

    private static ItemStatsIndex index(String... items) {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        for (String item : items) {
            index.register(item);
        }
        return index;
    }

    @Test
    void scoresAreDotProductsOfUserAndItemLatents() {
        ItemStatsIndex index = index("c", "a", "b");
        UserContext user = UserContext.of(List.of("b", "a"), List.of("b", "a"));
        double[] out = new double[3];
        new BaseModelScorer(model).score(index, user, 0L, out);
        // Same history as BaseModelTest.attentionPoolingByHand: h = (0.879292, 0.420708).
        assertThat(out[0]).isCloseTo(0.5 * 0.879292 + 0.5 * 0.420708, within(1e-5)); // c
        assertThat(out[1]).isCloseTo(0.879292, within(1e-5)); // a = (1, 0)
        assertThat(out[2]).isCloseTo(0.420708, within(1e-5)); // b = (0, 1)
    }

    @Test
    void itemsWithoutALatentRankLast() {
        ItemStatsIndex index = index("a", "mystery", "b");
        double[] out = new double[3];
        new BaseModelScorer(model).score(index, UserContext.of(List.of(), List.of()), 0L, out);
        assertThat(out[1]).isEqualTo(Double.NEGATIVE_INFINITY);
        // Empty history: h = bo = (0.1, 0.2).
        assertThat(out[0]).isCloseTo(0.1, within(1e-6));
        assertThat(out[2]).isCloseTo(0.2, within(1e-6));
        List<ScoredItem> top =
                Ranker.topN(
                        index,
                        new BaseModelScorer(model),
                        UserContext.of(List.of(), List.of()),
                        0L,
                        3);
        assertThat(top).extracting(s -> s.item).containsExactly("b", "a", "mystery");
    }

    @Test
    void unknownItemsUseTheContentLookupOnceFound() {
        AtomicInteger calls = new AtomicInteger();
        Map<String, float[]> latents = new java.util.HashMap<>();
        BaseModelScorer scorer =
                new BaseModelScorer(
                        model,
                        item -> {
                            calls.incrementAndGet();
                            return latents.get(item);
                        });
        ItemStatsIndex index = index("a", "new");
        double[] out = new double[2];
        UserContext nobody = UserContext.of(List.of(), List.of());
        scorer.score(index, nobody, 0L, out);
        assertThat(out[1]).isEqualTo(Double.NEGATIVE_INFINITY);

        latents.put("new", new float[] {2f, 3f}); // content arrived: asked again, then cached
        scorer.score(index, nobody, 0L, out);
        scorer.score(index, nobody, 0L, out);
        assertThat(out[1]).isCloseTo(2 * 0.1 + 3 * 0.2, within(1e-6));
        assertThat(calls.get()).isEqualTo(2);
        assertThat(scorer.itemLatent(index, 1)).containsExactly(2f, 3f);
    }

    @Test
    void theIndexLatentWinsOverTheLookupAndWrongSizesAreIgnored() {
        ItemStatsIndex index = index("a", "new", "odd");
        index.putLatent("new", new float[] {0f, 1f});
        index.putLatent("odd", new float[] {1f, 1f, 1f}); // not joint-sized: ignored
        BaseModelScorer scorer = new BaseModelScorer(model, item -> new float[] {5f, 5f});
        double[] out = new double[3];
        scorer.score(index, UserContext.of(List.of(), List.of()), 0L, out);
        assertThat(out[1]).isCloseTo(0.2, within(1e-6));
        assertThat(out[2]).isCloseTo(5 * 0.1 + 5 * 0.2, within(1e-6)); // from the lookup
    }

    @Test
    void historyUsesKnownItemsOnlyAndFollowsTheIndexAsItGrows() {
        BaseModelScorer scorer = new BaseModelScorer(model);
        ItemStatsIndex index = index("a");
        double[] out = new double[4];
        // "ghost" has no latent anywhere: skipped, so the history is (b, a) as in the hand example.
        UserContext user = UserContext.of(List.of("b", "ghost", "a"), List.of("b", "a"));
        scorer.score(index, user, 0L, out);
        assertThat(out[0]).isCloseTo(0.879292, within(1e-5));
        assertThat(scorer.userLatent(index, user))
                .containsExactly(
                        model.userLatent(List.of(model.itemLatent("b"), model.itemLatent("a"))));

        index.register("b"); // the index grew after the first call
        index.register("c");
        scorer.score(index, user, 0L, out);
        assertThat(out[1]).isCloseTo(0.420708, within(1e-5));
        assertThat(out[2]).isCloseTo(0.65, within(1e-5));
    }

    @Test
    void aNewIndexInstanceResetsTheCache() {
        BaseModelScorer scorer = new BaseModelScorer(model);
        double[] out = new double[2];
        UserContext nobody = UserContext.of(List.of(), List.of());
        scorer.score(index("a", "b"), nobody, 0L, out);
        scorer.score(index("b", "a"), nobody, 0L, out);
        assertThat(out[0]).isCloseTo(0.2, within(1e-6)); // b now has dense id 0
        assertThat(out[1]).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void survivesJavaSerialization() throws Exception {
        BaseModelScorer scorer = new BaseModelScorer(model);
        ItemStatsIndex index = index("a", "b");
        double[] before = new double[2];
        scorer.score(index, UserContext.of(List.of("a"), List.of("a")), 0L, before);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(scorer);
        }
        BaseModelScorer copy;
        try (ObjectInputStream in =
                new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            copy = (BaseModelScorer) in.readObject();
        }
        double[] after = new double[2];
        copy.score(index, UserContext.of(List.of("a"), List.of("a")), 0L, after);
        assertThat(after).containsExactly(before);
    }

    @Test
    void latentsWithAndWithoutTheLastItemEqualTwoSeparatePasses() {
        BaseModelScorer scorer = new BaseModelScorer(model);
        ItemStatsIndex index = index("a", "b", "c", "x", "new");
        index.putLatent("new", new float[] {0.3f, -0.2f});
        // History length L = 3: lists shorter, equal and longer than L + 1, with items that have
        // no latent ("x") in the middle and last, and one latent from the index ("new").
        List<List<String>> histories =
                List.of(
                        List.of(),
                        List.of("a"),
                        List.of("x"),
                        List.of("a", "b"),
                        List.of("b", "x"),
                        List.of("a", "b", "c"),
                        List.of("c", "a", "new", "b"),
                        List.of("a", "x", "b", "c", "new"),
                        List.of("new", "c", "b", "a", "c", "b", "x"),
                        List.of("b", "a", "c", "b", "a", "new", "c"));
        for (List<String> recent : histories) {
            float[][] both = scorer.userLatentsWithAndWithoutLast(index, recent);
            List<String> before = recent.isEmpty() ? recent : recent.subList(0, recent.size() - 1);
            assertThat(both[0])
                    .as("after %s", recent)
                    .containsExactly(scorer.userLatent(index, UserContext.of(recent, List.of())));
            assertThat(both[1])
                    .as("before %s", recent)
                    .containsExactly(scorer.userLatent(index, UserContext.of(before, List.of())));
        }
    }

    /** SYNTHETIC random attention-pooling base (L = 6) and a history with repeats and gaps. */
    @Test
    void leaveOneOutLatentsEqualTheUncachedCounterfactualsValueForValue() {
        BaseModel random =
                BaseModel.load(SyntheticBundles.randomBundle(new Random(5), 30, 8, 6, "loo-v1"));
        // "new1" has only a content latent, "mystery" none at all.
        BaseModelScorer scorer =
                new BaseModelScorer(random, item -> item.equals("new1") ? new float[8] : null);
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        for (int i = 0; i < 30; i++) {
            index.register("i" + i);
        }
        index.register("new1");
        index.register("mystery");
        List<String> recent =
                List.of("i3", "i7", "i3", "new1", "i12", "mystery", "i20", "i7", "i25", "i1", "i9");
        UserContext user = UserContext.of(recent, recent);
        // Every distinct item, including ones older than the L latents the encoder reads.
        List<String> removed =
                List.of("i3", "i7", "new1", "i12", "mystery", "i20", "i25", "i1", "i9", "absent");

        float[][] cached = scorer.userLatentsWithout(index, user, removed);

        assertThat(cached.length).isEqualTo(removed.size());
        for (int r = 0; r < removed.size(); r++) {
            List<String> without = new ArrayList<>(recent);
            without.removeIf(removed.get(r)::equals);
            float[] uncached = scorer.userLatent(index, UserContext.of(without, recent));
            assertThat(cached[r]).as(removed.get(r)).containsExactly(uncached);
        }
        // Removing an item outside the last six latents (or not there) leaves h_u as it is.
        assertThat(cached[removed.indexOf("absent")])
                .containsExactly(scorer.userLatent(index, user));
    }

    @Test
    void selfAttentionLeaveOneOutLatentsEqualTheUncachedCounterfactuals() {
        BaseModel random =
                BaseModel.load(
                        SyntheticBundles.randomBundle(
                                new Random(6),
                                30,
                                8,
                                6,
                                "loo-sa-v1",
                                UserEncoderType.SELF_ATTENTION));
        BaseModelScorer scorer = new BaseModelScorer(random);
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        for (int i = 0; i < 30; i++) {
            index.register("i" + i);
        }
        List<String> recent = List.of("i3", "i7", "i3", "i12", "i20", "i7", "i25", "i1", "i9");
        UserContext user = UserContext.of(recent, recent);
        List<String> removed = List.of("i3", "i7", "i12", "i20", "i25", "i1", "i9", "absent");

        float[][] cached = scorer.userLatentsWithout(index, user, removed);

        for (int r = 0; r < removed.size(); r++) {
            List<String> without = new ArrayList<>(recent);
            without.removeIf(removed.get(r)::equals);
            float[] uncached = scorer.userLatent(index, UserContext.of(without, recent));
            assertThat(cached[r]).as(removed.get(r)).containsExactly(uncached);
        }
    }

    @Test
    void theSelfAttentionCacheKeepsTwoSlotsPerItemAndChangesNothing() {
        BaseModel random =
                BaseModel.load(
                        SyntheticBundles.randomBundle(
                                new Random(4),
                                10,
                                8,
                                6,
                                "cache-sa-v1",
                                UserEncoderType.SELF_ATTENTION));
        List<float[]> history = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            history.add(random.itemLatent("i" + i));
        }
        UserEncoder.KeyCache cache = new UserEncoder.KeyCache();
        assertThat(random.userLatent(history, cache)).containsExactly(random.userLatent(history));
        for (int drop = 0; drop < history.size(); drop++) {
            List<float[]> without = new ArrayList<>(history);
            without.remove(drop);
            assertThat(random.userLatent(without, cache))
                    .containsExactly(random.userLatent(without));
        }
        // Six items in their own slot, and the five that shift a slot when a later one leaves:
        // 11 projections for 7 passes, where the uncached passes compute 6 + 6 * 5 = 36.
        assertThat(cache.computed()).isEqualTo(11);
    }

    @Test
    void theKeyCacheComputesEachItemsKeyOnceAndChangesNothing() {
        BaseModel random =
                BaseModel.load(SyntheticBundles.randomBundle(new Random(9), 10, 8, 6, "cache-v1"));
        List<float[]> history = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            history.add(random.itemLatent("i" + i));
        }
        UserEncoder.KeyCache cache = new UserEncoder.KeyCache();
        for (int drop = 0; drop < history.size(); drop++) {
            List<float[]> without = new ArrayList<>(history);
            without.remove(drop);
            assertThat(random.userLatent(without, cache))
                    .containsExactly(random.userLatent(without));
        }
        assertThat(cache.computed()).isEqualTo(history.size());
    }

    @Test
    void precomputedEncoderWorkOfBundleItemsChangesNoLatent() {
        BaseModel random =
                BaseModel.load(SyntheticBundles.randomBundle(new Random(11), 30, 8, 6, "pre-v1"));
        BaseModelScorer scorer = new BaseModelScorer(random);
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        for (int i = 0; i < 30; i++) {
            index.register("i" + i);
        }
        List<String> recent = List.of("i3", "i7", "i12", "i20", "i7", "i25", "i1", "i9", "i4");
        List<float[]> latents = new ArrayList<>();
        for (String item : recent) {
            latents.add(random.itemLatent(item)); // fresh copies: the encoder computes everything
        }
        UserEncoder.KeyCache probe = random.requestCache();
        assertThat(probe).as("attention pooling precomputes per-item work").isNotNull();

        float[] expected = random.userLatent(latents);
        assertThat(scorer.userLatent(index, UserContext.of(recent, recent)))
                .containsExactly(expected);
        float[][] both = scorer.userLatentsWithAndWithoutLast(index, recent);
        assertThat(both[0]).containsExactly(expected);
        assertThat(both[1]).containsExactly(random.userLatent(latents.subList(0, 8)));
        // Preset logits are not counted as computed: nothing is left to compute for bundle items.
        UserEncoder.KeyCache cache = random.requestCache();
        List<float[]> preset = new ArrayList<>();
        for (String item : recent) {
            preset.add(random.itemLatent(item, cache));
        }
        assertThat(random.userLatent(preset, cache)).containsExactly(expected);
        assertThat(cache.computed()).isZero();
    }
}
