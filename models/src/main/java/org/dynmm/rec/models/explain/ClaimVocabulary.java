package org.dynmm.rec.models.explain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dynmm.rec.models.ranking.ItemStatsIndex;

/**
 * What the {@link Verifier} recognises as claims when it reads a rationale, beyond the syntactic
 * ones (quoted titles, {@code item #id}, numbers): titles of the items a rationale could name
 * without quotes (the user's history and the candidates, i.e. what the ranker or LLM was shown),
 * and the attribute values those items carry.
 */
public final class ClaimVocabulary {
    private final Map<String, String> itemByTitle = new LinkedHashMap<>();
    private final Set<String> attributeValues = new LinkedHashSet<>();
    private List<String[]> sortedTitles;
    private List<String[]> sortedValues;

    /** Titles and attribute values ({@code attributeKeys}) of {@code items} in {@code index}. */
    public static ClaimVocabulary of(
            ItemStatsIndex index, Collection<String> items, List<String> attributeKeys) {
        ClaimVocabulary v = new ClaimVocabulary();
        for (String item : items) {
            int id = index.idOf(item);
            if (id < 0) {
                continue;
            }
            String title = index.titleOf(id);
            if (title != null && !title.isBlank()) {
                v.itemByTitle.putIfAbsent(title, item);
            }
            for (String key : attributeKeys) {
                for (String value : index.attributesOf(id).getOrDefault(key, List.of())) {
                    if (value.length() >= 3) { // shorter values match ordinary words too often
                        v.attributeValues.add(value);
                    }
                }
            }
        }
        return v;
    }

    /**
     * From plain lists: {@code itemByTitle} maps titles to item ids; attribute values shorter than
     * three characters are left out, as in {@link #of(ItemStatsIndex, Collection, List)}.
     */
    public static ClaimVocabulary of(Map<String, String> itemByTitle, Collection<String> values) {
        ClaimVocabulary v = new ClaimVocabulary();
        itemByTitle.forEach(
                (title, item) -> {
                    if (title != null && !title.isBlank()) {
                        v.itemByTitle.putIfAbsent(title, item);
                    }
                });
        for (String value : values) {
            if (value != null && value.length() >= 3) {
                v.attributeValues.add(value);
            }
        }
        return v;
    }

    /** An empty vocabulary: only syntactic claims are found. */
    public static ClaimVocabulary empty() {
        return new ClaimVocabulary();
    }

    /** Title to item id. */
    public Map<String, String> titles() {
        return itemByTitle;
    }

    public Set<String> attributeValues() {
        return attributeValues;
    }

    /** Titles as (original, lower case), longest first; computed once per vocabulary. */
    List<String[]> titlesLongestFirst() {
        if (sortedTitles == null) {
            sortedTitles = longestFirst(itemByTitle.keySet());
        }
        return sortedTitles;
    }

    /** Attribute values as (original, lower case), longest first; computed once. */
    List<String[]> valuesLongestFirst() {
        if (sortedValues == null) {
            sortedValues = longestFirst(attributeValues);
        }
        return sortedValues;
    }

    /** Longer names first, so "space travel" is found before "space" can claim part of it. */
    private static List<String[]> longestFirst(Collection<String> names) {
        List<String[]> sorted = new ArrayList<>(names.size());
        for (String name : names) {
            sorted.add(new String[] {name, name.toLowerCase(Locale.ROOT)});
        }
        sorted.sort(
                Comparator.comparingInt((String[] n) -> n[0].length())
                        .reversed()
                        .thenComparing(n -> n[0]));
        return sorted;
    }

    static String normalize(String s) {
        return s.trim().toLowerCase(Locale.ROOT);
    }
}
