package org.dynmm.rec.models.train;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Whether a visual / audio modality carries signal about the items, decided on warm items whose
 * vector of that modality was hidden from training ({@link ModalityHoldout}): the modality head's
 * latent {@code f_M(x_i)} of each held-out item should be closer (cosine) to that item's own
 * trained item latent {@code f_I(cf_i)} than to the other held-out items' latents.
 *
 * <p>Statistic: the held-out AUC, the mean over held-out items {@code i} of the share of the other
 * held-out items {@code j} with {@code cos(f_M(x_i), z_j) < cos(f_M(x_i), z_i)} (ties count half);
 * 0.5 is chance. Null: the same statistic with the pairing of head latents and item latents
 * shuffled (a seeded permutation test with {@link #PERMUTATIONS} permutations); one-sided p-value
 * {@code (1 + #{null >= observed}) / (1 + permutations)}. The modality is kept when {@code p <
 * alpha}; with fewer than {@link #MIN_ITEMS} held-out items the check cannot decide and keeps it.
 *
 * <p>A head that learned a pure-noise modality can only memorize the training items' vectors, so on
 * held-out items its AUC is at chance and it is dropped with probability {@code 1 - alpha}; a
 * modality whose vectors predict anything of the item's collaborative latent generalizes to them.
 * Plain float loops; {@code O(H^2 log H + permutations * H)} for {@code H} held-out items.
 */
final class ModalityCheck {

    /** Permutations of the null. */
    static final int PERMUTATIONS = 1000;

    /** Fewest held-out items for a decision; below, the modality is kept undecided. */
    static final int MIN_ITEMS = 8;

    private ModalityCheck() {}

    /**
     * The outcome for one modality.
     *
     * @param modality "visual" or "audio"
     * @param items held-out items the statistic was measured on
     * @param auc observed held-out AUC (NaN when undecided)
     * @param nullMean mean of the permutation null (NaN when undecided)
     * @param nullSd standard deviation of the permutation null (NaN when undecided)
     * @param p one-sided permutation p-value (NaN when undecided)
     * @param alpha significance level of the decision
     * @param kept whether the modality stays in the fusion
     */
    record Result(
            String modality,
            int items,
            double auc,
            double nullMean,
            double nullSd,
            double p,
            double alpha,
            boolean kept) {

        boolean decided() {
            return !Double.isNaN(p);
        }

        /**
         * The manifest metrics {@code modality.<name>.heldout-*}: items and kept (1 or 0) always,
         * the statistic, its null and the p-value when decided (JSON has no NaN).
         */
        void writeTo(Map<String, Double> metrics) {
            String prefix = "modality." + modality + ".heldout-";
            metrics.put(prefix + "items", (double) items);
            if (decided()) {
                metrics.put(prefix + "auc", auc);
                metrics.put(prefix + "null-mean", nullMean);
                metrics.put(prefix + "null-sd", nullSd);
                metrics.put(prefix + "p", p);
            }
            metrics.put(prefix + "kept", kept ? 1.0 : 0.0);
        }

        String describe() {
            if (!decided()) {
                return String.format(
                        Locale.ROOT,
                        "modality check %s: %d held-out items, too few (< %d): kept undecided",
                        modality,
                        items,
                        MIN_ITEMS);
            }
            return String.format(
                    Locale.ROOT,
                    "modality check %s: held-out AUC %.4f over %d items, null %.4f +- %.4f, p"
                            + " %.4f (alpha %s): %s",
                    modality,
                    auc,
                    items,
                    nullMean,
                    nullSd,
                    p,
                    (float) alpha,
                    kept ? "kept" : "DROPPED (fusion weight 0)");
        }
    }

    /**
     * @param modality the modality's name
     * @param headLatents {@code [h, d]} row-major: {@code f_M(x_i)} of each held-out item
     * @param itemLatents {@code [h, d]} row-major: {@code f_I(cf_i)} of the same items, same order
     * @param d latent size
     * @param alpha significance level, in (0, 1)
     * @param seed seed of the permutations
     */
    static Result test(
            String modality,
            float[] headLatents,
            float[] itemLatents,
            int d,
            double alpha,
            long seed) {
        int h = headLatents.length / d;
        if (h < MIN_ITEMS) {
            return new Result(
                    modality, h, Double.NaN, Double.NaN, Double.NaN, Double.NaN, alpha, true);
        }
        double[][] rank = normalizedRanks(headLatents, itemLatents, d, h);
        double observed = 0;
        for (int i = 0; i < h; i++) {
            observed += rank[i][i];
        }
        observed /= h;
        Random random = new Random(seed);
        int[] perm = new int[h];
        int atLeast = 0;
        double sum = 0;
        double sumSq = 0;
        for (int r = 0; r < PERMUTATIONS; r++) {
            for (int i = 0; i < h; i++) {
                perm[i] = i;
            }
            for (int i = h - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int t = perm[i];
                perm[i] = perm[j];
                perm[j] = t;
            }
            double t = 0;
            for (int i = 0; i < h; i++) {
                t += rank[i][perm[i]];
            }
            t /= h;
            sum += t;
            sumSq += t * t;
            // A small tolerance: sums in another order must not count as "above".
            if (t >= observed - 1e-12) {
                atLeast++;
            }
        }
        double mean = sum / PERMUTATIONS;
        double sd = Math.sqrt(Math.max(0, sumSq / PERMUTATIONS - mean * mean));
        double p = (1.0 + atLeast) / (1.0 + PERMUTATIONS);
        return new Result(modality, h, observed, mean, sd, p, alpha, p < alpha);
    }

    /**
     * {@code r[i][j]}: the share of columns {@code k != j} with {@code cos(a_i, b_k) < cos(a_i,
     * b_j)}, ties counted half.
     */
    static double[][] normalizedRanks(float[] a, float[] b, int d, int h) {
        float[] an = normalized(a, d, h);
        float[] bn = normalized(b, d, h);
        double[][] r = new double[h][h];
        double[] s = new double[h];
        double[] sorted = new double[h];
        for (int i = 0; i < h; i++) {
            for (int j = 0; j < h; j++) {
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    dot += an[i * d + k] * bn[j * d + k];
                }
                s[j] = dot;
            }
            System.arraycopy(s, 0, sorted, 0, h);
            Arrays.sort(sorted);
            for (int j = 0; j < h; j++) {
                int below = lowerBound(sorted, s[j]);
                int equalOthers = upperBound(sorted, s[j]) - below - 1;
                r[i][j] = (below + 0.5 * equalOthers) / (h - 1);
            }
        }
        return r;
    }

    private static float[] normalized(float[] x, int d, int h) {
        float[] out = new float[h * d];
        for (int i = 0; i < h; i++) {
            double norm = 0;
            for (int k = 0; k < d; k++) {
                norm += (double) x[i * d + k] * x[i * d + k];
            }
            float inv = norm > 0 ? (float) (1 / Math.sqrt(norm)) : 0f;
            for (int k = 0; k < d; k++) {
                out[i * d + k] = x[i * d + k] * inv;
            }
        }
        return out;
    }

    /** First index with {@code sorted[i] >= v}. */
    private static int lowerBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** First index with {@code sorted[i] > v}. */
    private static int upperBound(double[] sorted, double v) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] <= v) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }
}
