package org.dynmm.rec.operators.records;

/** Why a record went to the dead-letter topic. */
public enum DeadLetterReason {
    /** Not parseable as a JSON object (syntax error, not an object, not UTF-8). */
    MALFORMED_JSON,
    /** A required field is absent or null. */
    MISSING_FIELD,
    /** A field is present but invalid: empty or oversized id, wrong type, out of range. */
    INVALID_FIELD,
    /** A timestamp is missing, not an integer, negative or implausible. */
    INVALID_TIMESTAMP,
    /** A number is NaN or infinite. */
    NON_FINITE_NUMBER,
    /** A vector has the wrong dimension or holds NaN/infinite values. */
    INVALID_VECTOR,
    /** The payload is larger than {@code rec.input.max-record-bytes}. */
    OVERSIZE_PAYLOAD,
    /** The event is older than the watermark minus the allowed lateness. */
    LATE_EVENT,
    /** The same (user, item, type, ts) was already applied; state is unchanged. */
    DUPLICATE_EVENT,
    /** Item content older than the version already held. */
    STALE_CONTENT
}
