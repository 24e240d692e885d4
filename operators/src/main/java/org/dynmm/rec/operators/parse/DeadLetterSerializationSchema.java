package org.dynmm.rec.operators.parse;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dynmm.rec.operators.records.DeadLetter;

/** Writes a {@link DeadLetter} as JSON, keyed by its logical source. */
public class DeadLetterSerializationSchema implements KafkaRecordSerializationSchema<DeadLetter> {
    private static final long serialVersionUID = 1L;

    private final String topic;

    public DeadLetterSerializationSchema(String topic) {
        this.topic = Objects.requireNonNull(topic, "topic");
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            DeadLetter element, KafkaSinkContext context, Long timestamp) {
        byte[] key =
                element.source == null ? null : element.source.getBytes(StandardCharsets.UTF_8);
        // No record timestamp, as for recommendations: retention must not expire replayed data.
        return new ProducerRecord<>(topic, key, JsonCodec.toJson(element));
    }
}
