package org.dynmm.rec.tests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.dynmm.rec.job.RecommenderJob;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.job.embedded.EmbeddedKafkaBroker;
import org.dynmm.rec.job.embedded.TopicIO;
import org.dynmm.rec.job.inspect.StateInspection;
import org.dynmm.rec.job.inspect.StateInspector;
import org.dynmm.rec.models.base.SyntheticBundles;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.operators.ranking.RankerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Determinism and recovery of the adapted job on a real KRaft broker at parallelism 2: a run
 * stopped with a savepoint halfway and restored emits the same recommendations (items and scores)
 * as an uninterrupted run over the same events, including the requests still waiting for the
 * watermark when the savepoint was taken. The bundle and the events are SYNTHETIC (random weights,
 * random users and items): this checks state and alignment, not model quality.
 */
class AdapterRecoveryIT {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final int ITEMS = 80;
    private static final int EVENTS = 240;
    private static final long START = 1_700_000_000_000L;

    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @TempDir static Path work;
    private static EmbeddedKafkaBroker broker;
    private static Path bundle;

    @BeforeAll
    static void start() throws Exception {
        broker = EmbeddedKafkaBroker.start();
        for (String run : List.of("whole", "split")) {
            broker.createTopics(
                    2,
                    run + "-interactions",
                    run + "-items",
                    run + "-recommendations",
                    run + "-dead-letters");
        }
        bundle = work.resolve("bundle");
        ModelBundles.write(
                bundle,
                SyntheticBundles.randomBundle(
                        new Random(7), ITEMS, 8, 4, "base-20261126-recover1"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
    }

    /** SYNTHETIC events: 25 users, random items, one minute apart; then a sentinel far later. */
    private static List<String[]> events() {
        Random random = new Random(11);
        List<String[]> events = new ArrayList<>();
        for (int k = 0; k < EVENTS; k++) {
            String user = "u" + random.nextInt(25);
            String item = "i" + random.nextInt(ITEMS);
            events.add(new String[] {user, item, Long.toString(START + k * 60_000L)});
        }
        return events;
    }

    private static void produce(String run, List<String[]> events) {
        try (KafkaProducer<String, byte[]> producer = TopicIO.producer(broker.bootstrapServers())) {
            for (String[] e : events) {
                TopicIO.send(
                        producer,
                        run + "-interactions",
                        e[0],
                        "{\"user\":\""
                                + e[0]
                                + "\",\"item\":\""
                                + e[1]
                                + "\",\"type\":\"view\",\"ts\":"
                                + e[2]
                                + "}");
            }
        }
    }

    /**
     * Sentinels move the watermark past every real event; their own requests stay pending. Several
     * users, so every partition of the topic gets one and no partition's watermark lags behind
     * (rather than relying on idleness detection).
     */
    private static List<String[]> sentinel() {
        List<String[]> sentinels = new ArrayList<>();
        for (int s = 0; s < 8; s++) {
            sentinels.add(
                    new String[] {
                        "sentinel-" + s, "i0", Long.toString(START + EVENTS * 60_000L + 3_600_000L)
                    });
        }
        return sentinels;
    }

    private static Configuration conf(String run) {
        Configuration conf = new Configuration();
        conf.set(RecOptions.KAFKA_BOOTSTRAP_SERVERS, broker.bootstrapServers());
        conf.set(RecOptions.KAFKA_STARTING_OFFSETS, RecOptions.StartingOffsets.EARLIEST);
        conf.set(RecOptions.KAFKA_GROUP_ID, run);
        conf.set(RecOptions.KAFKA_TRANSACTIONAL_ID_PREFIX, run);
        conf.set(RecOptions.TOPIC_INTERACTIONS, run + "-interactions");
        conf.set(RecOptions.TOPIC_ITEMS, run + "-items");
        conf.set(RecOptions.TOPIC_RECOMMENDATIONS, run + "-recommendations");
        conf.set(RecOptions.TOPIC_DEAD_LETTERS, run + "-dead-letters");
        conf.set(RecOptions.EVENTS_MAX_OUT_OF_ORDERNESS, Duration.ZERO);
        // Lets the first half's last partition stop holding back the watermark, and the empty
        // items topic too; long enough that a reader slowed by a loaded machine is not taken for
        // an idle one (its events would then be late).
        conf.set(RecOptions.EVENTS_SOURCE_IDLENESS, Duration.ofSeconds(2));
        conf.set(RecOptions.RANKER_KIND, RankerConfig.Kind.FROZEN_BASE);
        conf.set(RecOptions.MODEL_BUNDLE_PATH, bundle.toString());
        conf.set(RecOptions.ADAPTER_PUBLISH_EVERY, 10);
        conf.set(RecOptions.ADAPTER_LEARNING_RATE, 0.05f);
        // State and alignment are under test; the frozen base's leave-one-out explanations would
        // only slow the run down.
        conf.set(RecOptions.EXPLAIN_ENABLED, false);
        // Far longer than the run: nothing expires, but the user state is written with TTL, as
        // inspect-state meets it in production.
        conf.set(RecOptions.USER_STATE_TTL, Duration.ofHours(1));
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.interval", "300 ms");
        conf.setString("execution.checkpointing.dir", work.resolve("cp-" + run).toUri().toString());
        conf.setString("parallelism.default", "2");
        return conf;
    }

    /** Committed recommendations by "user@ts", waiting until there are {@code count}. */
    private static Map<String, JsonNode> awaitRecommendations(String run, int count)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        Map<String, JsonNode> byRequest = new TreeMap<>();
        while (System.nanoTime() < deadline) {
            byRequest.clear();
            for (ConsumerRecord<String, String> r :
                    TopicIO.readCommitted(broker.bootstrapServers(), run + "-recommendations")) {
                JsonNode rec = MAPPER.readTree(r.value());
                JsonNode previous =
                        byRequest.put(rec.get("user").asText() + "@" + rec.get("ts").asLong(), rec);
                assertThat(previous).as("one recommendation per request, no duplicates").isNull();
            }
            if (byRequest.size() >= count) {
                return byRequest;
            }
            assertNoDeadLetters(run);
            Thread.sleep(300);
        }
        throw new AssertionError(
                run + ": expected " + count + " recommendations, saw " + byRequest.size());
    }

    /**
     * Every event here is valid and in order, so a dead letter means the run lost events (e.g. a
     * split marked idle while its reader was merely slow, making its events late): fail with it at
     * once rather than wait for recommendations that cannot come.
     */
    private static void assertNoDeadLetters(String run) {
        List<String> deadLetters = new ArrayList<>();
        for (ConsumerRecord<String, String> r :
                TopicIO.readCommitted(broker.bootstrapServers(), run + "-dead-letters")) {
            deadLetters.add(r.value());
        }
        assertThat(deadLetters).as(run + ": dead letters").isEmpty();
    }

    @Test
    void aRunRestoredFromASavepointContinuesWithTheSameScoresAsAnUninterruptedRun()
            throws Exception {
        List<String[]> events = events();

        produce("whole", events);
        produce("whole", sentinel());
        JobClient whole = RecommenderJob.kafkaJob(conf("whole")).executeAsync("whole");
        Map<String, JsonNode> expected = awaitRecommendations("whole", EVENTS);
        whole.cancel().get();

        produce("split", events.subList(0, EVENTS / 2));
        JobClient first = RecommenderJob.kafkaJob(conf("split")).executeAsync("split-1");
        // The last request of the first half waits for a watermark that only the second half moves.
        Map<String, JsonNode> answeredBeforeSavepoint =
                awaitRecommendations("split", EVENTS / 2 - 1);
        String savepoint =
                first.stopWithSavepoint(
                                false,
                                work.resolve("sp").toUri().toString(),
                                SavepointFormatType.CANONICAL)
                        .get();
        produce("split", events.subList(EVENTS / 2, EVENTS));
        produce("split", sentinel());
        Configuration restored = conf("split");
        restored.setString("execution.savepoint.path", savepoint);
        JobClient second = RecommenderJob.kafkaJob(restored).executeAsync("split-2");
        Map<String, JsonNode> actual = awaitRecommendations("split", EVENTS);
        second.cancel().get();

        assertThat(actual.keySet()).isEqualTo(expected.keySet());
        int versioned = 0;
        for (String request : expected.keySet()) {
            JsonNode want = expected.get(request);
            JsonNode got = actual.get(request);
            assertThat(got.get("modelVersion").asText())
                    .isEqualTo(want.get("modelVersion").asText());
            if (!want.get("modelVersion").asText().endsWith("-v0")) {
                versioned++;
            }
            assertThat(got.get("items").size()).isEqualTo(want.get("items").size());
            for (int i = 0; i < want.get("items").size(); i++) {
                assertThat(got.get("items").get(i).get("item").asText())
                        .as(request + " rank " + i)
                        .isEqualTo(want.get("items").get(i).get("item").asText());
                assertThat(got.get("items").get(i).get("score").asDouble())
                        .isCloseTo(want.get("items").get(i).get("score").asDouble(), within(1e-5));
            }
        }
        assertThat(versioned)
                .as("the adapter published versions that ranked")
                .isGreaterThan(EVENTS / 2);

        assertSavepointShowsUserAndAdapterState(savepoint, answeredBeforeSavepoint);
    }

    /** The user's answered recommendation with the latest time. */
    private static JsonNode lastAnsweredList(Map<String, JsonNode> answered, String user) {
        return answered.values().stream()
                .filter(r -> r.get("user").asText().equals(user))
                .max(Comparator.comparingLong(r -> r.get("ts").asLong()))
                .orElseThrow();
    }

    /** The halfway savepoint as inspect-state reads it (TTL-written state included). */
    private static void assertSavepointShowsUserAndAdapterState(
            String savepoint, Map<String, JsonNode> answered) throws Exception {
        StateInspection halfway = StateInspector.read(savepoint, Set.of(), 1);
        long events = 0;
        long gateSteps = 0;
        long pending = 0;
        int shownUsers = 0;
        for (ObjectNode user : halfway.users()) {
            events += user.path("eventCount").asLong();
            gateSteps += user.path("gateSteps").asLong();
            pending += user.path("pendingRequests").asLong();
            if (user.has("gateOffset")) {
                assertThat(user.get("betaU").asDouble()).isStrictlyBetween(0.0, 1.0);
            }
            if (user.has("shownItems")) {
                // The shown-items term's list: the first items of the user's last list out.
                JsonNode last = lastAnsweredList(answered, user.get("user").asText());
                List<String> shown = new ArrayList<>();
                user.get("shownItems").forEach(item -> shown.add(item.asText()));
                assertThat(shown).isNotEmpty();
                for (int i = 0; i < shown.size(); i++) {
                    assertThat(shown.get(i))
                            .isEqualTo(last.get("items").get(i).get("item").asText());
                }
                shownUsers++;
            }
        }
        assertThat(shownUsers).as("users with a shown list in the savepoint").isPositive();
        assertThat(events).as("every first-half event in the user state").isEqualTo(EVENTS / 2);
        assertThat(pending)
                .as("requests still waiting for the watermark")
                .isEqualTo(EVENTS / 2 - answered.size());
        assertThat(gateSteps)
                .as("gate steps, at most one per answered request")
                .isPositive()
                .isLessThanOrEqualTo(answered.size());

        ObjectNode adapter = halfway.adapter().orElseThrow();
        long newestUsed =
                answered.values().stream()
                        .map(r -> r.get("modelVersion").asText())
                        .mapToLong(v -> Long.parseLong(v.substring(v.lastIndexOf("-v") + 2)))
                        .max()
                        .orElseThrow();
        assertThat(newestUsed).isPositive();
        assertThat(adapter.get("version").asLong())
                .as("the trainer's version is at least the newest one the ranker used")
                .isGreaterThanOrEqualTo(newestUsed);
        assertThat(adapter.get("steps").asLong()).isGreaterThanOrEqualTo(newestUsed * 10);
    }
}
