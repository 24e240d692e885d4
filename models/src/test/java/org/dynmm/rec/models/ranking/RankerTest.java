package org.dynmm.rec.models.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.dynmm.rec.models.data.ItemContent;
import org.junit.jupiter.api.Test;

class RankerTest {
    /** Scores each item by a fixed table (missing items score 0). */
    private static ItemScorer fixed(Map<String, Double> table) {
        return (index, user, now, out) -> {
            for (int id = 0; id < index.size(); id++) {
                out[id] = table.getOrDefault(index.itemAt(id), 0.0);
            }
        };
    }

    private static ItemStatsIndex indexOf(String... items) {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        for (String item : items) {
            index.putContent(new ItemContent(item, item.toUpperCase(), null, Map.of(), 0));
        }
        return index;
    }

    @Test
    void topNOrdersByScoreThenItemIdAndExcludesSeenItems() {
        ItemStatsIndex index = indexOf("d", "c", "b", "a", "e");
        ItemScorer scorer = fixed(Map.of("a", 1.0, "b", 2.0, "c", 2.0, "d", 5.0, "e", 0.5));
        UserContext user = UserContext.of(List.of("d"), List.of("d", "not-in-index"));

        List<ScoredItem> top = Ranker.topN(index, scorer, user, 0, 3);

        assertThat(top)
                .containsExactly(
                        new ScoredItem("b", "B", 2.0),
                        new ScoredItem("c", "C", 2.0),
                        new ScoredItem("a", "A", 1.0));
        assertThat(Ranker.topN(index, scorer, user, 0, 10)).hasSize(4);
        assertThat(Ranker.topN(index, scorer, user, 0, 0)).isEmpty();
    }

    @Test
    void rankOfCountsUnseenCandidatesThatBeatTheTarget() {
        ItemStatsIndex index = indexOf("d", "c", "b", "a", "e");
        ItemScorer scorer = fixed(Map.of("a", 1.0, "b", 2.0, "c", 2.0, "d", 5.0, "e", 0.5));
        UserContext user = UserContext.of(List.of(), List.of("d"));

        assertThat(Ranker.rankOf(index, scorer, user, 0, "b")).isEqualTo(1);
        assertThat(Ranker.rankOf(index, scorer, user, 0, "c")).isEqualTo(2);
        assertThat(Ranker.rankOf(index, scorer, user, 0, "e")).isEqualTo(4);
        // Unknown target: below all 4 candidates.
        assertThat(Ranker.rankOf(index, scorer, user, 0, "zzz")).isEqualTo(5);
        // A seen target still competes with the unseen candidates only.
        assertThat(Ranker.rankOf(index, scorer, user, 0, "d")).isEqualTo(1);
    }

    @Test
    void rankOfAgreesWithTopNOnRandomData() {
        Random random = new Random(3);
        for (int round = 0; round < 20; round++) {
            List<String> items = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                items.add("item-" + random.nextInt(1_000_000));
            }
            ItemStatsIndex index = indexOf(items.toArray(new String[0]));
            // Few distinct score values, so ties are frequent.
            Map<String, Double> table = new HashMap<>();
            for (String item : items) {
                table.put(item, (double) random.nextInt(8));
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < 40; i++) {
                seen.add(items.get(random.nextInt(items.size())));
            }
            UserContext user = UserContext.of(List.of(), seen);
            ItemScorer scorer = fixed(table);

            List<ScoredItem> all = Ranker.topN(index, scorer, user, 0, index.size());
            List<String> expected = new ArrayList<>(new HashSet<>(items));
            expected.removeAll(seen);
            expected.sort(
                    Comparator.comparing((String item) -> -table.get(item))
                            .thenComparing(Comparator.naturalOrder()));
            assertThat(all).extracting(s -> s.item).containsExactlyElementsOf(expected);
            for (int i = 0; i < all.size(); i++) {
                assertThat(Ranker.rankOf(index, scorer, user, 0, all.get(i).item)).isEqualTo(i + 1);
            }
            List<ScoredItem> top10 = Ranker.topN(index, scorer, user, 0, 10);
            assertThat(top10).isEqualTo(all.subList(0, 10));
        }
    }
}
