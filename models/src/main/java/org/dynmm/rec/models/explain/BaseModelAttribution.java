package org.dynmm.rec.models.explain;

import java.util.ArrayList;
import java.util.List;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Leave-one-out split of the frozen base score {@code h_u . z_j}: history item h contributes {@code
 * h_u . z_j - h_{u without h} . z_j}, the score the item loses when h leaves the history the user
 * encoder reads. The encoder (attention pooling or self-attention) is not additive, so this is the
 * counterfactual definition; it costs one encoder pass per history item, not a catalog rescore, and
 * attention pooling computes each item's attention key once for all the passes.
 */
public final class BaseModelAttribution implements HistoryAttribution {
    private static final long serialVersionUID = 1L;

    private final BaseModelScorer scorer;

    public BaseModelAttribution(BaseModelScorer scorer) {
        this.scorer = scorer;
    }

    @Override
    public HistoryContributions contributions(
            ItemStatsIndex index, UserContext user, long now, int[] candidates) {
        List<String> recent = user.recentItems();
        // Only the items the encoder reads: the last L that have a latent.
        List<String> history = new ArrayList<>();
        int keep = scorer.model().historyLength();
        for (int i = recent.size() - 1; i >= 0 && history.size() < keep; i--) {
            int id = index.idOf(recent.get(i));
            if (id >= 0
                    && scorer.itemLatent(index, id) != null
                    && !history.contains(recent.get(i))) {
                history.add(0, recent.get(i));
            }
        }
        float[][] z = new float[candidates.length][];
        for (int c = 0; c < candidates.length; c++) {
            z[c] = scorer.itemLatent(index, candidates[c]);
        }
        float[] full = scorer.userLatent(index, user);
        // h_u without each history item in turn, equal to userLatent of the counterfactual
        // context (Counterfactuals.without), with each item's attention key computed once.
        float[][] withouts = scorer.userLatentsWithout(index, user, history);
        double[][] values = new double[candidates.length][history.size()];
        for (int k = 0; k < history.size(); k++) {
            float[] without = withouts[k];
            for (int c = 0; c < candidates.length; c++) {
                if (z[c] != null) {
                    values[c][k] = dot(full, z[c]) - dot(without, z[c]);
                }
            }
        }
        return new HistoryContributions(history, values);
    }

    private static double dot(float[] a, float[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s += (double) a[i] * b[i];
        }
        return s;
    }
}
