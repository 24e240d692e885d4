package org.dynmm.rec.operators.parse;

import java.io.Serializable;
import java.util.Objects;

/** Where a record came from: logical source, Kafka topic, partition, offset and timestamp. */
public final class SourcePosition implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String topic;
    private final int partition;
    private final long offset;
    private final long kafkaTimestamp;

    /**
     * @param source logical source name, e.g. {@code interactions} or {@code items}
     * @param topic Kafka topic; null when unknown
     * @param partition Kafka partition; -1 when unknown
     * @param offset Kafka offset; -1 when unknown
     * @param kafkaTimestamp Kafka record timestamp, epoch milliseconds (-1 when absent)
     */
    public SourcePosition(
            String source, String topic, int partition, long offset, long kafkaTimestamp) {
        this.source = source;
        this.topic = topic;
        this.partition = partition;
        this.offset = offset;
        this.kafkaTimestamp = kafkaTimestamp;
    }

    /** A position for a record that did not come straight from Kafka. */
    public static SourcePosition unknown(String source, long timestamp) {
        return new SourcePosition(source, null, -1, -1L, timestamp);
    }

    public String source() {
        return source;
    }

    public String topic() {
        return topic;
    }

    public int partition() {
        return partition;
    }

    public long offset() {
        return offset;
    }

    public long kafkaTimestamp() {
        return kafkaTimestamp;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof SourcePosition)) {
            return false;
        }
        SourcePosition that = (SourcePosition) o;
        return partition == that.partition
                && offset == that.offset
                && kafkaTimestamp == that.kafkaTimestamp
                && Objects.equals(source, that.source)
                && Objects.equals(topic, that.topic);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, topic, partition, offset, kafkaTimestamp);
    }

    @Override
    public String toString() {
        return source + "@" + topic + "-" + partition + ":" + offset;
    }
}
