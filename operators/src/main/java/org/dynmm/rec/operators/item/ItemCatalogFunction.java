package org.dynmm.rec.operators.item;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.ContentFusion;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemText;
import org.dynmm.rec.models.text.MiniLmTextEmbedder;
import org.dynmm.rec.models.text.TextEmbedder;
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
 * <p>With a model bundle, an item the frozen base never saw gets its latent through the content
 * path here, once per content version, so a new catalog item can be recommended as soon as its
 * content arrives: {@code f_T} of its all-MiniLM-L6-v2 text embedding, fused (mask-weighted mean,
 * see {@link ContentFusion}) with {@code f_V} / {@code f_A} of its visual / audio vectors when the
 * bundle has those heads. Content whose visual or audio vector does not fit the bundle (wrong size,
 * a non-finite value) goes to dead letters as {@link DeadLetterReason#INVALID_VECTOR} with the
 * reason, and the version held stays as it was.
 */
public class ItemCatalogFunction extends KeyedProcessFunction<String, ItemContent, ItemUpdate> {
    private static final long serialVersionUID = 1L;

    public static final String STATE_NAME = "item-content-version";

    /** Directory of the model bundle; null runs without latents (baseline rankers). */
    private final String bundlePath;

    private transient ValueState<Long> versionState;
    private transient BaseModel model;
    private transient TextEmbedder textEmbedder;
    private transient Counter textLatents;
    private transient Counter fusedLatents;
    private transient Counter invalidVectors;
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
            textEmbedder = createTextEmbedder();
        }
        textLatents = getRuntimeContext().getMetricGroup().counter("itemTextLatents");
        fusedLatents = getRuntimeContext().getMetricGroup().counter("itemFusedLatents");
        invalidVectors = getRuntimeContext().getMetricGroup().counter("itemInvalidVectors");
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
        String problem = vectorProblem(content);
        if (problem != null) {
            invalidVectors.inc();
            ctx.output(DeadLetterTags.DEAD_LETTERS, invalidVector(content, problem));
            return;
        }
        versionState.update(content.ts);
        updates.inc();
        ItemUpdate update = ItemUpdate.content(content);
        update.latent = textPathLatent(content);
        out.collect(update);
    }

    /** The encoder of item descriptions; tests override it to avoid loading the real model. */
    @VisibleForTesting
    protected TextEmbedder createTextEmbedder() {
        return new MiniLmTextEmbedder();
    }

    /** Why the item's visual or audio vector does not fit the bundle, or null. */
    private String vectorProblem(ItemContent content) {
        if (model == null) {
            return null;
        }
        String problem = model.fusion().problem(ContentFusion.VISUAL, content.visual);
        return problem != null
                ? problem
                : model.fusion().problem(ContentFusion.AUDIO, content.audio);
    }

    /**
     * The content-path latent of an item the bundle does not know: text, fused with the visual and
     * audio vectors the bundle has heads for; null when not needed or no modality is present.
     */
    private float[] textPathLatent(ItemContent content) {
        if (model == null || model.hasItem(content.item)) {
            return null;
        }
        String text = ItemText.describe(content, model.itemTextFields());
        float[] textEmbedding = text.isBlank() ? null : textEmbedder.embed(text);
        float[] latent = model.contentLatent(textEmbedding, content.visual, content.audio);
        if (latent != null) {
            boolean fused =
                    (content.visual != null && model.fusion().weight(ContentFusion.VISUAL) > 0f)
                            || (content.audio != null
                                    && model.fusion().weight(ContentFusion.AUDIO) > 0f);
            (fused ? fusedLatents : textLatents).inc();
        }
        return latent;
    }

    @Override
    public void close() throws Exception {
        if (textEmbedder instanceof AutoCloseable) {
            ((AutoCloseable) textEmbedder).close();
        }
        super.close();
    }

    private static DeadLetter invalidVector(ItemContent content, String problem) {
        DeadLetter letter = new DeadLetter();
        letter.source = "items";
        letter.reason = DeadLetterReason.INVALID_VECTOR.name();
        letter.message = "item " + content.item + ": " + problem;
        letter.raw = new String(JsonCodec.toJson(content), StandardCharsets.UTF_8);
        letter.rawBytes = letter.raw.getBytes(StandardCharsets.UTF_8).length;
        letter.ts = content.ts;
        return letter;
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
