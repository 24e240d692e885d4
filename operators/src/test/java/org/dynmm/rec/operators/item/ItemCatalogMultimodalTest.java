package org.dynmm.rec.operators.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.SyntheticBundles;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemText;
import org.dynmm.rec.models.text.TextEmbedder;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog with a SYNTHETIC bundle that has a visual head (4 values) and no audio head: new
 * items get the fused content latent, bad vectors go to dead letters with the reason.
 */
class ItemCatalogMultimodalTest {
    private static final int VISUAL_DIM = 4;

    @TempDir Path dir;

    private KeyedOneInputStreamOperatorTestHarness<String, ItemContent, ItemUpdate> harness;
    private BaseModel model;

    /** Deterministic 3-value "embedding" of a text (the synthetic bundle's text size). */
    static final class FakeEmbedder implements TextEmbedder {
        @Override
        public String modelId() {
            return "fake";
        }

        @Override
        public int dimension() {
            return 3;
        }

        @Override
        public float[] embed(String text) {
            return new float[] {text.length() / 10f, 1f, -0.5f};
        }
    }

    static final class TestCatalog extends ItemCatalogFunction {
        TestCatalog(String bundlePath) {
            super(bundlePath);
        }

        @Override
        protected TextEmbedder createTextEmbedder() {
            return new FakeEmbedder();
        }
    }

    @BeforeEach
    void open() throws Exception {
        ModelBundle bundle =
                SyntheticBundles.randomBundle(
                        new Random(7), 3, 4, 5, "base-20261126-mm000001", VISUAL_DIM, 0);
        ModelBundles.write(dir, bundle);
        model = BaseModel.load(ModelBundles.read(dir));
        harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new TestCatalog(dir.toString())),
                        content -> content.item,
                        Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static ItemContent item(String id, float[] visual, float[] audio, long ts) {
        ItemContent c = new ItemContent(id, "Title " + id, null, Map.of(), ts);
        c.visual = visual;
        c.audio = audio;
        return c;
    }

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(DeadLetterTags.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void newItemsGetTheFusedLatentWhenTheyCarryAVisualVector() throws Exception {
        float[] visual = {0.5f, -1f, 2f, 0.25f};
        harness.processElement(item("new1", visual, null, 10), 10);
        harness.processElement(item("new2", null, null, 10), 10);
        // The bundle has no audio head: the audio vector is unused, not an error.
        harness.processElement(item("new3", null, new float[] {1f, 2f}, 10), 10);

        List<ItemUpdate> out = harness.extractOutputValues();
        assertThat(out).hasSize(3);
        FakeEmbedder text = new FakeEmbedder();
        float[] textOnly =
                model.textLatent(text.embed(ItemText.describe(item("new2", null, null, 10))));
        assertThat(out.get(0).latent)
                .containsExactly(
                        model.contentLatent(
                                text.embed(ItemText.describe(item("new1", null, null, 10))),
                                visual,
                                null));
        assertThat(out.get(0).latent)
                .isNotEqualTo(
                        model.textLatent(
                                text.embed(ItemText.describe(item("new1", null, null, 10)))));
        // By hand with the bundle's learned visual weight w (text 1): (f_T + w f_V) / (1 + w).
        float w = model.fusion().weight("visual");
        assertThat(w).isNotEqualTo(1f);
        float[] t1 = model.textLatent(text.embed(ItemText.describe(item("new1", null, null, 10))));
        float[] v1 = model.contentLatent(null, visual, null);
        for (int i = 0; i < t1.length; i++) {
            assertThat(out.get(0).latent[i])
                    .isCloseTo((t1[i] + w * v1[i]) / (1 + w), within(1e-5f));
        }
        assertThat(out.get(1).latent).containsExactly(textOnly);
        assertThat(out.get(2).latent)
                .containsExactly(
                        model.textLatent(
                                text.embed(ItemText.describe(item("new3", null, null, 10)))));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void wrongSizeAndNonFiniteVectorsGoToDeadLettersWithTheReason() throws Exception {
        harness.processElement(item("bad1", new float[] {1f, 2f, 3f}, null, 10), 10);
        harness.processElement(item("bad2", new float[] {1f, Float.NaN, 3f, 4f}, null, 10), 10);
        // A known item is checked too: its vectors feed evidence.
        harness.processElement(item("i0", new float[] {1f}, null, 10), 10);
        // A good record for bad1 afterwards is accepted: the bad one left no version behind.
        harness.processElement(item("bad1", new float[] {1f, 2f, 3f, 4f}, null, 5), 5);

        assertThat(harness.extractOutputValues())
                .extracting(u -> u.content.item)
                .containsExactly("bad1");
        List<DeadLetter> letters = deadLetters();
        assertThat(letters)
                .extracting(d -> d.reason)
                .containsOnly(DeadLetterReason.INVALID_VECTOR.name());
        assertThat(letters)
                .extracting(d -> d.message)
                .containsExactly(
                        "item bad1: visual vector has 3 values but bundle base-20261126-mm000001"
                                + " declares visual dimension 4",
                        "item bad2: visual vector element 1 is not finite (NaN)",
                        "item i0: visual vector has 1 values but bundle base-20261126-mm000001"
                                + " declares visual dimension 4");
        assertThat(letters.get(0).raw).contains("\"item\":\"bad1\"");
        assertThat(letters.get(0).source).isEqualTo("items");
    }
}
