package org.dynmm.rec.operators.parse;

import static org.dynmm.rec.operators.records.DeadLetterReason.INVALID_FIELD;
import static org.dynmm.rec.operators.records.DeadLetterReason.INVALID_TIMESTAMP;
import static org.dynmm.rec.operators.records.DeadLetterReason.INVALID_VECTOR;
import static org.dynmm.rec.operators.records.DeadLetterReason.MISSING_FIELD;
import static org.dynmm.rec.operators.records.DeadLetterReason.NON_FINITE_NUMBER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/** Field readers shared by the parsers; each failure names the field and what was wrong. */
final class JsonFields {

    static final String TS = "ts";

    private static final int MAX_NAME_IN_MESSAGE = 64;

    private JsonFields() {}

    /** A required id: a non-blank string (trimmed) or an integral number (as decimal text). */
    static String requireId(ObjectNode obj, String field, int maxLength) throws Rejection {
        JsonNode node = requirePresent(obj, field);
        String id;
        if (node.isTextual()) {
            id = node.textValue().trim();
        } else if (node.isIntegralNumber()) {
            id = node.bigIntegerValue().toString();
        } else {
            throw new Rejection(
                    INVALID_FIELD,
                    fieldName(field) + " must be a string or an integer, got " + describe(node));
        }
        if (id.isEmpty()) {
            throw new Rejection(INVALID_FIELD, fieldName(field) + " must not be empty");
        }
        return requireMaxLength(field, id, maxLength);
    }

    /** A required non-blank string, trimmed. */
    static String requireText(ObjectNode obj, String field) throws Rejection {
        JsonNode node = requirePresent(obj, field);
        if (!node.isTextual()) {
            throw new Rejection(
                    INVALID_FIELD, fieldName(field) + " must be a string, got " + describe(node));
        }
        String text = node.textValue().trim();
        if (text.isEmpty()) {
            throw new Rejection(INVALID_FIELD, fieldName(field) + " must not be empty");
        }
        return text;
    }

    /** An optional string kept as sent; {@code fallback} when absent or null. */
    static String optionalString(ObjectNode obj, String field, String fallback) throws Rejection {
        JsonNode node = obj.get(field);
        if (isAbsent(node)) {
            return fallback;
        }
        if (!node.isTextual()) {
            throw new Rejection(
                    INVALID_FIELD, fieldName(field) + " must be a string, got " + describe(node));
        }
        return node.textValue();
    }

    /** An optional non-blank string, trimmed and length-checked; {@code fallback} when absent. */
    static String optionalToken(ObjectNode obj, String field, String fallback, int maxLength)
            throws Rejection {
        String value = optionalString(obj, field, null);
        if (value == null) {
            return fallback;
        }
        value = value.trim();
        if (value.isEmpty()) {
            throw new Rejection(INVALID_FIELD, fieldName(field) + " must not be empty");
        }
        return requireMaxLength(field, value, maxLength);
    }

    /** An optional finite number that fits a float; {@code fallback} when absent or null. */
    static float optionalFiniteFloat(ObjectNode obj, String field, float fallback)
            throws Rejection {
        JsonNode node = obj.get(field);
        if (isAbsent(node)) {
            return fallback;
        }
        if (!node.isNumber()) {
            throw new Rejection(
                    INVALID_FIELD, fieldName(field) + " must be a number, got " + describe(node));
        }
        double d = node.doubleValue();
        if (!Double.isFinite(d)) {
            throw new Rejection(
                    NON_FINITE_NUMBER,
                    fieldName(field) + " must be a finite number, got " + describe(node));
        }
        float f = (float) d;
        if (Float.isInfinite(f)) {
            throw new Rejection(
                    INVALID_FIELD, fieldName(field) + " is out of the float range, got " + d);
        }
        return f;
    }

    /** The required event time. */
    static long requireTimestamp(ObjectNode obj, InputValidationConfig config) throws Rejection {
        JsonNode node = obj.get(TS);
        if (isAbsent(node)) {
            throw new Rejection(INVALID_TIMESTAMP, fieldName(TS) + " is missing");
        }
        return timestamp(node, config);
    }

    /** The optional event time; {@code fallback} when absent or null, else it must be valid. */
    static long optionalTimestamp(ObjectNode obj, InputValidationConfig config, long fallback)
            throws Rejection {
        JsonNode node = obj.get(TS);
        return isAbsent(node) ? fallback : timestamp(node, config);
    }

    /** The event time when present and valid, for stamping dead letters; never rejects. */
    static OptionalLong readableTimestamp(ObjectNode obj, InputValidationConfig config) {
        JsonNode node = obj.get(TS);
        if (isAbsent(node)) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(timestamp(node, config));
        } catch (Rejection e) {
            return OptionalLong.empty();
        }
    }

    /**
     * An optional modality vector: null when absent or null, else a non-empty array of finite
     * numbers of length {@code dim} (any length for {@link InputValidationConfig#ANY_DIM}).
     */
    static float[] optionalVector(ObjectNode obj, String field, int dim) throws Rejection {
        JsonNode node = obj.get(field);
        if (isAbsent(node)) {
            return null;
        }
        if (!node.isArray()) {
            throw new Rejection(
                    INVALID_VECTOR,
                    fieldName(field)
                            + " must be an array of numbers or null, got "
                            + describe(node));
        }
        int size = node.size();
        if (size == 0) {
            throw new Rejection(INVALID_VECTOR, fieldName(field) + " must not be an empty array");
        }
        if (dim != InputValidationConfig.ANY_DIM && size != dim) {
            throw new Rejection(
                    INVALID_VECTOR,
                    fieldName(field) + " must have " + dim + " elements, got " + size);
        }
        float[] vector = new float[size];
        for (int i = 0; i < size; i++) {
            JsonNode element = node.get(i);
            if (!element.isNumber()) {
                throw new Rejection(
                        INVALID_VECTOR,
                        fieldName(field)
                                + " element "
                                + i
                                + " must be a number, got "
                                + describe(element));
            }
            float f = (float) element.doubleValue();
            // A finite double beyond the float range becomes infinite: equally unusable.
            if (!Float.isFinite(f)) {
                throw new Rejection(
                        INVALID_VECTOR,
                        fieldName(field)
                                + " element "
                                + i
                                + " must be a finite float, got "
                                + describe(element));
            }
            vector[i] = f;
        }
        return vector;
    }

    /**
     * Optional attributes: an object whose values are arrays of strings; a single string stands for
     * a one-element list. Empty map when absent or null.
     */
    static Map<String, List<String>> optionalAttributes(ObjectNode obj, String field)
            throws Rejection {
        JsonNode node = obj.get(field);
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        if (isAbsent(node)) {
            return attributes;
        }
        if (!node.isObject()) {
            throw new Rejection(
                    INVALID_FIELD,
                    fieldName(field)
                            + " must be an object of string arrays, got "
                            + describe(node));
        }
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            String name = field + "." + abbreviate(entry.getKey());
            JsonNode value = entry.getValue();
            if (value.isTextual()) {
                List<String> single = new ArrayList<>(1);
                single.add(value.textValue());
                attributes.put(entry.getKey(), single);
            } else if (value.isArray()) {
                attributes.put(entry.getKey(), stringList(name, value));
            } else {
                throw new Rejection(
                        INVALID_FIELD,
                        fieldName(name)
                                + " must be an array of strings or a string, got "
                                + describe(value));
            }
        }
        return attributes;
    }

    /** The JSON type of a node, in the words messages use. */
    static String describe(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "null";
        }
        if (node.isTextual()) {
            return "string";
        }
        if (node.isIntegralNumber()) {
            return "integer";
        }
        if (node.isNumber()) {
            double d = node.doubleValue();
            return Double.isFinite(d) ? "float" : Double.toString(d);
        }
        if (node.isBoolean()) {
            return "boolean";
        }
        if (node.isArray()) {
            return "array";
        }
        if (node.isObject()) {
            return "object";
        }
        return node.getNodeType().name().toLowerCase(Locale.ROOT);
    }

    private static long timestamp(JsonNode node, InputValidationConfig config) throws Rejection {
        if (!node.isIntegralNumber()) {
            throw new Rejection(
                    INVALID_TIMESTAMP,
                    fieldName(TS)
                            + " must be an integer epoch-millisecond timestamp, got "
                            + describe(node));
        }
        boolean fitsLong = node.canConvertToLong();
        long ts = fitsLong ? node.longValue() : 0L;
        if (!fitsLong || ts < config.minTs() || ts > config.maxTs()) {
            throw new Rejection(
                    INVALID_TIMESTAMP,
                    fieldName(TS)
                            + " must be within ["
                            + config.minTs()
                            + ", "
                            + config.maxTs()
                            + "] epoch milliseconds, got "
                            + node.bigIntegerValue());
        }
        return ts;
    }

    private static List<String> stringList(String name, JsonNode array) throws Rejection {
        List<String> values = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            JsonNode element = array.get(i);
            if (!element.isTextual()) {
                throw new Rejection(
                        INVALID_FIELD,
                        fieldName(name)
                                + " element "
                                + i
                                + " must be a string, got "
                                + describe(element));
            }
            values.add(element.textValue());
        }
        return values;
    }

    private static JsonNode requirePresent(ObjectNode obj, String field) throws Rejection {
        JsonNode node = obj.get(field);
        if (node == null) {
            throw new Rejection(MISSING_FIELD, fieldName(field) + " is missing");
        }
        if (node.isNull()) {
            throw new Rejection(MISSING_FIELD, fieldName(field) + " is null");
        }
        return node;
    }

    private static String requireMaxLength(String field, String value, int maxLength)
            throws Rejection {
        if (value.length() > maxLength) {
            throw new Rejection(
                    INVALID_FIELD,
                    fieldName(field)
                            + " is "
                            + value.length()
                            + " characters long, above the limit of "
                            + maxLength);
        }
        return value;
    }

    /** Attribute names come from the payload: keep messages short whatever they hold. */
    private static String abbreviate(String name) {
        return name.length() <= MAX_NAME_IN_MESSAGE
                ? name
                : name.substring(0, MAX_NAME_IN_MESSAGE) + "...";
    }

    private static boolean isAbsent(JsonNode node) {
        return node == null || node.isNull();
    }

    private static String fieldName(String field) {
        return "field '" + field + "'";
    }
}
