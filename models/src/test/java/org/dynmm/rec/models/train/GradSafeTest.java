package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Scalar ops on the autograd path keep their scalar alive through the backward pass, however much
 * garbage the JVM collects in between (DJL's {@code Number} overloads do not: see {@link
 * GradSafe}).
 */
class GradSafeTest {

    /** Collects garbage and fills freshly allocated direct buffers with {@code sentinel}. */
    private static List<ByteBuffer> churnNativeMemory(float sentinel) {
        List<ByteBuffer> kept = new ArrayList<>();
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 2_000; i++) {
                ByteBuffer b = ByteBuffer.allocateDirect(4).order(ByteOrder.nativeOrder());
                b.putFloat(0, sentinel);
                kept.add(b);
            }
        }
        return kept;
    }

    @Test
    void gradientsOfScalarProductsQuotientsAndReluSurviveAGarbageCollectionBeforeBackward() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-2f, -0.5f, 0.25f, 3f});
            x.setRequiresGradient(true);
            List<ByteBuffer> churn;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y =
                        GradSafe.div(GradSafe.mul(GradSafe.relu(x), 3f), 2f)
                                .add(GradSafe.mul(x, -0.5f));
                NDArray loss = y.sum();
                // Between forward and backward: a collection and reused native memory.
                churn = churnNativeMemory(1e6f);
                collector.backward(loss);
            }
            // d/dx [1.5 relu(x) - 0.5 x] = 1.5 [x > 0] - 0.5
            assertThat(x.getGradient().toFloatArray()).containsExactly(-0.5f, -0.5f, 1f, 1f);
            assertThat(churn).hasSize(6_000);
        }
    }

    @Test
    void scalarsMatchDjlNumberOverloadsInTheForwardPass() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray x = manager.create(new float[] {-1.5f, 0f, 2.5f});
            assertThat(GradSafe.mul(x, 0.3f).toFloatArray())
                    .containsExactly(x.mul(0.3f).toFloatArray());
            assertThat(GradSafe.div(x, 7f).toFloatArray())
                    .containsExactly(x.div(7f).toFloatArray());
            assertThat(GradSafe.relu(x).toFloatArray())
                    .containsExactly(x.maximum(0f).toFloatArray());
        }
    }
}
