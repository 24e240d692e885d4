package org.dynmm.rec.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
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

    private static ItemContent fullItem() {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("genres", List.of("Adventure", "Animation"));
        attributes.put("tags", List.of("pixar"));
        attributes.put("director", List.of("John Lasseter"));
        return new ItemContent("1", "Toy Story (1995)", "A cowboy doll.", attributes, 0L);
    }

    @Test
    void onlyTheChosenFieldsAreDescribed() {
        ItemContent c = fullItem();
        assertThat(ItemText.describe(c, ItemTextFields.parse("title")))
                .isEqualTo("Toy Story (1995).");
        assertThat(ItemText.describe(c, ItemTextFields.parse("genres")))
                .isEqualTo("Genres: Adventure, Animation.");
        assertThat(ItemText.describe(c, ItemTextFields.parse("text, Title")))
                .isEqualTo("Toy Story (1995). A cowboy doll.");
        assertThat(ItemText.describe(c, ItemTextFields.parse("attributes,tags")))
                .isEqualTo("Tags: pixar. Director: John Lasseter.");
        // All fields, by name or "all", give exactly the default description.
        assertThat(ItemText.describe(c, ItemTextFields.parse("title,genres,tags,attributes,text")))
                .isEqualTo(ItemText.describe(c))
                .isEqualTo(ItemText.describe(c, ItemTextFields.parse("all")))
                .isEqualTo(
                        "Toy Story (1995). Genres: Adventure, Animation. Tags: pixar. Director:"
                                + " John Lasseter. A cowboy doll.");
        // An item with none of the chosen parts has no text.
        assertThat(
                        ItemText.describe(
                                new ItemContent("2", "Heat", null, null, 0L),
                                ItemTextFields.parse("genres,tags")))
                .isEmpty();
    }

    @Test
    void fieldsParseToACanonicalFormAndRefuseUnknownNames() {
        assertThat(ItemTextFields.parse(" tags , TITLE,title").id()).isEqualTo("title,tags");
        assertThat(ItemTextFields.parse("all")).isEqualTo(ItemTextFields.ALL);
        assertThat(ItemTextFields.ALL.id()).isEqualTo("title,genres,tags,attributes,text");
        assertThat(ItemTextFields.parse(ItemTextFields.ALL.id())).isEqualTo(ItemTextFields.ALL);
        assertThat(ItemTextFields.of(ItemTextFields.Field.TITLE))
                .isEqualTo(ItemTextFields.parse("title"))
                .isNotEqualTo(ItemTextFields.ALL);
        assertThatThrownBy(() -> ItemTextFields.parse("title,poster"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field 'poster'")
                .hasMessageContaining("title,genres,tags,attributes,text");
        assertThatThrownBy(() -> ItemTextFields.parse(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("none given");
        assertThatThrownBy(() -> ItemTextFields.parse("title,,genres"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown field ''");
    }

    @Test
    void manifestRecordsTheFieldsAndOldBundlesMeanAll() {
        BundleManifest m = new BundleManifest();
        m.modelVersion = "base-test";
        assertThat(ItemTextFields.read(m)).isEqualTo(ItemTextFields.ALL);
        ItemTextFields.parse("title").writeTo(m.hyperParameters);
        assertThat(m.hyperParameters).containsEntry(ItemTextFields.HP_ITEM_TEXT_FIELDS, "title");
        assertThat(ItemTextFields.read(m)).isEqualTo(ItemTextFields.parse("title"));
        m.hyperParameters.put(ItemTextFields.HP_ITEM_TEXT_FIELDS, "title,plot");
        assertThatThrownBy(() -> ItemTextFields.read(m))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("base-test")
                .hasMessageContaining("itemTextFields")
                .hasMessageContaining("'plot'");
    }
}
