package org.dynmm.rec.operators.records;

import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;

/**
 * What a source emits for one Kafka record: exactly one of a valid interaction, valid item content,
 * or a dead letter. Parsing happens in the source so watermarks follow event time per partition.
 */
public class SourceRecord {
    public InteractionEvent interaction;
    public ItemContent item;
    public DeadLetter deadLetter;

    public SourceRecord() {}

    public static SourceRecord of(InteractionEvent interaction) {
        SourceRecord r = new SourceRecord();
        r.interaction = interaction;
        return r;
    }

    public static SourceRecord of(ItemContent item) {
        SourceRecord r = new SourceRecord();
        r.item = item;
        return r;
    }

    public static SourceRecord of(DeadLetter deadLetter) {
        SourceRecord r = new SourceRecord();
        r.deadLetter = deadLetter;
        return r;
    }

    /** Event time for watermarking: the record's own time, or the Kafka timestamp of a bad one. */
    public long eventTime() {
        if (interaction != null) {
            return interaction.ts;
        }
        if (item != null) {
            return item.ts;
        }
        return deadLetter.ts;
    }

    @Override
    public String toString() {
        return "SourceRecord{"
                + (interaction != null ? interaction : item != null ? item : deadLetter)
                + '}';
    }
}
