package org.dynmm.rec.operators.parse;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The job's one JSON configuration. Readers and writers derived from a single static mapper are
 * immutable and thread-safe, so every operator shares them.
 */
public final class JsonCodec {

    private static final JsonMapper MAPPER =
            JsonMapper.builder()
                    // Read NaN/Infinity so the parsers can reject them with a precise reason.
                    .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                    // A repeated field is ambiguous: which value did the producer mean?
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    // "{...} garbage" is a corrupt record, not a valid one.
                    .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .build();

    private static final ObjectReader TREE_READER = MAPPER.reader();
    private static final ObjectWriter WRITER = MAPPER.writer();

    private JsonCodec() {}

    /** Serializes a record (public fields, nulls included) to UTF-8 JSON. */
    public static byte[] toJson(Object value) {
        try {
            return WRITER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            // Our own records always serialize; failing here is a programming error.
            throw new UncheckedIOException("Cannot serialize " + value.getClass().getName(), e);
        }
    }

    /** Parses JSON text into a tree, with the input rules described on this class. */
    public static JsonNode readTree(String json) throws JsonProcessingException {
        return TREE_READER.readTree(json);
    }

    /** Reads JSON bytes into {@code type}; used for records this job wrote itself. */
    public static <T> T fromJson(byte[] json, Class<T> type) throws IOException {
        return MAPPER.readValue(json, type);
    }
}
