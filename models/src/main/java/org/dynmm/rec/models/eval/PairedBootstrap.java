package org.dynmm.rec.models.eval;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Paired bootstrap of the difference in mean gain (NDCG@k per event) between two methods ranked on
 * the same events: {@link #RESAMPLES} resamples of the events with replacement, seeded, so the same
 * gains give the same interval.
 */
final class PairedBootstrap {
    /** Resamples per interval. */
    static final int RESAMPLES = 1000;

    private static final long SEED = 20_261_126L;

    private PairedBootstrap() {}

    /**
     * The difference {@code mean(a) - mean(b)} over the events whose index is in {@code events},
     * and its central 95% interval.
     *
     * @param a per-event gains of the method, indexed by ranked event
     * @param b per-event gains of the reference, same indexing
     * @param events indices of the slice's events
     */
    static PairedDifference compare(
            String method, String reference, Slice slice, float[] a, float[] b, int[] events) {
        int n = events.length;
        double[] diff = new double[n];
        double sum = 0;
        long aWins = 0;
        long bWins = 0;
        for (int i = 0; i < n; i++) {
            int e = events[i];
            diff[i] = (double) a[e] - b[e];
            sum += diff[i];
            aWins += a[e] > b[e] ? 1 : 0;
            bWins += b[e] > a[e] ? 1 : 0;
        }
        if (n == 0) {
            return new PairedDifference(method, reference, slice, 0, 0, 0, 0, 0, 0);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] means = new double[RESAMPLES];
        for (int r = 0; r < RESAMPLES; r++) {
            double s = 0;
            for (int i = 0; i < n; i++) {
                s += diff[random.nextInt(n)];
            }
            means[r] = s / n;
        }
        Arrays.sort(means);
        double low = means[(int) Math.floor(0.025 * (RESAMPLES - 1))];
        double high = means[(int) Math.ceil(0.975 * (RESAMPLES - 1))];
        return new PairedDifference(method, reference, slice, n, sum / n, low, high, aWins, bWins);
    }
}
