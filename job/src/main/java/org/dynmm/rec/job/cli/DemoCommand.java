package org.dynmm.rec.job.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.dynmm.rec.job.RecommenderJob;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.job.embedded.EmbeddedKafkaBroker;
import org.dynmm.rec.job.embedded.TopicIO;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.parse.JsonCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The embedded default: an in-JVM KRaft Kafka broker, a local Flink with RocksDB and checkpoints,
 * the shipped dataset replayed in time order through the real job, then a summary. Exits by itself.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Run the job end to end on an in-JVM Kafka broker and a local Flink (RocksDB state,"
                        + " checkpoints, exactly-once sinks) over a dataset, print what it did, exit.")
public class DemoCommand implements Callable<Integer> {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Option(
            names = "--dataset",
            defaultValue = "data/movielens-latest-small",
            description =
                    "Dataset directory (see data/README.md for formats). Default: ${DEFAULT-VALUE}")
    Path dataset;

    @Option(
            names = "--max-events",
            defaultValue = "0",
            description = "Replay only the first N interactions in time order; 0 = all.")
    int maxEvents;

    @Option(names = "--parallelism", defaultValue = "2", description = "Flink parallelism.")
    int parallelism;

    @Option(names = "--show", defaultValue = "3", description = "Recommendation records to print.")
    int show;

    @Option(
            names = "--no-bad-records",
            description =
                    "Do not mix the demo's deliberately malformed records into the stream"
                            + " (they show dead-letter handling).")
    boolean noBadRecords;

    @Mixin ConfigOptionsMixin config;

    @Override
    public Integer call() throws Exception {
        PrintStream out = System.out;
        if (!Files.isDirectory(dataset)) {
            System.err.println("error: dataset directory not found: " + dataset.toAbsolutePath());
            return 2;
        }
        long start = System.nanoTime();
        Dataset data = DatasetLoader.load(dataset);
        List<InteractionEvent> events =
                maxEvents > 0 && maxEvents < data.interactions().size()
                        ? data.interactions().subList(0, maxEvents)
                        : data.interactions();
        List<String> badRecords = noBadRecords ? List.of() : DemoBadRecords.build(events);
        out.printf(
                "dataset %s: %,d interactions (replaying %,d), %,d items%n",
                dataset, data.interactions().size(), events.size(), data.items().size());

        Path work = Files.createTempDirectory("dynmm-rec-demo");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start()) {
            out.println("embedded Kafka (KRaft) broker at " + broker.bootstrapServers());
            Configuration conf = jobConfiguration(broker.bootstrapServers(), work);
            broker.createTopics(
                    2,
                    conf.get(RecOptions.TOPIC_INTERACTIONS),
                    conf.get(RecOptions.TOPIC_ITEMS),
                    conf.get(RecOptions.TOPIC_RECOMMENDATIONS),
                    conf.get(RecOptions.TOPIC_DEAD_LETTERS));
            publish(broker, conf, data, events, badRecords);
            out.printf(
                    "published %,d items, %,d interactions and %d deliberately malformed records%n",
                    data.items().size(), events.size(), badRecords.size());

            out.printf(
                    "running the job on a local Flink (parallelism %d, RocksDB, checkpoints every %s)...%n",
                    parallelism,
                    conf.get(
                            org.apache.flink.configuration.CheckpointingOptions
                                    .CHECKPOINTING_INTERVAL));
            JobExecutionResult result = RecommenderJob.run(conf);
            long jobMillis = result.getNetRuntime();

            List<ConsumerRecord<String, String>> recs =
                    TopicIO.readCommitted(
                            broker.bootstrapServers(), conf.get(RecOptions.TOPIC_RECOMMENDATIONS));
            List<ConsumerRecord<String, String>> dead =
                    TopicIO.readCommitted(
                            broker.bootstrapServers(), conf.get(RecOptions.TOPIC_DEAD_LETTERS));
            printSamples(out, recs);
            printSummary(out, events.size(), badRecords.size(), recs, dead, jobMillis, start);
        } finally {
            deleteRecursively(work);
        }
        return 0;
    }

    private Configuration jobConfiguration(String bootstrapServers, Path work) {
        Configuration conf = new Configuration();
        conf.set(CoreOptions.DEFAULT_PARALLELISM, parallelism);
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        conf.setString("execution.checkpointing.interval", "2 s");
        conf.setString("execution.checkpointing.incremental", "true");
        conf.setString(
                "execution.checkpointing.dir", work.resolve("checkpoints").toUri().toString());
        conf.setString("rest.port", "0");
        conf.set(RecOptions.KAFKA_BOOTSTRAP_SERVERS, bootstrapServers);
        conf.set(RecOptions.KAFKA_BOUNDED, true);
        conf.set(RecOptions.KAFKA_STARTING_OFFSETS, RecOptions.StartingOffsets.EARLIEST);
        // A historic replay: a dataset spans years, so events are never late relative to each
        // other.
        conf.addAll(config.configuration());
        return conf;
    }

    private static void publish(
            EmbeddedKafkaBroker broker,
            Configuration conf,
            Dataset data,
            List<InteractionEvent> events,
            List<String> badRecords) {
        String itemsTopic = conf.get(RecOptions.TOPIC_ITEMS);
        String interactionsTopic = conf.get(RecOptions.TOPIC_INTERACTIONS);
        try (KafkaProducer<String, byte[]> producer = TopicIO.producer(broker.bootstrapServers())) {
            for (ItemContent item : data.items().values()) {
                TopicIO.send(producer, itemsTopic, item.item, json(item));
            }
            int badAt = events.size() / 2;
            for (int i = 0; i < events.size(); i++) {
                if (i == badAt) {
                    for (String bad : badRecords) {
                        TopicIO.send(producer, interactionsTopic, "bad", bad);
                    }
                }
                InteractionEvent e = events.get(i);
                TopicIO.send(producer, interactionsTopic, e.user, json(e));
            }
            producer.flush();
        }
    }

    private static String json(Object value) {
        return new String(JsonCodec.toJson(value), StandardCharsets.UTF_8);
    }

    private void printSamples(PrintStream out, List<ConsumerRecord<String, String>> recs)
            throws Exception {
        out.println();
        out.printf(
                "--- %d of %,d recommendation records (JSON, pretty-printed) ---%n",
                Math.min(show, recs.size()), recs.size());
        int step = Math.max(1, recs.size() / Math.max(1, show));
        for (int i = 0; i < show && i * step < recs.size(); i++) {
            JsonNode node = MAPPER.readTree(recs.get(i * step).value());
            out.println(MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        }
    }

    private static void printSummary(
            PrintStream out,
            int events,
            int bad,
            List<ConsumerRecord<String, String>> recs,
            List<ConsumerRecord<String, String>> dead,
            long jobMillis,
            long startNanos)
            throws Exception {
        Map<String, Integer> reasons = new TreeMap<>();
        for (ConsumerRecord<String, String> r : dead) {
            reasons.merge(MAPPER.readTree(r.value()).path("reason").asText(), 1, Integer::sum);
        }
        long wallMillis = (System.nanoTime() - startNanos) / 1_000_000;
        out.println("--- summary ---");
        out.printf("events in:              %,d interactions + %d malformed%n", events, bad);
        out.printf("recommendations out:    %,d (read_committed)%n", recs.size());
        out.printf("dead letters:           %,d %s%n", dead.size(), reasons);
        out.printf(
                "job time:               %.1f s, %,.0f events/s%n",
                jobMillis / 1000.0, events * 1000.0 / Math.max(1, jobMillis));
        out.printf("wall time (all steps):  %.1f s%n", wallMillis / 1000.0);
        boolean accounted = recs.size() + dead.size() == events + bad;
        out.println(
                accounted
                        ? "every input record is accounted for: one recommendation or one dead letter each"
                        : "WARNING: recommendations + dead letters != records in");
    }

    private static void deleteRecursively(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (Exception e) {
            // A leftover temp directory is harmless.
        }
    }
}
