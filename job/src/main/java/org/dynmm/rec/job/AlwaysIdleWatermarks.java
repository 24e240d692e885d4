package org.dynmm.rec.job;

import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * Watermarks of an input that must never hold back event time downstream (the control source): it
 * declares itself idle at every periodic emit, so operators that merge it with the interaction
 * stream take their watermark from the interactions alone.
 */
final class AlwaysIdleWatermarks implements WatermarkGenerator<SourceRecord> {
    @Override
    public void onEvent(SourceRecord record, long eventTimestamp, WatermarkOutput output) {}

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.markIdle();
    }
}
