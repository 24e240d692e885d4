package org.dynmm.rec.job;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.job.config.RecSettings;
import org.dynmm.rec.operators.parse.DeadLetterSerializationSchema;
import org.dynmm.rec.operators.parse.RecommendationSerializationSchema;
import org.dynmm.rec.operators.parse.SourceKind;
import org.dynmm.rec.operators.parse.SourceRecordDeserializationSchema;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.SourceRecord;

/** Builds the job's Kafka sources and exactly-once sinks from its configuration. */
public final class KafkaEndpoints {
    private KafkaEndpoints() {}

    /**
     * Kafka client properties passed through to every source and sink: first the properties file
     * (for secrets), then {@code rec.kafka.client.*} keys. Values are never logged.
     */
    public static Properties clientProperties(Configuration conf) {
        Properties props = new Properties();
        conf.getOptional(RecOptions.KAFKA_PROPERTIES_FILE)
                .ifPresent(file -> props.putAll(readPropertiesFile(Path.of(file))));
        for (Map.Entry<String, String> e : conf.toMap().entrySet()) {
            if (e.getKey().startsWith(RecOptions.KAFKA_CLIENT_PREFIX)) {
                props.setProperty(
                        e.getKey().substring(RecOptions.KAFKA_CLIENT_PREFIX.length()),
                        e.getValue());
            }
        }
        return props;
    }

    private static Properties readPropertiesFile(Path file) {
        Properties props = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            props.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot read Kafka properties file "
                            + file
                            + " ("
                            + RecOptions.KAFKA_PROPERTIES_FILE.key()
                            + ")",
                    e);
        }
        return props;
    }

    public static KafkaSource<SourceRecord> interactionsSource(Configuration conf) {
        return source(conf, conf.get(RecOptions.TOPIC_INTERACTIONS), SourceKind.INTERACTIONS);
    }

    public static KafkaSource<SourceRecord> itemsSource(Configuration conf) {
        return source(conf, conf.get(RecOptions.TOPIC_ITEMS), SourceKind.ITEMS);
    }

    /** The control source, or null when {@code rec.topics.control} is not set. */
    public static KafkaSource<SourceRecord> controlSource(Configuration conf) {
        return conf.getOptional(RecOptions.TOPIC_CONTROL)
                .filter(topic -> !topic.isBlank())
                .map(topic -> source(conf, topic, SourceKind.CONTROL))
                .orElse(null);
    }

    private static KafkaSource<SourceRecord> source(
            Configuration conf, String topic, SourceKind kind) {
        KafkaSourceBuilder<SourceRecord> builder =
                KafkaSource.<SourceRecord>builder()
                        .setProperties(clientProperties(conf))
                        .setBootstrapServers(conf.get(RecOptions.KAFKA_BOOTSTRAP_SERVERS))
                        .setGroupId(conf.get(RecOptions.KAFKA_GROUP_ID))
                        .setTopics(topic)
                        .setClientIdPrefix(
                                conf.get(RecOptions.KAFKA_GROUP_ID) + "-" + kind.sourceName())
                        .setStartingOffsets(startingOffsets(conf))
                        .setDeserializer(
                                new SourceRecordDeserializationSchema(
                                        kind, RecSettings.inputValidation(conf)));
        if (conf.get(RecOptions.KAFKA_BOUNDED)) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return builder.build();
    }

    private static OffsetsInitializer startingOffsets(Configuration conf) {
        switch (conf.get(RecOptions.KAFKA_STARTING_OFFSETS)) {
            case EARLIEST:
                return OffsetsInitializer.earliest();
            case LATEST:
                return OffsetsInitializer.latest();
            default:
                return OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        }
    }

    public static KafkaSink<Recommendation> recommendationsSink(Configuration conf) {
        return sink(
                conf,
                new RecommendationSerializationSchema(conf.get(RecOptions.TOPIC_RECOMMENDATIONS)),
                "recommendations");
    }

    public static KafkaSink<DeadLetter> deadLettersSink(Configuration conf) {
        return sink(
                conf,
                new DeadLetterSerializationSchema(conf.get(RecOptions.TOPIC_DEAD_LETTERS)),
                "dead-letters");
    }

    private static <T> KafkaSink<T> sink(
            Configuration conf, KafkaRecordSerializationSchema<T> serializer, String name) {
        return KafkaSink.<T>builder()
                .setKafkaProducerConfig(clientProperties(conf))
                .setBootstrapServers(conf.get(RecOptions.KAFKA_BOOTSTRAP_SERVERS))
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(
                        conf.get(RecOptions.KAFKA_TRANSACTIONAL_ID_PREFIX) + "-" + name)
                .setProperty(
                        "transaction.timeout.ms",
                        String.valueOf(conf.get(RecOptions.KAFKA_TRANSACTION_TIMEOUT).toMillis()))
                .build();
    }
}
