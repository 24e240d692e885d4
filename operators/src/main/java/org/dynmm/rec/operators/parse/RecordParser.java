package org.dynmm.rec.operators.parse;

import org.dynmm.rec.operators.records.SourceRecord;

/** Turns one raw payload into a {@link SourceRecord}: a valid record or a dead letter. */
public interface RecordParser {

    /**
     * Parses and validates one payload. Never throws: anything unusable comes back as a dead-letter
     * record.
     *
     * @param payload the Kafka record value; null for a tombstone
     * @param pos where the payload came from, copied into dead letters
     */
    SourceRecord parse(byte[] payload, SourcePosition pos);
}
