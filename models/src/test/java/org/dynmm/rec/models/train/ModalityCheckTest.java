package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The held-out AUC and its permutation test, on SYNTHETIC latents. */
class ModalityCheckTest {
    private static final int D = 8;

    /** SYNTHETIC item latents: independent Gaussians. */
    private static float[] gaussian(int h, long seed) {
        Random random = new Random(seed);
        float[] x = new float[h * D];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) random.nextGaussian();
        }
        return x;
    }

    /** {@code items} plus Gaussian noise of standard deviation {@code sd}. */
    private static float[] noisy(float[] items, double sd, long seed) {
        Random random = new Random(seed);
        float[] x = items.clone();
        for (int i = 0; i < x.length; i++) {
            x[i] += (float) (random.nextGaussian() * sd);
        }
        return x;
    }

    @Test
    void aHeadThatPredictsTheItemLatentIsKept() {
        float[] items = gaussian(60, 1);
        // Weak but real signal: the head latent is the item latent under twice its own noise.
        ModalityCheck.Result r =
                ModalityCheck.test("visual", noisy(items, 2.0, 2), items, D, 0.01, 7);
        assertThat(r.items()).isEqualTo(60);
        assertThat(r.auc()).isGreaterThan(0.6);
        assertThat(r.nullMean()).isCloseTo(0.5, within(0.02));
        assertThat(r.nullSd()).isBetween(0.01, 0.08);
        assertThat(r.p()).isLessThan(0.01);
        assertThat(r.kept()).isTrue();
    }

    @Test
    void unrelatedHeadLatentsAreDroppedAtMostAtTheLevel() {
        // Pure noise: over 200 independent draws the check keeps about alpha of them.
        int kept = 0;
        double aucs = 0;
        for (int trial = 0; trial < 200; trial++) {
            float[] items = gaussian(40, 100 + trial);
            float[] head = gaussian(40, 10_000 + trial);
            ModalityCheck.Result r = ModalityCheck.test("audio", head, items, D, 0.05, trial);
            kept += r.kept() ? 1 : 0;
            aucs += r.auc();
            assertThat(r.p()).isBetween(1.0 / (1 + ModalityCheck.PERMUTATIONS), 1.0);
        }
        // Expected 10 of 200 at alpha 0.05; 25 is far beyond a binomial's spread (sd 3.1).
        assertThat(kept).isLessThan(25);
        assertThat(aucs / 200).isCloseTo(0.5, within(0.02));
    }

    @Test
    void tooFewHeldOutItemsKeepTheModalityUndecided() {
        float[] items = gaussian(ModalityCheck.MIN_ITEMS - 1, 3);
        ModalityCheck.Result r = ModalityCheck.test("visual", items, items, D, 0.01, 1);
        assertThat(r.decided()).isFalse();
        assertThat(r.kept()).isTrue();
        assertThat(r.describe()).contains("too few");
        Map<String, Double> metrics = new TreeMap<>();
        r.writeTo(metrics);
        assertThat(metrics)
                .containsOnlyKeys("modality.visual.heldout-items", "modality.visual.heldout-kept");
    }

    @Test
    void normalizedRanksCountTiesHalf() {
        // Row 0 is (1, 0): cosines with the columns 1, 1, -1 (two ties at the top).
        float[] a = {1, 0, 0, 1, 1, 1};
        float[] b = {2, 0, 3, 0, -1, 0};
        double[][] r = ModalityCheck.normalizedRanks(a, b, 2, 3);
        assertThat(r[0][0]).isCloseTo((1 + 0.5) / 2, within(1e-12));
        assertThat(r[0][1]).isCloseTo((1 + 0.5) / 2, within(1e-12));
        assertThat(r[0][2]).isCloseTo(0.0, within(1e-12));
    }

    @Test
    void theResultIsWrittenAsManifestMetrics() {
        float[] items = gaussian(20, 4);
        ModalityCheck.Result r = ModalityCheck.test("visual", items, items, D, 0.01, 1);
        Map<String, Double> metrics = new TreeMap<>();
        r.writeTo(metrics);
        assertThat(metrics)
                .containsEntry("modality.visual.heldout-items", 20.0)
                .containsEntry("modality.visual.heldout-auc", 1.0)
                .containsEntry("modality.visual.heldout-kept", 1.0)
                .containsEntry("modality.visual.heldout-p", r.p());
        assertThat(r.describe()).contains("kept").contains("AUC 1.0000");
    }

    @Test
    void theHoldoutHidesASeededShareOfThePresentWarmRows() {
        float[] mask = new float[100];
        for (int i = 0; i < mask.length; i++) {
            mask[i] = i % 4 == 3 ? 0f : 1f; // 75 present, of which 60 among 0..79 (warm)
        }
        float[] copy = mask.clone();
        int[] hidden = ModalityHoldout.hide(mask, 80, 0.2f, 5, 8);
        assertThat(hidden).hasSize(12).isSorted();
        for (int row : hidden) {
            assertThat(row).isLessThan(80);
            assertThat(copy[row]).isEqualTo(1f);
            assertThat(mask[row]).isEqualTo(0f);
        }
        int changed = 0;
        for (int i = 0; i < mask.length; i++) {
            changed += mask[i] != copy[i] ? 1 : 0;
        }
        assertThat(changed).isEqualTo(12);
        // Same seed, same rows; another seed, other rows.
        assertThat(ModalityHoldout.hide(copy.clone(), 80, 0.2f, 5, 8)).isEqualTo(hidden);
        assertThat(ModalityHoldout.hide(copy.clone(), 80, 0.2f, 6, 8)).isNotEqualTo(hidden);
        // Fewer than the minimum: nothing is hidden.
        float[] untouched = copy.clone();
        assertThat(ModalityHoldout.hide(untouched, 80, 0.2f, 5, 13)).isEmpty();
        assertThat(untouched).containsExactly(copy);
    }
}
