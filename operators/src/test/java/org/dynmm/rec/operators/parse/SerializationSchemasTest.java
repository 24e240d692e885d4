package org.dynmm.rec.operators.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema.KafkaSinkContext;
import org.apache.flink.util.InstantiationUtil;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterReason;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecommendedItem;
import org.junit.jupiter.api.Test;

class SerializationSchemasTest {

    private static final KafkaSinkContext CONTEXT =
            new KafkaSinkContext() {
                @Override
                public int getParallelInstanceId() {
                    return 0;
                }

                @Override
                public int getNumberOfParallelInstances() {
                    return 1;
                }

                @Override
                public int[] getPartitionsForTopic(String topic) {
                    return new int[] {0};
                }
            };

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Recommendation recommendation() {
        Recommendation rec = new Recommendation();
        rec.user = "u1";
        rec.ts = 1_700_000_000_000L;
        rec.trigger = "interaction";
        rec.triggerItem = "i9";
        rec.modelVersion = "baseline-cooccurrence";
        rec.items.add(new RecommendedItem(1, "i3", "Heat", 0.75));
        rec.items.add(new RecommendedItem(2, "i4", null, 0.5));
        return rec;
    }

    @Test
    void recommendationIsKeyedByUserAndRoundTrips() throws Exception {
        Recommendation rec = recommendation();
        RecommendationSerializationSchema schema =
                InstantiationUtil.clone(new RecommendationSerializationSchema("recs"));

        ProducerRecord<byte[], byte[]> out = schema.serialize(rec, CONTEXT, 123L);

        assertThat(out.topic()).isEqualTo("recs");
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("u1");
        assertThat(JsonCodec.fromJson(out.value(), Recommendation.class)).isEqualTo(rec);
        JsonNode tree = JsonCodec.readTree(new String(out.value(), StandardCharsets.UTF_8));
        assertThat(fieldNames(tree))
                .containsExactlyInAnyOrder(
                        "user", "ts", "trigger", "triggerItem", "modelVersion", "items");
        assertThat(fieldNames(tree.get("items").get(0)))
                .containsExactlyInAnyOrder(
                        "rank",
                        "item",
                        "title",
                        "score",
                        "rationale",
                        "rationaleSource",
                        "evidence",
                        "verification");
        // Without explanations the explanation fields are null and the evidence list empty.
        assertThat(tree.get("items").get(0).get("rationale").isNull()).isTrue();
        assertThat(tree.get("items").get(0).get("evidence").isEmpty()).isTrue();
        // A missing title is written as null rather than dropped.
        assertThat(tree.get("items").get(1).get("title").isNull()).isTrue();
        assertThat(tree.get("ts").longValue()).isEqualTo(1_700_000_000_000L);
    }

    @Test
    void deadLetterIsKeyedBySourceAndRoundTrips() throws Exception {
        DeadLetter dl =
                DeadLetters.of(
                        new SourcePosition("items", "rec-items", 1, 99L, 5L),
                        DeadLetterReason.MISSING_FIELD,
                        "field 'title' is missing",
                        "{\"item\":\"i9\"}".getBytes(StandardCharsets.UTF_8));
        DeadLetterSerializationSchema schema = new DeadLetterSerializationSchema("dlq");

        ProducerRecord<byte[], byte[]> out = schema.serialize(dl, CONTEXT, null);

        assertThat(out.topic()).isEqualTo("dlq");
        assertThat(new String(out.key(), StandardCharsets.UTF_8)).isEqualTo("items");
        assertThat(JsonCodec.fromJson(out.value(), DeadLetter.class)).isEqualTo(dl);
        JsonNode tree = JsonCodec.readTree(new String(out.value(), StandardCharsets.UTF_8));
        assertThat(fieldNames(tree))
                .containsExactlyInAnyOrder(
                        "source",
                        "topic",
                        "partition",
                        "offset",
                        "reason",
                        "message",
                        "raw",
                        "rawEncoding",
                        "rawBytes",
                        "rawTruncated",
                        "ts");
        assertThat(tree.get("raw").textValue()).isEqualTo("{\"item\":\"i9\"}");
        assertThat(tree.get("reason").textValue()).isEqualTo("MISSING_FIELD");
    }

    @Test
    void tombstoneDeadLetterKeepsNullRaw() throws Exception {
        DeadLetter dl =
                DeadLetters.of(
                        SourcePosition.unknown("interactions", 1L),
                        DeadLetterReason.MALFORMED_JSON,
                        "empty payload",
                        null);

        byte[] value = new DeadLetterSerializationSchema("dlq").serialize(dl, CONTEXT, 1L).value();

        JsonNode tree = JsonCodec.readTree(new String(value, StandardCharsets.UTF_8));
        assertThat(tree.get("raw").isNull()).isTrue();
        assertThat(tree.get("topic").isNull()).isTrue();
        assertThat(tree.get("partition").intValue()).isEqualTo(-1);
    }
}
