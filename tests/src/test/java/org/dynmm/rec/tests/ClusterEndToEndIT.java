package org.dynmm.rec.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.dynmm.rec.job.embedded.TopicIO;
import org.dynmm.rec.job.inspect.StateInspector;
import org.dynmm.rec.operators.metrics.InputMetrics;
import org.dynmm.rec.operators.metrics.RankerMetrics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job as its users run it, on real processes started by {@code deploy/rec-cluster}: a KRaft
 * Kafka broker, a standalone JobManager and TaskManager, the shaded job JAR submitted with the
 * Flink CLI. Events stream in; a savepoint is inspected; the TaskManager process is SIGKILLed
 * mid-stream and a fresh one started, and the job recovers from its last checkpoint; the job is
 * stopped with a savepoint and restored; malformed records of many kinds are mixed in. The
 * read_committed recommendations must match the accepted input one to one (no duplicates, no gaps),
 * the dead letters must number exactly the bad records, and per-user state must continue across all
 * of it. The events are SYNTHETIC.
 */
class ClusterEndToEndIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long T0 = 1_700_000_000_000L;
    private static final int USERS = 20;
    private static final Duration WAIT = Duration.ofSeconds(150);

    private static Path root;
    private static Path home;
    private static Map<String, String> env;
    private static String bootstrap;
    private static int restPort;
    private static int promPort;

    /** Accepted events (user|item|ts) and how many each user sent. */
    private final Set<String> expectedKeys = new HashSet<>();

    private final Map<String, Integer> eventsPerUser = new HashMap<>();
    private long ts = T0;
    private int seq;

    @BeforeAll
    static void startCluster() throws Exception {
        root = Path.of(System.getProperty("user.dir")).getParent();
        home = root.resolve("tests/target/e2e-cluster");
        Path jar;
        try (Stream<Path> jars = Files.list(root.resolve("job/target"))) {
            jar =
                    jars.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                            .findFirst()
                            .orElseThrow(
                                    () ->
                                            new AssertionError(
                                                    "no job JAR in job/target: run mvn verify"
                                                            + " from the project root"));
        }
        int kafkaPort = freePort();
        restPort = freePort();
        int prom = freePort();
        promPort = prom;
        env = new HashMap<>();
        env.put("REC_CLUSTER_HOME", home.toString());
        env.put("REC_JOB_JAR", jar.toString());
        env.put("REC_FLINK_REST_PORT", String.valueOf(restPort));
        env.put("REC_FLINK_RPC_PORT", String.valueOf(freePort()));
        env.put("REC_KAFKA_PORT", String.valueOf(kafkaPort));
        env.put("REC_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
        env.put("REC_PROM_PORTS", prom + "-" + (prom + 4));
        // Small processes for a shared 2-core machine, and a lost TaskManager noticed in seconds.
        env.put(
                "REC_FLINK_CONF",
                "jobmanager.memory.process.size=1200m,taskmanager.memory.process.size=1728m,"
                        + "heartbeat.interval=2 s,heartbeat.timeout=10 s,"
                        + "restart-strategy.exponential-delay.initial-backoff=500 ms");
        bootstrap = "localhost:" + kafkaPort;
        cluster("clean");
        cluster("up");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (env != null) {
            cluster("down");
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Runs {@code deploy/rec-cluster ARGS}; returns its stdout, fails with its stderr. */
    private static String cluster(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", "deploy/rec-cluster"));
        command.addAll(List.of(args));
        Files.createDirectories(home.getParent());
        Path err = Files.createTempFile(home.getParent(), "rec-cluster", ".err");
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile());
        pb.environment().putAll(env);
        pb.redirectError(err.toFile());
        Process process = pb.start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("rec-cluster " + String.join(" ", args) + " timed out");
        }
        String stderr = Files.readString(err);
        Files.delete(err);
        if (process.exitValue() != 0) {
            throw new AssertionError(
                    "rec-cluster "
                            + String.join(" ", args)
                            + " exited "
                            + process.exitValue()
                            + ":\n"
                            + stderr
                            + out);
        }
        return out.strip();
    }

    /**
     * Sum of every Prometheus sample whose metric name ends in {@code _name}, over all processes of
     * the cluster (each serves {@code /metrics} on one port of the configured range).
     */
    private static double scrapedSum(String name) throws Exception {
        double sum = 0;
        for (int port = promPort; port < promPort + 5; port++) {
            String body;
            try {
                body =
                        HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(
                                                        URI.create(
                                                                "http://localhost:"
                                                                        + port
                                                                        + "/metrics"))
                                                .timeout(Duration.ofSeconds(10))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .body();
            } catch (java.io.IOException e) {
                continue; // no process on this port
            }
            for (String line : body.lines().toList()) {
                if (line.startsWith("#")) {
                    continue;
                }
                int labels = line.indexOf('{');
                String metric = line.substring(0, labels < 0 ? line.indexOf(' ') : labels);
                if (metric.endsWith("_" + name)) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    /** {@link #scrapedSum} once it reaches {@code expected} (reporters update periodically). */
    private static double awaitScrapedSum(String name, double expected) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        double sum = scrapedSum(name);
        while (sum < expected && System.nanoTime() < deadline) {
            Thread.sleep(500);
            sum = scrapedSum(name);
        }
        return sum;
    }

    private static JsonNode rest(String path) throws Exception {
        HttpResponse<String> response =
                HttpClient.newHttpClient()
                        .send(
                                HttpRequest.newBuilder(
                                                URI.create("http://localhost:" + restPort + path))
                                        .timeout(Duration.ofSeconds(10))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
        return MAPPER.readTree(response.body());
    }

    private void sendEvents(KafkaProducer<String, byte[]> producer, int count, long pauseMs)
            throws InterruptedException {
        for (int i = 0; i < count; i++) {
            String user = "u" + (seq % USERS);
            String item = "i" + ((seq * 7) % 97);
            seq++;
            ts += 1000;
            expectedKeys.add(user + "|" + item + "|" + ts);
            eventsPerUser.merge(user, 1, Integer::sum);
            TopicIO.send(
                    producer,
                    "interactions",
                    user,
                    "{\"user\":\""
                            + user
                            + "\",\"item\":\""
                            + item
                            + "\",\"type\":\"view\",\"ts\":"
                            + ts
                            + "}");
            if (pauseMs > 0 && i % 10 == 9) {
                producer.flush();
                Thread.sleep(pauseMs);
            }
        }
        producer.flush();
    }

    private static List<ConsumerRecord<String, String>> committed(String topic) {
        return TopicIO.readCommitted(bootstrap, topic);
    }

    private static void awaitCommitted(String topic, int count) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = committed(topic).size();
            if (seen >= count) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(topic + ": expected " + count + " committed records, saw " + seen);
    }

    private static void awaitJobState(String jobId, String state) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            seen = rest("/jobs/" + jobId).path("state").asText();
            if (seen.equals(state)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("job " + jobId + ": expected " + state + ", last seen " + seen);
    }

    /** Per-user event counts from a savepoint or checkpoint, through inspect-state's reader. */
    private static Map<String, Integer> inspectedEventCounts(String snapshot) throws Exception {
        Map<String, Integer> counts = new HashMap<>();
        for (ObjectNode user : StateInspector.read(snapshot, Set.of(), 1).users()) {
            counts.put(user.get("user").asText(), user.get("eventCount").asInt());
            assertThat(user.get("historyLength").asInt())
                    .isEqualTo(Math.min(user.get("eventCount").asInt(), 50));
        }
        return counts;
    }

    /** Malformed records of many kinds, each of which must give exactly one dead letter. */
    private List<byte[]> badRecords() {
        String dupUser = "u0";
        // The very first event again: its dedup key is still held in u0's restored state.
        String duplicate =
                "{\"user\":\"u0\",\"item\":\"i0\",\"type\":\"view\",\"ts\":" + (T0 + 1000) + "}";
        assertThat(expectedKeys).contains(dupUser + "|i0|" + (T0 + 1000));
        List<String> text =
                List.of(
                        "{\"user\":\"u1\",",
                        "[1,2,3]",
                        "\"just a string\"",
                        "{\"item\":\"i1\",\"ts\":" + ts + "}",
                        "{\"user\":\"u1\",\"ts\":" + ts + "}",
                        "{\"user\":\"  \",\"item\":\"i1\",\"ts\":" + ts + "}",
                        "{\"user\":\"u1\",\"item\":\"i1\",\"ts\":\"noon\"}",
                        "{\"user\":\"u1\",\"item\":\"i1\",\"ts\":-5}",
                        "{\"user\":\"u1\",\"item\":\"i1\",\"value\":NaN,\"ts\":" + ts + "}",
                        "{\"user\":\"" + "x".repeat(300) + "\",\"item\":\"i1\",\"ts\":" + ts + "}",
                        "{\"user\":\"u1\",\"item\":\"i1\",\"pad\":\""
                                + "p".repeat(3000)
                                + "\",\"ts\":"
                                + ts
                                + "}",
                        // Far behind the watermark: late.
                        "{\"user\":\"u1\",\"item\":\"i1\",\"ts\":" + (T0 - 7_200_000L) + "}",
                        duplicate);
        List<byte[]> bad = new ArrayList<>();
        text.forEach(t -> bad.add(t.getBytes(StandardCharsets.UTF_8)));
        bad.add(new byte[] {(byte) 0xC3, (byte) 0x28}); // invalid UTF-8
        bad.add(new byte[0]); // empty payload
        return bad;
    }

    @Test
    void survivesTaskManagerLossSavepointsAndBadInputExactlyOnce() throws Exception {
        String job =
                cluster(
                        "submit",
                        "-Drec.kafka.starting-offsets=EARLIEST",
                        "-Drec.input.max-record-size=2kb",
                        "-Dexecution.checkpointing.interval=1 s");
        assertThat(job).matches("[0-9a-f]{32}");
        awaitJobState(job, "RUNNING");

        try (KafkaProducer<String, byte[]> producer = TopicIO.producer(bootstrap)) {
            // 1. Events in, recommendations out; a savepoint holds each user's count.
            sendEvents(producer, 200, 0);
            awaitCommitted("recommendations", expectedKeys.size());
            String savepoint1 = cluster("savepoint", job);
            assertThat(inspectedEventCounts(savepoint1)).isEqualTo(eventsPerUser);

            // 2. Kill the TaskManager mid-stream, start a fresh one: recovery from a checkpoint.
            Thread sender =
                    new Thread(
                            () -> {
                                try {
                                    sendEvents(producer, 400, 150);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            });
            sender.start();
            Thread.sleep(2500);
            cluster("kill-taskmanager");
            cluster("start-taskmanager");
            sender.join();
            awaitJobState(job, "RUNNING");
            awaitCommitted("recommendations", expectedKeys.size());
            JsonNode restored =
                    rest("/jobs/" + job + "/checkpoints").path("latest").path("restored");
            assertThat(restored.isMissingNode() || restored.isNull())
                    .as("the job restored from a checkpoint")
                    .isFalse();
            assertThat(restored.path("is_savepoint").asBoolean()).isFalse();

            // 3. Stop with a savepoint; its state continues the first one's.
            String savepoint2 = cluster("stop", job);
            awaitJobState(job, "FINISHED");
            Map<String, Integer> afterRecovery = inspectedEventCounts(savepoint2);
            assertThat(afterRecovery).isEqualTo(eventsPerUser);

            // 4. Restore, more events, then malformed records of many kinds.
            String restoredJob =
                    cluster(
                            "restore",
                            savepoint2,
                            "-Drec.input.max-record-size=2kb",
                            "-Dexecution.checkpointing.interval=1 s");
            awaitJobState(restoredJob, "RUNNING");
            JsonNode fromSavepoint =
                    rest("/jobs/" + restoredJob + "/checkpoints").path("latest").path("restored");
            assertThat(fromSavepoint.path("is_savepoint").asBoolean()).isTrue();
            sendEvents(producer, 100, 0);
            awaitCommitted("recommendations", expectedKeys.size());
            List<byte[]> bad = badRecords();
            for (byte[] record : bad) {
                producer.send(new ProducerRecord<>("interactions", "u0", record));
            }
            producer.flush();
            awaitCommitted("dead-letters", bad.size());
            // The operators' metrics, as a Prometheus server scrapes them: the restored job's
            // dead-letter counters saw exactly the malformed records.
            assertThat(awaitScrapedSum(InputMetrics.DEAD_LETTERS, bad.size()))
                    .isEqualTo(bad.size());
            assertThat(scrapedSum(RankerMetrics.BATCH_SIZE + "_count")).isPositive();
            // The job kept running and still serves: one more event, one more list.
            sendEvents(producer, 1, 0);
            awaitCommitted("recommendations", expectedKeys.size());
            assertThat(rest("/jobs/" + restoredJob).path("state").asText()).isEqualTo("RUNNING");

            // 5. Cancel: the retained checkpoint holds the final state.
            cluster("cancel", restoredJob);
            awaitJobState(restoredJob, "CANCELED");
            String checkpoint = cluster("latest-checkpoint", restoredJob);
            assertThat(inspectedEventCounts(checkpoint)).isEqualTo(eventsPerUser);
            assertThat(committed("dead-letters")).hasSize(bad.size());
        }

        // Exactly once across the kill, the stop and the restore: no duplicates, no gaps.
        List<String> keys = new ArrayList<>();
        for (ConsumerRecord<String, String> r : committed("recommendations")) {
            JsonNode node = MAPPER.readTree(r.value());
            keys.add(
                    node.get("user").asText()
                            + "|"
                            + node.get("triggerItem").asText()
                            + "|"
                            + node.get("ts").asLong());
        }
        assertThat(keys).doesNotHaveDuplicates();
        assertThat(new HashSet<>(keys)).isEqualTo(expectedKeys);
    }
}
