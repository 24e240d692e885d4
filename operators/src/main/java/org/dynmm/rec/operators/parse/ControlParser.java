package org.dynmm.rec.operators.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dynmm.rec.operators.control.ForgetRequests;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * Parses control records. Today one kind: {@code {"type":"forget","user":"u1","ts":1700000000000}}
 * erases the user's state (right to be forgotten). {@code type}, {@code user} and {@code ts} are
 * required; any other type is rejected. Never throws.
 */
public final class ControlParser extends JsonRecordParser {

    public ControlParser(InputValidationConfig config) {
        super(config);
    }

    @Override
    protected SourceRecord convert(ObjectNode json) throws Rejection {
        String type = JsonFields.requireId(json, "type", config.maxTypeLength());
        if (!ForgetRequests.FORGET_TYPE.equals(type)) {
            throw new Rejection(
                    DeadLetterReason.INVALID_FIELD,
                    "unknown control type '" + type + "'; known: " + ForgetRequests.FORGET_TYPE);
        }
        String user = JsonFields.requireId(json, "user", config.maxIdLength());
        long ts = JsonFields.requireTimestamp(json, config);
        return SourceRecord.of(ForgetRequests.marker(user, ts));
    }
}
