package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.List;
import org.dynmm.rec.models.base.BaseTensors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@link WeightedFusion}: the fused latent by hand, and the gradient of the fusion weight logits
 * against central finite differences of the same formula computed in double precision.
 */
class WeightedFusionTest {
    private static NDManager manager;

    // Two items, d = 2. Text latents, visual latents (item 1 has no visual), audio latents.
    private static final float[] TEXT = {1, 2, 3, -1};
    private static final float[] VISUAL = {4, 0, -2, 5};
    private static final float[] AUDIO = {0, -3, 1, 1};
    private static final float[] VISUAL_MASK = {1, 0};
    private static final float[] AUDIO_MASK = {1, 1};
    // Loss = sum(fused * C).
    private static final float[] C = {0.5f, -1, 2, 0.25f};

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray m(float[] v, long rows) {
        return manager.create(v, new Shape(rows, v.length / rows));
    }

    private static NDArray fuse(float visualLogit, float audioLogit) {
        return WeightedFusion.fuse(
                m(TEXT, 2),
                List.of(m(VISUAL, 2), m(AUDIO, 2)),
                List.of(m(VISUAL_MASK, 2), m(AUDIO_MASK, 2)),
                List.of(
                        manager.create(new float[] {visualLogit}),
                        manager.create(new float[] {audioLogit})));
    }

    /** The same formula in double precision, for the finite differences. */
    private static double loss(double visualLogit, double audioLogit) {
        double wv = Math.log1p(Math.exp(visualLogit));
        double wa = Math.log1p(Math.exp(audioLogit));
        double total = 0;
        for (int i = 0; i < 2; i++) {
            double mv = VISUAL_MASK[i] * wv;
            double ma = AUDIO_MASK[i] * wa;
            for (int j = 0; j < 2; j++) {
                int k = i * 2 + j;
                double fused = (TEXT[k] + mv * VISUAL[k] + ma * AUDIO[k]) / (1 + mv + ma);
                total += fused * C[k];
            }
        }
        return total;
    }

    @Test
    void fusedLatentByHand() {
        // w_V = softplus(ln(e^3 - 1)) = 3, w_A = softplus(ln(e - 1)) = 1.
        float visual = (float) Math.log(Math.expm1(3));
        float[] fused = fuse(visual, BaseTensors.UNIT_FUSION_LOGIT).toFloatArray();
        // Item 0, all three: ((1, 2) + 3 (4, 0) + (0, -3)) / 5 = (13 / 5, -1 / 5).
        assertThat(fused[0]).isCloseTo(2.6f, within(1e-5f));
        assertThat(fused[1]).isCloseTo(-0.2f, within(1e-5f));
        // Item 1, no visual: ((3, -1) + (1, 1)) / 2 = (2, 0); visual's weight is not in the sum.
        assertThat(fused[2]).isCloseTo(2f, within(1e-5f));
        assertThat(fused[3]).isCloseTo(0f, within(1e-5f));
        // Without heads: the text latents themselves.
        NDArray text = m(TEXT, 2);
        assertThat(WeightedFusion.fuse(text, List.of(), List.of(), List.of())).isSameAs(text);
    }

    @Test
    void theFusionScaleMultipliesEveryHeadsWeight() {
        float visual = (float) Math.log(Math.expm1(3));
        List<NDArray> latents = List.of(m(VISUAL, 2), m(AUDIO, 2));
        List<NDArray> masks = List.of(m(VISUAL_MASK, 2), m(AUDIO_MASK, 2));
        List<NDArray> logits =
                List.of(
                        manager.create(new float[] {visual}),
                        manager.create(new float[] {BaseTensors.UNIT_FUSION_LOGIT}));
        // Scale 0.5: w_V = 1.5, w_A = 0.5. Item 0: ((1, 2) + 1.5 (4, 0) + 0.5 (0, -3)) / 3.
        float[] half = WeightedFusion.fuse(m(TEXT, 2), latents, masks, logits, 0.5f).toFloatArray();
        assertThat(half[0]).isCloseTo(7f / 3, within(1e-5f));
        assertThat(half[1]).isCloseTo(0.5f / 3, within(1e-5f));
        // Scale 1 is the unscaled fusion; scale 0 is text alone.
        assertThat(WeightedFusion.fuse(m(TEXT, 2), latents, masks, logits, 1f).toFloatArray())
                .containsExactly(fuse(visual, BaseTensors.UNIT_FUSION_LOGIT).toFloatArray());
        assertThat(WeightedFusion.fuse(m(TEXT, 2), latents, masks, logits, 0f).toFloatArray())
                .containsExactly(TEXT);
    }

    @Test
    void logitGradientsMatchFiniteDifferences() {
        float[][] points = {{0.3f, -0.7f}, {BaseTensors.UNIT_FUSION_LOGIT, 2f}, {-2f, 0f}};
        for (float[] point : points) {
            NDArray a = manager.create(new float[] {point[0]});
            NDArray b = manager.create(new float[] {point[1]});
            a.setRequiresGradient(true);
            b.setRequiresGradient(true);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray fused =
                        WeightedFusion.fuse(
                                m(TEXT, 2),
                                List.of(m(VISUAL, 2), m(AUDIO, 2)),
                                List.of(m(VISUAL_MASK, 2), m(AUDIO_MASK, 2)),
                                List.of(a, b));
                NDArray loss = fused.mul(m(C, 2)).sum();
                assertThat(loss.getFloat())
                        .isCloseTo((float) loss(point[0], point[1]), within(1e-5f));
                collector.backward(loss);
            }
            double h = 1e-5;
            double da = (loss(point[0] + h, point[1]) - loss(point[0] - h, point[1])) / (2 * h);
            double db = (loss(point[0], point[1] + h) - loss(point[0], point[1] - h)) / (2 * h);
            assertThat(Math.abs(da)).as("non-trivial gradient").isGreaterThan(1e-3);
            assertThat(a.getGradient().toFloatArray()[0]).isCloseTo((float) da, within(1e-4f));
            assertThat(b.getGradient().toFloatArray()[0]).isCloseTo((float) db, within(1e-4f));
        }
    }

    @Test
    void oneMaskAndLogitPerLatent() {
        assertThatThrownBy(
                        () ->
                                WeightedFusion.fuse(
                                        m(TEXT, 2),
                                        List.of(m(VISUAL, 2)),
                                        List.of(),
                                        List.of(manager.create(new float[] {0f}))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one mask and one logit per latent");
    }
}
