package org.dynmm.rec.operators.item;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeutils.base.LongSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.parse.JsonCodec;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.ItemUpdate;

/**
 * Keyed by item: keeps the version (time) of each item's content and forwards new content to the
 * broadcast item view. Content older than the version held goes to dead letters as stale, so a
 * replayed or reordered catalog never rolls an item back.
 */
public class ItemCatalogFunction extends KeyedProcessFunction<String, ItemContent, ItemUpdate> {
    private static final long serialVersionUID = 1L;

    public static final String STATE_NAME = "item-content-version";

    private transient ValueState<Long> versionState;
    private transient Counter updates;
    private transient Counter stale;

    @Override
    public void open(OpenContext openContext) {
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
        out.collect(ItemUpdate.content(content));
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
