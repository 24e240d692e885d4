package org.dynmm.rec.models.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fits one soft-token projector ({@code F_U} or {@code F_I}, a two-layer ReLU perceptron) in DJL by
 * mean squared error from latents to target vectors in an LLM's token-embedding space.
 *
 * <p>A-LLMRec's stage 2 trains the projectors end to end through a frozen LLM (the LLM, given the
 * soft tokens, must produce the next item's title). No LLM runs here, so this trainer fits the
 * projectors to a target space given per item instead (see {@code ProjectorExamples}): it puts the
 * soft tokens where the LLM's own embedding of the item's title lies, a warm start that stage 2
 * proper would refine. A random share of the pairs is held out; the report gives the held-out MSE
 * next to that of predicting the training mean, so a fit that learned nothing shows.
 */
public final class ProjectorTrainer {

    /**
     * @param hidden hidden size H
     * @param epochs passes over the training pairs
     * @param batchSize pairs per Adam step
     * @param learningRate Adam step size
     * @param validationFraction share of pairs held out for the report
     * @param seed initialization, split and shuffling
     */
    public record Config(
            int hidden,
            int epochs,
            int batchSize,
            float learningRate,
            double validationFraction,
            long seed) {
        public Config {
            if (hidden <= 0 || epochs <= 0 || batchSize <= 0 || !(learningRate > 0f)) {
                throw new IllegalArgumentException(
                        "hidden size, epochs, batch size and learning rate must be positive");
            }
            if (validationFraction < 0 || validationFraction >= 1) {
                throw new IllegalArgumentException("validation fraction lies in [0, 1)");
            }
        }

        public static Config defaults() {
            return new Config(256, 30, 256, 0.003f, 0.1, 42L);
        }
    }

    /**
     * A fitted projector.
     *
     * @param weights w1 [in, H], b1 [H], w2 [H, out], b2 [out], row-major
     * @param trainLoss mean training MSE per epoch
     * @param validationLoss held-out MSE after the last epoch (NaN without a held-out share)
     * @param meanBaselineLoss held-out MSE of predicting the training targets' mean
     * @param trainPairs pairs trained on
     * @param validationPairs pairs held out
     */
    public record Fit(
            float[][] weights,
            List<Double> trainLoss,
            double validationLoss,
            double meanBaselineLoss,
            int trainPairs,
            int validationPairs) {}

    private final Config config;

    public ProjectorTrainer(Config config) {
        this.config = config;
    }

    /** Fits {@code y ≈ relu(x w1 + b1) w2 + b2} on the pairs ({@code x[i]}, {@code y[i]}). */
    public Fit fit(float[][] x, float[][] y) {
        if (x.length != y.length || x.length < 2) {
            throw new IllegalArgumentException(
                    "need at least two pairs of equal count, got " + x.length + " and " + y.length);
        }
        int in = x[0].length;
        int out = y[0].length;
        Random random = new Random(config.seed());
        int[] order = new int[x.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        shuffle(order, random);
        int held = (int) Math.floor(x.length * config.validationFraction());
        int[] validation = java.util.Arrays.copyOfRange(order, 0, held);
        int[] train = java.util.Arrays.copyOfRange(order, held, order.length);

        float[] mean = new float[out];
        for (int i : train) {
            for (int j = 0; j < out; j++) {
                mean[j] += y[i][j] / train.length;
            }
        }
        Engine.getInstance().setRandomSeed((int) config.seed());
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            Map<String, NDArray> p = new LinkedHashMap<>();
            int h = config.hidden();
            p.put("w1", manager.create(xavier(random, in, h), new Shape(in, h)));
            p.put("b1", manager.zeros(new Shape(h)));
            p.put("w2", manager.create(xavier(random, h, out), new Shape(h, out)));
            p.put("b2", manager.create(mean.clone(), new Shape(out))); // start at the mean
            for (NDArray a : p.values()) {
                a.setRequiresGradient(true);
            }
            Adam adam = new Adam(config.learningRate(), 0f);
            List<Double> curve = new ArrayList<>();
            for (int epoch = 0; epoch < config.epochs(); epoch++) {
                shuffle(train, random);
                double sum = 0;
                for (int from = 0; from < train.length; from += config.batchSize()) {
                    int to = Math.min(train.length, from + config.batchSize());
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        NDArray xb = batch(manager, x, train, from, to, in);
                        NDArray yb = batch(manager, y, train, from, to, out);
                        NDArray loss;
                        try (GradientCollector collector =
                                Engine.getInstance().newGradientCollector()) {
                            loss = forward(p, xb).sub(yb).square().mean();
                            collector.backward(loss);
                        }
                        sum += loss.getFloat() * (to - from);
                        adam.step(p);
                    }
                }
                curve.add(sum / train.length);
            }
            double validationLoss = Double.NaN;
            double baseline = Double.NaN;
            if (validation.length > 0) {
                try (NDScope scope = new NDScope()) {
                    scope.suppressNotUsedWarning();
                    NDArray xb = batch(manager, x, validation, 0, validation.length, in);
                    NDArray yb = batch(manager, y, validation, 0, validation.length, out);
                    validationLoss = forward(p, xb).sub(yb).square().mean().getFloat();
                    baseline =
                            yb.sub(manager.create(mean, new Shape(1, out)))
                                    .square()
                                    .mean()
                                    .getFloat();
                }
            }
            float[][] weights = {
                p.get("w1").toFloatArray(),
                p.get("b1").toFloatArray(),
                p.get("w2").toFloatArray(),
                p.get("b2").toFloatArray()
            };
            return new Fit(
                    weights, curve, validationLoss, baseline, train.length, validation.length);
        }
    }

    private static NDArray forward(Map<String, NDArray> p, NDArray x) {
        NDArray hidden = GradSafe.relu(x.matMul(p.get("w1")).add(p.get("b1")));
        return hidden.matMul(p.get("w2")).add(p.get("b2"));
    }

    private static NDArray batch(
            NDManager manager, float[][] rows, int[] index, int from, int to, int width) {
        float[] flat = new float[(to - from) * width];
        for (int i = from; i < to; i++) {
            System.arraycopy(rows[index[i]], 0, flat, (i - from) * width, width);
        }
        return manager.create(flat, new Shape(to - from, width));
    }

    private static float[] xavier(Random random, int in, int out) {
        float bound = (float) Math.sqrt(6.0 / (in + out));
        float[] w = new float[in * out];
        for (int i = 0; i < w.length; i++) {
            w[i] = (random.nextFloat() * 2f - 1f) * bound;
        }
        return w;
    }

    private static void shuffle(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }
}
