package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.dynmm.rec.models.data.Dataset;
import org.junit.jupiter.api.Test;

class PopularityValidationTest {
    /**
     * Catalog x, a, b, c, d; events in time order (as in ExampleSetTest):
     *
     * <pre>
     * 0 u1 a   1 u1 b   2 u2 b   3 u1 a (again)   4 u1 a (duplicate of 3)
     * 5 u1 c   6 u2 z   | validation from 7 |   7 u2 d   8 u1 b (seen)   9 u3 x
     * </pre>
     *
     * Rows: a, b, c, z (warm), x, d (cold). Validation examples: event 7 (u2, d), event 9 (u3, x).
     */
    private static Dataset dataset() {
        return ExampleSetTest.dataset();
    }

    private static final ExampleSet SPLIT = ExampleSet.build(dataset(), 7, 10, 3);

    /** Model scores of the two examples over rows a, b, c, z, x, d. */
    private static final float[] RAW = {
        1.0f, 5.0f, 0.5f, 0.2f, 0.9f, 0.8f, // example 0: u2 (has taken b, z), target d
        0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f // example 1: u3 (new user), target x
    };

    @Test
    void featuresArePlainCountsBeforeEachExampleWithoutDuplicates() {
        assertThat(SPLIT.itemIds).containsExactly("a", "b", "c", "z", "x", "d");
        PopularityValidation v = new PopularityValidation(dataset(), SPLIT, Duration.ZERO, 10);
        assertThat(v.size()).isEqualTo(2);
        // Before event 7: a 2 (event 4 is a duplicate), b 2, c 1, z 1, x 0, d 0.
        float[] before7 = new float[6];
        float[] before9 = new float[6];
        for (int row = 0; row < 6; row++) {
            before7[row] = v.feature(0, row);
            before9[row] = v.feature(1, row);
        }
        float ln2 = (float) Math.log(2);
        float ln3 = (float) Math.log(3);
        assertThat(before7).containsExactly(ln3, ln3, ln2, ln2, 0f, 0f);
        // Events 7 (d) and 8 (b, a repeat: still counted, as the evaluator's item view does).
        assertThat(before9).containsExactly(ln3, (float) Math.log(4), ln2, ln2, 0f, ln2);
    }

    @Test
    void decayedFeaturesUseTheHalfLife() {
        PopularityValidation v =
                new PopularityValidation(dataset(), SPLIT, Duration.ofMillis(1), 10);
        // c: one event at t=5, example at t=7: 2^-2.
        assertThat(v.feature(0, 2)).isCloseTo((float) Math.log1p(0.25), within(1e-6f));
    }

    @Test
    void ranksByRawScorePlusThePriorAmongItemsNotTaken() {
        PopularityValidation v = new PopularityValidation(dataset(), SPLIT, Duration.ZERO, 10);
        double[][] m = v.evaluate(RAW, new float[] {0f, 0f, 1f}, new float[] {0f, 1f, 0f});
        // No prior: example 0 ranks d 3rd (a, x beat it; b and z taken), example 1 ranks x 2nd.
        double ndcg32 = (1 / log2(4) + 1 / log2(3)) / 2;
        assertThat(m[0][0]).isEqualTo(1.0);
        assertThat(m[0][1]).isCloseTo(ndcg32, within(1e-12));
        // Both targets are cold rows: the unseen-items slice is every example.
        assertThat(m[0][2]).isEqualTo(1.0);
        assertThat(m[0][3]).isCloseTo(ndcg32, within(1e-12));
        assertThat(m[0][4]).isEqualTo(2.0);
        // Cold weight 1: d and x have no events before example 0 and x none before example 1,
        // but d's +ln 2 keeps it ahead of x there: the same ranks.
        assertThat(m[1][1]).isCloseTo(ndcg32, within(1e-12));
        // Warm weight 1: example 0: a 1 + ln 3, c 0.5 + ln 2, x 0.9 beat d 0.8: rank 4;
        // example 1: a, b, c, z all pass x 0.5, d 0.6 too: rank 6.
        assertThat(m[2][1]).isCloseTo((1 / log2(5) + 1 / log2(7)) / 2, within(1e-12));
    }

    @Test
    void ranksBeyondKCountAsMisses() {
        PopularityValidation v = new PopularityValidation(dataset(), SPLIT, Duration.ZERO, 3);
        double[][] m = v.evaluate(RAW, new float[] {0f, 1f}, new float[] {0f, 0f});
        assertThat(m[0][0]).isEqualTo(1.0); // ranks 3 and 2
        assertThat(m[1][0]).isEqualTo(0.0); // ranks 4 and 6: beyond k = 3
        assertThat(m[1][1]).isEqualTo(0.0);
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
