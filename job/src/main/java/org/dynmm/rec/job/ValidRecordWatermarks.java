package org.dynmm.rec.job;

import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * Bounded-out-of-orderness watermarks that only valid records move. A dead letter carries the Kafka
 * timestamp, which can be far ahead of event time (a replay of old events produced today); letting
 * it advance the watermark would make every later event of its partition late.
 */
final class ValidRecordWatermarks implements WatermarkGenerator<SourceRecord> {
    private final BoundedOutOfOrdernessWatermarks<SourceRecord> delegate;

    ValidRecordWatermarks(Duration maxOutOfOrderness) {
        this.delegate = new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
    }

    @Override
    public void onEvent(SourceRecord record, long eventTimestamp, WatermarkOutput output) {
        if (record.deadLetter == null) {
            delegate.onEvent(record, eventTimestamp, output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        delegate.onPeriodicEmit(output);
    }
}
