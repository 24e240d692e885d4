package org.dynmm.rec.models.explain;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * A SYNTHETIC hand-made catalog for explanation tests: items with genres and co-interactions whose
 * counts the tests know exactly.
 */
final class ExplainFixture {
    private ExplainFixture() {}

    static ItemStatsIndex index() {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        content(index, "h1", "Heat (1995)", "Crime", "Drama");
        content(index, "h2", "Alien (1979)", "Horror", "Sci-Fi");
        content(index, "h3", "Casino (1995)", "Crime");
        content(index, "c1", "Ronin (1998)", "Crime", "Action");
        content(index, "c2", "Aliens (1986)", "Sci-Fi", "Action");
        content(index, "c3", "Up (2009)", "Animation");
        // Co-interactions, SYNTHETIC: other users took c1 after h1 (3x) and after h3 (1x),
        // c2 after h2 (2x), and c3 five times with nothing before.
        for (int i = 0; i < 3; i++) {
            index.recordInteraction("h1", 1, List.of());
            index.recordInteraction("c1", 2, List.of("h1"));
        }
        index.recordInteraction("c1", 3, List.of("h3"));
        for (int i = 0; i < 2; i++) {
            index.recordInteraction("c2", 4, List.of("h2"));
        }
        for (int i = 0; i < 5; i++) {
            index.recordInteraction("c3", 5, List.of());
        }
        return index;
    }

    /** A user who took h1, h2, h3 (most recent last). */
    static UserContext user() {
        return UserContext.of(List.of("h1", "h2", "h3"), List.of("h1", "h2", "h3"));
    }

    static void content(ItemStatsIndex index, String item, String title, String... genres) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("genres", List.of(genres));
        index.putContent(new ItemContent(item, title, null, attributes, 0));
    }
}
