package org.dynmm.rec.models.eval;

import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Sees every ranked test event of a {@link PrequentialEvaluator} replay with the state as of just
 * before the event (the state every method ranked from), so extra measurements (explanations,
 * latency) run on exactly the same replay, and every event the replay applies to that state, so an
 * observer can keep per-user state of its own in step with it. Must not change the index.
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

    /**
     * Called after the replay applied {@code event} to its state: every event in time order,
     * training and test alike, duplicates left out (the replay does not apply them, as the job's
     * user-state operator makes no request for them). For a test event this comes after {@link
     * #onTestEvent} for it. Does nothing by default.
     *
     * @param index the item view after the event
     */
    default void onApplied(InteractionEvent event, ItemStatsIndex index) {}
}
