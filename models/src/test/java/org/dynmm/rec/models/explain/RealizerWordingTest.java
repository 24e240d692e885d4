package org.dynmm.rec.models.explain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.ItemContent;
import org.junit.jupiter.api.Test;

/**
 * The realizer's own words must never read as an attribute claim: the verifier finds attribute
 * values as whole words, and MovieLens tags include everyday words ("history", "moving", "space"
 * each once made a realized rationale fail). Every phrasing of every evidence kind is realized and
 * verified against the vocabulary of every genre and tag of the shipped dataset.
 */
class RealizerWordingTest {
    private static final Path ML_LATEST_SMALL = Path.of("..", "data", "movielens-latest-small");

    /** Placeholder titles and value, in no dataset attribute. */
    private static final String H1 = "Qqfirst (1999)";

    private static final String H2 = "Qqsecond (2001)";
    private static final String SELF = "Qqself (2005)";
    private static final String VALUE = "Zzvalue";

    private static List<List<Evidence>> everyCombination() {
        Evidence hc1 = Evidence.historyContribution("h1", H1, 0.62);
        Evidence hc2 = Evidence.historyContribution("h2", H2, 0.21);
        Evidence co = Evidence.coInteraction("h1", H1, 17, 20);
        Evidence shared = Evidence.sharedAttribute("genres", VALUE, 3, 8, "h2", H2);
        Evidence similar = Evidence.modalitySimilarity("joint", "h2", H2, 0.83);
        Evidence shift = Evidence.recentInterestShift("genres", VALUE, 0.6, 0.2, 5);
        Evidence taste = Evidence.recentTasteShift("genres", VALUE, 0.71, 0.33, 1, 14);
        Evidence popular = Evidence.popularity(329);
        List<List<Evidence>> all = new ArrayList<>();
        for (Evidence second : List.of(hc2, shared, similar, shift, taste)) {
            all.add(List.of(hc1, second));
            all.add(List.of(hc1, co, second));
            all.add(List.of(co, second));
        }
        for (Evidence alone : List.of(hc1, co, shared, similar, shift, taste, popular)) {
            all.add(List.of(alone));
        }
        all.add(List.of(shared, similar));
        all.add(List.of(similar, shared));
        return all;
    }

    @Test
    void noPhrasingStatesAnAttributeOfTheShippedDataset() {
        Dataset data = DatasetLoader.load(ML_LATEST_SMALL);
        Set<String> values = new TreeSet<>();
        for (ItemContent item : data.items().values()) {
            for (String key : List.of("genres", "tags")) {
                values.addAll(item.attributes.getOrDefault(key, List.of()));
            }
        }
        assertThat(values).contains("moving", "space", "history"); // the words that once failed
        values.add(VALUE);
        Map<String, String> titles = new LinkedHashMap<>();
        titles.put(H1, "h1");
        titles.put(H2, "h2");
        titles.put(SELF, "self");
        ClaimVocabulary vocabulary = ClaimVocabulary.of(titles, values);

        Realizer realizer = new Realizer();
        Verifier verifier = new Verifier();
        Set<String> texts = new HashSet<>();
        int checked = 0;
        for (List<Evidence> evidence : everyCombination()) {
            // Enough users and items that every phrasing of the combination comes up.
            for (int u = 0; u < 40; u++) {
                for (String item : List.of("self", "self-b", "self-c")) {
                    String text = realizer.realize("u" + u, item, SELF, evidence);
                    Verification v = verifier.verify(text, item, SELF, evidence, vocabulary);
                    assertThat(text).isNotBlank();
                    assertThat(v.unsupported).as(text).isEmpty();
                    assertThat(v.passed).as(text).isTrue();
                    texts.add(text);
                    checked++;
                }
            }
        }
        assertThat(checked).isEqualTo(everyCombination().size() * 120);
        // Several phrasings per combination were seen, not one template.
        assertThat(texts.size()).isGreaterThan(2 * everyCombination().size());
    }
}
