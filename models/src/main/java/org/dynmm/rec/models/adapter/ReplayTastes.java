package org.dynmm.rec.models.adapter;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.eval.ReplayObserver;
import org.dynmm.rec.models.eval.RequestShifts;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.explain.InterestShiftSource;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Every user's recent-taste summary ({@link UserTaste}) along a prequential replay, kept as the
 * adapted ranker keeps it: each applied event is recorded into its user's summary ({@link
 * UserTaste#recordInteraction}, the ranker's call for a request's triggering interaction), and a
 * list is explained with the summary's shifts first and {@code fallback}'s for the other candidates
 * ({@link UserTaste#shifts(ExplainSettings, long, InterestShiftSource)}, the ranker's call).
 *
 * <p>The replay ranks a test event from the state just before it, which in the job is the state
 * after the user's previous request recorded its trigger: the summary a list is explained with
 * holds every earlier event of the user and not the test event itself, which is recorded after the
 * list ({@link #onApplied}). Register it with the replay before it runs so it sees the training
 * events too. Not thread-safe; one instance per replay.
 */
public final class ReplayTastes implements ReplayObserver, RequestShifts {
    private final ExplainSettings settings;
    private final InterestShiftSource fallback;
    private final Map<String, UserTaste> tastes = new HashMap<>();

    /**
     * @param settings the explanation settings (attribute keys, least rise, recent window)
     * @param fallback shifts for candidates the summary reports none for (the explainer's own)
     */
    public ReplayTastes(ExplainSettings settings, InterestShiftSource fallback) {
        this.settings = Objects.requireNonNull(settings);
        this.fallback = Objects.requireNonNull(fallback);
    }

    @Override
    public void onTestEvent(
            InteractionEvent event, UserContext user, ItemStatsIndex index, boolean[] excluded) {
        // The list for this event is explained from the summary as it is: nothing to update.
    }

    @Override
    public void onApplied(InteractionEvent event, ItemStatsIndex index) {
        UserTaste taste = tastes.get(event.user);
        if (taste == null) {
            taste = new UserTaste();
        }
        if (taste.recordInteraction(index, event.item, event.ts, settings)) {
            tastes.put(event.user, taste);
        }
    }

    @Override
    public InterestShiftSource forRequest(InteractionEvent event, ItemStatsIndex index) {
        UserTaste taste = tastes.get(event.user);
        return (taste == null ? new UserTaste() : taste).shifts(settings, event.ts, fallback);
    }

    /** The user's summary (a copy), or null before the user's first recorded event. */
    public UserTaste tasteOf(String user) {
        UserTaste taste = tastes.get(user);
        return taste == null ? null : taste.copy();
    }

    /** Users with a summary. */
    public int users() {
        return tastes.size();
    }
}
