package org.dynmm.rec.operators.parse;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.metrics.InputMetrics;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * Splits the item source: valid item content to the main output, everything else to {@link
 * DeadLetterTags#DEAD_LETTERS}.
 */
public class ExtractItems extends ProcessFunction<SourceRecord, ItemContent> {
    private static final long serialVersionUID = 1L;

    private transient InputMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        metrics = InputMetrics.register(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<ItemContent> out) {
        if (record.deadLetter == null && record.item != null) {
            metrics.valid();
            out.collect(record.item);
            return;
        }
        metrics.deadLetter();
        ctx.output(DeadLetterTags.DEAD_LETTERS, DeadLetters.toDeadLetter(record, SourceKind.ITEMS));
    }
}
