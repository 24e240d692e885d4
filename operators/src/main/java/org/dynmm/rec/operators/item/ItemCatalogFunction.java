package org.dynmm.rec.operators.item;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemText;
import org.dynmm.rec.models.text.MiniLmTextEmbedder;
import org.dynmm.rec.operators.parse.JsonCodec;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.ItemUpdate;

/**
 * Keyed by item: keeps the version (time) of each item's content and forwards new content to the
 * broadcast item view. Content older than the version held goes to dead letters as stale, so a
 * replayed or reordered catalog never rolls an item back.
 *
 * <p>With a model bundle, an item the frozen base never saw gets its latent through the text path
 * ({@code f_T} of its all-MiniLM-L6-v2 text embedding) here, once per content version, so a new
 * catalog item can be recommended as soon as its content arrives.
 */
public class ItemCatalogFunction extends KeyedProcessFunction<String, ItemContent, ItemUpdate> {
    private static final long serialVersionUID = 1L;

    public static final String STATE_NAME = "item-content-version";

    /** Directory of the model bundle; null runs without latents (baseline rankers). */
    private final String bundlePath;

    private transient ValueState<Long> versionState;
    private transient BaseModel model;
    private transient MiniLmTextEmbedder textEmbedder;
    private transient Counter textLatents;
    private transient Counter updates;
    private transient Counter stale;

    /** A catalog without latents, for the baseline rankers. */
    public ItemCatalogFunction() {
        this(null);
    }

    /** A catalog that computes text-path latents with the bundle at {@code bundlePath}. */
    public ItemCatalogFunction(String bundlePath) {
        this.bundlePath = bundlePath;
    }

    @Override
    public void open(OpenContext openContext) {
        if (bundlePath != null) {
            model = BaseModel.load(ModelBundles.read(Path.of(bundlePath)));
            textEmbedder = new MiniLmTextEmbedder();
        }
        textLatents = getRuntimeContext().getMetricGroup().counter("itemTextLatents");
        versionState =
                getRuntimeContext()
                        .getState(new ValueStateDescriptor<>(STATE_NAME, LongSerializer.INSTANCE));
        updates = getRuntimeContext().getMetricGroup().counter("itemContentUpdates");
        stale = getRuntimeContext().getMetricGroup().counter("itemContentStale");
    }

    @Override
    public void processElement(ItemContent content, Context ctx, Collector<ItemUpdate> out)
            throws Exception {
        Long version = versionState.value();
        if (version != null && content.ts < version) {
            stale.inc();
            ctx.output(DeadLetterTags.DEAD_LETTERS, staleContent(content, version));
            return;
        }
        versionState.update(content.ts);
        updates.inc();
        ItemUpdate update = ItemUpdate.content(content);
        update.latent = textPathLatent(content);
        out.collect(update);
    }

    /**
     * The text-path latent of an item the bundle does not know; null when not needed or no text.
     */
    private float[] textPathLatent(ItemContent content) {
        if (model == null || model.hasItem(content.item)) {
            return null;
        }
        String text = ItemText.describe(content);
        if (text.isBlank()) {
            return null;
        }
        textLatents.inc();
        return model.textLatent(textEmbedder.embed(text));
    }

    @Override
    public void close() throws Exception {
        if (textEmbedder != null) {
            textEmbedder.close();
        }
        super.close();
    }

    private static DeadLetter staleContent(ItemContent content, long version) {
        DeadLetter letter = new DeadLetter();
        letter.source = "items";
        letter.reason = DeadLetterReason.STALE_CONTENT.name();
        letter.message =
                "content ts " + content.ts + " is older than the version held (" + version + ")";
        letter.raw = new String(JsonCodec.toJson(content), StandardCharsets.UTF_8);
        letter.rawBytes = letter.raw.getBytes(StandardCharsets.UTF_8).length;
        letter.ts = content.ts;
        return letter;
    }
}
