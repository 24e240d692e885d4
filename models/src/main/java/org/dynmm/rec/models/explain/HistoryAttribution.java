package org.dynmm.rec.models.explain;

import java.io.Serializable;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.PopularityScorer;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Splits a scorer's score of a candidate into the parts each history item is responsible for, so a
 * rationale can cite the history items that raise the score most, with their share. Each scorer has
 * its own well-defined split (see {@link #forScorer}).
 */
public interface HistoryAttribution extends Serializable {

    /** Contributions of the user's history items to each of {@code candidates} (dense ids). */
    HistoryContributions contributions(
            ItemStatsIndex index, UserContext user, long now, int[] candidates);

    /**
     * The split that fits {@code scorer}: exact per-history-item terms for co-occurrence (its score
     * is a sum over history items), leave-one-out through the user encoder for the frozen base
     * ({@code h_u . z_i} is not additive over history items), none for popularity (it ignores
     * history) and full leave-one-out rescoring for any other scorer.
     */
    static HistoryAttribution forScorer(ItemScorer scorer) {
        if (scorer instanceof CooccurrenceScorer) {
            return new CooccurrenceAttribution((CooccurrenceScorer) scorer);
        }
        if (scorer instanceof BaseModelScorer) {
            return new BaseModelAttribution((BaseModelScorer) scorer);
        }
        if (scorer instanceof PopularityScorer) {
            return (index, user, now, candidates) -> HistoryContributions.none(candidates.length);
        }
        return new LeaveOneOutAttribution(scorer);
    }
}
