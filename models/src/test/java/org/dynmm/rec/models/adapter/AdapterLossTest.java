package org.dynmm.rec.models.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The hand-written gradients against central differences, on random small examples. */
class AdapterLossTest {
    private static final AdapterLayout LAYOUT = new AdapterLayout(4, AdapterFeatures.SIZE, 3);

    static float[] randomVector(SplittableRandom r, int n, double scale) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) ((r.nextDouble() * 2 - 1) * scale);
        }
        return v;
    }

    static AdapterExample randomExample(SplittableRandom r, int items) {
        float[][] base = new float[items][];
        float[][] summary = new float[items][];
        for (int j = 0; j < items; j++) {
            base[j] = randomVector(r, LAYOUT.dim(), 1);
            summary[j] = randomVector(r, LAYOUT.summaryDim(), 1);
        }
        return new AdapterExample(
                randomVector(r, LAYOUT.dim(), 1),
                randomVector(r, LAYOUT.summaryDim(), 1),
                0.3f,
                base,
                summary,
                randomVector(r, items, 2));
    }

    /** The loss without gradients. */
    private static double total(
            float[] theta,
            AdapterExample ex,
            boolean itemSide,
            boolean coldItemsOnly,
            float stabilityWeight) {
        return AdapterLoss.evaluate(
                        LAYOUT, theta, ex, itemSide, coldItemsOnly, stabilityWeight, null, null)
                .total();
    }

    private static void checkGradient(boolean itemSide, float stabilityWeight, long seed) {
        checkGradient(itemSide, false, stabilityWeight, seed);
    }

    private static void checkGradient(
            boolean itemSide, boolean coldItemsOnly, float stabilityWeight, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] theta = randomVector(r, LAYOUT.size(), 0.5);
        AdapterExample ex = randomExample(r, 4);
        if (coldItemsOnly) {
            // Items 0 and 2 cold (adapted), 1 and 3 warm (kept at the base).
            for (int j = 0; j < 4; j++) {
                ex.itemSummary()[j][AdapterFeatures.ITEM_COLD_SLOT] = j % 2 == 0 ? 1f : 0f;
            }
        }
        checkGradient(theta, ex, itemSide, coldItemsOnly, stabilityWeight);
    }

    /** {@code dL/dtheta} of {@code ex} at {@code theta} against central differences. */
    private static void checkGradient(
            float[] theta,
            AdapterExample ex,
            boolean itemSide,
            boolean coldItemsOnly,
            float stabilityWeight) {
        float[] grad = new float[LAYOUT.size()];
        AdapterLoss.evaluate(
                LAYOUT, theta, ex, itemSide, coldItemsOnly, stabilityWeight, grad, null);
        double eps = 1e-3;
        int checked = 0;
        for (int j = 0; j < theta.length; j++) {
            float saved = theta[j];
            theta[j] = (float) (saved + eps);
            double plus = total(theta, ex, itemSide, coldItemsOnly, stabilityWeight);
            theta[j] = (float) (saved - eps);
            double minus = total(theta, ex, itemSide, coldItemsOnly, stabilityWeight);
            theta[j] = saved;
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(
                    numeric,
                    grad[j],
                    2e-3 + 2e-2 * Math.abs(numeric),
                    "parameter "
                            + j
                            + " (itemSide="
                            + itemSide
                            + ", stab="
                            + stabilityWeight
                            + ")");
            if (numeric != 0) {
                checked++;
            }
        }
        assertTrue(checked > LAYOUT.size() / 2, "most parameters have a gradient: " + checked);
    }

    @Test
    void gradientMatchesNumericDifferentiationWithItemSideAndStability() {
        checkGradient(true, 0.7f, 1);
        checkGradient(true, 0.7f, 2);
    }

    @Test
    void gradientMatchesNumericDifferentiationWithoutStability() {
        checkGradient(true, 0f, 3);
    }

    @Test
    void gradientMatchesNumericDifferentiationWithTheItemSideOnColdItemsOnly() {
        checkGradient(true, true, 0.7f, 5);
        checkGradient(true, true, 0f, 6);
    }

    @Test
    void coldItemsOnlyKeepsWarmItemsAtTheirBaseLatents() {
        SplittableRandom r = new SplittableRandom(9);
        float[] theta = randomVector(r, LAYOUT.size(), 0.5);
        AdapterExample warm = randomExample(r, 3);
        for (float[] s : warm.itemSummary()) {
            s[AdapterFeatures.ITEM_COLD_SLOT] = 0f;
        }
        // Every item warm: the cold-only item side is the user side alone.
        assertEquals(
                total(theta, warm, false, false, 0.7f), total(theta, warm, true, true, 0.7f), 0.0);
        // ... and the full item side is not.
        assertTrue(total(theta, warm, true, false, 0.7f) != total(theta, warm, false, false, 0.7f));
    }

    @Test
    void gradientMatchesNumericDifferentiationUserSideOnly() {
        checkGradient(false, 0.7f, 4);
    }

    @Test
    void gradientMatchesNumericDifferentiationWithTheServedPopularityPrior() {
        SplittableRandom r = new SplittableRandom(11);
        AdapterExample plain = randomExample(r, 4);
        AdapterExample withPrior = withPrior(plain, randomVector(r, 4, 2));
        float[] theta = randomVector(r, LAYOUT.size(), 0.5);
        assertTrue(
                total(theta, withPrior, true, false, 0.7f)
                        != total(theta, plain, true, false, 0.7f));
        checkGradient(theta, withPrior, true, false, 0.7f);
    }

    @Test
    void thePriorEntersTheRankingLossAsPartOfEachItemsScore() {
        // Identity adapter: h . z is 1 and 0; priors 0 and 2 make the served scores 1 and 2.
        AdapterLayout l = new AdapterLayout(2, AdapterFeatures.SIZE, 2);
        float[] theta = new float[l.size()];
        float[][] summaries = {new float[AdapterFeatures.SIZE], new float[AdapterFeatures.SIZE]};
        AdapterExample ex =
                new AdapterExample(
                        new float[] {1, 0},
                        new float[AdapterFeatures.SIZE],
                        0f,
                        new float[][] {{1, 0}, {0, 1}},
                        summaries,
                        new float[] {-0.5f, -1f},
                        null,
                        new float[] {0f, 2f});
        // Scores minus the corrections log q - b: 1 - (-0.5 - 0) = 1.5 and 0 - (-1 - 2) = 3.
        assertArrayEquals(new float[] {-0.5f, -3f}, ex.corrections(), 0f);
        AdapterLoss.Value v = AdapterLoss.evaluate(l, theta, ex, false, false, 1f, null, null);
        assertEquals(Math.log(1 + Math.exp(3 - 1.5)), v.ranking(), 1e-6);
    }

    @Test
    void anExampleWithANonFinitePriorIsInvalid() {
        SplittableRandom r = new SplittableRandom(12);
        AdapterExample plain = randomExample(r, 3);
        assertTrue(withPrior(plain, new float[] {0f, 1f, 2f}).isValid(LAYOUT));
        assertFalse(withPrior(plain, new float[] {0f, Float.NaN, 2f}).isValid(LAYOUT));
        assertFalse(withPrior(plain, new float[] {0f, 1f}).isValid(LAYOUT));
    }

    private static AdapterExample withPrior(AdapterExample ex, float[] prior) {
        return new AdapterExample(
                ex.userBase(),
                ex.userSummary(),
                ex.userGateOffset(),
                ex.itemBase(),
                ex.itemSummary(),
                ex.logQ(),
                ex.itemIds(),
                prior);
    }

    @Test
    void rankingLossIsTheSoftmaxCrossEntropyOfThePositive() {
        // Identity adapter (g = 0): scores are h_base . z_base, here 1 and 0 for two items.
        AdapterLayout l = new AdapterLayout(2, AdapterFeatures.SIZE, 2);
        float[] theta = new float[l.size()];
        AdapterExample ex =
                new AdapterExample(
                        new float[] {1, 0},
                        new float[AdapterFeatures.SIZE],
                        0f,
                        new float[][] {{1, 0}, {0, 1}},
                        new float[][] {
                            new float[AdapterFeatures.SIZE], new float[AdapterFeatures.SIZE]
                        });
        AdapterLoss.Value v = AdapterLoss.evaluate(l, theta, ex, true, false, 1f, null, null);
        assertEquals(Math.log(1 + Math.exp(-1)), v.ranking(), 1e-9); // -log(e^1 / (e^1 + e^0))
        assertEquals(0.0, v.stability(), 0.0);
    }
}
