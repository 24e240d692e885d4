package org.dynmm.rec.models.ranking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.data.ItemContent;
import org.junit.jupiter.api.Test;

class ItemStatsIndexTest {
    private static final Duration HALF_LIFE = Duration.ofSeconds(1);

    @Test
    void registersItemsDenselyInArrivalOrder() {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        assertThat(index.register("x")).isZero();
        assertThat(index.register("y")).isEqualTo(1);
        assertThat(index.register("x")).isZero();
        index.putContent(new ItemContent("z", "Zed", null, Map.of(), 0));

        assertThat(index.size()).isEqualTo(3);
        assertThat(index.idOf("z")).isEqualTo(2);
        assertThat(index.idOf("nope")).isEqualTo(-1);
        assertThat(index.itemAt(1)).isEqualTo("y");
        assertThat(index.titleOf(2)).isEqualTo("Zed");
        assertThat(index.titleOf(0)).isNull();
    }

    @Test
    void countsInteractionsAndSymmetricDistinctCoInteractions() {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        index.recordInteraction("a", 1, List.of());
        index.recordInteraction("b", 2, List.of("a"));
        // Repeats and the item itself are not co-interactions.
        index.recordInteraction("c", 3, List.of("a", "b", "a", "c"));

        int a = index.idOf("a");
        int b = index.idOf("b");
        int c = index.idOf("c");
        assertThat(index.countOf(a)).isEqualTo(1);
        assertThat(index.coCount(a, b)).isEqualTo(1).isEqualTo(index.coCount(b, a));
        assertThat(index.coCount(a, c)).isEqualTo(1).isEqualTo(index.coCount(c, a));
        assertThat(index.coCount(b, c)).isEqualTo(1);
        assertThat(index.coCount(c, c)).isZero();
        assertThat(index.coRowSize(c)).isEqualTo(2);

        Map<Integer, Integer> row = new HashMap<>();
        index.forEachCoCount(a, row::put);
        assertThat(row).containsOnly(Map.entry(b, 1), Map.entry(c, 1));

        double[] acc = new double[3];
        index.addCoCountsTo(a, acc);
        index.addCoCountsTo(b, acc);
        assertThat(acc).containsExactly(1.0, 1.0, 2.0);
    }

    @Test
    void coItemsUnknownToTheIndexAreRegistered() {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        index.recordInteraction("b", 1, List.of("a"));
        assertThat(index.idOf("a")).isEqualTo(1);
        assertThat(index.countOf(1)).isZero();
        assertThat(index.coCount(0, 1)).isEqualTo(1);
    }

    @Test
    void withoutDecayPopularityIsThePlainCount() {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        for (int i = 0; i < 3; i++) {
            index.recordInteraction("a", 1000L * i, List.of());
        }
        assertThat(index.popularityAt(0, 1_000_000_000L)).isEqualTo(3.0);
    }

    @Test
    void popularityHalvesPerHalfLife() {
        ItemStatsIndex index = new ItemStatsIndex(HALF_LIFE);
        index.recordInteraction("a", 1000, List.of());
        index.recordInteraction("a", 2000, List.of());

        // At 2000: 0.5 (one half-life old) + 1; one half-life later both halve.
        assertThat(index.popularityAt(0, 2000)).isCloseTo(1.5, within(1e-12));
        assertThat(index.popularityAt(0, 3000)).isCloseTo(0.75, within(1e-12));
        // An event older than the reference time adds its decayed weight.
        index.recordInteraction("a", 0, List.of());
        assertThat(index.popularityAt(0, 2000)).isCloseTo(1.75, within(1e-12));
        double[] all = new double[1];
        index.popularitiesAt(3000, all);
        assertThat(all[0]).isCloseTo(0.875, within(1e-12));
    }

    @Test
    void decayedPopularityDoesNotDependOnArrivalOrder() {
        Random random = new Random(42);
        List<long[]> updates = new ArrayList<>(); // {item number, ts}
        for (int i = 0; i < 2_000; i++) {
            updates.add(new long[] {random.nextInt(30), random.nextInt(100_000)});
        }
        ItemStatsIndex inOrder = replay(updates);
        Collections.shuffle(updates, random);
        ItemStatsIndex shuffled = replay(updates);

        for (int item = 0; item < 30; item++) {
            String id = "i" + item;
            for (long now : new long[] {50_000, 100_000, 200_000}) {
                double expected = inOrder.popularityAt(inOrder.idOf(id), now);
                assertThat(shuffled.popularityAt(shuffled.idOf(id), now))
                        .as("%s at %d", id, now)
                        .isCloseTo(expected, within(1e-9 * Math.max(1.0, expected)));
            }
            assertThat(shuffled.countOf(shuffled.idOf(id)))
                    .isEqualTo(inOrder.countOf(inOrder.idOf(id)));
        }
    }

    private static ItemStatsIndex replay(List<long[]> updates) {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ofSeconds(10));
        for (long[] u : updates) {
            index.recordInteraction("i" + u[0], u[1], List.of());
        }
        return index;
    }

    @Test
    void serializationRoundTripIsBitExact() throws IOException {
        ItemStatsIndex index = sampleIndex();

        byte[] bytes = StateBytes.of(index::writeTo);
        ItemStatsIndex read = ItemStatsIndex.readFrom(StateBytes.in(bytes));

        assertThat(read).isEqualTo(index).hasSameHashCodeAs(index);
        assertThat(read.popularityHalfLife()).isEqualTo(HALF_LIFE);
        assertThat(StateBytes.of(read::writeTo)).isEqualTo(bytes);
        for (int id = 0; id < index.size(); id++) {
            assertThat(Double.doubleToRawLongBits(read.popularityAt(id, 9_999)))
                    .isEqualTo(Double.doubleToRawLongBits(index.popularityAt(id, 9_999)));
        }
    }

    @Test
    void latentsAreKeptCopiedAndSerialized() throws IOException {
        ItemStatsIndex index = sampleIndex();
        float[] latent = {0.5f, -1.25f, Float.MIN_VALUE};
        index.putLatent("new", latent);
        latent[0] = 99f; // the index keeps its own copy

        int id = index.idOf("new");
        assertThat(index.latentOf(id)).containsExactly(0.5f, -1.25f, Float.MIN_VALUE);
        assertThat(index.latentOf(index.idOf("a"))).isNull();
        ItemStatsIndex read = ItemStatsIndex.readFrom(StateBytes.in(StateBytes.of(index::writeTo)));
        assertThat(read).isEqualTo(index);
        assertThat(read.latentOf(read.idOf("new"))).containsExactly(0.5f, -1.25f, Float.MIN_VALUE);
        ItemStatsIndex copy = index.copy();
        copy.putLatent("new", new float[] {1f});
        assertThat(index.latentOf(id)).hasSize(3);
    }

    @Test
    void latentOfANewItemCanGrowTheIndex() {
        ItemStatsIndex index = new ItemStatsIndex(HALF_LIFE);
        for (int i = 0; i < 200; i++) {
            index.putLatent("item-" + i, new float[] {i});
        }
        assertThat(index.size()).isEqualTo(200);
        assertThat(index.latentOf(index.idOf("item-199"))).containsExactly(199f);
    }

    @Test
    void readsStateWrittenByFormatVersionOne() throws IOException {
        // Version 1 had no latents: the same bytes without the per-item latent trailer.
        ItemStatsIndex index = sampleIndex();
        byte[] v2 = StateBytes.of(index::writeTo);
        byte[] v1 = java.util.Arrays.copyOf(v2, v2.length - 4 * index.size());
        v1[3] = 1;

        assertThat(ItemStatsIndex.readFrom(StateBytes.in(v1))).isEqualTo(index);
    }

    @Test
    void attributesAreKeptReadOnlyAndSerialized() throws IOException {
        ItemStatsIndex index = sampleIndex();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("genres", new ArrayList<>(List.of("Crime", "Drama")));
        index.putContent(new ItemContent("h", "Heat", null, attributes, 0));
        attributes.get("genres").add("Changed"); // the index keeps its own copy

        int id = index.idOf("h");
        assertThat(index.attributesOf(id))
                .containsExactly(Map.entry("genres", List.of("Crime", "Drama")));
        assertThat(index.attributesOf(index.idOf("a"))).isEmpty();
        assertThatThrownBy(() -> index.attributesOf(id).put("x", List.of()))
                .isInstanceOf(UnsupportedOperationException.class);
        ItemStatsIndex read = ItemStatsIndex.readFrom(StateBytes.in(StateBytes.of(index::writeTo)));
        assertThat(read).isEqualTo(index);
        assertThat(read.attributesOf(read.idOf("h"))).isEqualTo(index.attributesOf(id));
        assertThat(index.copy().attributesOf(id)).isEqualTo(index.attributesOf(id));
    }

    @Test
    void readsStateWrittenByFormatVersionTwo() throws IOException {
        // Version 2 had no attributes: the same bytes without the per-item attribute trailer.
        ItemStatsIndex index = sampleIndex();
        byte[] v3 = StateBytes.of(index::writeTo);
        byte[] v2 = java.util.Arrays.copyOf(v3, v3.length - 4 * index.size());
        v2[3] = 2;

        assertThat(ItemStatsIndex.readFrom(StateBytes.in(v2))).isEqualTo(index);
    }

    @Test
    void rejectsAnUnknownFormatVersion() {
        byte[] bytes = {0, 0, 0, 99};
        assertThatThrownBy(() -> ItemStatsIndex.readFrom(StateBytes.in(bytes)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("version 99");
    }

    @Test
    void copyIsDeep() {
        ItemStatsIndex index = sampleIndex();
        ItemStatsIndex copy = index.copy();
        assertThat(copy).isEqualTo(index);

        copy.recordInteraction("a", 5000, List.of("b"));
        copy.putContent(new ItemContent("a", "Changed", null, Map.of(), 0));

        assertThat(copy).isNotEqualTo(index);
        assertThat(index.countOf(index.idOf("a"))).isEqualTo(2);
        assertThat(index.coCount(index.idOf("a"), index.idOf("b"))).isEqualTo(1);
        assertThat(index.titleOf(index.idOf("a"))).isEqualTo("Alpha");
    }

    private static ItemStatsIndex sampleIndex() {
        ItemStatsIndex index = new ItemStatsIndex(HALF_LIFE);
        index.putContent(new ItemContent("a", "Alpha", null, Map.of(), 0));
        index.putContent(new ItemContent("d", null, null, Map.of(), 0));
        index.recordInteraction("a", 1000, List.of());
        index.recordInteraction("b", 1500, List.of("a"));
        index.recordInteraction("c", 1700, List.of("a", "b"));
        index.recordInteraction("a", 1200, List.of("c"));
        return index;
    }
}
