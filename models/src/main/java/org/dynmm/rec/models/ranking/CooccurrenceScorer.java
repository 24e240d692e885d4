package org.dynmm.rec.models.ranking;

import java.util.Arrays;
import java.util.List;

/**
 * Item co-occurrence kNN: an item scores its summed similarity to the user's last {@code window}
 * distinct recent items, plus a small popularity tie-break.
 *
 * <ul>
 *   <li>{@link Similarity#COUNT} (default): {@code score(j) = sum_h co(h, j) + 0.5 * pop(j) /
 *       maxPop}. Co-counts are integers, so the tie-break (in [0, 0.5]) only orders items with
 *       equal co-counts, e.g. every item for a user with no history.
 *   <li>{@link Similarity#COSINE}: {@code score(j) = sum_h co(h, j) / sqrt(n_h * n_j) + 1e-9 *
 *       pop(j) / maxPop}, with n the interaction counts; damps items that co-occur with everything
 *       only because they are popular.
 * </ul>
 *
 * The tie-break is relative to the most popular item, so it works whatever the scale of a decayed
 * popularity.
 */
public final class CooccurrenceScorer implements ItemScorer {
    private static final long serialVersionUID = 1L;

    public static final int DEFAULT_WINDOW = 20;

    /** How a co-count becomes a similarity. */
    public enum Similarity {
        /** The raw co-interaction count. */
        COUNT,
        /** The co-count over the geometric mean of both items' interaction counts. */
        COSINE
    }

    /** Largest tie-break share with raw counts; any value below 1 keeps co-counts dominant. */
    static final double COUNT_TIE_BREAK = 0.5;

    /** Largest tie-break share with cosine similarity: far below any real similarity gap. */
    static final double COSINE_TIE_BREAK = 1e-9;

    private final int window;
    private final Similarity similarity;

    /** Raw co-counts over the last {@link #DEFAULT_WINDOW} items. */
    public CooccurrenceScorer() {
        this(DEFAULT_WINDOW);
    }

    /** Raw co-counts over the last {@code window} items. */
    public CooccurrenceScorer(int window) {
        this(window, Similarity.COUNT);
    }

    public CooccurrenceScorer(int window, Similarity similarity) {
        if (window <= 0) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        this.window = window;
        this.similarity = similarity;
    }

    /** Cosine-normalized co-counts over the last {@code window} items. */
    public static CooccurrenceScorer cosine(int window) {
        return new CooccurrenceScorer(window, Similarity.COSINE);
    }

    public int window() {
        return window;
    }

    public Similarity similarity() {
        return similarity;
    }

    @Override
    public void score(ItemStatsIndex index, UserContext user, long now, double[] out) {
        int n = index.size();
        boolean cosine = similarity == Similarity.COSINE;

        // Similarity sums first (for cosine still without the 1/sqrt(n_j) factor).
        Arrays.fill(out, 0, n, 0.0);
        List<String> recent = user.recentItems();
        int from = Math.max(0, recent.size() - window); // the last `window` entries, as in training
        int[] used = new int[recent.size() - from];
        int usedCount = 0;
        for (int i = from; i < recent.size(); i++) {
            int h = index.idOf(recent.get(i));
            if (h < 0 || contains(used, usedCount, h)) {
                continue; // unknown to the index, or a repeat: each history item counts once
            }
            used[usedCount++] = h;
            if (cosine) {
                index.addCoCountsTo(h, 1.0 / Math.sqrt(Math.max(1, index.countOf(h))), out);
            } else {
                index.addCoCountsTo(h, out);
            }
        }
        if (cosine) {
            for (int j = 0; j < n; j++) {
                if (out[j] != 0.0) {
                    out[j] /= Math.sqrt(Math.max(1, index.countOf(j)));
                }
            }
        }

        // Then the popularity tie-break, relative to the most popular item.
        double[] popularity = new double[n];
        index.popularitiesAt(now, popularity);
        double maxPopularity = 0.0;
        for (int j = 0; j < n; j++) {
            maxPopularity = Math.max(maxPopularity, popularity[j]);
        }
        if (maxPopularity > 0.0) {
            double scale = (cosine ? COSINE_TIE_BREAK : COUNT_TIE_BREAK) / maxPopularity;
            for (int j = 0; j < n; j++) {
                out[j] += popularity[j] * scale;
            }
        }
    }

    private static boolean contains(int[] ids, int n, int id) {
        for (int i = 0; i < n; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return "CooccurrenceScorer{window=" + window + ", similarity=" + similarity + '}';
    }
}
