package org.dynmm.rec.tests;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;

/**
 * A SYNTHETIC catalog and interaction log with learnable structure, for integration tests: three
 * genres of ten items, each with a descriptive English title the real text encoder can place; every
 * user keeps to one genre and takes its items in catalog order from a random start.
 */
final class SyntheticGenreWorld {
    static final String[] GENRES = {"Sci-Fi", "Romance", "Horror"};
    static final int ITEMS_PER_GENRE = 10;

    private static final String[][] TITLE_WORDS = {
        {
            "Starship",
            "Galaxy",
            "Alien Fleet",
            "Orbit",
            "Nebula",
            "Warp Drive",
            "Mars",
            "Android",
            "Space Station",
            "Comet"
        },
        {
            "Wedding",
            "First Kiss",
            "Love Letter",
            "Valentine",
            "Honeymoon",
            "Sweethearts",
            "Paris Romance",
            "Engagement",
            "Summer Love",
            "Heartbreak"
        },
        {
            "Haunted House",
            "Zombie",
            "Vampire",
            "Nightmare",
            "Poltergeist",
            "Cursed Doll",
            "Werewolf",
            "Graveyard",
            "Demon",
            "Slasher"
        }
    };

    private SyntheticGenreWorld() {}

    static String item(int genre, int k) {
        return "g" + genre + "-" + (k % ITEMS_PER_GENRE);
    }

    static ItemContent content(String id, String title, int genre) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("genres", List.of(GENRES[genre]));
        return new ItemContent(id, title, null, attributes, 0L);
    }

    static Dataset dataset(int users, int perUser, long seed) {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (int g = 0; g < GENRES.length; g++) {
            for (int k = 0; k < ITEMS_PER_GENRE; k++) {
                items.put(item(g, k), content(item(g, k), TITLE_WORDS[g][k], g));
            }
        }
        Random random = new Random(seed);
        List<InteractionEvent> events = new ArrayList<>();
        long ts = 1_700_000_000_000L;
        int[] start = new int[users];
        for (int u = 0; u < users; u++) {
            start[u] = random.nextInt(ITEMS_PER_GENRE);
        }
        for (int t = 0; t < perUser; t++) {
            for (int u = 0; u < users; u++) {
                events.add(
                        new InteractionEvent(
                                "u" + u,
                                item(u % GENRES.length, start[u] + t),
                                "view",
                                1f,
                                ts += 1000));
            }
        }
        return new Dataset("synthetic-genres", events, items);
    }
}
