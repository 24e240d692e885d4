package org.dynmm.rec.operators.parse;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.operators.metrics.InputMetrics;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * Splits the interaction source: valid interactions to the main output, everything else to {@link
 * DeadLetterTags#DEAD_LETTERS}.
 */
public class ExtractInteractions extends ProcessFunction<SourceRecord, InteractionEvent> {
    private static final long serialVersionUID = 1L;

    private transient InputMetrics metrics;

    @Override
    public void open(OpenContext openContext) {
        metrics = InputMetrics.register(getRuntimeContext().getMetricGroup());
    }

    @Override
    public void processElement(SourceRecord record, Context ctx, Collector<InteractionEvent> out) {
        if (record.deadLetter == null && record.interaction != null) {
            metrics.valid();
            out.collect(record.interaction);
            return;
        }
        metrics.deadLetter();
        ctx.output(
                DeadLetterTags.DEAD_LETTERS,
                DeadLetters.toDeadLetter(record, SourceKind.INTERACTIONS));
    }
}
