package org.dynmm.rec.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.Test;

class ValidRecordWatermarksTest {
    private final List<Long> emitted = new ArrayList<>();

    private final WatermarkOutput output =
            new WatermarkOutput() {
                @Override
                public void emitWatermark(Watermark watermark) {
                    emitted.add(watermark.getTimestamp());
                }

                @Override
                public void markIdle() {}

                @Override
                public void markActive() {}
            };

    @Test
    void deadLettersStampedWithSendTimeDoNotAdvanceTheWatermark() {
        ValidRecordWatermarks watermarks = new ValidRecordWatermarks(Duration.ofMillis(100));
        SourceRecord valid = SourceRecord.of(new InteractionEvent("u", "i", "view", 1f, 1_000L));
        DeadLetter letter = new DeadLetter();
        letter.ts = 1_800_000_000_000L; // a Kafka timestamp of today, far ahead of the replay
        SourceRecord bad = SourceRecord.of(letter);

        watermarks.onEvent(valid, valid.eventTime(), output);
        watermarks.onEvent(bad, bad.eventTime(), output);
        watermarks.onPeriodicEmit(output);

        assertThat(emitted).containsExactly(1_000L - 100 - 1);
    }
}
