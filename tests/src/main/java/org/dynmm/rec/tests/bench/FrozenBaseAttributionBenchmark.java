package org.dynmm.rec.tests.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.explain.BaseModelAttribution;
import org.dynmm.rec.models.explain.Counterfactuals;
import org.dynmm.rec.models.explain.HistoryContributions;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Cost of the frozen base's leave-one-out history attribution ({@link BaseModelAttribution}, which
 * reuses the history latents and attention keys across the passes) against the uncached
 * counterfactual path (one {@code userLatent} of {@link Counterfactuals#without} per history item)
 * and against one catalog ranking, on real users; and a check that both paths give the same
 * contributions, value for value.
 *
 * <p><b>Workload.</b> Each user of the dataset with the last {@code --history} distinct items they
 * took before the bundle's cutoff (the state a list at the cutoff is explained from); the
 * candidates are the user's top 10 of the frozen base. Every user is run {@code --rounds} times;
 * the first round is warm-up.
 *
 * <p>Usage: {@code FrozenBaseAttributionBenchmark --bundle DIR [--data DIR] [--history N] [--rounds
 * R]}.
 */
public final class FrozenBaseAttributionBenchmark {
    private FrozenBaseAttributionBenchmark() {}

    public static void main(String[] args) {
        Path bundle = null;
        Path data = Path.of("data/movielens-latest-small");
        int historyLength = 50;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--bundle" -> bundle = Path.of(args[++i]);
                case "--data" -> data = Path.of(args[++i]);
                case "--history" -> historyLength = Integer.parseInt(args[++i]);
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        if (bundle == null) {
            throw new IllegalArgumentException("--bundle DIR is required");
        }
        BaseModel model = BaseModel.load(ModelBundles.read(bundle));
        BaseModelScorer scorer = new BaseModelScorer(model);
        Dataset dataset = DatasetLoader.load(data);
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        model.itemIds().forEach(index::register);

        List<InteractionEvent> events = dataset.interactions();
        int cutoff = (int) Math.floor(events.size() * 0.8);
        Map<String, LinkedHashSet<String>> recent = new HashMap<>();
        for (int i = 0; i < cutoff; i++) {
            LinkedHashSet<String> items =
                    recent.computeIfAbsent(events.get(i).user, u -> new LinkedHashSet<>());
            items.remove(events.get(i).item);
            items.add(events.get(i).item);
        }
        List<UserContext> users = new ArrayList<>();
        List<int[]> candidates = new ArrayList<>();
        for (LinkedHashSet<String> items : recent.values()) {
            List<String> all = new ArrayList<>(items);
            List<String> last = all.subList(Math.max(0, all.size() - historyLength), all.size());
            UserContext user = UserContext.of(List.copyOf(last), all);
            List<ScoredItem> top = Ranker.topN(index, scorer, user, 0L, 10);
            int[] ids = top.stream().mapToInt(s -> index.idOf(s.item)).toArray();
            users.add(user);
            candidates.add(ids);
        }

        BaseModelAttribution attribution = new BaseModelAttribution(scorer);
        double[] scores = new double[index.size()];
        long mismatches = 0;
        long values = 0;
        double historySum = 0;
        for (int round = 0; round < rounds; round++) {
            long cached = 0;
            long uncached = 0;
            long ranking = 0;
            for (int u = 0; u < users.size(); u++) {
                UserContext user = users.get(u);
                int[] ids = candidates.get(u);
                long t0 = System.nanoTime();
                HistoryContributions split = attribution.contributions(index, user, 0L, ids);
                long t1 = System.nanoTime();
                double[][] reference = uncachedSplit(scorer, index, user, ids, split);
                long t2 = System.nanoTime();
                scorer.score(index, user, 0L, scores);
                long t3 = System.nanoTime();
                cached += t1 - t0;
                uncached += t2 - t1;
                ranking += t3 - t2;
                if (round == 0) {
                    historySum += split.historyItems().size();
                    for (int c = 0; c < ids.length; c++) {
                        for (int k = 0; k < split.historyItems().size(); k++) {
                            values++;
                            if (Double.compare(split.values()[c][k], reference[c][k]) != 0) {
                                mismatches++;
                            }
                        }
                    }
                }
            }
            System.out.printf(
                    Locale.ROOT,
                    "round %d%s: us per user: attribution %.1f, uncached counterfactuals %.1f,"
                            + " one catalog ranking %.1f%n",
                    round,
                    round == 0 ? " (warm-up)" : "",
                    cached / 1e3 / users.size(),
                    uncached / 1e3 / users.size(),
                    ranking / 1e3 / users.size());
        }
        System.out.printf(
                Locale.ROOT,
                "%d users, %.1f history items read on average (L=%d, %s encoder, d=%d, %d catalog"
                        + " items), 10 candidates each; contributions differing from the uncached"
                        + " path: %d of %d%n",
                users.size(),
                historySum / users.size(),
                model.historyLength(),
                model.encoderType(),
                model.jointDim(),
                index.size(),
                mismatches,
                values);
    }

    /** The same split through one uncached {@code userLatent} per counterfactual history. */
    private static double[][] uncachedSplit(
            BaseModelScorer scorer,
            ItemStatsIndex index,
            UserContext user,
            int[] ids,
            HistoryContributions split) {
        float[] full = scorer.userLatent(index, user);
        List<String> history = split.historyItems();
        double[][] values = new double[ids.length][history.size()];
        for (int k = 0; k < history.size(); k++) {
            float[] without =
                    scorer.userLatent(index, Counterfactuals.without(user, history.get(k)));
            for (int c = 0; c < ids.length; c++) {
                float[] z = scorer.itemLatent(index, ids[c]);
                if (z != null) {
                    values[c][k] = dot(full, z) - dot(without, z);
                }
            }
        }
        return values;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
