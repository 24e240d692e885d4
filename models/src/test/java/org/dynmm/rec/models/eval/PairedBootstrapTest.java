package org.dynmm.rec.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class PairedBootstrapTest {
    @Test
    void equalGainsGiveAZeroIntervalAndNoWins() {
        float[] gains = {1f, 0.5f, 0f, 0.63f};
        PairedDifference d =
                PairedBootstrap.compare("a", "b", Slice.ALL, gains, gains, new int[] {0, 1, 2, 3});
        assertThat(d.difference()).isZero();
        assertThat(d.low()).isZero();
        assertThat(d.high()).isZero();
        assertThat(d.methodWins()).isZero();
        assertThat(d.referenceWins()).isZero();
        assertThat(d.methodAhead() || d.referenceAhead()).isFalse();
    }

    @Test
    void differenceIsOverTheSliceEventsOnly() {
        float[] a = {1f, 0f, 1f, 0f};
        float[] b = {0f, 0f, 0.5f, 1f};
        // Events 0-2: differences 1, 0, 0.5: mean 0.5; event 3 is outside the slice.
        PairedDifference d =
                PairedBootstrap.compare("a", "b", Slice.COLD_USERS, a, b, new int[] {0, 1, 2});
        assertThat(d.events()).isEqualTo(3);
        assertThat(d.difference()).isCloseTo(0.5, within(1e-12));
        assertThat(d.methodWins()).isEqualTo(2);
        assertThat(d.referenceWins()).isZero();
        // Every resample's mean lies between the smallest and largest difference.
        assertThat(d.low()).isBetween(0.0, 0.5);
        assertThat(d.high()).isBetween(0.5, 1.0);
    }

    @Test
    void aConsistentGainOverManyEventsIsAheadAndNoiseIsNot() {
        int n = 2000;
        float[] a = new float[n];
        float[] b = new float[n];
        float[] c = new float[n];
        Random random = new Random(7);
        int[] all = new int[n];
        for (int e = 0; e < n; e++) {
            all[e] = e;
            b[e] = random.nextFloat();
            a[e] = b[e] + 0.05f; // always a little better
            c[e] = random.nextFloat(); // unrelated gains with the same mean
        }
        assertThat(PairedBootstrap.compare("a", "b", Slice.ALL, a, b, all).methodAhead()).isTrue();
        PairedDifference noise = PairedBootstrap.compare("c", "b", Slice.ALL, c, b, all);
        assertThat(noise.low()).isLessThan(0);
        assertThat(noise.high()).isGreaterThan(0);
        // Seeded: the same gains give the same interval.
        assertThat(PairedBootstrap.compare("c", "b", Slice.ALL, c, b, all)).isEqualTo(noise);
    }
}
