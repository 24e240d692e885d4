package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.junit.jupiter.api.Test;

class ExampleSetTest {
    private static final int PAD = ExampleSet.PAD;

    /**
     * Catalog x, a, b, c, d (in that order); events in time order:
     *
     * <pre>
     * 0 u1 a   1 u1 b   2 u2 b   3 u1 a (again: no example)   4 u1 a (duplicate of 3)
     * 5 u1 c   6 u2 z (not in the catalog)   | cutoff 7 |   7 u2 d   8 u1 b (seen)   9 u3 x
     * </pre>
     */
    /** Also the fixture of {@link PopularityValidationTest}. */
    static Dataset dataset() {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (String id : List.of("x", "a", "b", "c", "d")) {
            items.put(id, new ItemContent(id, "Title " + id, null, Map.of(), 0L));
        }
        List<InteractionEvent> events =
                List.of(
                        event("u1", "a", 1),
                        event("u1", "b", 2),
                        event("u2", "b", 3),
                        event("u1", "a", 4),
                        event("u1", "a", 4),
                        event("u1", "c", 5),
                        event("u2", "z", 6),
                        event("u2", "d", 7),
                        event("u1", "b", 8),
                        event("u3", "x", 9));
        return new Dataset("small", events, items);
    }

    private static InteractionEvent event(String user, String item, long ts) {
        return new InteractionEvent(user, item, "view", 1f, ts);
    }

    @Test
    void warmItemsComeFirstInCatalogOrderThenCold() {
        ExampleSet set = ExampleSet.build(dataset(), 7, 10, 3);
        // Warm: catalog items with a training event (a, b, c), then z (no content); cold: x, d.
        assertThat(set.itemIds).containsExactly("a", "b", "c", "z", "x", "d");
        assertThat(set.warmCount).isEqualTo(4);
        assertThat(set.itemContent.get(3)).isNull();
        assertThat(set.trainEvents).isEqualTo(7);
        assertThat(set.trainUsers).isEqualTo(2);
        assertThat(set.cutoffTs).isEqualTo(7);
        assertThat(set.firstTs).isEqualTo(1);
        assertThat(set.lastTs).isEqualTo(9);
    }

    @Test
    void trainingExamplesSkipRepeatsAndDuplicatesAndPadOnTheLeft() {
        ExampleSet set = ExampleSet.build(dataset(), 7, 10, 3);
        ExampleSet.Examples train = set.train;
        // u1 a, u1 b, u2 b, u1 c, u2 z (event 3 re-takes a, event 4 duplicates it).
        assertThat(train.size).isEqualTo(5);
        assertThat(train.target).containsExactly(0, 1, 1, 2, 3);
        assertThat(Arrays.copyOfRange(train.history, 0, 3)).containsExactly(PAD, PAD, PAD);
        assertThat(Arrays.copyOfRange(train.history, 3, 6)).containsExactly(PAD, PAD, 0);
        // u1's distinct recent items before c, most recent last: b then a (re-taken at ts 4).
        assertThat(Arrays.copyOfRange(train.history, 9, 12)).containsExactly(PAD, 1, 0);
        assertThat(train.historySize(3, 3)).isEqualTo(2);
        assertThat(train.position).containsExactly(0, 1, 2, 5, 6);
        // What each user had taken before each example.
        assertThat(train.seenCount).containsExactly(0, 1, 0, 2, 1);
        int u1 = train.user[0];
        assertThat(set.taken[u1]).containsExactly(0, 1, 2);
    }

    @Test
    void validationExamplesKnowWhatTheirUsersHadTaken() {
        ExampleSet set = ExampleSet.build(dataset(), 7, 10, 3);
        ExampleSet.Examples val = set.validation;
        // u2 d (cold, row 5) and u3 x (cold, row 4); u1 b was seen and is not an example.
        assertThat(val.size).isEqualTo(2);
        assertThat(val.target).containsExactly(5, 4);
        assertThat(Arrays.copyOfRange(val.history, 0, 3)).containsExactly(PAD, 1, 3);
        assertThat(set.seenBefore(val.user[0])).containsExactlyInAnyOrder(1, 3);
        assertThat(set.seenBefore(val.user[1])).isEmpty(); // u3 first appears in validation
    }

    @Test
    void recencyWeightsHalveEveryHalfLifeAndAverageOne() {
        ExampleSet set = ExampleSet.build(dataset(), 7, 10, 3);
        // Examples at events 0, 1, 2, 5, 6 of 7: ages 6, 5, 4, 1, 0 events; half-life 0.5 * 7 =
        // 3.5 events, so raw weights 2^(-age / 3.5), then divided by their mean.
        float[] w = BaseTrainer.recencyWeights(set, 0.5f);
        double[] raw = new double[5];
        int[] ages = {6, 5, 4, 1, 0};
        double sum = 0;
        for (int e = 0; e < 5; e++) {
            raw[e] = Math.pow(2, -ages[e] / 3.5);
            sum += raw[e];
        }
        for (int e = 0; e < 5; e++) {
            assertThat((double) w[e]).isCloseTo(raw[e] / (sum / 5), within(1e-6));
        }
        // 2^(-6/3.5) = 0.3048 and 2^0 = 1: the newest example weighs 3.28 times the oldest.
        assertThat((double) (w[4] / w[0])).isCloseTo(3.2813, within(1e-3));
        assertThat(BaseTrainer.recencyWeights(set, 0f)).isNull();
    }

    @Test
    void withoutValidationWindowEveryCatalogItemNotTakenIsCold() {
        ExampleSet set = ExampleSet.build(dataset(), 10, 10, 2);
        assertThat(set.validation.size).isZero();
        assertThat(set.itemIds).containsExactly("x", "a", "b", "c", "d", "z");
        assertThat(set.warmCount).isEqualTo(6);
        assertThat(set.cutoffTs).isEqualTo(10); // after the last event
    }
}
