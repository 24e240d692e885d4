package org.dynmm.rec.models.train;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba) with optional decoupled weight decay (AdamW), updating parameters in place
 * and zeroing their gradients afterwards. Call {@link #step} outside the gradient collector and
 * inside an {@code NDScope}, which frees the temporaries.
 */
final class Adam {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;

    private float learningRate;
    private final float weightDecay;
    private final Map<String, NDArray[]> moments = new HashMap<>();
    private final Map<String, Float> rateFactors = new HashMap<>();
    private int steps;

    Adam(float learningRate, float weightDecay) {
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
    }

    /** Changes the step size from the next update on (a schedule). */
    void setLearningRate(float learningRate) {
        this.learningRate = learningRate;
    }

    /**
     * Multiplies the step size of parameter {@code name} by {@code factor} (0 freezes it) and
     * exempts it from weight decay; for a few scalars (the fusion weight logits) that get one
     * gradient per step and must move further than the step size allows in a short run.
     */
    void rateFactor(String name, float factor) {
        if (!(factor >= 0f) || !Float.isFinite(factor)) {
            throw new IllegalArgumentException("rate factor must be >= 0, is " + factor);
        }
        rateFactors.put(name, factor);
    }

    /** One update of every parameter from its accumulated gradient, then zeroes the gradients. */
    void step(Map<String, NDArray> parameters) {
        steps++;
        double correction1 = 1.0 - Math.pow(BETA1, steps);
        double correction2 = 1.0 - Math.pow(BETA2, steps);
        float stepSize = (float) (learningRate * Math.sqrt(correction2) / correction1);
        float epsilon = (float) (EPSILON * Math.sqrt(correction2));
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray weight = e.getValue();
            NDArray gradient = weight.getGradient();
            NDArray[] mv =
                    moments.computeIfAbsent(
                            e.getKey(),
                            k -> {
                                NDArray m = weight.zerosLike();
                                NDArray v = weight.zerosLike();
                                // The moments live as long as the parameters, not the scope.
                                ai.djl.ndarray.NDScope.unregister(m, v);
                                return new NDArray[] {m, v};
                            });
            mv[0].muli(BETA1).addi(gradient.mul(1f - BETA1));
            mv[1].muli(BETA2).addi(gradient.square().muli(1f - BETA2));
            Float factor = rateFactors.get(e.getKey());
            if (weightDecay > 0f && factor == null) {
                weight.muli(1f - learningRate * weightDecay);
            }
            float size = factor == null ? stepSize : stepSize * factor;
            if (size != 0f) {
                weight.subi(mv[0].div(mv[1].sqrt().addi(epsilon)).muli(size));
            }
            gradient.subi(gradient);
        }
    }
}
