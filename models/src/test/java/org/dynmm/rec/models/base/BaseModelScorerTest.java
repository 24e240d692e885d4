package org.dynmm.rec.models.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
}
