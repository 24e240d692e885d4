package org.dynmm.rec.models.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The trainer's deterministic sample of events. */
class TrainingSampleTest {
    private static int taken(AdapterConfig config, int events) {
        int taken = 0;
        for (int k = 0; k < events; k++) {
            if (TrainingSample.takes(config, "u" + (k % 37), "i" + (k * 13 % 501), k * 60_000L)) {
                taken++;
            }
        }
        return taken;
    }

    @Test
    void theFullRateTakesEveryEvent() {
        AdapterConfig all = AdapterConfig.builder().trainerSampleRate(1f).build();
        assertThat(taken(all, 1000)).isEqualTo(1000);
    }

    @Test
    void aRateTakesAboutThatShareTheSameEveryTime() {
        AdapterConfig quarter = AdapterConfig.builder().trainerSampleRate(0.25f).build();
        int taken = taken(quarter, 4000);
        assertThat(taken).isBetween(900, 1100);
        assertThat(taken(quarter, 4000)).isEqualTo(taken);
        for (int k = 0; k < 200; k++) {
            boolean first = TrainingSample.takes(quarter, "u" + k, "i" + k, k);
            assertThat(TrainingSample.takes(quarter, "u" + k, "i" + k, k)).isEqualTo(first);
        }
        AdapterConfig otherSeed = quarter.toBuilder().seed(7L).build();
        int differ = 0;
        for (int k = 0; k < 400; k++) {
            if (TrainingSample.takes(quarter, "u" + k, "i", k)
                    != TrainingSample.takes(otherSeed, "u" + k, "i", k)) {
                differ++;
            }
        }
        assertThat(differ).as("the seed picks the sample").isGreaterThan(50);
    }

    @Test
    void ratesOutsideZeroToOneAreRefused() {
        assertThatThrownBy(() -> AdapterConfig.builder().trainerSampleRate(0f).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConfig.builder().trainerSampleRate(1.5f).build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AdapterConfig.builder().itemSummaryBucketMillis(0L).build())
                .isInstanceOf(IllegalArgumentException.class);
    }
}
