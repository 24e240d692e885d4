package org.dynmm.rec.operators.parse;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * Parses item content records: {@code {"item":"i9","title":"...","text":"...",
 * "attributes":{"genres":["Drama"]},"visual":[..]|null,"audio":[..]|null,"ts":...}}. {@code item}
 * and {@code title} are required; a null or absent vector is a missing modality; {@code ts}
 * defaults to 0. Unknown fields are ignored. Never throws.
 */
public final class ItemParser extends JsonRecordParser {

    public ItemParser(InputValidationConfig config) {
        super(config);
    }

    @Override
    protected SourceRecord convert(ObjectNode json) throws Rejection {
        String item = JsonFields.requireId(json, "item", config.maxIdLength());
        ItemContent content =
                new ItemContent(
                        item,
                        JsonFields.requireText(json, "title"),
                        JsonFields.optionalString(json, "text", null),
                        JsonFields.optionalAttributes(json, "attributes"),
                        JsonFields.optionalTimestamp(json, config, 0L));
        content.visual = JsonFields.optionalVector(json, "visual", config.visualDim());
        content.audio = JsonFields.optionalVector(json, "audio", config.audioDim());
        return SourceRecord.of(content);
    }
}
