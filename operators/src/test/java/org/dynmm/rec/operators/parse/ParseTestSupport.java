package org.dynmm.rec.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.SourceRecord;

/** Shared fixtures for the parser tests. */
final class ParseTestSupport {

    static final long KAFKA_TS = 1_690_000_000_000L;

    static final SourcePosition INTERACTIONS_POS =
            new SourcePosition("interactions", "rec-interactions", 2, 17L, KAFKA_TS);

    static final SourcePosition ITEMS_POS =
            new SourcePosition("items", "rec-items", 0, 5L, KAFKA_TS);

    private ParseTestSupport() {}

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Double quotes written as single quotes, to keep JSON literals readable in tests. */
    static byte[] json(String singleQuoted) {
        return utf8(singleQuoted.replace('\'', '"'));
    }

    /** Asserts the record is a dead letter with this reason and message fragment. */
    static DeadLetter assertRejected(
            SourceRecord record, DeadLetterReason reason, String messageFragment) {
        assertThat(record.interaction).isNull();
        assertThat(record.item).isNull();
        assertThat(record.deadLetter).isNotNull();
        assertThat(record.deadLetter.reason).isEqualTo(reason.name());
        assertThat(record.deadLetter.message).contains(messageFragment);
        return record.deadLetter;
    }
}
