package org.dynmm.rec.operators.adapter;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.adapter.AdaptedItemTable;
import org.dynmm.rec.models.adapter.AdapterConfig;
import org.dynmm.rec.models.adapter.AdapterExample;
import org.dynmm.rec.models.adapter.AdapterParameters;
import org.dynmm.rec.models.adapter.DynamicAdapter;
import org.dynmm.rec.models.adapter.ItemActivity;
import org.dynmm.rec.models.adapter.UserGate;
import org.dynmm.rec.models.adapter.UserTaste;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.explain.InterestShiftSource;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.explain.RecommendationExplainer;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.dynmm.rec.operators.state.AdaptedItemViewSerializer;
import org.dynmm.rec.operators.state.IdleStateTtl;
import org.dynmm.rec.operators.state.ShownListSerializer;
import org.dynmm.rec.operators.state.UserGateSerializer;
import org.dynmm.rec.operators.state.UserTasteSerializer;

/**
 * Ranks with the frozen base adapted online: {@code h_u = h_u^base + beta_u g(h_u^base, s_u^new)}
 * against {@code z_i = z_i^base + alpha_i g(z_i^base, s_i^new)}, with the latest adapter version
 * the trainer published. Each user's gate offset ({@code beta_u}) lives in keyed state and takes
 * one step per interaction, on the taken item against sampled negatives, before the user's new list
 * is ranked.
 *
 * <p>The broadcast side holds the item view ({@link BaselineRankerFunction#ITEM_INDEX}), item
 * activity ({@link #ITEM_ACTIVITY}) and the current parameters ({@link #ADAPTER_PARAMETERS});
 * adapted item latents are cached per instance and recomputed when one of those changes.
 */
public class AdaptedRankerFunction
        extends KeyedBroadcastProcessFunction<String, ScoreRequest, ItemUpdate, Recommendation> {
    private static final long serialVersionUID = 1L;
    private static final String VIEW_KEY = "view";

    /** The ranker's whole item view, one entry. */
    public static final MapStateDescriptor<String, AdaptedItemView> ITEM_VIEW =
            new MapStateDescriptor<>(
                    "adapted-item-view",
                    StringSerializer.INSTANCE,
                    AdaptedItemViewSerializer.INSTANCE);

    public static final String GATE_STATE = "user-adapter-gate";
    public static final String SHOWN_STATE = "user-adapter-shown";

    /**
     * The user's recent-taste summary (attribute half of {@code s_u^new}), with explanations on.
     */
    public static final String TASTE_STATE = "user-taste";

    /**
     * Requests waiting for the watermark, by event time: each timer reads and removes only its own
     * entry, so a request is written and read once however many of the user's requests wait.
     */
    public static final String PENDING_REQUESTS_STATE = "pending-score-requests-by-time";

    private static final Comparator<ScoreRequest> REQUEST_ORDER =
            Comparator.<ScoreRequest>comparingLong(r -> r.ts)
                    .thenComparing(r -> Objects.toString(r.triggerItem));

    private final String bundlePath;
    private final AdapterConfig config;
    private final int topN;
    private final Duration popularityHalfLife;
    private final Duration userStateTtl;
    private final ExplainConfig explainConfig;

    private transient DynamicAdapter adapter;
    private transient AdaptedItemTable table;
    private transient AdapterParameters initial;
    private transient ItemStatsIndex seedIndex;
    private transient MapState<Long, List<ScoreRequest>> pendingRequests;
    private transient String modelVersion;
    private transient ValueState<UserGate> gateState;
    private transient ValueState<List<String>> shownState;
    private transient Counter recommendations;
    private transient Counter gateSteps;
    private transient RecommendationExplainer explainer;
    private transient ValueState<UserTaste> tasteState;
    private transient Counter unverified;

    public AdaptedRankerFunction(
            String bundlePath,
            AdapterConfig config,
            int topN,
            Duration popularityHalfLife,
            Duration userStateTtl,
            ExplainConfig explainConfig) {
        this.bundlePath = bundlePath;
        this.userStateTtl = userStateTtl;
        this.explainConfig = explainConfig;
        this.config = config;
        this.topN = topN;
        this.popularityHalfLife = popularityHalfLife;
    }

    /** The user's gate state, expiring with the rest of the user's state after {@code ttl}. */
    public static ValueStateDescriptor<UserGate> gateDescriptor(Duration ttl) {
        return IdleStateTtl.apply(
                new ValueStateDescriptor<>(GATE_STATE, UserGateSerializer.INSTANCE), ttl);
    }

    /**
     * The first items of the list last emitted for the user (the shown-items term's negatives at
     * the user's next interaction, {@link AdapterConfig#userShownNegatives}), expiring with the
     * rest of the user's state.
     */
    public static ValueStateDescriptor<List<String>> shownDescriptor(Duration ttl) {
        return IdleStateTtl.apply(
                new ValueStateDescriptor<>(SHOWN_STATE, ShownListSerializer.INSTANCE), ttl);
    }

    /** Requests waiting for the watermark, by event time. */
    public static MapStateDescriptor<Long, List<ScoreRequest>> pendingRequestsDescriptor() {
        return new MapStateDescriptor<>(
                PENDING_REQUESTS_STATE,
                Types.LONG,
                Types.LIST(TypeInformation.of(ScoreRequest.class)));
    }

    @Override
    public void open(OpenContext openContext) {
        BaseModel base = BaseModel.load(ModelBundles.read(Path.of(bundlePath)));
        // The bundle's popularity prior reads this ranker's popularity: same half-life.
        base.popularityPrior().requireHalfLife(popularityHalfLife, base.modelVersion());
        adapter = new DynamicAdapter(new BaseModelScorer(base), config);
        // Drift is the evaluator's diagnostic; the ranker does not keep it.
        table = new AdaptedItemTable(adapter.base(), config, false);
        initial = adapter.newTrainer().published();
        seedIndex = new ItemStatsIndex(popularityHalfLife);
        base.itemIds().forEach(seedIndex::register);
        pendingRequests = getRuntimeContext().getMapState(pendingRequestsDescriptor());
        modelVersion = base.modelVersion() + "+adapter";
        gateState = getRuntimeContext().getState(gateDescriptor(userStateTtl));
        shownState = getRuntimeContext().getState(shownDescriptor(userStateTtl));
        recommendations = getRuntimeContext().getMetricGroup().counter("recommendationsEmitted");
        gateSteps = getRuntimeContext().getMetricGroup().counter("adapterUserGateSteps");
        // Evidence is read through the frozen base (history attribution, joint-space similarity);
        // the adapter moves latents by a small, stability-bounded drift.
        explainer = RecommendationExplainer.create(explainConfig, adapter.base());
        unverified = getRuntimeContext().getMetricGroup().counter("rationalesUnverified");
        if (explainer != null) {
            tasteState = getRuntimeContext().getState(tasteDescriptor(userStateTtl));
        }
    }

    @VisibleForTesting
    public static ValueStateDescriptor<UserTaste> tasteDescriptor(Duration ttl) {
        return IdleStateTtl.apply(
                new ValueStateDescriptor<>(TASTE_STATE, UserTasteSerializer.INSTANCE), ttl);
    }

    @Override
    public void processElement(
            ScoreRequest request, ReadOnlyContext ctx, Collector<Recommendation> out)
            throws Exception {
        if (request.isForget()) {
            // Right to be forgotten: the user's gate and waiting requests go; no list is made.
            gateState.clear();
            shownState.clear();
            pendingRequests.clear();
            if (tasteState != null) {
                tasteState.clear();
            }
            return;
        }
        List<ScoreRequest> waiting = pendingRequests.get(request.ts);
        if (waiting == null) {
            waiting = new ArrayList<>(1);
        }
        waiting.add(request);
        pendingRequests.put(request.ts, waiting);
        ctx.timerService().registerEventTimeTimer(request.ts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Recommendation> out)
            throws Exception {
        // Each request registered a timer at its own time and timers fire in time order, so the
        // requests due now are exactly this entry (earlier ones were served by earlier timers).
        List<ScoreRequest> due = pendingRequests.get(timestamp);
        if (due == null || due.isEmpty()) {
            return;
        }
        pendingRequests.remove(timestamp);
        due.sort(REQUEST_ORDER);
        AdaptedItemView view = ctx.getBroadcastState(ITEM_VIEW).get(VIEW_KEY);
        for (ScoreRequest request : due) {
            if (view != null) {
                // Heap broadcast state: advancing the held view in place updates the state.
                view.advanceTo(request.ts);
            }
            out.collect(recommend(view, request));
            recommendations.inc();
        }
    }

    private Recommendation recommend(AdaptedItemView view, ScoreRequest request) throws Exception {
        ItemStatsIndex index = view == null ? seedIndex : view.index();
        ItemActivity activity = view == null ? null : view.activity();
        if (activity == null) {
            activity = ItemActivity.withDefaultHalfLives();
        }
        AdapterParameters params =
                view == null || view.parameters() == null ? initial : view.parameters();

        UserGate gate = gateState.value();
        if (gate == null) {
            gate = new UserGate();
        }
        UserContext user = UserContext.of(request.recentItems, request.seenItems);
        List<String> before = historyBefore(request);
        float[] userBase;
        if (before == null) {
            userBase = adapter.base().userLatent(index, user);
        } else {
            // h_u^base after the event (to rank) and before it (the gate's example) in one pass.
            float[][] both =
                    before.size() < request.recentItems.size()
                            ? adapter.base()
                                    .userLatentsWithAndWithoutLast(index, request.recentItems)
                            : new float[][] {adapter.base().userLatent(index, user), null};
            userBase = both[0];
            float[] beforeBase = both[1] != null ? both[1] : both[0].clone();
            if (learnGate(index, activity, params, request, before, beforeBase, gate)) {
                gateState.update(gate);
                gateSteps.inc();
            }
        }

        float[] summary =
                request.userSummary == null
                        ? new float[params.layout().summaryDim()]
                        : request.userSummary;
        float[] h = adapter.userLatent(params, userBase, summary, gate);
        table.refresh(index, activity, params, request.ts);
        AdaptedItemTable scores = table;
        List<ScoredItem> top =
                Ranker.topN(
                        index,
                        (idx, u, now, buffer) -> scores.score(idx, h, now, buffer),
                        user,
                        request.ts,
                        topN);
        if (config.usesShownItems()) {
            shownState.update(adapter.shownList(top));
        }
        Recommendation rec =
                Recommendation.of(request, top, modelVersion + "-v" + params.version());
        if (explainer != null) {
            unverified.inc(explainer.explain(index, user, rec, shifts(index, request)));
        }
        return rec;
    }

    /**
     * Interest shifts from the user's recent-taste summary, updated with the triggering interaction
     * first; the history-based shifts for candidates it reports none for.
     */
    private InterestShiftSource shifts(ItemStatsIndex index, ScoreRequest request)
            throws Exception {
        ExplainSettings settings = explainConfig.settings();
        UserTaste taste = tasteState.value();
        if (taste == null) {
            taste = new UserTaste();
        }
        if (taste.recordInteraction(index, request.triggerItem, request.ts, settings)) {
            tasteState.update(taste);
        }
        return taste.shifts(settings, request.ts, explainer.explainer().shifts());
    }

    /**
     * The user's history just before the interaction that triggered {@code request} (the request's
     * history ends with the trigger), or null when the request teaches the gate nothing.
     */
    private static List<String> historyBefore(ScoreRequest request) {
        List<String> recent = request.recentItems;
        if (request.triggerItem == null || request.userSummaryBefore == null || recent.isEmpty()) {
            return null;
        }
        return recent.get(recent.size() - 1).equals(request.triggerItem)
                ? recent.subList(0, recent.size() - 1)
                : recent;
    }

    /**
     * One step of the user's gate on the interaction that triggered the request, from the history
     * {@code before} it, whose base latent is {@code beforeBase}.
     */
    private boolean learnGate(
            ItemStatsIndex index,
            ItemActivity activity,
            AdapterParameters params,
            ScoreRequest request,
            List<String> before,
            float[] beforeBase,
            UserGate gate)
            throws Exception {
        AdapterExample example =
                adapter.example(
                        index,
                        activity,
                        request.user,
                        before,
                        request.triggerItem,
                        request.ts,
                        request.userSummaryBefore,
                        beforeBase);
        if (example == null) {
            return false;
        }
        return gate.step(
                params,
                example.userBase(),
                example.userSummary(),
                adapter.adaptedItems(params, example, index, table),
                example.corrections(),
                config.usesShownItems()
                        ? adapter.shownItems(
                                index, activity, params, example, shownState.value(), request.ts)
                        : null,
                config);
    }

    @Override
    public void processBroadcastElement(
            ItemUpdate update, Context ctx, Collector<Recommendation> out) throws Exception {
        BroadcastState<String, AdaptedItemView> state = ctx.getBroadcastState(ITEM_VIEW);
        AdaptedItemView view = state.get(VIEW_KEY);
        if (view == null) {
            view =
                    new AdaptedItemView(
                            seedIndex.copy(),
                            ItemActivity.withDefaultHalfLives(),
                            null,
                            new PendingItemUpdates());
            state.put(VIEW_KEY, view);
        }
        view.pending().add(update);
    }
}
