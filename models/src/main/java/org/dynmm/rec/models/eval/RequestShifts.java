package org.dynmm.rec.models.eval;

import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.explain.InterestShiftSource;
import org.dynmm.rec.models.ranking.ItemStatsIndex;

/**
 * Where a replayed request's interest shifts come from, when not from the explainer's own source:
 * e.g. the user's recent-taste summary, as the adapted ranker explains with.
 */
@FunctionalInterface
public interface RequestShifts {
    /**
     * The shift source for the list ranked for {@code event}'s user from the state just before
     * {@code event}; null: the explainer's own source.
     */
    InterestShiftSource forRequest(InteractionEvent event, ItemStatsIndex index);
}
