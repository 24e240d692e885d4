package org.dynmm.rec.operators.records;

import java.util.Objects;

/**
 * A record the job could not use, with the reason and where it came from. The raw payload is kept
 * (truncated past {@link #MAX_RAW_CHARS}; the full record stays at its source position).
 */
public class DeadLetter {
    /** Longest raw payload copied into a dead letter, in characters. */
    public static final int MAX_RAW_CHARS = 64 * 1024;

    /** Logical source: {@code interactions}, {@code items} or {@code control}. */
    public String source;

    public String topic;
    public int partition = -1;
    public long offset = -1;

    /** Machine-readable reason, one of {@link DeadLetterReason}'s names. */
    public String reason;

    /** Human-readable detail: which field, what was wrong. */
    public String message;

    /** The raw payload as UTF-8 text, or base64 when {@link #rawEncoding} says so. */
    public String raw;

    /** {@code utf8} or {@code base64}. */
    public String rawEncoding = "utf8";

    /** Size of the original payload in bytes. */
    public int rawBytes;

    /** True when {@link #raw} holds only the first {@link #MAX_RAW_CHARS} characters. */
    public boolean rawTruncated;

    /** Event time of the record when known, else the Kafka record timestamp. */
    public long ts;

    public DeadLetter() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter that = (DeadLetter) o;
        return partition == that.partition
                && offset == that.offset
                && rawBytes == that.rawBytes
                && rawTruncated == that.rawTruncated
                && ts == that.ts
                && Objects.equals(source, that.source)
                && Objects.equals(topic, that.topic)
                && Objects.equals(reason, that.reason)
                && Objects.equals(message, that.message)
                && Objects.equals(raw, that.raw)
                && Objects.equals(rawEncoding, that.rawEncoding);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, topic, partition, offset, reason, message, raw, ts);
    }

    @Override
    public String toString() {
        return "DeadLetter{source="
                + source
                + ", topic="
                + topic
                + ", partition="
                + partition
                + ", offset="
                + offset
                + ", reason="
                + reason
                + ", message="
                + message
                + '}';
    }
}
