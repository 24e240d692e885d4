package org.dynmm.rec.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.HashMap;
import java.util.Map;

/**
 * Exponential moving average of the parameters over the optimizer's steps (Polyak averaging): the
 * averaged weights move less from step to step than the last step's, so the model that is validated
 * and stored depends less on where in an epoch training stopped. Call {@link #update} after each
 * optimizer step, outside the gradient collector and inside an {@code NDScope}.
 */
final class WeightAverage {
    private final float decay;
    private final Map<String, NDArray> average = new HashMap<>();
    private boolean swapped;

    /**
     * @param decay weight of the running average at each update, in (0, 1)
     */
    WeightAverage(float decay) {
        if (!(decay > 0f && decay < 1f)) {
            throw new IllegalArgumentException("decay must be in (0, 1): " + decay);
        }
        this.decay = decay;
    }

    /**
     * Folds the current parameters into the average: {@code a = decay a + (1 - decay) w}; the first
     * update starts the average at the parameters.
     */
    void update(Map<String, NDArray> parameters) {
        if (swapped) {
            throw new IllegalStateException("the averages are swapped in: swap back first");
        }
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray weight = e.getValue();
            NDArray avg = average.get(e.getKey());
            if (avg == null) {
                avg = weight.duplicate();
                // The average lives as long as the parameters, not the step's scope.
                NDScope.unregister(avg);
                average.put(e.getKey(), avg);
            } else {
                avg.muli(decay).addi(weight.mul(1f - decay));
            }
        }
    }

    /**
     * Exchanges the parameters' values with their averages, in place (the parameters keep their
     * identity and gradients); a second call swaps back. Parameters never averaged stay as they
     * are.
     */
    void swap(Map<String, NDArray> parameters) {
        for (Map.Entry<String, NDArray> e : parameters.entrySet()) {
            NDArray avg = average.get(e.getKey());
            if (avg == null) {
                continue;
            }
            NDArray weight = e.getValue();
            try (NDArray held = weight.duplicate()) {
                weight.muli(0f).addi(avg);
                avg.muli(0f).addi(held);
            }
        }
        swapped = !swapped;
    }

    /** Whether {@link #swap} has put the averages into the parameters. */
    boolean swapped() {
        return swapped;
    }
}
