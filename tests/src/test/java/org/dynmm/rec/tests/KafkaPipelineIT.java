package org.dynmm.rec.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dynmm.rec.job.RecommenderJob;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.job.embedded.EmbeddedKafkaBroker;
import org.dynmm.rec.job.embedded.TopicIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole job at parallelism 2 on a MiniCluster with RocksDB and checkpoints, reading from and
 * writing to a real in-JVM KRaft broker. The data is SYNTHETIC: a planted co-occurrence pattern in
 * random background traffic, with malformed records of every kind mixed in.
 */
class KafkaPipelineIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    private static EmbeddedKafkaBroker broker;

    @TempDir static Path work;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        // More partitions than busy keys on the items side, so idleness handling is exercised.
        broker.createTopics(3, "interactions", "items", "recommendations", "dead-letters");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static String interaction(String user, String item, long ts) {
        return "{\"user\":\""
                + user
                + "\",\"item\":\""
                + item
                + "\",\"type\":\"view\",\"ts\":"
                + ts
                + "}";
    }

    /** Bad records and the dead-letter reason each must produce. */
    private static Map<String, String> badRecords(long ts) {
        Map<String, String> bad = new HashMap<>();
        bad.put("{\"user\":\"u1\",", "MALFORMED_JSON");
        bad.put("[1,2,3]", "MALFORMED_JSON");
        bad.put("{\"item\":\"i1\",\"ts\":" + ts + "}", "MISSING_FIELD");
        bad.put("{\"user\":\"  \",\"item\":\"i1\",\"ts\":" + ts + "}", "INVALID_FIELD");
        bad.put("{\"user\":\"u1\",\"item\":\"i1\",\"ts\":\"noon\"}", "INVALID_TIMESTAMP");
        bad.put("{\"user\":\"u1\",\"item\":\"i1\",\"ts\":-5}", "INVALID_TIMESTAMP");
        bad.put(
                "{\"user\":\"u1\",\"item\":\"i1\",\"value\":NaN,\"ts\":" + ts + "}",
                "NON_FINITE_NUMBER");
        return bad;
    }

    /** Waits until {@code topic} holds at least {@code count} committed records. */
    private static void awaitCommitted(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = TopicIO.readCommitted(broker.bootstrapServers(), topic).size();
            if (seen >= count) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(topic + ": expected " + count + " committed records, saw " + seen);
    }

    @Test
    void recommendsPlantedCoInteractionsExactlyOnceAndDeadLettersBadInput() throws Exception {
        long t0 = 1_700_000_000_000L;
        Random random = new Random(7);
        Set<String> expectedKeys = new HashSet<>();
        long ts = t0;
        long badTs;
        try (KafkaProducer<String, byte[]> producer = TopicIO.producer(broker.bootstrapServers())) {
            TopicIO.send(
                    producer,
                    "items",
                    "B",
                    "{\"item\":\"B\",\"title\":\"The Planted Sequel\",\"ts\":1}");
            TopicIO.send(
                    producer,
                    "items",
                    "bad",
                    "{\"item\":\"V\",\"title\":\"x\",\"visual\":[1.0,NaN]}");
            // 40 synthetic users take A then B; background users take random items.
            for (int u = 0; u < 40; u++) {
                String user = "planted-" + u;
                for (String item : List.of("A", "B")) {
                    ts += 1000;
                    expectedKeys.add(user + "|" + item + "|" + ts);
                    TopicIO.send(producer, "interactions", user, interaction(user, item, ts));
                }
                String noiseUser = "noise-" + random.nextInt(30);
                String noiseItem = "n" + random.nextInt(200);
                ts += 1000;
                if (expectedKeys.add(noiseUser + "|" + noiseItem + "|" + ts)) {
                    TopicIO.send(
                            producer,
                            "interactions",
                            noiseUser,
                            interaction(noiseUser, noiseItem, ts));
                }
            }
            badTs = ts;
            for (String bad : badRecords(badTs).keySet()) {
                TopicIO.send(producer, "interactions", "bad", bad);
            }
            // Invalid UTF-8 bytes.
            producer.send(
                    new ProducerRecord<>(
                            "interactions", "bad", new byte[] {(byte) 0xC3, (byte) 0x28}));
            producer.flush();
        }

        Configuration conf = new Configuration();
        conf.set(RecOptions.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(RecOptions.KAFKA_STARTING_OFFSETS, RecOptions.StartingOffsets.EARLIEST);
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.interval", "300 ms");
        conf.setString("execution.checkpointing.dir", work.resolve("cp").toUri().toString());
        conf.setString("parallelism.default", "2");
        JobClient job = RecommenderJob.kafkaJob(conf).executeAsync("kafka-pipeline-it");
        try {
            int badCount = badRecords(badTs).size() + 2;
            awaitCommitted("recommendations", expectedKeys.size());
            awaitCommitted("dead-letters", badCount);

            // The probe user takes A once the pattern is in: the list after it must lead with B.
            ts += 1000;
            expectedKeys.add("probe|A|" + ts);
            try (KafkaProducer<String, byte[]> producer =
                    TopicIO.producer(broker.bootstrapServers())) {
                TopicIO.send(producer, "interactions", "probe", interaction("probe", "A", ts));
            }
            awaitCommitted("recommendations", expectedKeys.size());
        } finally {
            job.cancel().get();
        }

        List<ConsumerRecord<String, String>> recs =
                TopicIO.readCommitted(broker.bootstrapServers(), "recommendations");
        List<String> keys = new ArrayList<>();
        JsonNode probe = null;
        for (ConsumerRecord<String, String> r : recs) {
            JsonNode node = MAPPER.readTree(r.value());
            keys.add(
                    node.get("user").asText()
                            + "|"
                            + node.get("triggerItem").asText()
                            + "|"
                            + node.get("ts").asLong());
            assertThat(r.key()).isEqualTo(node.get("user").asText());
            if (node.get("user").asText().equals("probe")) {
                probe = node;
            }
        }
        // Exactly once: every accepted event gave one recommendation, none twice.
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(new HashSet<>(keys)).isEqualTo(expectedKeys);

        assertThat(probe).isNotNull();
        List<String> probeItems = new ArrayList<>();
        probe.get("items").forEach(i -> probeItems.add(i.get("item").asText()));
        assertThat(probeItems).hasSizeLessThanOrEqualTo(10).contains("B").doesNotContain("A");
        assertThat(probeItems.get(0)).isEqualTo("B");
        assertThat(probe.get("items").get(0).get("title").asText()).isEqualTo("The Planted Sequel");
        // Explanations are on by default: B is explained by the planted co-interactions with A.
        JsonNode top = probe.get("items").get(0);
        assertThat(top.get("rationaleSource").asText()).isEqualTo("realizer");
        assertThat(top.get("verification").get("passed").asBoolean()).isTrue();
        assertThat(top.get("evidence").get(0).get("kind").asText())
                .isEqualTo("HISTORY_CONTRIBUTION");
        assertThat(top.get("evidence").get(0).get("historyItem").asText()).isEqualTo("A");
        assertThat(top.get("rationale").asText()).isNotBlank();
        for (JsonNode item : probe.get("items")) {
            assertThat(item.get("verification").get("passed").asBoolean())
                    .as(item.get("rationale").asText())
                    .isTrue();
        }

        List<ConsumerRecord<String, String>> dead =
                TopicIO.readCommitted(broker.bootstrapServers(), "dead-letters");
        Map<String, String> expectedBad = badRecords(badTs);
        assertThat(dead).hasSize(expectedBad.size() + 2);
        for (ConsumerRecord<String, String> d : dead) {
            JsonNode node = MAPPER.readTree(d.value());
            assertThat(node.get("message").asText()).isNotBlank();
            assertThat(node.get("offset").asLong()).isGreaterThanOrEqualTo(0);
            if (node.get("source").asText().equals("items")) {
                assertThat(node.get("reason").asText()).isEqualTo("INVALID_VECTOR");
            } else if ("base64".equals(node.get("rawEncoding").asText())) {
                assertThat(node.get("reason").asText()).isEqualTo("MALFORMED_JSON");
            } else {
                assertThat(node.get("reason").asText())
                        .isEqualTo(expectedBad.get(node.get("raw").asText()));
            }
        }
    }
}
