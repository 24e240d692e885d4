package org.dynmm.rec.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.dynmm.rec.job.RecommenderJob;
import org.dynmm.rec.job.cli.RecCli;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.job.embedded.EmbeddedKafkaBroker;
import org.dynmm.rec.job.embedded.TopicIO;
import org.dynmm.rec.job.inspect.StateInspector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Savepoint operations on the Kafka-wired job at parallelism 2 (MiniCluster, RocksDB, in-JVM KRaft
 * broker): inspect a savepoint's per-user state, then a {@code forget} control record erases one
 * user, which a savepoint taken afterwards shows. The events are SYNTHETIC.
 */
class StateOperationsIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            // Two slots each: the job takes two, the state reader one more.
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static EmbeddedKafkaBroker broker;

    @TempDir static Path work;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        broker.createTopics(
                3, "interactions", "items", "recommendations", "dead-letters", "control");
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    private static void interact(
            KafkaProducer<String, byte[]> p, String user, String item, long ts) {
        TopicIO.send(
                p,
                "interactions",
                user,
                "{\"user\":\""
                        + user
                        + "\",\"item\":\""
                        + item
                        + "\",\"type\":\"view\",\"ts\":"
                        + ts
                        + "}");
    }

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

    private static Map<String, ObjectNode> byUser(List<ObjectNode> lines) {
        return lines.stream().collect(Collectors.toMap(n -> n.get("user").asText(), n -> n));
    }

    private static List<String> historyItems(JsonNode user) {
        List<String> items = new ArrayList<>();
        user.get("history").forEach(h -> items.add(h.get("item").asText()));
        return items;
    }

    @Test
    void inspectsSavepointsAndForgetsAUser() throws Exception {
        try (KafkaProducer<String, byte[]> p = TopicIO.producer(broker.bootstrapServers())) {
            interact(p, "u1", "a", T0 + 1000);
            interact(p, "u1", "b", T0 + 2000);
            interact(p, "u1", "c", T0 + 3000);
            interact(p, "u2", "a", T0 + 4000);
            interact(p, "u2", "d", T0 + 5000);
            interact(p, "u3", "b", T0 + 6000);
            p.flush();
        }
        Configuration conf = new Configuration();
        conf.set(RecOptions.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(RecOptions.KAFKA_STARTING_OFFSETS, RecOptions.StartingOffsets.EARLIEST);
        conf.set(RecOptions.TOPIC_CONTROL, "control");
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString("execution.checkpointing.interval", "300 ms");
        conf.setString("execution.checkpointing.dir", work.resolve("cp").toUri().toString());
        conf.setString("parallelism.default", "2");
        JobClient job = RecommenderJob.kafkaJob(conf).executeAsync("state-operations-it");
        String savepointDir = work.resolve("sp").toUri().toString();
        String before;
        String after;
        try {
            awaitCommitted("recommendations", 6);
            before = job.triggerSavepoint(savepointDir, SavepointFormatType.CANONICAL).get();

            try (KafkaProducer<String, byte[]> p = TopicIO.producer(broker.bootstrapServers())) {
                TopicIO.send(
                        p,
                        "control",
                        "u1",
                        "{\"type\":\"forget\",\"user\":\"u1\",\"ts\":" + (T0 + 7000) + "}");
                // Same partition, after the forget: once its dead letter is committed, the
                // forget has reached the user operator.
                TopicIO.send(
                        p, "control", "u1", "{\"type\":\"forget\",\"ts\":" + (T0 + 7000) + "}");
                interact(p, "u2", "e", T0 + 8000);
            }
            awaitCommitted("dead-letters", 1);
            awaitCommitted("recommendations", 7);
            after = job.stopWithSavepoint(false, savepointDir, SavepointFormatType.CANONICAL).get();
        } finally {
            if (!job.getJobStatus().get().isGloballyTerminalState()) {
                job.cancel().get();
            }
        }

        // Before the forget: every user's history in arrival order.
        Map<String, ObjectNode> users = byUser(StateInspector.read(before, Set.of(), 1).users());
        assertThat(users).containsOnlyKeys("u1", "u2", "u3");
        assertThat(historyItems(users.get("u1"))).containsExactly("a", "b", "c");
        assertThat(users.get("u1").get("eventCount").asLong()).isEqualTo(3);
        assertThat(users.get("u1").get("seenCount").asInt()).isEqualTo(3);
        assertThat(users.get("u1").get("profileBytes").asInt()).isPositive();
        assertThat(historyItems(users.get("u2"))).containsExactly("a", "d");

        // After it: u1 is gone, the others go on.
        Map<String, ObjectNode> afterUsers =
                byUser(StateInspector.read(after, Set.of(), 1).users());
        assertThat(afterUsers).containsOnlyKeys("u2", "u3");
        assertThat(historyItems(afterUsers.get("u2"))).containsExactly("a", "d", "e");

        // The forget record made no recommendation; u1 got exactly its three.
        List<ConsumerRecord<String, String>> recs =
                TopicIO.readCommitted(broker.bootstrapServers(), "recommendations");
        assertThat(recs).hasSize(7);
        assertThat(recs.stream().filter(r -> r.key().equals("u1"))).hasSize(3);
        List<ConsumerRecord<String, String>> dead =
                TopicIO.readCommitted(broker.bootstrapServers(), "dead-letters");
        assertThat(dead).hasSize(1);
        assertThat(MAPPER.readTree(dead.get(0).value()).get("source").asText())
                .isEqualTo("control");

        // The CLI on the same savepoint: the user filter and the summary line.
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new RecCli());
        cli.setOut(new PrintWriter(out));
        assertThat(cli.execute("inspect-state", "--user", "u1", before)).isZero();
        List<String> lines = out.toString().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(MAPPER.readTree(lines.get(0)).get("user").asText()).isEqualTo("u1");
        JsonNode summary = MAPPER.readTree(lines.get(1)).get("summary");
        assertThat(summary.get("users").asInt()).isEqualTo(1);
        assertThat(summary.get("events").asInt()).isEqualTo(3);
        assertThat(summary.get("meanHistoryLength").asDouble()).isEqualTo(3.0);
    }
}
