package org.dynmm.rec.models.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Item and user sliding-window summaries, and negative sampling. */
class SummariesTest {
    private static final long DAY = 86_400_000L;

    @Test
    void itemActivityDecaysWithTheFastHalfLife() {
        ItemActivity a = ItemActivity.withDefaultHalfLives();
        a.record(2, 0L, 3);
        a.record(2, 0L, 1);
        float[] s = new float[AdapterFeatures.SIZE];
        a.features(2, DAY, false, s);
        // Two events one fast half-life ago: decayed count 1.
        assertEquals((float) Math.log1p(1.0), s[0], 1e-6);
        // Co-interaction rate: (3 + 1) halved.
        assertEquals((float) Math.log1p(2.0) / 3f, s[3], 1e-6);
        assertEquals(0f, s[4]);
        a.features(2, DAY, true, s);
        assertEquals(1f, s[4]);
        // Unknown ids have zero activity; user slots stay zero.
        a.features(7, DAY, false, s);
        assertEquals(0f, s[0]);
        for (int k = AdapterFeatures.ITEM_SLOTS; k < AdapterFeatures.SIZE; k++) {
            assertEquals(0f, s[k]);
        }
        long stamp = a.stampOf(2);
        a.record(2, DAY, 0);
        assertNotEquals(stamp, a.stampOf(2));
        assertEquals(3, a.countOf(2));
    }

    @Test
    void itemActivityRoundTrips() throws IOException {
        ItemActivity a = ItemActivity.withDefaultHalfLives();
        a.record(0, 5L, 1);
        a.record(3, 9L, 2);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.writeTo(new DataOutputStream(bytes));
        ItemActivity b =
                ItemActivity.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(a, b);
        assertEquals(a.stampOf(3), b.stampOf(3));
    }

    @Test
    void userWindowSummarizesCountRecencyAndActivity() throws IOException {
        UserWindow w = new UserWindow();
        float[] s = new float[AdapterFeatures.SIZE];
        w.features(0L, s);
        int o = AdapterFeatures.ITEM_SLOTS;
        assertEquals(1f, s[o + 1]); // cold user
        assertEquals(0f, s[o + 3]);
        w.record(0L);
        w.record(DAY);
        w.features(2 * DAY, s);
        assertEquals((float) Math.log1p(2) / 5f, s[o], 1e-6);
        assertEquals((float) Math.log1p(24) / 5f, s[o + 2], 1e-6); // 24 h since the last event
        assertEquals((float) Math.log1p(0.75), s[o + 3], 1e-6); // (0.5 + 1) * 0.5
        assertEquals(1f, s[o + 5]);
        for (int k = 0; k < o; k++) {
            assertEquals(0f, s[k]);
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        w.writeTo(new DataOutputStream(bytes));
        assertEquals(
                w,
                UserWindow.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()))));
    }

    @Test
    void negativesAreReproducibleDistinctAndAllowed() {
        long seed = NegativeSampler.seed(42, "u1", "i9", 1000L);
        int[] a = NegativeSampler.sample(100, 5, id -> id % 2 == 1, seed, 10);
        int[] b = NegativeSampler.sample(100, 5, id -> id % 2 == 1, seed, 10);
        assertArrayEquals(a, b);
        assertEquals(10, a.length);
        for (int i = 0; i < a.length; i++) {
            assertTrue(a[i] % 2 == 1 && a[i] != 5);
            for (int j = 0; j < i; j++) {
                assertNotEquals(a[i], a[j]);
            }
        }
        // Too few allowed ids: fewer negatives, no endless loop.
        assertEquals(1, NegativeSampler.sample(100, 5, id -> id == 7, seed, 10).length);
    }

    @Test
    void mixedNegativesFavourRecentlyPopularItemsAndKnowTheirProbability() {
        ItemActivity a = ItemActivity.withDefaultHalfLives();
        for (int k = 0; k < 90; k++) {
            a.record(3, k, 0); // item 3 takes 90% of the recent interactions
        }
        for (int k = 0; k < 10; k++) {
            a.record(4, k, 0);
        }
        int n = 1000;
        int threes = 0;
        for (int trial = 0; trial < 200; trial++) {
            for (int id : NegativeSampler.sampleMixed(n, 0, id -> true, trial, 4, a)) {
                if (id == 3) {
                    threes++;
                }
            }
        }
        // Uniform alone would draw item 3 about 200 * 4 / 1000 < 1 times.
        assertTrue(threes > 100, "item 3 drawn " + threes + " times");
        assertEquals(0.5 / n + 0.5 * 0.9, NegativeSampler.mixtureProbability(n, 3, a), 1e-12);
        assertEquals(0.5 / n, NegativeSampler.mixtureProbability(n, 7, a), 1e-12);
        // Without recent interactions the mixture is uniform.
        assertEquals(
                1.0 / n,
                NegativeSampler.mixtureProbability(n, 3, ItemActivity.withDefaultHalfLives()),
                1e-12);
    }

    @Test
    void recentInteractionsAreBoundedAndRoundTrip() throws IOException {
        ItemActivity a = ItemActivity.withDefaultHalfLives();
        for (int k = 0; k < ItemActivity.RECENT_CAPACITY + 500; k++) {
            a.record(k < 500 ? 1 : 2, k, 0);
        }
        assertEquals(ItemActivity.RECENT_CAPACITY, a.recentSize());
        assertEquals(0.0, a.recentShare(1), 0.0); // the oldest 500 were evicted
        assertEquals(1.0, a.recentShare(2), 0.0);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        a.writeTo(new DataOutputStream(bytes));
        ItemActivity b =
                ItemActivity.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(a, b);
        assertEquals(1.0, b.recentShare(2), 0.0);
    }
}
