package org.dynmm.rec.models.adapter;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.eval.OnlineMethod;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * The frozen base with the online adapter, as the evaluator replays it: the same steps the job's
 * operators take per event (trainer step on the shared adapter for the events {@link
 * TrainingSample} picks, the user's gate step against the published parameters, summaries updated),
 * in one process. Also measures drift: mean {@code ||z - z^base||} over the catalog and mean {@code
 * ||h - h^base||} over the scored requests.
 */
public final class AdaptedBaseMethod implements OnlineMethod {
    private final DynamicAdapter adapter;
    private final OnlineAdapterTrainer trainer;
    private final ItemActivity activity = ItemActivity.withDefaultHalfLives();
    private final Map<String, UserWindow> windows = new HashMap<>();
    private final Map<String, UserGate> gates = new HashMap<>();

    /** Each user's list as ranked for the pending event (the shown-items term's negatives). */
    private final Map<String, List<String>> shown = new HashMap<>();

    private final AdaptedItemTable table;
    private double itemDriftSum;
    private double userDriftSum;
    private double betaSum;
    private long scored;

    public AdaptedBaseMethod(DynamicAdapter adapter) {
        this.adapter = adapter;
        this.trainer = adapter.newTrainer();
        this.table = new AdaptedItemTable(adapter.base(), adapter.config(), true);
    }

    @Override
    public void score(
            ItemStatsIndex index, String user, UserContext context, long now, double[] out) {
        AdapterParameters params = trainer.published();
        table.refresh(index, activity, params, now);
        float[] base = adapter.base().userLatent(index, context);
        UserWindow window = windows.getOrDefault(user, new UserWindow());
        UserGate gate = gates.getOrDefault(user, new UserGate());
        float[] h = adapter.userLatent(params, base, DynamicAdapter.userSummary(window, now), gate);
        table.score(index, h, now, out);
        if (adapter.config().usesShownItems()) {
            shown.put(
                    user,
                    adapter.shownList(
                            Ranker.topN(
                                    index,
                                    out,
                                    Ranker.excludedMask(index, context),
                                    adapter.config().userShownNegatives())));
        }
        double sq = 0;
        for (int k = 0; k < h.length; k++) {
            sq += (double) (h[k] - base[k]) * (h[k] - base[k]);
        }
        userDriftSum += Math.sqrt(sq);
        itemDriftSum += table.meanDrift();
        betaSum += gate.beta(params);
        scored++;
    }

    @Override
    public void learn(
            ItemStatsIndex index, String user, UserContext before, InteractionEvent event) {
        UserWindow window = windows.get(user);
        float[] summary =
                DynamicAdapter.userSummary(window == null ? new UserWindow() : window, event.ts);
        AdapterExample example =
                adapter.example(
                        index, activity, user, before.recentItems(), event.item, event.ts, summary);
        if (example == null) {
            return;
        }
        if (TrainingSample.takes(adapter.config(), user, event.item, event.ts)) {
            trainer.step(example);
        }
        AdapterParameters params = trainer.published();
        gates.computeIfAbsent(user, u -> new UserGate())
                .step(
                        params,
                        example.userBase(),
                        example.userSummary(),
                        adapter.adaptedItems(params, example, index, table),
                        example.corrections(),
                        adapter.shownItems(
                                index, activity, params, example, shown.remove(user), event.ts),
                        adapter.config());
    }

    @Override
    public void record(ItemStatsIndex index, String user, InteractionEvent event, int coItems) {
        activity.record(index.idOf(event.item), event.ts, coItems);
        windows.computeIfAbsent(user, u -> new UserWindow()).record(event.ts);
    }

    @Override
    public Map<String, Double> diagnostics() {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("mean-item-drift", scored == 0 ? 0.0 : itemDriftSum / scored);
        d.put("mean-user-drift", scored == 0 ? 0.0 : userDriftSum / scored);
        d.put("mean-beta", scored == 0 ? 0.0 : betaSum / scored);
        d.put("trainer-steps", (double) trainer.steps());
        d.put("trainer-rejected", (double) trainer.rejected());
        d.put("parameter-version", (double) trainer.published().version());
        return d;
    }
}
