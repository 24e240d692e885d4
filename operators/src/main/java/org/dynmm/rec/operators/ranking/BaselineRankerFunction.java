package org.dynmm.rec.operators.ranking;

import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeutils.base.StringSerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.explain.RecommendationExplainer;
import org.dynmm.rec.operators.metrics.RankerMetrics;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.dynmm.rec.operators.state.ItemStatsIndexSerializer;

/**
 * Ranks all known items for each request with a stream-computed baseline (time-decayed popularity
 * or co-interaction kNN), excluding items the user has taken. The global item view (catalog,
 * popularity, co-interaction counts) arrives on the broadcast side and lives in broadcast state,
 * one copy per parallel instance; its updates commute, so instances agree whatever their order.
 *
 * <p>With explanations on, each list's items get evidence, a realized rationale and its
 * verification from the same index and user context ({@link RecommendationExplainer}); counter
 * {@code rationalesUnverified} counts rationales that failed verification.
 */
public class BaselineRankerFunction
        extends KeyedBroadcastProcessFunction<String, ScoreRequest, ItemUpdate, Recommendation> {
    private static final long serialVersionUID = 1L;

    /** The single entry of the broadcast state that holds the item view. */
    public static final String INDEX_KEY = "index";

    public static final MapStateDescriptor<String, ItemStatsIndex> ITEM_INDEX =
            new MapStateDescriptor<>(
                    "item-stats-index",
                    StringSerializer.INSTANCE,
                    ItemStatsIndexSerializer.INSTANCE);

    private final RankerConfig config;
    private final ExplainConfig explainConfig;

    private transient ItemScorer scorer;
    private transient String modelVersion;

    /** Items every index starts with: the model bundle's catalog, so all of it is rankable. */
    private transient List<String> seedItems;

    /** Stands in for the broadcast index until the first item update arrives. */
    private transient ItemStatsIndex seedIndex;

    private transient Counter recommendations;
    private transient RankerMetrics rankerMetrics;

    /** Null when explanations are off. */
    private transient RecommendationExplainer explainer;

    private transient Counter unverified;

    /** A ranker without explanations. */
    public BaselineRankerFunction(RankerConfig config) {
        this(config, ExplainConfig.disabled());
    }

    /** A ranker that explains its lists as {@code explainConfig} says. */
    public BaselineRankerFunction(RankerConfig config, ExplainConfig explainConfig) {
        this.config = config;
        this.explainConfig = explainConfig;
    }

    @Override
    public void open(OpenContext openContext) {
        scorer = config.scorer();
        modelVersion = config.modelVersion(scorer);
        seedItems =
                scorer instanceof BaseModelScorer
                        ? ((BaseModelScorer) scorer).model().itemIds()
                        : List.of();
        seedIndex = newIndex();
        recommendations = getRuntimeContext().getMetricGroup().counter("recommendationsEmitted");
        rankerMetrics =
                RankerMetrics.register(getRuntimeContext().getMetricGroup(), recommendations);
        explainer = RecommendationExplainer.create(explainConfig, scorer);
        unverified = getRuntimeContext().getMetricGroup().counter("rationalesUnverified");
    }

    @Override
    public void processElement(
            ScoreRequest request, ReadOnlyContext ctx, Collector<Recommendation> out)
            throws Exception {
        if (request.isForget()) {
            return; // no per-user state here, and no list for a forgotten user
        }
        ItemStatsIndex index = ctx.getBroadcastState(ITEM_INDEX).get(INDEX_KEY);
        long start = System.nanoTime();
        Recommendation recommendation = recommend(index == null ? seedIndex : index, request);
        rankerMetrics.scored(1, System.nanoTime() - start);
        out.collect(recommendation);
        recommendations.inc();
    }

    @Override
    public void processBroadcastElement(
            ItemUpdate update, Context ctx, Collector<Recommendation> out) throws Exception {
        BroadcastState<String, ItemStatsIndex> state = ctx.getBroadcastState(ITEM_INDEX);
        ItemStatsIndex index = state.get(INDEX_KEY);
        if (index == null) {
            index = newIndex();
            state.put(INDEX_KEY, index);
        }
        // Broadcast state is heap-backed: mutating the held index in place updates the state.
        apply(index, update);
    }

    private ItemStatsIndex newIndex() {
        ItemStatsIndex index = new ItemStatsIndex(config.popularityHalfLife());
        seedItems.forEach(index::register);
        return index;
    }

    /** Applies a content or interaction update to an item index; adapter versions are ignored. */
    public static void apply(ItemStatsIndex index, ItemUpdate update) {
        if (update.adapter != null) {
            return; // adapter versions are for the adapted ranker
        }
        if (update.content != null) {
            index.putContent(update.content);
            if (update.latent != null) {
                index.putLatent(update.content.item, update.latent);
            }
        } else {
            index.recordInteraction(update.item, update.ts, update.coItems);
        }
    }

    private Recommendation recommend(ItemStatsIndex index, ScoreRequest request) {
        UserContext user = UserContext.of(request.recentItems, request.seenItems);
        List<ScoredItem> top = Ranker.topN(index, scorer, user, request.ts, config.topN());
        Recommendation rec = Recommendation.of(request, top, modelVersion);
        if (explainer != null) {
            unverified.inc(explainer.explain(index, user, rec));
        }
        return rec;
    }
}
