package org.dynmm.rec.models.explain;

import java.util.ArrayList;
import java.util.List;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * The exact split of a {@link CooccurrenceScorer} score: its history part is a sum with one term
 * per distinct history item in the window, {@code co(h, j)} for raw counts or {@code co(h, j) /
 * sqrt(n_h n_j)} for cosine; the popularity tie-break belongs to no history item.
 */
public final class CooccurrenceAttribution implements HistoryAttribution {
    private static final long serialVersionUID = 1L;

    private final CooccurrenceScorer scorer;

    public CooccurrenceAttribution(CooccurrenceScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public HistoryContributions contributions(
            ItemStatsIndex index, UserContext user, long now, int[] candidates) {
        List<String> recent = user.recentItems();
        int from = Math.max(0, recent.size() - scorer.window()); // the scorer's window
        List<String> history = new ArrayList<>();
        List<Integer> ids = new ArrayList<>();
        for (int i = from; i < recent.size(); i++) {
            int h = index.idOf(recent.get(i));
            if (h >= 0 && !ids.contains(h)) {
                ids.add(h);
                history.add(recent.get(i));
            }
        }
        boolean cosine = scorer.similarity() == CooccurrenceScorer.Similarity.COSINE;
        double[][] values = new double[candidates.length][ids.size()];
        for (int c = 0; c < candidates.length; c++) {
            int j = candidates[c];
            for (int k = 0; k < ids.size(); k++) {
                int h = ids.get(k);
                double co = index.coCount(h, j);
                if (co != 0.0 && cosine) {
                    co /=
                            Math.sqrt(Math.max(1, index.countOf(h)))
                                    * Math.sqrt(Math.max(1, index.countOf(j)));
                }
                values[c][k] = co;
            }
        }
        return new HistoryContributions(history, values);
    }
}
