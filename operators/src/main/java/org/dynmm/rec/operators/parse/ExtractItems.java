package org.dynmm.rec.operators.parse;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * Splits the item source: valid item content to the main output, everything else to {@link
 * DeadLetterTags#DEAD_LETTERS}.
 */
public class ExtractItems extends ProcessFunction<SourceRecord, ItemContent> {
    private static final long serialVersionUID = 1L;

    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<ItemContent> out) {
        if (record.deadLetter == null && record.item != null) {
            out.collect(record.item);
            return;
        }
        deadLetters.inc();
        ctx.output(DeadLetterTags.DEAD_LETTERS, DeadLetters.toDeadLetter(record, SourceKind.ITEMS));
    }
}
