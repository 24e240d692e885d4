package org.dynmm.rec.models.eval;

import org.dynmm.rec.models.data.InteractionEvent;

/**
 * Receives the rank each method gave each ranked test event of a {@link PrequentialEvaluator}
 * replay, in replay order, so runs over the same events can be compared event by event.
 */
@FunctionalInterface
public interface RankListener {
    /**
     * @param method the method's name, as in the report
     * @param event the test event
     * @param unseenItem whether the event's item had no interaction before the cutoff
     * @param rank 1-based rank of the event's item among the method's candidates
     */
    void onRank(String method, InteractionEvent event, boolean unseenItem, int rank);
}
