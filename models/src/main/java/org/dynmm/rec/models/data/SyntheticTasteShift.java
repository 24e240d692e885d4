package org.dynmm.rec.models.data;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A SYNTHETIC dataset with a taste shift, for tests of recent-interest evidence: 24 users; each
 * takes 20 comedies (of 12) twelve hours apart, then 8 random dramas ten minutes apart, user u
 * starting 6u hours after user 0. Not real data.
 */
public final class SyntheticTasteShift {
    private static final long HOUR = 3_600_000L;

    private SyntheticTasteShift() {}

    /**
     * @param withDuplicate whether the last event is sent twice (a duplicate a replay drops)
     */
    public static Dataset dataset(boolean withDuplicate) {
        Random random = new Random(11);
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            String genre = i < 30 ? "Comedy" : "Drama";
            items.put(
                    "m" + i,
                    new ItemContent(
                            "m" + i,
                            genre + " film " + i + " (1999)",
                            null,
                            Map.of("genres", List.of(genre)),
                            0));
        }
        List<InteractionEvent> events = new ArrayList<>();
        for (int u = 0; u < 24; u++) {
            long ts = 1_000_000L + u * 6 * HOUR;
            for (int k = 0; k < 28; k++) {
                String item = k < 20 ? "m" + random.nextInt(12) : "m" + (30 + random.nextInt(30));
                events.add(new InteractionEvent("u" + u, item, "view", 1f, ts));
                ts += k < 20 ? 12 * HOUR : HOUR / 6;
            }
        }
        if (withDuplicate) {
            events.add(events.get(events.size() - 1));
        }
        events.sort(Comparator.comparingLong(e -> e.ts));
        return new Dataset("shifting-synthetic", events, items);
    }
}
