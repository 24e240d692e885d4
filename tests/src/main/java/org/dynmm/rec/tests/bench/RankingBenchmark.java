package org.dynmm.rec.tests.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.base.BatchScorer;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.eval.EvaluationConfig;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.models.ranking.UserProfile;

/**
 * Per-request versus batched ranking with the frozen base model, in one JVM run.
 *
 * <p><b>Workload.</b> The dataset is replayed as the prequential evaluator does: an {@link
 * ItemStatsIndex} with the whole catalog (plus the bundle's items), one {@link UserProfile} per
 * user (the evaluator's default capacities), duplicates dropped. Each of the last {@code --events}
 * interactions yields one request: the user's context right after the event (the {@code --window}
 * most recent distinct items, the seen set copied), as the job's user-state operator emits it. All
 * requests rank the catalog as it stands after the replay, top {@code --k}.
 *
 * <p><b>(a) unbatched</b>: {@code Ranker.topN} with a {@link BaseModelScorer} per request, in
 * order, on this thread. Latency = the wall time of that call; throughput = requests / total wall
 * time.
 *
 * <p><b>(b) batched</b>, per batch size B: {@link BatchScorer#topK} over consecutive chunks of B
 * requests. Throughput = requests / total wall time of the topK calls (the scorer's capacity when
 * always busy). Latency comes from a simulation driven by those measured times: request i arrives
 * at {@code i / rate} with {@code rate} = the unbatched throughput from (a) (or {@code --rate}); a
 * batch starts when its last request has arrived and the previous batch has finished (one scorer,
 * no timeout), takes its measured wall time, and every request's latency is the end of its batch
 * minus its arrival: waiting for the batch to fill, queueing and scoring. Both modes run {@code
 * --warmup} requests first, untimed. The batched lists are compared with the unbatched ones (item
 * ids in order); any difference is reported.
 *
 * <p>Usage: {@code RankingBenchmark BUNDLE_DIR [--data DIR] [--events N] [--k K] [--window W]
 * [--batch-sizes 1,16,64,256] [--device cpu|gpu|auto] [--warmup N] [--rate REQ_PER_S] [--threads N]
 * [--out FILE.md]}. Prints a table and, with {@code --out}, writes it as Markdown. {@code --threads
 * N} sizes libtorch's intra-op pool (JVM-wide; 0 = PyTorch's default, one per core): on a machine
 * whose cores are busy with other work, 1 avoids stalls at every parallel op.
 */
public final class RankingBenchmark {
    private RankingBenchmark() {}

    /** Command-line settings. */
    record Settings(
            Path bundle,
            Path data,
            int events,
            int k,
            int window,
            int[] batchSizes,
            String device,
            int warmup,
            double rate,
            int threads,
            Path out) {

        static Settings parse(String[] args) {
            if (args.length == 0 || args[0].startsWith("--")) {
                throw new IllegalArgumentException("usage: RankingBenchmark BUNDLE_DIR [options]");
            }
            Map<String, String> opts = new HashMap<>();
            for (int i = 1; i < args.length; i++) {
                String name = args[i];
                if (!name.startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("expected --option value at '" + name + "'");
                }
                opts.put(name.substring(2), args[++i]);
            }
            String sizes = opts.getOrDefault("batch-sizes", "1,16,64,256");
            String[] parts = sizes.split(",");
            int[] batchSizes = new int[parts.length];
            for (int i = 0; i < parts.length; i++) {
                batchSizes[i] = Integer.parseInt(parts[i].trim());
            }
            Settings s =
                    new Settings(
                            Path.of(args[0]),
                            Path.of(opts.getOrDefault("data", "data/movielens-latest-small")),
                            Integer.parseInt(opts.getOrDefault("events", "5000")),
                            Integer.parseInt(opts.getOrDefault("k", "10")),
                            Integer.parseInt(
                                    opts.getOrDefault(
                                            "window",
                                            Integer.toString(
                                                    EvaluationConfig.defaults()
                                                            .cooccurrenceWindow()))),
                            batchSizes,
                            opts.getOrDefault("device", "auto"),
                            Integer.parseInt(opts.getOrDefault("warmup", "500")),
                            Double.parseDouble(opts.getOrDefault("rate", "0")),
                            Integer.parseInt(opts.getOrDefault("threads", "0")),
                            opts.containsKey("out") ? Path.of(opts.get("out")) : null);
            for (String known :
                    List.of(
                            "data",
                            "events",
                            "k",
                            "window",
                            "batch-sizes",
                            "device",
                            "warmup",
                            "rate",
                            "threads",
                            "out")) {
                opts.remove(known);
            }
            if (!opts.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + opts.keySet());
            }
            return s;
        }
    }

    /** One row of the result table. */
    record Row(
            String mode,
            int batchSize,
            double throughput,
            double p50Millis,
            double p99Millis,
            double batchP50Millis,
            long mismatches,
            long fallbacks) {}

    public static void main(String[] args) throws IOException {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        Settings s;
        try {
            s = Settings.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(
                    "usage: RankingBenchmark BUNDLE_DIR [--data DIR] [--events N] [--k K]"
                            + " [--window W] [--batch-sizes 1,16,64,256] [--device cpu|gpu|auto]"
                            + " [--warmup N] [--rate REQ_PER_S] [--threads N] [--out FILE.md]");
            System.exit(2);
            return;
        }
        if (s.threads() > 0) {
            // libtorch's thread pools are per JVM and sized when the engine starts.
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(s.threads()));
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        run(s, System.out);
    }

    static List<Row> run(Settings s, PrintStream log) throws IOException {
        BaseModel model = BaseModel.load(ModelBundles.read(s.bundle()));
        Dataset dataset = DatasetLoader.load(s.data());
        // The popularity the bundle's prior was calibrated with (rankers refuse any other).
        ItemStatsIndex index =
                new ItemStatsIndex(
                        model.popularityPrior().active()
                                ? model.popularityPrior().halfLife()
                                : EvaluationConfig.defaults().popularityHalfLife());
        List<UserContext> requests = replay(dataset, model, index, s.events(), s.window());
        log.printf(
                Locale.ROOT,
                "%s; dataset %s: %d items, %d requests from the last events; k=%d, window=%d%n",
                model,
                dataset.name(),
                index.size(),
                requests.size(),
                s.k(),
                s.window());
        long now = dataset.interactions().get(dataset.interactions().size() - 1).ts;

        List<Row> rows = new ArrayList<>();
        // (a) unbatched, per request.
        BaseModelScorer scorer = new BaseModelScorer(model);
        for (int i = 0; i < Math.min(s.warmup(), requests.size()); i++) {
            Ranker.topN(index, scorer, requests.get(i), now, s.k());
        }
        Histogram latency = histogram();
        List<List<String>> reference = new ArrayList<>(requests.size());
        long total = 0;
        for (UserContext user : requests) {
            long t0 = System.nanoTime();
            List<ScoredItem> top = Ranker.topN(index, scorer, user, now, s.k());
            long dt = System.nanoTime() - t0;
            total += dt;
            latency.recordValue(Math.max(1, dt / 1000));
            reference.add(ids(top));
        }
        double unbatchedRate = requests.size() / (total / 1e9);
        rows.add(
                new Row(
                        "unbatched Ranker.topN (plain Java)",
                        1,
                        unbatchedRate,
                        millis(latency, 50),
                        millis(latency, 99),
                        millis(latency, 50),
                        0,
                        0));
        log.println(format(rows.get(0)));

        // (b) batched on the device.
        double rate = s.rate() > 0 ? s.rate() : unbatchedRate;
        try (BatchScorer batch = new BatchScorer(model, s.device())) {
            batch.setItems(index);
            for (int size : s.batchSizes()) {
                int warm = Math.min(s.warmup(), requests.size());
                for (int from = 0; from < warm; from += size) {
                    int to = Math.min(warm, from + size);
                    batch.topK(index, requests.subList(from, to), sameTime(to - from, now), s.k());
                }
                long fallbacksBefore = batch.fallbacks();
                Histogram requestLatency = histogram();
                Histogram batchTime = histogram();
                double interArrivalNanos = 1e9 / rate;
                double previousEnd = 0;
                long busy = 0;
                long mismatches = 0;
                for (int from = 0; from < requests.size(); from += size) {
                    int to = Math.min(requests.size(), from + size);
                    long t0 = System.nanoTime();
                    List<List<ScoredItem>> tops =
                            batch.topK(
                                    index,
                                    requests.subList(from, to),
                                    sameTime(to - from, now),
                                    s.k());
                    long dt = System.nanoTime() - t0;
                    busy += dt;
                    batchTime.recordValue(Math.max(1, dt / 1000));
                    double lastArrival = (to - 1) * interArrivalNanos;
                    double end = Math.max(lastArrival, previousEnd) + dt;
                    previousEnd = end;
                    for (int i = from; i < to; i++) {
                        requestLatency.recordValue(
                                Math.max(1, (long) ((end - i * interArrivalNanos) / 1000)));
                        if (!ids(tops.get(i - from)).equals(reference.get(i))) {
                            mismatches++;
                        }
                    }
                }
                Row row =
                        new Row(
                                "BatchScorer on " + batch.device(),
                                size,
                                requests.size() / (busy / 1e9),
                                millis(requestLatency, 50),
                                millis(requestLatency, 99),
                                millis(batchTime, 50),
                                mismatches,
                                batch.fallbacks() - fallbacksBefore);
                rows.add(row);
                log.println(format(row));
            }
        }
        String markdown = markdown(s, model, dataset, index.size(), requests.size(), rate, rows);
        log.println();
        log.print(markdown);
        if (s.out() != null) {
            Path parent = s.out().toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(s.out(), markdown, StandardCharsets.UTF_8);
            log.println("written to " + s.out());
        }
        return rows;
    }

    /**
     * Replays {@code dataset} into {@code index} and per-user profiles and returns the contexts
     * right after each of the last {@code events} applied interactions.
     */
    static List<UserContext> replay(
            Dataset dataset, BaseModel model, ItemStatsIndex index, int events, int window) {
        for (String item : model.itemIds()) {
            index.register(item);
        }
        for (ItemContent item : dataset.items().values()) {
            index.putContent(item);
        }
        EvaluationConfig config = EvaluationConfig.defaults();
        Map<String, UserProfile> profiles = new HashMap<>();
        List<InteractionEvent> all = dataset.interactions();
        int firstRequest = Math.max(0, all.size() - events);
        List<UserContext> requests = new ArrayList<>(Math.min(events, all.size()));
        for (int i = 0; i < all.size(); i++) {
            InteractionEvent e = all.get(i);
            UserProfile profile =
                    profiles.computeIfAbsent(
                            e.user,
                            u -> new UserProfile(config.historyCapacity(), config.seenCapacity()));
            if (profile.isDuplicate(e)) {
                continue;
            }
            index.recordInteraction(
                    e.item, e.ts, profile.recentDistinctItems(config.cooccurrenceWindow()));
            profile.append(e);
            if (i >= firstRequest) {
                requests.add(
                        UserContext.of(
                                profile.recentDistinctItems(window),
                                new ArrayList<>(profile.seenItems())));
            }
        }
        return requests;
    }

    private static Histogram histogram() {
        return new Histogram(3_600_000_000L, 3); // microseconds, up to an hour
    }

    private static double millis(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1000.0;
    }

    private static List<String> ids(List<ScoredItem> top) {
        List<String> ids = new ArrayList<>(top.size());
        for (ScoredItem s : top) {
            ids.add(s.item);
        }
        return ids;
    }

    private static String format(Row r) {
        return String.format(
                Locale.ROOT,
                "%-40s B=%-4d %10.0f req/s  p50 %8.3f ms  p99 %8.3f ms  batch p50 %8.3f ms"
                        + "  mismatches %d  fallbacks %d",
                r.mode(),
                r.batchSize(),
                r.throughput(),
                r.p50Millis(),
                r.p99Millis(),
                r.batchP50Millis(),
                r.mismatches(),
                r.fallbacks());
    }

    static String markdown(
            Settings s,
            BaseModel model,
            Dataset dataset,
            int items,
            int requests,
            double rate,
            List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("# Ranking benchmark: per-request vs batched\n\n");
        md.append(
                String.format(
                        Locale.ROOT,
                        "- model: `%s` (d=%d)%n- dataset: `%s`, %d items in the catalog, %d"
                                + " requests (the last events), top-%d, window %d%n"
                                + "- JVM: Java %s, %d processors, load average %.1f at the end; device"
                                + " requested: `%s`, libtorch threads: %s%n"
                                + "- simulated arrival rate for batched latency: %.0f req/s%n%n",
                        model.modelVersion(),
                        model.jointDim(),
                        dataset.name(),
                        items,
                        requests,
                        s.k(),
                        s.window(),
                        System.getProperty("java.version"),
                        Runtime.getRuntime().availableProcessors(),
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                                .getSystemLoadAverage(),
                        s.device(),
                        s.threads() > 0 ? Integer.toString(s.threads()) : "default",
                        rate));
        md.append(
                "| mode | batch | throughput (req/s) | latency p50 (ms) | latency p99 (ms) |"
                        + " scoring time per batch p50 (ms) | lists differing from (a) |"
                        + " exact fallbacks |\n");
        md.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
        for (Row r : rows) {
            md.append(
                    String.format(
                            Locale.ROOT,
                            "| %s | %d | %.0f | %.3f | %.3f | %.3f | %d | %d |%n",
                            r.mode(),
                            r.batchSize(),
                            r.throughput(),
                            r.p50Millis(),
                            r.p99Millis(),
                            r.batchP50Millis(),
                            r.mismatches(),
                            r.fallbacks()));
        }
        md.append(
                "\nThroughput: requests / wall time spent ranking (batched: in `BatchScorer.topK`,"
                        + " i.e. capacity when always busy). Unbatched latency: wall time of one"
                        + " `Ranker.topN`. Batched latency: simulated; request i arrives at"
                        + " i / rate, a batch of B starts when its last request has arrived and the"
                        + " previous batch is done, and takes its measured wall time; latency ="
                        + " batch end - arrival (fill wait + queueing + scoring).\n");
        return md.toString();
    }

    /** {@code count} copies of {@code now}: every replayed request is ranked at the same time. */
    private static long[] sameTime(int count, long now) {
        long[] nows = new long[count];
        Arrays.fill(nows, now);
        return nows;
    }
}
