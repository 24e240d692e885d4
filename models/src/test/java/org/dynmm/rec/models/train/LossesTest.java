package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LossesTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    @Test
    void softmaxCrossEntropyOfTwoByTwoLogits() {
        // Row 1: logits (1, 2), target 1: -log(e^2 / (e^1 + e^2)) = log(1 + e^-1) = 0.3132617.
        // Row 2: logits (3, 1), target 0: -log(e^3 / (e^3 + e^1)) = log(1 + e^-2) = 0.1269280.
        // Mean: (0.3132617 + 0.1269280) / 2 = 0.2200948.
        NDArray logits = manager.create(new float[] {1, 2, 3, 1}, new Shape(2, 2));
        NDArray targets = manager.create(new long[] {1, 0});
        assertThat(Losses.softmaxCrossEntropy(logits, targets).getFloat())
                .isCloseTo(0.2200948f, within(1e-6f));
    }

    @Test
    void weightedSoftmaxCrossEntropyOfTwoByTwoLogits() {
        // The two rows above (0.3132617, 0.1269280) weighted 1.5 and 0.5:
        // (1.5 * 0.3132617 + 0.5 * 0.1269280) / 2 = (0.4698926 + 0.0634640) / 2 = 0.2666783.
        NDArray logits = manager.create(new float[] {1, 2, 3, 1}, new Shape(2, 2));
        NDArray targets = manager.create(new long[] {1, 0});
        NDArray weights = manager.create(new float[] {1.5f, 0.5f});
        assertThat(Losses.weightedSoftmaxCrossEntropy(logits, targets, weights).getFloat())
                .isCloseTo(0.2666783f, within(1e-6f));
        // Unit weights give the unweighted loss.
        assertThat(
                        Losses.weightedSoftmaxCrossEntropy(
                                        logits, targets, manager.ones(new Shape(2)))
                                .getFloat())
                .isCloseTo(0.2200948f, within(1e-6f));
    }

    @Test
    void crossEntropyOfUniformLogitsIsLogN() {
        // Equal logits over 4 items: -log(1/4) = log 4 = 1.3862944, whatever the target.
        NDArray logits = manager.zeros(new Shape(3, 4));
        NDArray targets = manager.create(new long[] {0, 3, 2});
        assertThat(Losses.softmaxCrossEntropy(logits, targets).getFloat())
                .isCloseTo(1.3862944f, within(1e-6f));
    }

    @Test
    void meanSquaredErrorByHand() {
        // Differences (1, -2, 0, 3): squares 1 + 4 + 0 + 9 = 14, mean 14 / 4 = 3.5.
        NDArray a = manager.create(new float[] {2, 0, 5, 3}, new Shape(2, 2));
        NDArray b = manager.create(new float[] {1, 2, 5, 0}, new Shape(2, 2));
        assertThat(Losses.mse(a, b).getFloat()).isEqualTo(3.5f);
        assertThat(Losses.mse(a, a).getFloat()).isZero();
    }

    @Test
    void baseLossWeighsTheTerms() {
        TrainingConfig config =
                TrainingConfig.builder()
                        .textRankWeight(0.5f)
                        .matchWeight(2f)
                        .itemReconWeight(0.1f)
                        .textReconWeight(0.01f)
                        .build();
        // 1 + 0.5 * 2 + 2 * 3 + 0.1 * 4 + 0.01 * 5 = 1 + 1 + 6 + 0.4 + 0.05 = 8.45
        NDArray total =
                Losses.baseLoss(
                        manager.create(1f),
                        manager.create(2f),
                        manager.create(3f),
                        manager.create(4f),
                        manager.create(5f),
                        config);
        assertThat(total.getFloat()).isCloseTo(8.45f, within(1e-6f));
    }
}
