package org.dynmm.rec.operators.parse;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dynmm.rec.operators.records.Recommendation;

/**
 * Writes a {@link Recommendation} as JSON, keyed by user so one user's lists stay in order on one
 * partition.
 */
public class RecommendationSerializationSchema
        implements KafkaRecordSerializationSchema<Recommendation> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public RecommendationSerializationSchema(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            Recommendation element, KafkaSinkContext context, Long timestamp) {
        byte[] key = element.user == null ? null : element.user.getBytes(StandardCharsets.UTF_8);
        // No record timestamp: the producer stamps wall-clock time. Event time is in the JSON;
        // stamping it would let time-based retention expire a replay of old data at once.
        return new ProducerRecord<>(topic, key, JsonCodec.toJson(element));
    }
}
