package org.dynmm.rec.tests.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.eval.EvaluationConfig;
import org.dynmm.rec.models.eval.PrequentialEvaluator;
import org.dynmm.rec.models.eval.RankingMethod;
import org.dynmm.rec.models.eval.ReplayObserver;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.models.ranking.UserProfile;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.explain.RecommendationExplainer;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.ScoreRequest;

/**
 * Added latency of the explanation stage, with the realizer, against no explanations, in one run.
 *
 * <p><b>Workload.</b> The prequential replay of a dataset (the evaluator's protocol, the job's
 * default ranker: co-occurrence, cosine, window 20, top 10). For every ranked test event the
 * ranker's work is timed as the job's {@code BaselineRankerFunction} does it: {@code Ranker.topN}
 * then {@code Recommendation.of} ("no explanations"), then the explanation stage on that list
 * ({@link RecommendationExplainer#explain}: evidence, realizer, verifier). Both are measured on the
 * same request, one after the other, so the two figures share the machine's state; the first {@code
 * --warmup} test events are run untimed (JIT warm-up).
 *
 * <p>Usage: {@code ExplanationLatencyBenchmark [--data DIR] [--warmup N]}. Prints percentiles of
 * three histograms (microseconds): ranking only, explanation only, ranking + explanation.
 */
public final class ExplanationLatencyBenchmark {
    private ExplanationLatencyBenchmark() {}

    public static void main(String[] args) throws IOException {
        Path data = Path.of("data/movielens-latest-small");
        int warmup = 2000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Dataset dataset = DatasetLoader.load(data);
        CooccurrenceScorer scorer = CooccurrenceScorer.cosine(20);
        EvaluationConfig config =
                new EvaluationConfig(
                        0.8,
                        10,
                        UserProfile.DEFAULT_HISTORY_CAPACITY,
                        UserProfile.DEFAULT_SEEN_CAPACITY,
                        20,
                        Duration.ofDays(30));
        Timer timer =
                new Timer(
                        scorer,
                        RecommendationExplainer.create(
                                ExplainConfig.enabled(ExplainSettings.defaults()), scorer),
                        warmup);
        long start = System.nanoTime();
        new PrequentialEvaluator(config, List.of(new RankingMethod("cooccurrence-cosine", scorer)))
                .addObserver(timer)
                .evaluate(dataset);
        System.out.printf(
                Locale.ROOT,
                "explanation latency on %s: %d timed requests (%d warm-up), %.1f s wall%n",
                dataset.name(),
                timer.rank.getTotalCount(),
                warmup,
                (System.nanoTime() - start) / 1e9);
        System.out.printf(
                Locale.ROOT,
                "%-32s %9s %9s %9s %9s %9s%n",
                "us per request",
                "p50",
                "p90",
                "p99",
                "p99.9",
                "max");
        print("rank only (no explanations)", timer.rank);
        print("explanation stage only", timer.explain);
        print("rank + explanations (realizer)", timer.total);
        System.out.printf(
                Locale.ROOT,
                "rationales failing verification: %d of %d%n",
                timer.unverified,
                timer.rationales);
    }

    private static void print(String name, Histogram h) {
        System.out.printf(
                Locale.ROOT,
                "%-32s %9.1f %9.1f %9.1f %9.1f %9.1f%n",
                name,
                h.getValueAtPercentile(50) / 1000.0,
                h.getValueAtPercentile(90) / 1000.0,
                h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0,
                h.getMaxValue() / 1000.0);
    }

    /** Times ranking and the explanation stage on each test event. */
    private static final class Timer implements ReplayObserver {
        final Histogram rank = new Histogram(3);
        final Histogram explain = new Histogram(3);
        final Histogram total = new Histogram(3);
        final CooccurrenceScorer scorer;
        final RecommendationExplainer explainer;
        final int warmup;
        int seen;
        long unverified;
        long rationales;

        Timer(CooccurrenceScorer scorer, RecommendationExplainer explainer, int warmup) {
            this.scorer = scorer;
            this.explainer = explainer;
            this.warmup = warmup;
        }

        @Override
        public void onTestEvent(
                InteractionEvent event,
                UserContext user,
                ItemStatsIndex index,
                boolean[] excluded) {
            ScoreRequest request = new ScoreRequest();
            request.user = event.user;
            request.ts = event.ts;
            request.trigger = "interaction";
            long t0 = System.nanoTime();
            List<ScoredItem> top = Ranker.topN(index, scorer, user, event.ts, 10);
            Recommendation rec = Recommendation.of(request, top, "baseline-cooccurrence-cosine");
            long t1 = System.nanoTime();
            int failed = explainer.explain(index, user, rec);
            long t2 = System.nanoTime();
            unverified += failed;
            rationales += rec.items.size();
            if (++seen > warmup) {
                rank.recordValue(t1 - t0);
                explain.recordValue(t2 - t1);
                total.recordValue(t2 - t0);
            }
        }
    }
}
