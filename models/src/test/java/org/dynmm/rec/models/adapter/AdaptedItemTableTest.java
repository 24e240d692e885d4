package org.dynmm.rec.models.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.base.TinyBundles;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.junit.jupiter.api.Test;

/**
 * The cached table against recomputing every row from scratch: bit-identical rows after any mix of
 * new versions, new time buckets and new interactions, and only the rows whose inputs changed are
 * recomputed.
 */
class AdaptedItemTableTest {
    private static final long DAY = 86_400_000L;

    private final BaseModelScorer base = new BaseModelScorer(BaseModel.load(TinyBundles.bundle()));
    private final AdapterLayout layout = AdapterConfig.defaults().layout(2);

    /** SYNTHETIC parameters: every value random, so g and the gate are far from zero. */
    private AdapterParameters params(long version) {
        SplittableRandom random = new SplittableRandom(version * 7919);
        float[] theta = new float[layout.size()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = (float) random.nextGaussian();
        }
        return new AdapterParameters(layout, version, theta);
    }

    /** a, b (warm) and c (cold) from the bundle; d only from content (a latent in the index). */
    private static ItemStatsIndex index() {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        for (String item : List.of("a", "b", "c", "d", "e")) {
            index.register(item);
        }
        index.putLatent("d", new float[] {0.25f, -0.75f});
        return index;
    }

    /** Every row as the table's definition says, computed from scratch. */
    private float[] expected(
            ItemStatsIndex index, ItemActivity activity, AdapterParameters p, long now, int id) {
        return expected(index, activity, p, now, id, DAY);
    }

    private float[] expected(
            ItemStatsIndex index,
            ItemActivity activity,
            AdapterParameters p,
            long now,
            int id,
            long bucket) {
        float[] v = base.itemLatent(index, id);
        if (v == null) {
            return null;
        }
        float[] s = new float[layout.summaryDim()];
        long bucketStart = Math.floorDiv(now, bucket) * bucket;
        activity.features(id, bucketStart, !base.model().isWarm(index.itemAt(id)), s);
        float[] out = new float[2];
        AdapterFunction.adaptedItem(
                layout, p.theta(), v, s, new float[layout.hidden()], new float[layout.dim()], out);
        return out;
    }

    private void assertRowsExact(
            AdaptedItemTable table,
            ItemStatsIndex index,
            ItemActivity activity,
            AdapterParameters p,
            long now) {
        assertRowsExact(table, index, activity, p, now, DAY);
    }

    private void assertRowsExact(
            AdaptedItemTable table,
            ItemStatsIndex index,
            ItemActivity activity,
            AdapterParameters p,
            long now,
            long bucket) {
        for (int id = 0; id < index.size(); id++) {
            float[] want = expected(index, activity, p, now, id, bucket);
            if (want == null) {
                assertNull(table.latent(id), index.itemAt(id));
            } else {
                assertArrayEquals(want, table.latent(id), 0f, index.itemAt(id));
            }
        }
    }

    @Test
    void cachedRowsEqualRowsComputedFromScratch() {
        ItemStatsIndex index = index();
        ItemActivity activity = ItemActivity.withDefaultHalfLives();
        AdaptedItemTable table = new AdaptedItemTable(base, true, DAY, true);
        AdapterParameters p = params(1);
        long now = 3 * DAY + 1000;
        assertEquals(4, table.refresh(index, activity, p, now));
        assertRowsExact(table, index, activity, p, now);

        // An interaction with a: only its row changes.
        activity.record(index.idOf("a"), now, 3);
        assertEquals(1, table.refresh(index, activity, p, now + 1));
        assertRowsExact(table, index, activity, p, now + 1);

        // A new day: a (has interactions) and d (not from the bundle) are recomputed; b and c,
        // which never had an interaction, do not depend on time.
        now += DAY;
        assertEquals(2, table.refresh(index, activity, p, now));
        assertRowsExact(table, index, activity, p, now);

        // A new version: every row, from fresh latent shares.
        p = params(2);
        assertEquals(4, table.refresh(index, activity, p, now));
        assertRowsExact(table, index, activity, p, now);

        // Interactions with c and d, then several days later under the same version.
        activity.record(index.idOf("c"), now, 1);
        activity.record(index.idOf("d"), now, 0);
        assertEquals(2, table.refresh(index, activity, p, now));
        now += 5 * DAY;
        assertEquals(3, table.refresh(index, activity, p, now));
        assertRowsExact(table, index, activity, p, now);
        // Nothing changed: nothing recomputed.
        assertEquals(0, table.refresh(index, activity, p, now + 10));
    }

    @Test
    void examplesItemsFromTheTablesCacheEqualItemsComputedFromScratch() {
        ItemStatsIndex index = index();
        ItemActivity activity = ItemActivity.withDefaultHalfLives();
        DynamicAdapter adapter =
                new DynamicAdapter(base, AdapterConfig.defaults().withItemSide(true));
        AdaptedItemTable table = new AdaptedItemTable(base, true, DAY, false);
        long now = 2 * DAY + 500;
        activity.record(index.idOf("a"), now - DAY, 2);
        activity.record(index.idOf("d"), now - 1000, 1);
        int checkedBundle = 0;
        int checkedOther = 0;
        for (int step = 0; step < 12; step++) {
            // Versions change every few steps; the table is refreshed only now and then, so the
            // cached shares are sometimes missing, sometimes stale, sometimes current.
            AdapterParameters p = params(1 + step / 4);
            if (step % 3 == 0) {
                table.refresh(index, activity, p, now);
            }
            String item = List.of("a", "b", "c", "d").get(step % 4);
            AdapterExample example =
                    adapter.example(
                            index,
                            activity,
                            "u" + step,
                            List.of("e"),
                            item,
                            now,
                            new float[layout.summaryDim()]);
            float[][] fromScratch = adapter.adaptedItems(p, example);
            float[][] cached = adapter.adaptedItems(p, example, index, table);
            assertEquals(fromScratch.length, cached.length);
            for (int j = 0; j < cached.length; j++) {
                assertArrayEquals(fromScratch[j], cached[j], 0f, "row " + j + " of step " + step);
                if (base.model().hasItem(index.itemAt(example.itemIds()[j]))) {
                    checkedBundle++;
                } else {
                    checkedOther++;
                }
            }
            // The rows the table serves are unchanged by the examples' use of its cache.
            table.refresh(index, activity, p, now);
            assertRowsExact(table, index, activity, p, now);
            activity.record(index.idOf(item), now, 1);
            now += DAY / 3;
        }
        assertTrue(checkedBundle > 0 && checkedOther > 0, checkedBundle + " / " + checkedOther);
    }

    @Test
    void onColdItemsOnlyWarmRowsStayAtTheBaseAndColdRowsAreAdapted() {
        ItemStatsIndex index = index();
        ItemActivity activity = ItemActivity.withDefaultHalfLives();
        AdapterConfig config =
                AdapterConfig.defaults().toBuilder().itemSide(true).coldItemsOnly(true).build();
        DynamicAdapter adapter = new DynamicAdapter(base, config);
        AdaptedItemTable table = new AdaptedItemTable(base, config, false);
        long now = DAY + 500;
        activity.record(index.idOf("a"), now - 1000, 2);
        activity.record(index.idOf("c"), now - 1000, 1);
        int warmRows = 0;
        int coldRows = 0;
        for (int version = 1; version <= 3; version++) {
            AdapterParameters p = params(version);
            int recomputed = table.refresh(index, activity, p, now);
            for (int id = 0; id < index.size(); id++) {
                float[] v = base.itemLatent(index, id);
                if (v == null) {
                    assertNull(table.latent(id));
                } else if (base.model().isWarm(index.itemAt(id))) {
                    assertArrayEquals(v, table.latent(id), 0f, index.itemAt(id));
                    warmRows++;
                } else {
                    assertArrayEquals(expected(index, activity, p, now, id), table.latent(id), 0f);
                    coldRows++;
                }
            }
            if (version > 1) {
                // A new version recomputes the cold rows only (c from the bundle, d from content).
                assertEquals(2, recomputed);
            }
            // Examples' items through the table's cache equal the from-scratch path.
            AdapterExample example =
                    adapter.example(
                            index,
                            activity,
                            "u",
                            List.of("e"),
                            "a",
                            now,
                            new float[layout.summaryDim()]);
            float[][] fromScratch = adapter.adaptedItems(p, example);
            float[][] cached = adapter.adaptedItems(p, example, index, table);
            for (int j = 0; j < cached.length; j++) {
                assertArrayEquals(fromScratch[j], cached[j], 0f);
                boolean warm = base.model().isWarm(index.itemAt(example.itemIds()[j]));
                if (warm) {
                    assertArrayEquals(example.itemBase()[j], cached[j], 0f);
                }
            }
            now += DAY;
        }
        assertTrue(warmRows > 0 && coldRows > 0, warmRows + " / " + coldRows);
    }

    @Test
    void withoutTheItemSideRowsAreTheBaseLatents() {
        ItemStatsIndex index = index();
        ItemActivity activity = ItemActivity.withDefaultHalfLives();
        activity.record(index.idOf("b"), 0L, 2);
        AdaptedItemTable table = new AdaptedItemTable(base, false);
        table.refresh(index, activity, params(1), DAY);
        // Bundle rows are final: a new version, a new bucket and new interactions recompute only
        // d (its latent comes from content, which an update may replace); a new item gets its
        // row on the next refresh.
        activity.record(index.idOf("a"), 2 * DAY, 1);
        assertEquals(1, table.refresh(index, activity, params(2), 3 * DAY));
        index.register("f");
        index.putLatent("f", new float[] {0.5f, 0.5f});
        assertEquals(2, table.refresh(index, activity, params(3), 4 * DAY));
        for (int id = 0; id < index.size(); id++) {
            float[] v = base.itemLatent(index, id);
            if (v == null) {
                assertNull(table.latent(id));
            } else {
                assertArrayEquals(v, table.latent(id), 0f);
            }
        }
        assertArrayEquals(new float[] {0.5f, 0.5f}, table.latent(index.idOf("f")), 0f);
        assertEquals(0.0, table.meanDrift(), 0.0);
    }

    @Test
    void aCoarserBucketKeepsRowsUntilItEndsAndReadsSummariesAtItsStart() {
        long week = 7 * DAY;
        ItemStatsIndex index = index();
        ItemActivity activity = ItemActivity.withDefaultHalfLives();
        AdaptedItemTable table = new AdaptedItemTable(base, true, week, false);
        AdapterParameters p = params(1);
        long now = 2 * week + DAY;
        activity.record(index.idOf("a"), now - 2 * DAY, 3);
        assertEquals(4, table.refresh(index, activity, p, now));
        assertRowsExact(table, index, activity, p, now, week);

        // New days inside the week: nothing to recompute (a day bucket would redo a and d).
        assertEquals(0, table.refresh(index, activity, p, now + DAY));
        assertEquals(0, table.refresh(index, activity, p, now + 5 * DAY));
        // An interaction inside the week: only that row, still with the week's start.
        activity.record(index.idOf("b"), now + 5 * DAY, 1);
        assertEquals(1, table.refresh(index, activity, p, now + 5 * DAY));
        assertRowsExact(table, index, activity, p, now + 5 * DAY, week);

        // The next week: the rows with interactions (a, b) and the content item d.
        now = 3 * week;
        assertEquals(3, table.refresh(index, activity, p, now));
        assertRowsExact(table, index, activity, p, now, week);
        assertEquals(Double.NaN, table.meanDrift(), "drift not tracked");
    }

    @Test
    void trackingDriftDoesNotChangeRows() {
        ItemStatsIndex index = index();
        ItemActivity activity = ItemActivity.withDefaultHalfLives();
        AdaptedItemTable tracked = new AdaptedItemTable(base, true, DAY, true);
        AdaptedItemTable untracked = new AdaptedItemTable(base, true, DAY, false);
        long now = DAY;
        for (int step = 0; step < 6; step++) {
            AdapterParameters p = params(1 + step / 3);
            activity.record(step % index.size(), now, step);
            assertEquals(
                    tracked.refresh(index, activity, p, now),
                    untracked.refresh(index, activity, p, now));
            for (int id = 0; id < index.size(); id++) {
                assertArrayEquals(tracked.latent(id), untracked.latent(id), 0f);
            }
            now += DAY / 2;
        }
        assertTrue(tracked.meanDrift() > 0, "random parameters move the rows");
    }
}
