package org.dynmm.rec.operators.item;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.SyntheticBundles;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemText;
import org.dynmm.rec.models.text.ItemTextFields;
import org.dynmm.rec.operators.item.ItemCatalogMultimodalTest.FakeEmbedder;
import org.dynmm.rec.operators.item.ItemCatalogMultimodalTest.TestCatalog;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog embeds a new item's text from the fields the bundle was trained with ({@code
 * hyperParameters.itemTextFields}), as the trainer did: with a title-only bundle the genres and
 * tags of the item do not change its latent.
 */
class ItemCatalogTextFieldsTest {

    @TempDir Path dir;

    private static ItemContent item(String id, String genre, long ts) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("genres", List.of(genre));
        attributes.put("tags", List.of("a much longer tag list than the title"));
        return new ItemContent(id, "Title " + id, null, attributes, ts);
    }

    private List<ItemUpdate> catalogLatents(Path bundleDir, ItemContent... items) throws Exception {
        try (KeyedOneInputStreamOperatorTestHarness<String, ItemContent, ItemUpdate> harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TestCatalog(bundleDir.toString())),
                        content -> content.item,
                        Types.STRING)) {
            harness.open();
            for (ItemContent c : items) {
                harness.processElement(c, c.ts);
            }
            return harness.extractOutputValues();
        }
    }

    private static ModelBundle bundle(String version, ItemTextFields fields) {
        ModelBundle bundle = SyntheticBundles.randomBundle(new Random(7), 3, 4, 5, version);
        if (fields != null) {
            fields.writeTo(bundle.manifest().hyperParameters);
        }
        return bundle;
    }

    @Test
    void newItemsAreEmbeddedFromTheBundlesTextFields() throws Exception {
        ItemTextFields titleOnly = ItemTextFields.parse("title");
        ModelBundles.write(dir.resolve("title"), bundle("base-20261126-tf000001", titleOnly));
        ModelBundles.write(dir.resolve("old"), bundle("base-20261126-tf000002", null));
        BaseModel titleModel = BaseModel.load(ModelBundles.read(dir.resolve("title")));
        BaseModel oldModel = BaseModel.load(ModelBundles.read(dir.resolve("old")));
        assertThat(titleModel.itemTextFields()).isEqualTo(titleOnly);
        assertThat(oldModel.itemTextFields()).isEqualTo(ItemTextFields.ALL);

        ItemContent comedy = item("new1", "Comedy", 10);
        FakeEmbedder text = new FakeEmbedder();

        List<ItemUpdate> sparse = catalogLatents(dir.resolve("title"), comedy);
        assertThat(sparse).hasSize(1);
        assertThat(sparse.get(0).latent)
                .containsExactly(
                        titleModel.textLatent(text.embed(ItemText.describe(comedy, titleOnly))));
        assertThat(sparse.get(0).latent)
                .isNotEqualTo(titleModel.textLatent(text.embed(ItemText.describe(comedy))));

        // A bundle without the key (trained before the option) embeds every field, as before.
        List<ItemUpdate> full = catalogLatents(dir.resolve("old"), comedy);
        assertThat(full.get(0).latent)
                .containsExactly(oldModel.textLatent(text.embed(ItemText.describe(comedy))));
    }
}
