package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.junit.jupiter.api.Test;

class TrainingPopularityTest {
    /** ExampleSetTest's events; warm rows a, b, c, z; training events 0-6. */
    private static final Dataset DATA = ExampleSetTest.dataset();

    private static final ExampleSet SPLIT = ExampleSet.build(DATA, 7, 10, 3);

    private static float[] row(float[] features, int k, int width) {
        float[] r = new float[width];
        System.arraycopy(features, k * width, r, 0, width);
        return r;
    }

    @Test
    void plainCountsBeforeEachExampleLeaveDuplicatesOutWhateverTheBatchOrder() {
        TrainingPopularity p = new TrainingPopularity(DATA, SPLIT, Duration.ZERO);
        assertThat(p.width()).isEqualTo(4);
        // Examples at positions 6 (u2 z) and 3 (u1 a again), given out of time order.
        float[] f = p.features(new int[] {6, 3}, new long[] {6, 4});
        float ln2 = (float) Math.log(2);
        float ln3 = (float) Math.log(3);
        // Before 6: a 2 (event 4 duplicates 3), b 2, c 1, z 0. Before 3: a 1, b 2, c 0, z 0.
        assertThat(row(f, 0, 4)).containsExactly(ln3, ln3, ln2, 0f);
        assertThat(row(f, 1, 4)).containsExactly(ln2, ln3, 0f, 0f);
    }

    @Test
    void decaysEachEventToTheExampleTime() {
        TrainingPopularity p = new TrainingPopularity(DATA, SPLIT, Duration.ofMillis(1));
        float[] f = p.features(new int[] {6}, new long[] {6});
        // a: events at ts 1 and 4; b: ts 2 and 3; c: ts 5 (example at ts 6).
        assertThat(f[0]).isCloseTo((float) Math.log1p(Math.pow(2, -5) + 0.25), within(1e-6f));
        assertThat(f[1]).isCloseTo((float) Math.log1p(Math.pow(2, -4) + 0.125), within(1e-6f));
        assertThat(f[2]).isCloseTo((float) Math.log1p(0.5), within(1e-6f));
        assertThat(f[3]).isEqualTo(0f);
    }

    @Test
    void agreesWithTheValidationFeaturesOfTheSameEvents() {
        // Validation example 0 is event 7: counted over events 0-6, as a training example at 7.
        ExampleSet full = ExampleSet.build(DATA, 10, 10, 3);
        TrainingPopularity p = new TrainingPopularity(DATA, full, Duration.ofMillis(2));
        PopularityValidation v = new PopularityValidation(DATA, SPLIT, Duration.ofMillis(2), 10);
        float[] f = p.features(new int[] {7}, new long[] {7});
        for (int r = 0; r < SPLIT.warmCount; r++) {
            int fullRow = full.itemIds.indexOf(SPLIT.itemIds.get(r));
            assertThat(f[fullRow]).isCloseTo(v.feature(0, r), within(1e-6f));
        }
    }

    @Test
    void staysFiniteOverThousandsOfHalfLives() {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (String id : List.of("a", "b")) {
            items.put(id, new ItemContent(id, "Title " + id, null, Map.of(), 0L));
        }
        List<InteractionEvent> events = new ArrayList<>();
        events.add(new InteractionEvent("u1", "a", "view", 1f, 0));
        events.add(new InteractionEvent("u2", "b", "view", 1f, 1_000));
        events.add(new InteractionEvent("u3", "b", "view", 1f, 3_000));
        events.add(new InteractionEvent("u4", "a", "view", 1f, 3_001));
        Dataset data = new Dataset("far-apart", events, items);
        ExampleSet set = ExampleSet.build(data, 4, 4, 2);
        TrainingPopularity p = new TrainingPopularity(data, set, Duration.ofMillis(1));
        // 1,000 and 3,000 half-lives between events: 2^3000 overflows a double without
        // re-anchoring.
        float[] f = p.features(new int[] {3}, new long[] {3_001});
        int a = set.itemIds.indexOf("a");
        int b = set.itemIds.indexOf("b");
        assertThat(f[a]).isEqualTo(0f); // 2^-3001
        assertThat(f[b]).isCloseTo((float) Math.log1p(0.5), within(1e-6f));
    }
}
