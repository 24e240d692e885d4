package org.dynmm.rec.operators.parse;

import static org.dynmm.rec.operators.records.DeadLetterReason.MALFORMED_JSON;
import static org.dynmm.rec.operators.records.DeadLetterReason.OVERSIZE_PAYLOAD;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.OptionalLong;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * The checks every JSON source shares, in order: size, UTF-8, JSON syntax, top-level object.
 * Subclasses only turn a JSON object into a record.
 */
abstract class JsonRecordParser implements RecordParser {

    // Parser messages can be long; the dead letter already carries the raw payload.
    private static final int MAX_PARSER_MESSAGE_CHARS = 300;

    protected final InputValidationConfig config;

    JsonRecordParser(InputValidationConfig config) {
        this.config = config;
    }

    /** Builds the valid record from a JSON object, or rejects it. */
    protected abstract SourceRecord convert(ObjectNode json) throws Rejection;

    @Override
    public final SourceRecord parse(byte[] payload, SourcePosition pos) {
        try {
            return parseOrReject(payload, pos);
        } catch (RuntimeException e) {
            // Safety net: a parser bug must not fail the job or lose the record.
            return reject(
                    pos,
                    MALFORMED_JSON,
                    "payload could not be parsed: " + e.getClass().getSimpleName(),
                    payload);
        }
    }

    private SourceRecord parseOrReject(byte[] payload, SourcePosition pos) {
        if (payload == null || payload.length == 0) {
            return reject(pos, MALFORMED_JSON, "empty payload", payload);
        }
        // Before decoding or parsing, so a huge record costs nothing but this check.
        if (payload.length > config.maxRecordBytes()) {
            return reject(
                    pos,
                    OVERSIZE_PAYLOAD,
                    "payload is "
                            + payload.length
                            + " bytes, above the limit of "
                            + config.maxRecordBytes()
                            + " bytes",
                    payload);
        }
        String text = DeadLetters.decodeUtf8OrNull(payload);
        if (text == null) {
            return reject(pos, MALFORMED_JSON, "payload is not valid UTF-8", payload);
        }
        JsonNode tree;
        try {
            tree = JsonCodec.readTree(stripBom(text));
        } catch (JsonProcessingException e) {
            return reject(
                    pos, MALFORMED_JSON, "payload is not valid JSON: " + describe(e), payload);
        }
        if (tree == null || tree.isMissingNode()) {
            return reject(pos, MALFORMED_JSON, "empty payload", payload);
        }
        if (!tree.isObject()) {
            return reject(
                    pos,
                    MALFORMED_JSON,
                    "payload must be a JSON object, got " + JsonFields.describe(tree),
                    payload);
        }
        ObjectNode json = (ObjectNode) tree;
        try {
            return convert(json);
        } catch (Rejection r) {
            OptionalLong eventTime = JsonFields.readableTimestamp(json, config);
            DeadLetter dl =
                    DeadLetters.of(
                            pos,
                            r.reason(),
                            r.getMessage(),
                            payload,
                            eventTime.orElse(pos.kafkaTimestamp()));
            return SourceRecord.of(dl);
        }
    }

    private static SourceRecord reject(
            SourcePosition pos, DeadLetterReason reason, String message, byte[] payload) {
        return SourceRecord.of(DeadLetters.of(pos, reason, message, payload));
    }

    private static String stripBom(String text) {
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    private static String describe(JsonProcessingException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            message = e.getClass().getSimpleName();
        }
        if (message.length() > MAX_PARSER_MESSAGE_CHARS) {
            message = message.substring(0, MAX_PARSER_MESSAGE_CHARS) + "...";
        }
        JsonLocation loc = e.getLocation();
        return loc == null
                ? message
                : message + " at line " + loc.getLineNr() + ", column " + loc.getColumnNr();
    }
}
