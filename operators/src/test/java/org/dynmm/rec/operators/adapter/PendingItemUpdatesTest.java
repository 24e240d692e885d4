package org.dynmm.rec.operators.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.junit.jupiter.api.Test;

class PendingItemUpdatesTest {
    private static String describe(ItemUpdate u) {
        return u.ts + ":" + u.item + ":" + u.coItems;
    }

    private static List<String> describe(List<ItemUpdate> updates) {
        return updates.stream().map(PendingItemUpdatesTest::describe).toList();
    }

    @Test
    void drainsReturnExactlyTheDueUpdatesInOneOrderWhateverTheArrival() {
        // SYNTHETIC interaction updates at a few times, with ties on time.
        List<ItemUpdate> updates = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            updates.add(ItemUpdate.interaction("i" + (i % 7), 100L * (i % 5), List.of("c" + i)));
        }
        List<List<String>> drainsByArrival = new ArrayList<>();
        Random random = new Random(7);
        for (int run = 0; run < 3; run++) {
            List<ItemUpdate> arrival = new ArrayList<>(updates);
            Collections.shuffle(arrival, random);
            PendingItemUpdates pending = new PendingItemUpdates();
            arrival.forEach(pending::add);
            assertThat(pending.size()).isEqualTo(40);

            List<ItemUpdate> before200 = pending.drainBefore(200L);
            assertThat(before200).allMatch(u -> u.ts < 200L).hasSize(16);
            List<ItemUpdate> upTo300 = pending.drainUpTo(300L);
            assertThat(upTo300).allMatch(u -> u.ts == 200L || u.ts == 300L).hasSize(16);
            assertThat(pending.drainUpTo(300L)).isEmpty();
            assertThat(pending.size()).isEqualTo(8);
            assertThat(pending.all()).allMatch(u -> u.ts == 400L).hasSize(8);

            List<ItemUpdate> sorted = new ArrayList<>(upTo300);
            sorted.sort(PendingItemUpdates.ORDER);
            assertThat(upTo300).containsExactlyElementsOf(sorted);
            List<String> drains = new ArrayList<>(describe(before200));
            drains.addAll(describe(upTo300));
            drainsByArrival.add(drains);
        }
        assertThat(drainsByArrival.get(1)).isEqualTo(drainsByArrival.get(0));
        assertThat(drainsByArrival.get(2)).isEqualTo(drainsByArrival.get(0));
    }
}
