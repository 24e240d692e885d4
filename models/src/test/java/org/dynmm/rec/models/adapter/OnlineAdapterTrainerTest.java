package org.dynmm.rec.models.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class OnlineAdapterTrainerTest {
    private static final int DIM = 4;

    private static AdapterConfig config() {
        // The signal is in the items' summaries: the item side (off by default) must be on.
        return AdapterConfig.defaults()
                .withLearningRate(0.01f)
                .withPublishEvery(10)
                .withItemSide(true);
    }

    /**
     * SYNTHETIC stream: the positive is always the item whose summary has a high "trend" feature,
     * which the base latents do not reveal; the adapter has to learn it from s_i.
     */
    private static AdapterExample trendExample(SplittableRandom r) {
        int items = 5;
        float[][] base = new float[items][];
        float[][] summary = new float[items][];
        for (int j = 0; j < items; j++) {
            base[j] = AdapterLossTest.randomVector(r, DIM, 0.3);
            summary[j] = new float[AdapterFeatures.SIZE];
            summary[j][0] = j == 0 ? 2f : 0f;
        }
        float[] userSummary = new float[AdapterFeatures.SIZE];
        userSummary[AdapterFeatures.SIZE - 1] = 1f;
        // Users share a common direction (as real users share a taste for popular items), so
        // moving trending items along it helps everyone.
        float[] user = AdapterLossTest.randomVector(r, DIM, 0.3);
        user[0] += 1f;
        user[1] += 1f;
        return new AdapterExample(user, userSummary, 0f, base, summary);
    }

    @Test
    void lossFallsOnASyntheticStreamWithSignalInTheSummaries() {
        // Without the regularizers the drift they would charge for is free: the ranking part alone.
        OnlineAdapterTrainer trainer =
                new OnlineAdapterTrainer(config().withStability(false).withEwcLambda(0f), DIM);
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 20; i++) {
            trainer.step(trendExample(r));
        }
        double early = trainer.drainMeanLoss();
        for (int i = 0; i < 1980; i++) {
            trainer.step(trendExample(r));
        }
        trainer.drainMeanLoss();
        for (int i = 0; i < 200; i++) {
            trainer.step(trendExample(r));
        }
        double late = trainer.drainMeanLoss();
        assertTrue(late < 0.5 * early, "loss fell from " + early + " to " + late);
        assertEquals(220, trainer.published().version());
        assertEquals(0, trainer.rejected());
    }

    @Test
    void poisonedExamplesNeverMakeParametersNonFinite() {
        OnlineAdapterTrainer trainer = new OnlineAdapterTrainer(config(), DIM);
        SplittableRandom r = new SplittableRandom(3);
        AdapterExample nan = trendExample(r);
        nan.itemBase()[1][2] = Float.NaN;
        assertFalse(trainer.step(nan));
        assertEquals(1, trainer.rejected());

        // Huge but finite values: the gradient is clipped or the step undone.
        for (int i = 0; i < 50; i++) {
            AdapterExample huge = trendExample(r);
            huge.userBase()[0] = 3e38f;
            huge.itemSummary()[0][3] = 1e30f;
            trainer.step(huge);
            AdapterExample wrongSize =
                    new AdapterExample(
                            new float[DIM + 1],
                            huge.userSummary(),
                            0f,
                            huge.itemBase(),
                            huge.itemSummary());
            trainer.step(wrongSize);
        }
        assertTrue(AdapterParameters.allFinite(trainer.theta()));
        assertTrue(AdapterParameters.allFinite(trainer.published().theta()));
        assertTrue(trainer.rejected() >= 51, "rejected " + trainer.rejected());
        // And it still learns afterwards.
        for (int i = 0; i < 100; i++) {
            trainer.step(trendExample(r));
        }
        assertTrue(Double.isFinite(trainer.drainMeanLoss()));
    }

    @Test
    void restoredTrainerContinuesExactlyLikeTheUninterruptedOne() throws IOException {
        OnlineAdapterTrainer a = new OnlineAdapterTrainer(config().withEwcLambda(50f), DIM);
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 2500; i++) { // past one EWC consolidation
            a.step(trendExample(r));
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.writeTo(new DataOutputStream(bytes));
        OnlineAdapterTrainer b =
                OnlineAdapterTrainer.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())),
                        config().withEwcLambda(50f));
        assertEquals(a.published(), b.published());
        OnlineAdapterTrainer.Summary summary =
                OnlineAdapterTrainer.readSummary(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(a.published(), summary.published());
        assertEquals(a.steps(), summary.steps());
        assertEquals(a.rejected(), summary.rejectedSteps());
        SplittableRandom ra = new SplittableRandom(5);
        SplittableRandom rb = new SplittableRandom(5);
        for (int i = 0; i < 300; i++) {
            a.step(trendExample(ra));
            b.step(trendExample(rb));
        }
        assertArrayEquals(a.theta(), b.theta());
        assertEquals(a.published(), b.published());
        assertEquals(a.steps(), b.steps());
    }

    @Test
    void ewcPullsParametersTowardsTheConsolidatedAnchor() {
        // Same stream, with and without EWC: EWC keeps theta closer to where it consolidated.
        AdapterConfig base = config().withLearningRate(0.02f);
        OnlineAdapterTrainer free = new OnlineAdapterTrainer(base.withEwcLambda(0f), DIM);
        OnlineAdapterTrainer anchored = new OnlineAdapterTrainer(base.withEwcLambda(1e5f), DIM);
        SplittableRandom r1 = new SplittableRandom(9);
        SplittableRandom r2 = new SplittableRandom(9);
        for (int i = 0; i < 2000; i++) {
            free.step(trendExample(r1));
            anchored.step(trendExample(r2));
        }
        float[] freeAt = free.theta().clone();
        float[] anchoredAt = anchored.theta().clone();
        // A different task afterwards: the trend now marks a negative.
        for (int i = 0; i < 1000; i++) {
            AdapterExample a = trendExample(r1);
            AdapterExample b = trendExample(r2);
            a.itemSummary()[0][0] = 0f;
            a.itemSummary()[1][0] = 2f;
            b.itemSummary()[0][0] = 0f;
            b.itemSummary()[1][0] = 2f;
            free.step(a);
            anchored.step(b);
        }
        assertTrue(
                distance(anchored.theta(), anchoredAt) < distance(free.theta(), freeAt),
                "EWC moved less");
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
