package org.dynmm.rec.tests.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dynmm.rec.job.RecommenderJob;
import org.dynmm.rec.job.RecommenderPipeline;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.models.adapter.UserGate;
import org.dynmm.rec.models.adapter.UserWindow;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.UserProfile;
import org.dynmm.rec.operators.ranking.RankerConfig;
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
 * on/off per round.
 *
 * <p>Also reports the keyed state per user in bytes, serialized with the job's state serializers
 * after replaying the whole dataset: history profile, sliding-window summary and gate.
 *
 * <p>Usage: {@code AdapterThroughputBenchmark BUNDLE_DIR [--data DIR] [--events N] [--rounds R]};
 * JVM system properties named {@code rec.*} (e.g. {@code -Drec.adapter.trainer.sample-rate=0.5})
 * override the job's settings in both modes.
 */
public final class AdapterThroughputBenchmark {
    private AdapterThroughputBenchmark() {}

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            throw new IllegalArgumentException(
                    "usage: AdapterThroughputBenchmark BUNDLE_DIR [--data DIR] [--events N] [--rounds R]");
        }
        Map<String, String> opts = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        Path bundle = Path.of(args[0]);
        Path data = Path.of(opts.getOrDefault("--data", "data/movielens-latest-small"));
        int events = Integer.parseInt(opts.getOrDefault("--events", "20000"));
        int rounds = Integer.parseInt(opts.getOrDefault("--rounds", "2"));
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
                "| round | adapter off (events/s) | adapter on (events/s) | on/off |%n");
        System.out.printf(Locale.ROOT, "| ---: | ---: | ---: | ---: |%n");
        for (int round = 1; round <= rounds; round++) {
            double off = run(conf(bundle, work, false), records, oneItem);
            double on = run(conf(bundle, work, true), records, oneItem);
            System.out.printf(
                    Locale.ROOT, "| %d | %.0f | %.0f | %.2f |%n", round, off, on, on / off);
        }
        stateSizes(all);
    }

    private static Configuration conf(Path bundle, Path work, boolean adapter) {
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
            }
        }
        return conf;
    }

    /** Runs the job over {@code records}; returns interactions per second of wall time. */
    private static double run(Configuration conf, List<SourceRecord> records, SourceRecord item)
            throws Exception {
        StreamExecutionEnvironment env = RecommenderJob.environment(conf);
        env.setParallelism(2);
        DataStream<SourceRecord> interactions =
                env.fromData(records, RecordTypes.SOURCE_RECORD)
                        .assignTimestampsAndWatermarks(RecommenderPipeline.watermarks(conf));
        DataStream<SourceRecord> items =
                env.fromData(List.of(item), RecordTypes.SOURCE_RECORD)
                        .assignTimestampsAndWatermarks(RecommenderPipeline.watermarks(conf));
        long start = System.nanoTime();
        long[] count = new long[1];
        RecommenderPipeline.build(interactions, items, conf)
                .recommendations()
                .executeAndCollect()
                .forEachRemaining(r -> count[0]++);
        double seconds = (System.nanoTime() - start) / 1e9;
        if (count[0] == 0) {
            throw new IllegalStateException("no recommendations came out");
        }
        return records.size() / seconds;
    }

    /** Mean serialized keyed state per user after replaying every event. */
    private static void stateSizes(List<InteractionEvent> events) throws Exception {
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
        UserGateSerializer.INSTANCE.serialize(new UserGate(), out);
        int gateBytes = out.length();
        int users = profiles.size();
        System.out.printf(
                Locale.ROOT,
                "%nkeyed state per user (%d users, serialized): profile %.0f B (history + seen set),"
                        + " window s_u %.0f B, gate beta_u %d B; adapter adds %.0f B per user%n",
                users,
                profileBytes / (double) users,
                windowBytes / (double) users,
                gateBytes,
                windowBytes / (double) users + gateBytes);
    }
}
