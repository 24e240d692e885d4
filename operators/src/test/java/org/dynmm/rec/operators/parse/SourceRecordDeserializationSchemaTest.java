package org.dynmm.rec.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dynmm.rec.operators.parse.ParseTestSupport.json;
import static org.dynmm.rec.operators.parse.ParseTestSupport.utf8;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.RecordTypes;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.Test;

class SourceRecordDeserializationSchemaTest {

    private static ConsumerRecord<byte[], byte[]> record(
            String topic, int partition, long offset, long timestamp, byte[] value) {
        return new ConsumerRecord<>(
                topic,
                partition,
                offset,
                timestamp,
                TimestampType.CREATE_TIME,
                0,
                value == null ? -1 : value.length,
                null,
                value,
                new RecordHeaders(),
                Optional.empty());
    }

    private static List<SourceRecord> deserialize(
            SourceRecordDeserializationSchema schema, ConsumerRecord<byte[], byte[]> record)
            throws Exception {
        List<SourceRecord> out = new ArrayList<>();
        schema.deserialize(record, new ListCollector<>(out));
        return out;
    }

    @Test
    void parsesValidInteractionsAfterOpen() throws Exception {
        SourceRecordDeserializationSchema schema =
                new SourceRecordDeserializationSchema(
                        SourceKind.INTERACTIONS, InputValidationConfig.defaults());
        schema.open(null);

        List<SourceRecord> out =
                deserialize(
                        schema,
                        record("in", 0, 1L, 5L, json("{'user':'u1','item':'i9','ts':1000}")));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).interaction)
                .isEqualTo(new InteractionEvent("u1", "i9", "interaction", 1f, 1000L));
    }

    @Test
    void deadLettersCarryTheKafkaPosition() throws Exception {
        // Not opened: the parser is created lazily, as after deserialization on a task.
        SourceRecordDeserializationSchema schema =
                InstantiationUtil.clone(
                        new SourceRecordDeserializationSchema(
                                SourceKind.ITEMS, InputValidationConfig.defaults()));

        List<SourceRecord> out =
                deserialize(schema, record("rec-items", 3, 42L, 1_700_000_000_123L, utf8("{")));

        DeadLetter dl = out.get(0).deadLetter;
        assertThat(dl.source).isEqualTo("items");
        assertThat(dl.topic).isEqualTo("rec-items");
        assertThat(dl.partition).isEqualTo(3);
        assertThat(dl.offset).isEqualTo(42L);
        assertThat(dl.ts).isEqualTo(1_700_000_000_123L);
        assertThat(dl.reason).isEqualTo(DeadLetterReason.MALFORMED_JSON.name());
        assertThat(out.get(0).eventTime()).isEqualTo(1_700_000_000_123L);
    }

    @Test
    void tombstoneBecomesAnEmptyPayloadDeadLetter() throws Exception {
        SourceRecordDeserializationSchema schema =
                new SourceRecordDeserializationSchema(
                        SourceKind.INTERACTIONS, InputValidationConfig.defaults());

        List<SourceRecord> out = deserialize(schema, record("in", 1, 9L, 7L, null));

        assertThat(out).hasSize(1);
        assertThat(out.get(0).deadLetter.message).isEqualTo("empty payload");
        assertThat(out.get(0).deadLetter.offset).isEqualTo(9L);
    }

    @Test
    void appliesTheConfiguredLimits() throws Exception {
        SourceRecordDeserializationSchema schema =
                new SourceRecordDeserializationSchema(
                        SourceKind.ITEMS, InputValidationConfig.builder().visualDim(2).build());

        List<SourceRecord> out =
                deserialize(
                        schema,
                        record("it", 0, 0L, 0L, json("{'item':'i','title':'T','visual':[1]}")));

        assertThat(out.get(0).deadLetter.message)
                .isEqualTo("field 'visual' must have 2 elements, got 1");
    }

    @Test
    void producesSourceRecordsWithoutGenericTypes() {
        SourceRecordDeserializationSchema schema =
                new SourceRecordDeserializationSchema(
                        SourceKind.ITEMS, InputValidationConfig.defaults());

        assertThat(schema.getProducedType()).isEqualTo(RecordTypes.SOURCE_RECORD);
        // The job disables Kryo: creating the serializer must not need a generic type.
        SerializerConfigImpl noGenerics = new SerializerConfigImpl();
        noGenerics.setGenericTypes(false);
        assertThat(schema.getProducedType().createSerializer(noGenerics)).isNotNull();
    }
}
