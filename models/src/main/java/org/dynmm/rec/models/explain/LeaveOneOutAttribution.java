package org.dynmm.rec.models.explain;

import java.util.ArrayList;
import java.util.List;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Leave-one-out split for any {@link ItemScorer}: history item h contributes the candidate's score
 * minus its score with h removed from the user's recent items. Costs one full catalog scoring per
 * history item, so scorers with a cheaper exact split have their own attribution.
 */
public final class LeaveOneOutAttribution implements HistoryAttribution {
    private static final long serialVersionUID = 1L;

    private final ItemScorer scorer;

    public LeaveOneOutAttribution(ItemScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public HistoryContributions contributions(
            ItemStatsIndex index, UserContext user, long now, int[] candidates) {
        List<String> history = new ArrayList<>();
        for (String item : user.recentItems()) {
            if (!history.contains(item)) {
                history.add(item);
            }
        }
        double[] full = new double[index.size()];
        scorer.score(index, user, now, full);
        double[] without = new double[index.size()];
        double[][] values = new double[candidates.length][history.size()];
        for (int k = 0; k < history.size(); k++) {
            scorer.score(index, Counterfactuals.without(user, history.get(k)), now, without);
            for (int c = 0; c < candidates.length; c++) {
                double delta = full[candidates[c]] - without[candidates[c]];
                values[c][k] = Double.isFinite(delta) ? delta : 0.0;
            }
        }
        return new HistoryContributions(history, values);
    }
}
