package org.dynmm.rec.operators.parse;

import java.util.Objects;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.dynmm.rec.operators.records.RecordTypes;
import org.dynmm.rec.operators.records.SourceRecord;

/**
 * Parses Kafka records in the source, so watermarks follow each partition's event time. Emits
 * exactly one {@link SourceRecord} per Kafka record: bad input becomes a dead letter, never an
 * exception.
 */
public class SourceRecordDeserializationSchema
        implements KafkaRecordDeserializationSchema<SourceRecord> {
    private static final long serialVersionUID = 1L;

    private final SourceKind kind;
    private final InputValidationConfig config;

    // Parsers are cheap and not Serializable: built on the task, not shipped with the job.
    private transient RecordParser parser;

    public SourceRecordDeserializationSchema(SourceKind kind, InputValidationConfig config) {
        this.kind = Objects.requireNonNull(kind, "kind");
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        parser = kind.newParser(config);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<SourceRecord> out) {
        if (parser == null) {
            parser = kind.newParser(config);
        }
        SourcePosition pos =
                new SourcePosition(
                        kind.sourceName(),
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        record.timestamp());
        out.collect(parser.parse(record.value(), pos));
    }

    @Override
    public TypeInformation<SourceRecord> getProducedType() {
        return RecordTypes.SOURCE_RECORD;
    }
}
