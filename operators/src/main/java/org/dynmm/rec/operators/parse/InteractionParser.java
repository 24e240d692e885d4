package org.dynmm.rec.operators.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * Parses interaction records: {@code {"user":"u1","item":"i9","type":"rating","value":4.0,
 * "ts":1700000000000}}. {@code user}, {@code item} and {@code ts} are required; {@code type} and
 * {@code value} default to {@link InteractionEvent#DEFAULT_TYPE} and {@link
 * InteractionEvent#DEFAULT_VALUE}; unknown fields are ignored. Never throws.
 */
public final class InteractionParser extends JsonRecordParser {

    public InteractionParser(InputValidationConfig config) {
        super(config);
    }

    @Override
    protected SourceRecord convert(ObjectNode json) throws Rejection {
        String user = JsonFields.requireId(json, "user", config.maxIdLength());
        String item = JsonFields.requireId(json, "item", config.maxIdLength());
        String type =
                JsonFields.optionalToken(
                        json, "type", InteractionEvent.DEFAULT_TYPE, config.maxTypeLength());
        float value = JsonFields.optionalFiniteFloat(json, "value", InteractionEvent.DEFAULT_VALUE);
        long ts = JsonFields.requireTimestamp(json, config);
        return SourceRecord.of(new InteractionEvent(user, item, type, value, ts));
    }
}
