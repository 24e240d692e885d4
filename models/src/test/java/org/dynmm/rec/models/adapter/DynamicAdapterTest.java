package org.dynmm.rec.models.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.base.TinyBundles;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.junit.jupiter.api.Test;

/** The user latent the rankers score with: {@code h_u = h_u^base + beta_u g + o_u}. */
class DynamicAdapterTest {
    private final BaseModelScorer base = new BaseModelScorer(BaseModel.load(TinyBundles.bundle()));

    @Test
    void theUsersResidualIsAddedWhileOnAndIgnoredWhenTurnedOff() {
        AdapterConfig on =
                AdapterConfig.defaults().toBuilder().userResidualLearningRate(0.1f).build();
        AdapterConfig off = on.toBuilder().userResidualLearningRate(0f).build();
        AdapterLayout layout = on.layout(base.model().jointDim());
        SplittableRandom r = new SplittableRandom(4);
        float[] theta = AdapterLossTest.randomVector(r, layout.size(), 0.5);
        AdapterParameters params = new AdapterParameters(layout, 1, theta);
        float[] userBase = {0.3f, -0.2f};
        float[] summary = new float[layout.summaryDim()];
        UserGate gate = new UserGate();
        for (int i = 0; i < 5; i++) {
            assertTrue(
                    gate.step(
                            params,
                            userBase,
                            summary,
                            new float[][] {{1f, 0f}, {0f, 1f}, {-1f, 0.5f}},
                            null,
                            null,
                            on));
        }
        float[] residual = gate.residual();
        assertNotNull(residual);

        float[] withResidual =
                new DynamicAdapter(base, on).userLatent(params, userBase, summary, gate);
        float[] without = new DynamicAdapter(base, off).userLatent(params, userBase, summary, gate);
        for (int k = 0; k < residual.length; k++) {
            assertEquals(without[k] + residual[k], withResidual[k], 1e-6f);
        }
        // Off: exactly the adapter without any residual (beta_u g on the base).
        float[] expected = new float[layout.dim()];
        AdapterFunction.adaptedUser(
                layout,
                theta,
                userBase,
                summary,
                gate.beta(params),
                new float[layout.hidden()],
                new float[layout.dim()],
                expected);
        assertArrayEquals(expected, without, 0f);
    }

    @Test
    void examplesCarryThePopularityPriorTheRankersServeWhenTheLossUsesIt() {
        BaseModelScorer withPrior =
                new BaseModelScorer(
                        BaseModel.load(TinyBundles.bundleWithPrior(0.5, 2.0, Duration.ZERO)));
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        for (String item : List.of("a", "b", "c", "d")) {
            index.register(item);
        }
        index.recordInteraction("b", 1L, null);
        index.recordInteraction("c", 2L, null);
        index.recordInteraction("c", 3L, null);
        ItemActivity activity = ItemActivity.withDefaultHalfLives();
        AdapterConfig on =
                AdapterConfig.defaults().toBuilder()
                        .popularityPriorInLoss(true)
                        .negatives(4)
                        .build();
        float[] summary = new float[AdapterFeatures.SIZE];
        AdapterExample example =
                new DynamicAdapter(withPrior, on)
                        .example(index, activity, "u1", List.of("a"), "b", 5L, summary);
        assertNotNull(example);
        double[] served = new double[index.size()];
        withPrior.popularityPrior(index, 5L, served);
        float[] corrections = example.corrections();
        boolean coldNegative = false;
        for (int j = 0; j < example.itemIds().length; j++) {
            int id = example.itemIds()[j];
            assertEquals(served[id], example.itemPrior()[j], 1e-6);
            assertEquals(example.logQ()[j] - example.itemPrior()[j], corrections[j], 1e-6);
            coldNegative |= id == index.idOf("c");
        }
        // Row 0 is b (warm, one interaction): 0.5 ln 2; c, when drawn, is cold: 2 ln 3.
        assertEquals(0.5 * Math.log(2), example.itemPrior()[0], 1e-6);
        assertTrue(coldNegative, "c is the only negative with a latent");

        AdapterExample off =
                new DynamicAdapter(withPrior, on.toBuilder().popularityPriorInLoss(false).build())
                        .example(index, activity, "u1", List.of("a"), "b", 5L, summary);
        assertNull(off.itemPrior());
        assertArrayEquals(off.logQ(), off.corrections(), 0f);
    }
}
