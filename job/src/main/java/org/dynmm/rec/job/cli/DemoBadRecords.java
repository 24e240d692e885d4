package org.dynmm.rec.job.cli;

import java.util.List;
import org.dynmm.rec.models.data.InteractionEvent;

/**
 * Deliberately malformed interaction records the demo mixes into the replay to show that bad input
 * ends in dead letters with a reason while the job keeps going. Not part of the dataset.
 */
final class DemoBadRecords {
    private DemoBadRecords() {}

    static List<String> build(List<InteractionEvent> events) {
        // The event published just before these records again: a duplicate.
        InteractionEvent duplicate = events.get(events.size() / 2 - 1);
        long ts = events.get(events.size() / 2).ts;
        return List.of(
                "{\"user\": \"u1\", \"item\": ",
                "{\"item\":\"1\",\"ts\":" + ts + "}",
                "{\"user\":\"\",\"item\":\"1\",\"ts\":" + ts + "}",
                "{\"user\":\"1\",\"item\":\"1\",\"value\":NaN,\"ts\":" + ts + "}",
                "{\"user\":\"1\",\"item\":\"1\",\"ts\":\"yesterday\"}",
                // Far older than the watermark: a late event.
                "{\"user\":\"1\",\"item\":\"1\",\"ts\":" + (ts - 365L * 24 * 3600 * 1000) + "}",
                "{\"user\":\""
                        + duplicate.user
                        + "\",\"item\":\""
                        + duplicate.item
                        + "\",\"type\":\""
                        + duplicate.type
                        + "\",\"value\":"
                        + duplicate.value
                        + ",\"ts\":"
                        + duplicate.ts
                        + "}");
    }
}
