package org.dynmm.rec.models.eval;

import java.util.Map;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * A method that learns from the replayed stream and keeps per-user state of its own (e.g. the
 * online adapter). The replay calls, for every event in time order: {@link #learn} with the state
 * just before the event, then applies the event to the shared index and profile, then {@link
 * #record}. Test events are {@link #score}d before any of that.
 */
public interface OnlineMethod {
    /** Scores every item of {@code index} for {@code user}; see {@code ItemScorer#score}. */
    void score(ItemStatsIndex index, String user, UserContext context, long now, double[] out);

    /** Learns from {@code user} taking {@code event.item} after {@code before}. */
    void learn(ItemStatsIndex index, String user, UserContext before, InteractionEvent event);

    /** Updates the method's own summaries after the event was applied to {@code index}. */
    void record(ItemStatsIndex index, String user, InteractionEvent event, int coItems);

    /** Figures about the run (e.g. drift), printed next to the metrics. */
    default Map<String, Double> diagnostics() {
        return Map.of();
    }
}
