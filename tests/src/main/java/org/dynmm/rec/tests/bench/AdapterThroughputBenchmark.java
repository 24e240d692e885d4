package org.dynmm.rec.tests.bench;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dynmm.rec.job.RecommenderJob;
import org.dynmm.rec.job.RecommenderPipeline;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.job.config.RecSettings;
import org.dynmm.rec.models.adapter.AdapterConfig;
import org.dynmm.rec.models.adapter.AdapterLayout;
import org.dynmm.rec.models.adapter.AdapterParameters;
import org.dynmm.rec.models.adapter.UserGate;
import org.dynmm.rec.models.adapter.UserWindow;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.UserProfile;
import org.dynmm.rec.operators.adapter.AdaptedRankerFunction;
import org.dynmm.rec.operators.ranking.RankerConfig;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecordTypes;
import org.dynmm.rec.operators.records.SourceRecord;
import org.dynmm.rec.operators.state.UserGateSerializer;
import org.dynmm.rec.operators.state.UserProfileSerializer;
import org.dynmm.rec.operators.state.UserWindowSerializer;

/**
 * Throughput of the whole job with the online adapter on against off (the frozen base ranking per
 * request), in one JVM: local MiniCluster at parallelism 2, RocksDB, checkpoints every 2 s,
 * explanations off in both modes, the last {@code --events} interactions of the dataset (item
 * content is not sent, so only bundle items are ranked, the same in both modes). Modes alternate
 * for {@code --rounds} rounds, so drift in machine load hits both; the figure to read is the ratio
 * on/off per round. Each run also reports its start-up (seconds to the first recommendation out of
 * a ranker: job submission, task deployment, bundle loads; the adapter adds the trainer's), the
 * rankers' output rate from their first to their last recommendation (the running job), and the
 * process CPU time per event.
 *
 * <p>Also reports the keyed state per user in bytes, serialized with the job's state serializers
 * after replaying the whole dataset: history profile, sliding-window summary, gate and shown list.
 *
 * <p>With {@code --variant KEY=VALUE[,KEY=VALUE...]} each round also runs the adapter with those
 * keys changed (after the adapter's default run in odd rounds, before it in even ones), and a
 * second table gives the variant's rate against both: the cost of one adapter setting measured in
 * the same process and rounds.
 *
 * <p>Usage: {@code AdapterThroughputBenchmark BUNDLE_DIR [--data DIR] [--events N] [--rounds R]
 * [--variant KEYS]}; JVM system properties named {@code rec.*} (e.g. {@code
 * -Drec.adapter.trainer.sample-rate=0.5}) override the job's settings in both modes, and {@code
 * flink.*} ones set Flink's (e.g. {@code -Dflink.pipeline.auto-watermark-interval=20ms}).
 */
public final class AdapterThroughputBenchmark {
    /** System properties with this prefix set the Flink key after it, in both modes. */
    private static final String FLINK_PREFIX = "flink.";

    private AdapterThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException(
                    "usage: AdapterThroughputBenchmark BUNDLE_DIR [--data DIR] [--events N] [--rounds R]"
                            + " [--variant KEY=VALUE,...]");
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Path bundle = Path.of(args[0]);
        Path data = Path.of(opts.getOrDefault("--data", "data/movielens-latest-small"));
        int events = Integer.parseInt(opts.getOrDefault("--events", "20000"));
        int rounds = Integer.parseInt(opts.getOrDefault("--rounds", "2"));
        Map<String, String> variant = new LinkedHashMap<>();
        if (opts.containsKey("--variant")) {
            for (String pair : opts.get("--variant").split(",")) {
                String[] kv = pair.split("=", 2);
                variant.put(kv[0].trim(), kv[1].trim());
            }
        }
        List<String> variantRows = new ArrayList<>();
        Path work = Files.createTempDirectory("adapter-bench");

        Dataset dataset = DatasetLoader.load(data);
        List<InteractionEvent> all = dataset.interactions();
        List<SourceRecord> records = new ArrayList<>();
        for (InteractionEvent e : all.subList(Math.max(0, all.size() - events), all.size())) {
            records.add(SourceRecord.of(e));
        }
        SourceRecord oneItem = SourceRecord.of(dataset.items().values().iterator().next());

        System.out.printf(
                Locale.ROOT,
                "| round | adapter off (events/s) | adapter on (events/s) | on/off"
                        + " | off / on: s to the first list | off / on: lists/s in the job"
                        + " | on/off in the job | off / on: process CPU ms per event"
                        + " | CPU off/on |%n");
        System.out.printf(
                Locale.ROOT, "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |%n");
        for (int round = 1; round <= rounds; round++) {
            Rates off = run(conf(bundle, work, false), records, oneItem);
            Rates other = null;
            if (!variant.isEmpty() && round % 2 == 0) {
                other = run(conf(bundle, work, true, variant), records, oneItem);
            }
            Rates on = run(conf(bundle, work, true), records, oneItem);
            if (!variant.isEmpty() && round % 2 == 1) {
                other = run(conf(bundle, work, true, variant), records, oneItem);
            }
            if (other != null) {
                variantRows.add(
                        String.format(
                                Locale.ROOT,
                                "| %d | %.0f | %.2f | %.2f | %.0f | %.2f | %.2f / %.2f |",
                                round,
                                other.wall,
                                other.wall / off.wall,
                                other.wall / on.wall,
                                other.inJob,
                                other.inJob / on.inJob,
                                other.cpuMillisPerEvent,
                                on.cpuMillisPerEvent));
            }
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %.0f | %.0f | %.2f | %.1f / %.1f | %.0f / %.0f | %.2f | %.2f / %.2f"
                            + " | %.2f |%n",
                    round,
                    off.wall,
                    on.wall,
                    on.wall / off.wall,
                    off.firstSeconds,
                    on.firstSeconds,
                    off.inJob,
                    on.inJob,
                    on.inJob / off.inJob,
                    off.cpuMillisPerEvent,
                    on.cpuMillisPerEvent,
                    off.cpuMillisPerEvent / on.cpuMillisPerEvent);
        }
        if (!variant.isEmpty()) {
            System.out.printf(
                    Locale.ROOT,
                    "%nvariant: adapter on with %s%n| round | variant (events/s) | variant/off"
                            + " | variant/on | variant lists/s in the job | in job variant/on"
                            + " | CPU ms per event variant / on |%n"
                            + "| ---: | ---: | ---: | ---: | ---: | ---: | ---: |%n",
                    variant);
            variantRows.forEach(System.out::println);
        }
        stateSizes(
                all,
                RecSettings.adapter(conf(bundle, work, true)),
                BaseModel.load(ModelBundles.read(bundle)).jointDim());
    }

    /**
     * One run's rates: input events per second of the whole wall time (job start and operator
     * set-up included, the figure reported since the first runs), seconds from submission to the
     * first recommendation leaving the ranker, recommendations per second leaving the rankers from
     * the first to the last one (the running job, without start-up and without the collect sink,
     * which hands results to the client only after a checkpoint), and the CPU time of the whole
     * process (every thread: tasks, MiniCluster, JIT, GC) per input event, which other processes'
     * load on the machine affects far less than wall time.
     */
    private record Rates(
            double wall, double firstSeconds, double inJob, double cpuMillisPerEvent) {}

    /**
     * When the first and the last recommendation left a ranker (the MiniCluster shares the JVM).
     */
    private static final AtomicLong FIRST_OUT = new AtomicLong();

    private static final AtomicLong LAST_OUT = new AtomicLong();
    private static final AtomicLong COUNT_OUT = new AtomicLong();

    /** Stamps each recommendation as it leaves the ranker (chained to it); passes it on. */
    private static final class StampOut implements MapFunction<Recommendation, Recommendation> {
        private static final long serialVersionUID = 1L;

        @Override
        public Recommendation map(Recommendation r) {
            long now = System.nanoTime();
            FIRST_OUT.compareAndSet(0L, now);
            LAST_OUT.accumulateAndGet(now, Math::max);
            COUNT_OUT.incrementAndGet();
            return r;
        }
    }

    private static Configuration conf(Path bundle, Path work, boolean adapter) {
        return conf(bundle, work, adapter, Map.of());
    }

    /** {@link #conf} with {@code overrides} set last. */
    private static Configuration conf(
            Path bundle, Path work, boolean adapter, Map<String, String> overrides) {
        Configuration conf = new Configuration();
        conf.set(RecOptions.RANKER_KIND, RankerConfig.Kind.FROZEN_BASE);
        conf.set(RecOptions.MODEL_BUNDLE_PATH, bundle.toString());
        conf.set(RecOptions.ADAPTER_ENABLED, adapter);
        // The adapter's cost alone: the explanation stage (the same in both modes) is off.
        conf.set(RecOptions.EXPLAIN_ENABLED, false);
        conf.setString("state.backend.type", "rocksdb");
        conf.setString("execution.checkpointing.interval", "2 s");
        conf.setString("execution.checkpointing.dir", work.resolve("cp").toUri().toString());
        for (String key : System.getProperties().stringPropertyNames()) {
            if (key.startsWith("rec.") && !key.equals(RecOptions.ADAPTER_ENABLED.key())) {
                conf.setString(key, System.getProperty(key));
            } else if (key.startsWith(FLINK_PREFIX)) {
                // Flink's own settings, e.g. -Dflink.pipeline.auto-watermark-interval=20ms.
                conf.setString(key.substring(FLINK_PREFIX.length()), System.getProperty(key));
            }
        }
        overrides.forEach(conf::setString);
        return conf;
    }

    /** Runs the job over {@code records}. */
    private static Rates run(Configuration conf, List<SourceRecord> records, SourceRecord item)
            throws Exception {
        StreamExecutionEnvironment env = RecommenderJob.environment(conf);
        env.setParallelism(2);
        DataStream<SourceRecord> interactions =
                env.fromData(records, RecordTypes.SOURCE_RECORD)
                        .assignTimestampsAndWatermarks(RecommenderPipeline.watermarks(conf));
        DataStream<SourceRecord> items =
                env.fromData(List.of(item), RecordTypes.SOURCE_RECORD)
                        .assignTimestampsAndWatermarks(RecommenderPipeline.watermarks(conf));
        long cpuStart = processCpuNanos();
        FIRST_OUT.set(0L);
        LAST_OUT.set(0L);
        COUNT_OUT.set(0L);
        long start = System.nanoTime();
        long[] count = new long[1];
        RecommenderPipeline.build(interactions, items, conf)
                .recommendations()
                .map(new StampOut())
                .returns(RecordTypes.RECOMMENDATION)
                .name("stamp-out")
                .executeAndCollect()
                .forEachRemaining(r -> count[0]++);
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuMillis = (processCpuNanos() - cpuStart) / 1e6;
        if (count[0] < 2 || COUNT_OUT.get() != count[0]) {
            throw new IllegalStateException(
                    count[0] + " recommendations collected, " + COUNT_OUT.get() + " stamped");
        }
        return new Rates(
                records.size() / seconds,
                (FIRST_OUT.get() - start) / 1e9,
                (count[0] - 1) / ((LAST_OUT.get() - FIRST_OUT.get()) / 1e9),
                cpuMillis / records.size());
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** Mean serialized keyed state per user after replaying every event. */
    private static void stateSizes(List<InteractionEvent> events, AdapterConfig config, int dim)
            throws Exception {
        Map<String, UserProfile> profiles = new HashMap<>();
        Map<String, UserWindow> windows = new HashMap<>();
        for (InteractionEvent e : events) {
            UserProfile p = profiles.computeIfAbsent(e.user, u -> new UserProfile(50, 5000));
            if (!p.isDuplicate(e)) {
                p.append(e);
                windows.computeIfAbsent(e.user, u -> new UserWindow()).record(e.ts);
            }
        }
        DataOutputSerializer out = new DataOutputSerializer(1 << 16);
        long profileBytes = 0;
        long windowBytes = 0;
        for (String user : profiles.keySet()) {
            out.clear();
            UserProfileSerializer.INSTANCE.serialize(profiles.get(user), out);
            profileBytes += out.length();
            out.clear();
            UserWindowSerializer.INSTANCE.serialize(windows.get(user), out);
            windowBytes += out.length();
        }
        out.clear();
        UserGateSerializer.INSTANCE.serialize(steppedGate(config, dim), out);
        int gateBytes = out.length();
        long shownBytes = config.usesShownItems() ? shownListBytes(events, config, out) : 0;
        int users = profiles.size();
        System.out.printf(
                Locale.ROOT,
                "%nkeyed state per user (%d users, serialized): profile %.0f B (history + seen set),"
                        + " window s_u %.0f B, gate beta_u (with o_u when on) %d B, shown list"
                        + " %.0f B; adapter adds %.0f B per user%n",
                users,
                profileBytes / (double) users,
                windowBytes / (double) users,
                gateBytes,
                shownBytes / (double) users,
                windowBytes / (double) users + gateBytes + shownBytes / (double) users);
    }

    /**
     * Total serialized size of every user's shown list ({@link
     * AdaptedRankerFunction#shownDescriptor}): the state keeps the ids of the last emitted list;
     * each user's last distinct items stand in for it (ids of the same catalog, so of the same
     * lengths).
     */
    private static long shownListBytes(
            List<InteractionEvent> events, AdapterConfig config, DataOutputSerializer out)
            throws Exception {
        Map<String, LinkedHashSet<String>> lastItems = new HashMap<>();
        for (InteractionEvent e : events) {
            LinkedHashSet<String> items =
                    lastItems.computeIfAbsent(e.user, u -> new LinkedHashSet<>());
            items.remove(e.item);
            items.add(e.item);
            if (items.size() > config.userShownNegatives()) {
                items.remove(items.iterator().next());
            }
        }
        TypeSerializer<List<String>> serializer =
                AdaptedRankerFunction.shownDescriptor(Duration.ZERO).getSerializer();
        long bytes = 0;
        for (LinkedHashSet<String> items : lastItems.values()) {
            out.clear();
            serializer.serialize(new ArrayList<>(items), out);
            bytes += out.length();
        }
        return bytes;
    }

    /**
     * A user's gate after one step under {@code config}: its serialized size is what every active
     * user keeps (the residual {@code o_u}, when on, is allocated on the first step).
     */
    private static UserGate steppedGate(AdapterConfig config, int dim) {
        AdapterLayout layout = config.layout(dim);
        AdapterParameters params = new AdapterParameters(layout, 1, new float[layout.size()]);
        float[] user = new float[dim];
        float[][] items = new float[2][dim];
        user[0] = 1f;
        items[0][0] = 1f;
        items[1][1] = 1f;
        UserGate gate = new UserGate();
        gate.step(params, user, new float[layout.summaryDim()], items, null, null, config);
        return gate;
    }
}
