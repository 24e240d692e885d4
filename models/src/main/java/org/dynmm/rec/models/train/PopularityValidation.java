package org.dynmm.rec.models.train;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.base.PopularityPrior;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.ItemStatsIndex;

/**
 * Ranks the validation examples of an {@link ExampleSet} under a grid of popularity-prior weights,
 * as the prequential evaluator ranks test events: each example's item among all items its user had
 * not taken, with scores {@code raw + w log(1 + p_i(t))} ({@code w} the warm or the cold weight by
 * row) where {@code p_i(t)} is the decayed popularity over every event before the example (the
 * training part and the earlier validation events, duplicates left out, as the evaluator's item
 * view counts them) at the example's time.
 *
 * <p>The popularity features are computed once (they do not depend on the model) and kept as one
 * float per example and item, so memory is {@code 4 * examples * items} bytes (310 MB for the
 * ml-latest-small validation split). Ties are broken by item id, as {@code Ranker} does. Ranks are
 * only counted up to k + 1 (HR@k and NDCG@k do not look further), which ends most scans early. Not
 * thread-safe.
 */
final class PopularityValidation {
    /** Metrics per grid point: HR@k, NDCG@k, unseen-items HR@k, NDCG@k, unseen-items events. */
    static final int METRICS = 5;

    private final int n;
    private final int warm;
    private final int size;
    private final int k;
    private final float[] features; // [size, n]: log(1 + p)
    private final int[] target;
    private final int[] targetOrder;
    private final int[] order; // rank of each row's item id in string order
    private final int[][] excluded; // rows the user had taken before the example
    private final boolean[] takenMask; // scratch: excluded[e] of the example being ranked

    PopularityValidation(Dataset dataset, ExampleSet data, Duration halfLife, int k) {
        this.n = data.itemCount();
        this.warm = data.warmCount;
        this.k = k;
        ExampleSet.Examples val = data.validation;
        this.size = val.size;
        this.target = val.target.clone();
        this.features = new float[Math.multiplyExact(size, n)];
        this.order = itemOrder(data.itemIds);
        this.targetOrder = new int[size];
        this.excluded = new int[size][];
        this.takenMask = new boolean[n];

        ItemStatsIndex index = new ItemStatsIndex(halfLife);
        for (String item : data.itemIds) {
            index.register(item); // dense id == row
        }
        DuplicateFilter counted = new DuplicateFilter();
        Map<Integer, List<Integer>> taken = new HashMap<>();
        List<InteractionEvent> events = dataset.interactions();
        double[] pop = new double[n];
        int next = 0;
        for (int e = 0; e < size; e++) {
            int position = val.position[e];
            for (; next < position; next++) {
                InteractionEvent event = events.get(next);
                if (counted.accept(event)) {
                    index.recordInteraction(event.item, event.ts, null);
                }
            }
            index.popularitiesAt(events.get(position).ts, pop);
            int offset = e * n;
            for (int j = 0; j < n; j++) {
                features[offset + j] = (float) PopularityPrior.feature(pop[j]);
            }
            targetOrder[e] = order[target[e]];
            int user = val.user[e];
            List<Integer> before = taken.computeIfAbsent(user, u -> seenRows(data, u));
            excluded[e] = before.stream().mapToInt(Integer::intValue).toArray();
            before.add(target[e]);
        }
    }

    private static List<Integer> seenRows(ExampleSet data, int user) {
        List<Integer> rows = new ArrayList<>();
        for (int r : data.seenBefore(user)) {
            rows.add(r);
        }
        return rows;
    }

    private static int[] itemOrder(List<String> itemIds) {
        Integer[] rows = new Integer[itemIds.size()];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = i;
        }
        Arrays.sort(rows, (a, b) -> itemIds.get(a).compareTo(itemIds.get(b)));
        int[] order = new int[rows.length];
        for (int rank = 0; rank < rows.length; rank++) {
            order[rows[rank]] = rank;
        }
        return order;
    }

    /** Number of validation examples. */
    int size() {
        return size;
    }

    /** The popularity feature {@code log(1 + p)} of row {@code row} at example {@code e}. */
    float feature(int e, int row) {
        return features[e * n + row];
    }

    /**
     * Ranks every example with {@code raw} (row-major {@code [size, n]} scores without the prior)
     * plus the prior for each pair {@code (warmWeights[g], coldWeights[g])}; returns {@link
     * #METRICS} values per grid point.
     */
    double[][] evaluate(float[] raw, float[] warmWeights, float[] coldWeights) {
        int grid = warmWeights.length;
        double[][] sums = new double[grid][METRICS];
        for (int e = 0; e < size; e++) {
            int offset = e * n;
            int t = target[e];
            boolean unseen = t >= warm;
            for (int j : excluded[e]) {
                takenMask[j] = true;
            }
            for (int g = 0; g < grid; g++) {
                int rank = rank(raw, offset, e, warmWeights[g], coldWeights[g]);
                double hit = rank <= k ? 1.0 : 0.0;
                double gain = rank <= k ? 1.0 / (Math.log(rank + 1) / Math.log(2)) : 0.0;
                sums[g][0] += hit;
                sums[g][1] += gain;
                if (unseen) {
                    sums[g][2] += hit;
                    sums[g][3] += gain;
                    sums[g][4] += 1;
                }
            }
            for (int j : excluded[e]) {
                takenMask[j] = false;
            }
        }
        for (double[] m : sums) {
            double unseenEvents = m[4];
            m[0] /= size;
            m[1] /= size;
            m[2] = unseenEvents == 0 ? 0 : m[2] / unseenEvents;
            m[3] = unseenEvents == 0 ? 0 : m[3] / unseenEvents;
        }
        return sums;
    }

    /**
     * 1 + the items not taken by the user that beat the target (score, then item id), counted up to
     * {@code k} only: any rank above {@code k} scores zero, so {@code k + 1} stands for all of
     * them.
     */
    private int rank(float[] raw, int offset, int e, float w, float wc) {
        int t = target[e];
        float ts = score(raw, offset, t, w, wc);
        int tOrder = targetOrder[e];
        boolean[] taken = takenMask;
        int better = 0;
        for (int j = 0; j < warm && better < k; j++) {
            float s = raw[offset + j] + w * features[offset + j];
            if ((s > ts || (s == ts && order[j] < tOrder)) && !taken[j] && j != t) {
                better++;
            }
        }
        for (int j = warm; j < n && better < k; j++) {
            float s = raw[offset + j] + wc * features[offset + j];
            if ((s > ts || (s == ts && order[j] < tOrder)) && !taken[j] && j != t) {
                better++;
            }
        }
        return better + 1;
    }

    private float score(float[] raw, int offset, int row, float w, float wc) {
        return raw[offset + row] + (row < warm ? w : wc) * features[offset + row];
    }
}
