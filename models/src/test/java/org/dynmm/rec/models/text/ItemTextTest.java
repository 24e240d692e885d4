package org.dynmm.rec.models.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.ItemContent;
import org.junit.jupiter.api.Test;

class ItemTextTest {

    @Test
    void titleGenresTagsOtherAttributesThenText() {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("tags", List.of("pixar", "  fun "));
        attributes.put("language", List.of("English"));
        attributes.put("genres", List.of("Adventure", "Animation"));
        attributes.put("director", List.of("John Lasseter"));
        ItemContent c =
                new ItemContent(
                        "1", "Toy Story (1995)", "A cowboy doll\n is threatened.", attributes, 0L);

        assertThat(ItemText.describe(c))
                .isEqualTo(
                        "Toy Story (1995). Genres: Adventure, Animation. Tags: pixar, fun."
                                + " Director: John Lasseter. Language: English. A cowboy doll is"
                                + " threatened.");
    }

    @Test
    void emptyPartsAreLeftOut() {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("genres", List.of("Drama"));
        attributes.put("tags", List.of());
        attributes.put("release_year", List.of(" ", ""));

        assertThat(ItemText.describe(new ItemContent("2", "Heat", null, attributes, 0L)))
                .isEqualTo("Heat. Genres: Drama.");
        assertThat(ItemText.describe(new ItemContent("3", "What?", "  ", null, 0L)))
                .isEqualTo("What?");
        assertThat(ItemText.describe(new ItemContent("4", null, "only text", null, 0L)))
                .isEqualTo("only text");
        assertThat(ItemText.describe(new ItemContent())).isEmpty();
    }

    @Test
    void attributeNamesBecomeLabels() {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("release_year", List.of("1995"));
        attributes.put("country-of-origin", List.of("US", "UK"));

        assertThat(ItemText.describe(new ItemContent("5", "X", null, attributes, 0L)))
                .isEqualTo("X. Country of origin: US, UK. Release year: 1995.");
    }
}
