package org.dynmm.rec.operators.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.flink.streaming.api.operators.ProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.operators.parse.InputValidationConfig;
import org.dynmm.rec.operators.parse.SourceKind;
import org.dynmm.rec.operators.parse.SourcePosition;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.Test;

/** Control records through the parser and the extract operator: forget markers or dead letters. */
class ExtractControlTest {
    private static SourceRecord parse(String json) {
        return SourceKind.CONTROL
                .newParser(InputValidationConfig.builder().build())
                .parse(
                        json.getBytes(StandardCharsets.UTF_8),
                        new SourcePosition("control", "control", 0, 0, 1L));
    }

    @Test
    void forgetRecordsBecomeMarkersAndEverythingElseADeadLetter() throws Exception {
        try (var h =
                new OneInputStreamOperatorTestHarness<>(
                        new ProcessOperator<>(new ExtractControl()))) {
            h.open();
            h.processElement(
                    new StreamRecord<>(
                            parse("{\"type\":\"forget\",\"user\":\"u1\",\"ts\":1700000000000}")));
            h.processElement(
                    new StreamRecord<>(
                            parse("{\"type\":\"reboot\",\"user\":\"u1\",\"ts\":1700000000000}")));
            h.processElement(
                    new StreamRecord<>(parse("{\"type\":\"forget\",\"ts\":1700000000000}")));
            h.processElement(new StreamRecord<>(parse("{\"type\":\"forget\",\"user\":\"u1\"}")));
            h.processElement(new StreamRecord<>(parse("not json")));
            // An interaction record on the control path is misplaced, not a forget request.
            h.processElement(
                    new StreamRecord<>(
                            SourceRecord.of(new InteractionEvent("u1", "i", "forget", 1f, 5))));

            List<InteractionEvent> markers = h.extractOutputValues();
            assertThat(markers).hasSize(1);
            assertThat(ForgetRequests.isForget(markers.get(0))).isTrue();
            assertThat(markers.get(0).user).isEqualTo("u1");
            assertThat(markers.get(0).ts).isEqualTo(1700000000000L);
            List<String> reasons =
                    h.getSideOutput(DeadLetterTags.DEAD_LETTERS).stream()
                            .map(StreamRecord::getValue)
                            .map((DeadLetter d) -> d.reason)
                            .toList();
            assertThat(reasons)
                    .containsExactly(
                            "INVALID_FIELD",
                            "MISSING_FIELD",
                            "INVALID_TIMESTAMP",
                            "MALFORMED_JSON",
                            "INVALID_FIELD");
        }
    }
}
