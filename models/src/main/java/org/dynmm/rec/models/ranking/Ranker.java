package org.dynmm.rec.models.ranking;

import java.util.ArrayList;
import java.util.List;

/**
 * Ranks the items of an {@link ItemStatsIndex} for a user, never including items the user has seen.
 * One total order is used everywhere: score descending, then item id (string) ascending, so {@link
 * #topN} and {@link #rankOf} always agree and results do not depend on dense id assignment.
 */
public final class Ranker {
    private Ranker() {}

    /** The best {@code n} unseen items, best first. */
    public static List<ScoredItem> topN(
            ItemStatsIndex index, ItemScorer scorer, UserContext user, long now, int n) {
        double[] scores = new double[index.size()];
        scorer.score(index, user, now, scores);
        return topN(index, scores, excludedMask(index, user), n);
    }

    /**
     * The 1-based rank {@code target} would get among the unseen items: 1 + the number of unseen
     * candidates (other than the target) that beat it. A target unknown to the index cannot be
     * scored and gets (number of candidates) + 1, i.e. below every candidate. A target the user has
     * seen is still ranked against the unseen candidates.
     */
    public static int rankOf(
            ItemStatsIndex index, ItemScorer scorer, UserContext user, long now, String target) {
        int targetId = index.idOf(target);
        boolean[] excluded = excludedMask(index, user);
        if (targetId < 0) {
            return candidateCount(excluded, index.size()) + 1;
        }
        double[] scores = new double[index.size()];
        scorer.score(index, user, now, scores);
        return rankOf(index, scores, excluded, targetId);
    }

    /**
     * {@link #rankOf} over precomputed scores and exclusion mask, for callers that rank several
     * methods for the same user; {@code targetId} must be a known dense id.
     */
    public static int rankOf(
            ItemStatsIndex index, double[] scores, boolean[] excluded, int targetId) {
        int n = index.size();
        int better = 0;
        for (int id = 0; id < n; id++) {
            if (!excluded[id] && id != targetId && beats(index, scores, id, targetId)) {
                better++;
            }
        }
        return better + 1;
    }

    /** {@code mask[id]} is true for items the user has seen. Length {@code index.size()}. */
    public static boolean[] excludedMask(ItemStatsIndex index, UserContext user) {
        boolean[] mask = new boolean[index.size()];
        for (String item : user.seenItems()) {
            int id = index.idOf(item);
            if (id >= 0) {
                mask[id] = true;
            }
        }
        return mask;
    }

    /** Number of rankable items: known to the index and not excluded. */
    public static int candidateCount(boolean[] excluded, int size) {
        int count = 0;
        for (int id = 0; id < size; id++) {
            if (!excluded[id]) {
                count++;
            }
        }
        return count;
    }

    /** {@link #topN} over precomputed scores and exclusion mask. */
    public static List<ScoredItem> topN(
            ItemStatsIndex index, double[] scores, boolean[] excluded, int n) {
        int size = index.size();
        // Min-heap (worst at the root) of at most n dense ids.
        int[] heap = new int[Math.max(0, Math.min(n, size))];
        int heapSize = 0;
        for (int id = 0; id < size && heap.length > 0; id++) {
            if (excluded[id]) {
                continue;
            }
            if (heapSize < heap.length) {
                heap[heapSize] = id;
                siftUp(index, scores, heap, heapSize++);
            } else if (beats(index, scores, id, heap[0])) {
                heap[0] = id;
                siftDown(index, scores, heap, heapSize);
            }
        }
        // Pop worst-first, filling the result from the back.
        ScoredItem[] best = new ScoredItem[heapSize];
        for (int i = heapSize - 1; i >= 0; i--) {
            int id = heap[0];
            best[i] = new ScoredItem(index.itemAt(id), index.titleOf(id), scores[id]);
            heap[0] = heap[--heapSize];
            siftDown(index, scores, heap, heapSize);
        }
        return new ArrayList<>(List.of(best));
    }

    /** True when item {@code a} ranks above item {@code b}. */
    static boolean beats(ItemStatsIndex index, double[] scores, int a, int b) {
        int c = Double.compare(scores[a], scores[b]);
        return c != 0 ? c > 0 : index.itemAt(a).compareTo(index.itemAt(b)) < 0;
    }

    private static void siftUp(ItemStatsIndex index, double[] scores, int[] heap, int pos) {
        int id = heap[pos];
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!beats(index, scores, heap[parent], id)) {
                break; // parent is already worse than id
            }
            heap[pos] = heap[parent];
            pos = parent;
        }
        heap[pos] = id;
    }

    private static void siftDown(ItemStatsIndex index, double[] scores, int[] heap, int size) {
        if (size == 0) {
            return;
        }
        int pos = 0;
        int id = heap[0];
        while (true) {
            int child = 2 * pos + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && beats(index, scores, heap[child], heap[child + 1])) {
                child++; // the worse of the two children
            }
            if (!beats(index, scores, id, heap[child])) {
                break;
            }
            heap[pos] = heap[child];
            pos = child;
        }
        heap[pos] = id;
    }
}
