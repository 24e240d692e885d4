package org.dynmm.rec.models.eval;

import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Sees every ranked test event of a {@link PrequentialEvaluator} replay with the state as of just
 * before the event (the state every method ranked from), so extra measurements (explanations,
 * latency) run on exactly the same replay. Must not change the index.
 */
public interface ReplayObserver {
    /**
     * @param event the test event about to be applied
     * @param user the user's context the methods ranked with
     * @param index the item view before the event
     * @param excluded {@code excluded[id]}: the user has taken the item
     */
    void onTestEvent(
            InteractionEvent event, UserContext user, ItemStatsIndex index, boolean[] excluded);
}
