package org.dynmm.rec.models.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.base.TinyBundles;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;
import org.junit.jupiter.api.Test;

class AdaptedBaseMethodTest {
    private static ItemStatsIndex index() {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        for (String item : List.of("a", "b", "c")) {
            index.register(item);
        }
        return index;
    }

    @Test
    void beforeTheFirstPublishedVersionTheAdaptedModelIsTheBase() {
        BaseModelScorer base = new BaseModelScorer(BaseModel.load(TinyBundles.bundle()));
        AdaptedBaseMethod method =
                new AdaptedBaseMethod(
                        new DynamicAdapter(
                                base, AdapterConfig.defaults().withPublishEvery(1_000_000)));
        ItemStatsIndex index = index();
        UserContext context = UserContext.of(List.of("a"), List.of("a"));
        double[] expected = new double[3];
        double[] actual = new double[3];
        base.score(index, context, 0L, expected);
        method.score(index, "u1", context, 0L, actual);
        assertArrayEquals(expected, actual, 1e-6);
        assertEquals(0.0, method.diagnostics().get("mean-item-drift"), 0.0);
    }

    @Test
    void theAdaptedScoresIncludeTheBasePopularityPrior() {
        BaseModelScorer base =
                new BaseModelScorer(
                        BaseModel.load(TinyBundles.bundleWithPrior(0.5, 2.0, Duration.ZERO)));
        AdaptedBaseMethod method =
                new AdaptedBaseMethod(
                        new DynamicAdapter(
                                base, AdapterConfig.defaults().withPublishEvery(1_000_000)));
        ItemStatsIndex index = index();
        index.recordInteraction("b", 1L, null);
        index.recordInteraction("c", 2L, null);
        index.recordInteraction("c", 3L, null);
        UserContext context = UserContext.of(List.of("a"), List.of("a"));
        double[] expected = new double[3];
        double[] actual = new double[3];
        base.score(index, context, 5L, expected);
        method.score(index, "u1", context, 5L, actual);
        assertArrayEquals(expected, actual, 1e-9);
        // Against the scores without the prior: + 0.5 ln 2 on warm b, + 2 ln 3 on cold c.
        double[] plain = new double[3];
        new BaseModelScorer(BaseModel.load(TinyBundles.bundle())).score(index, context, 5L, plain);
        assertEquals(plain[0], actual[0], 1e-9);
        assertEquals(plain[1] + 0.5 * Math.log(2), actual[1], 1e-9);
        assertEquals(plain[2] + 2.0 * Math.log(3), actual[2], 1e-9);
    }

    @Test
    void learningFromEventsMovesScoresAwayFromTheBaseAndKeepsThemFinite() {
        BaseModelScorer base = new BaseModelScorer(BaseModel.load(TinyBundles.bundle()));
        AdaptedBaseMethod method =
                new AdaptedBaseMethod(
                        new DynamicAdapter(
                                base,
                                AdapterConfig.defaults().toBuilder()
                                        .trainerSampleRate(1f)
                                        .itemSide(true) // item drift is checked below
                                        .publishEvery(1)
                                        .learningRate(0.05f)
                                        .build()));
        ItemStatsIndex index = index();
        long ts = 0;
        // SYNTHETIC: users alternate between a and b, c is taken a lot lately.
        for (int i = 0; i < 200; i++) {
            String user = "u" + (i % 7);
            String item = i % 3 == 0 ? "c" : (i % 2 == 0 ? "a" : "b");
            InteractionEvent e = new InteractionEvent(user, item, "view", 1f, ts += 60_000);
            UserContext before = UserContext.of(List.of(i % 2 == 0 ? "b" : "a"), List.of());
            method.learn(index, user, before, e);
            index.recordInteraction(item, e.ts, before.recentItems());
            method.record(index, user, e, 1);
        }
        double[] expected = new double[3];
        double[] actual = new double[3];
        UserContext context = UserContext.of(List.of("a"), List.of("a"));
        base.score(index, context, ts, expected);
        method.score(index, "u1", context, ts, actual);
        assertTrue(Arrays.stream(actual).allMatch(Double::isFinite));
        assertFalse(Arrays.equals(expected, actual));
        assertTrue(method.diagnostics().get("mean-item-drift") > 0);
        assertEquals(200.0, method.diagnostics().get("trainer-steps"), 0.0);
    }

    @Test
    void theReplayTrainsOnTheSampleTheJobsTrainerTakes() {
        BaseModelScorer base = new BaseModelScorer(BaseModel.load(TinyBundles.bundle()));
        AdapterConfig config =
                AdapterConfig.defaults().toBuilder()
                        .trainerSampleRate(0.3f)
                        .publishEvery(1)
                        .build();
        AdaptedBaseMethod method = new AdaptedBaseMethod(new DynamicAdapter(base, config));
        ItemStatsIndex index = index();
        long ts = 0;
        int sampled = 0;
        // SYNTHETIC: users alternate between a and b, c is taken a lot lately.
        for (int i = 0; i < 200; i++) {
            String user = "u" + (i % 7);
            String item = i % 3 == 0 ? "c" : (i % 2 == 0 ? "a" : "b");
            InteractionEvent e = new InteractionEvent(user, item, "view", 1f, ts += 60_000);
            UserContext before = UserContext.of(List.of(i % 2 == 0 ? "b" : "a"), List.of());
            method.learn(index, user, before, e);
            index.recordInteraction(item, e.ts, before.recentItems());
            method.record(index, user, e, 1);
            if (TrainingSample.takes(config, user, item, e.ts)) {
                sampled++;
            }
        }
        assertTrue(sampled > 30 && sampled < 100, "about 30% sampled: " + sampled);
        assertEquals(sampled, method.diagnostics().get("trainer-steps"), 0.0);
        assertEquals(sampled, method.diagnostics().get("parameter-version"), 0.0);
    }
}
