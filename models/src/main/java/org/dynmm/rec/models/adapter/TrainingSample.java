package org.dynmm.rec.models.adapter;

import java.util.SplittableRandom;

/**
 * Which accepted interactions the shared adapter's trainer learns from, at {@link
 * AdapterConfig#trainerSampleRate()}: a deterministic draw from user, item, event time and the
 * adapter seed, so every run, the job at any parallelism and the evaluator's replay pick the same
 * events, and a restored job picks what the uninterrupted one would.
 */
public final class TrainingSample {
    /** Keeps the draw independent of the negatives, which are seeded from the same values. */
    private static final long SALT = 0x5DEECE66DL;

    private TrainingSample() {}

    /** Whether the trainer takes a step on {@code user} taking {@code item} at {@code ts}. */
    public static boolean takes(AdapterConfig config, String user, String item, long ts) {
        float rate = config.trainerSampleRate();
        if (rate >= 1f) {
            return true;
        }
        long seed = NegativeSampler.seed(config.seed() ^ SALT, user, item, ts);
        return new SplittableRandom(seed).nextDouble() < rate;
    }
}
