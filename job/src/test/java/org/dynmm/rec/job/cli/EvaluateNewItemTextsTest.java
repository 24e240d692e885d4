package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.SyntheticBundles;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemText;
import org.dynmm.rec.models.text.ItemTextFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate} embeds the catalog items its bundle does not know from the bundle's recorded
 * text fields, the way the trainer embedded its own items.
 */
class EvaluateNewItemTextsTest {

    @TempDir Path dir;

    private static ItemContent item(String id, String title, String genre) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("genres", List.of(genre));
        attributes.put("tags", List.of("cult"));
        return new ItemContent(id, title, null, attributes, 0L);
    }

    private BaseModel written(String name, ItemTextFields fields) {
        ModelBundle bundle =
                SyntheticBundles.randomBundle(new Random(3), 3, 4, 5, "base-20261126-" + name);
        if (fields != null) {
            fields.writeTo(bundle.manifest().hyperParameters);
        }
        ModelBundles.write(dir.resolve(name), bundle);
        return BaseModel.load(ModelBundles.read(dir.resolve(name)));
    }

    @Test
    void newItemsAreDescribedWithTheBundlesFields() {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        items.put("i0", item("i0", "Known (1990)", "Drama"));
        items.put("new1", item("new1", "Heat (1995)", "Crime"));
        items.put("new2", item("new2", null, "Comedy")); // no title: no text when title-only
        Dataset data = new Dataset("tiny", List.of(), items);

        BaseModel titleOnly = written("tf000001", ItemTextFields.parse("title"));
        assertThat(EvaluateCommand.newItemTexts(titleOnly, data))
                .containsExactly(Map.entry("new1", "Heat (1995)."));

        BaseModel old = written("tf000002", null);
        assertThat(EvaluateCommand.newItemTexts(old, data))
                .containsExactly(
                        Map.entry("new1", ItemText.describe(items.get("new1"))),
                        Map.entry("new2", "Genres: Comedy. Tags: cult."));
        assertThat(ItemText.describe(items.get("new1")))
                .isEqualTo("Heat (1995). Genres: Crime. Tags: cult.");
    }
}
