package org.dynmm.rec.operators.ranking;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.base.BatchScorer;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.explain.RecommendationExplainer;
import org.dynmm.rec.operators.metrics.RankerMetrics;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ranks requests with the frozen base model in micro-batches on a DJL device ({@link BatchScorer}):
 * requests of all keys are buffered per parallel instance and scored together when {@link
 * BatchedRankerConfig#batchSize()} are waiting, or when the first of them has waited {@link
 * BatchedRankerConfig#batchTimeout()} (a processing-time timer; the deadline is also checked on
 * every input of either side). Each request gets exactly the list the per-request ranker gives
 * ({@code Ranker.topN} with a {@code BaseModelScorer} over the same bundle and item view): one
 * {@link Recommendation} per request, in arrival order, its items cut before the first item the
 * model has no latent for, {@code modelVersion} = the bundle's.
 *
 * <p>The item view is {@link BaselineRankerFunction}'s broadcast state ({@link
 * BaselineRankerFunction#ITEM_INDEX}, same entry key, updated by the same {@code apply}); before
 * the first update it is the bundle's catalog.
 *
 * <p>Exactly-once: requests still buffered at a checkpoint are written to operator list state and
 * re-buffered on restore as overdue, so they are scored by the first timer, request or item update
 * after the restore. (Their timer is keyed state and comes back with its key group; after a rescale
 * a restored buffer may wait for the next input instead.) Recommendations emitted by a flush carry
 * the timestamp of the input that triggered it (none when a timer did).
 *
 * <p>Metrics: counters {@code rankerBatches}, {@code rankerRequests} (also {@code
 * recommendationsEmitted}, as the baseline), {@code rankerExactFallbacks}; gauges {@code
 * rankerLastBatchSize}, {@code rankerLastBatchMillis} (scoring time of the last batch) and {@code
 * rankerBufferedRequests}.
 */
public class BatchedRankerFunction
        extends KeyedBroadcastProcessFunction<String, ScoreRequest, ItemUpdate, Recommendation>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(BatchedRankerFunction.class);

    /** The broadcast entry holding the item view: the same as {@link BaselineRankerFunction}'s. */
    static final String INDEX_KEY = "index";

    /** No request buffered, so no deadline. */
    private static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Restored requests: flush at the first chance. */
    private static final long OVERDUE = Long.MIN_VALUE;

    static final ListStateDescriptor<ScoreRequest> BUFFER =
            new ListStateDescriptor<>(
                    "batched-ranker-buffer", TypeInformation.of(ScoreRequest.class));

    private final BatchedRankerConfig config;
    private final ExplainConfig explainConfig;

    /** Null when explanations are off. */
    private transient RecommendationExplainer explainer;

    private transient BaseModel model;
    private transient BatchScorer scorer;

    /** The item view before the first item update: the bundle's catalog. */
    private transient ItemStatsIndex seedIndex;

    private transient List<ScoreRequest> buffer;
    private transient long deadline;
    private transient ListState<ScoreRequest> bufferState;

    private transient Counter batchCounter;
    private transient Counter requestCounter;
    private transient Counter emitted;
    private transient Counter fallbackCounter;
    private transient RankerMetrics rankerMetrics;
    private transient volatile int lastBatchSize;
    private transient volatile long lastBatchMillis;
    private transient volatile int buffered;

    /** A batched ranker without explanations. */
    public BatchedRankerFunction(BatchedRankerConfig config) {
        this(config, ExplainConfig.disabled());
    }

    /** A batched ranker that explains its lists as {@code explainConfig} says. */
    public BatchedRankerFunction(BatchedRankerConfig config, ExplainConfig explainConfig) {
        this.config = config;
        this.explainConfig = explainConfig;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        bufferState = context.getOperatorStateStore().getListState(BUFFER);
        buffer = new ArrayList<>();
        deadline = NO_DEADLINE;
        if (context.isRestored()) {
            for (ScoreRequest request : bufferState.get()) {
                buffer.add(request);
            }
            if (!buffer.isEmpty()) {
                deadline = OVERDUE;
                LOG.info("restored {} buffered score requests; scoring them first", buffer.size());
            }
        }
        buffered = buffer.size();
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        bufferState.update(new ArrayList<>(buffer));
    }

    @Override
    public void open(OpenContext openContext) {
        Path path = Path.of(config.bundlePath());
        try {
            model = BaseModel.load(ModelBundles.read(path));
            model.popularityPrior()
                    .requireHalfLife(config.popularityHalfLife(), model.modelVersion());
        } catch (BundleException | IllegalArgumentException | java.io.UncheckedIOException e) {
            throw new IllegalStateException(
                    "batched ranker: cannot load the model bundle "
                            + path.toAbsolutePath()
                            + ": "
                            + e.getMessage(),
                    e);
        }
        scorer = new BatchScorer(model, config.device());
        // Explanations read the same model in plain Java (attribution, latents).
        explainer = RecommendationExplainer.create(explainConfig, new BaseModelScorer(model));
        seedIndex = newIndex();
        scorer.setItems(seedIndex);
        if (buffer == null) { // not run by an operator that initializes state (plain tests)
            buffer = new ArrayList<>();
            deadline = NO_DEADLINE;
        }
        var metrics = getRuntimeContext().getMetricGroup();
        batchCounter = metrics.counter("rankerBatches");
        requestCounter = metrics.counter("rankerRequests");
        emitted = metrics.counter("recommendationsEmitted");
        fallbackCounter = metrics.counter("rankerExactFallbacks");
        rankerMetrics = RankerMetrics.register(metrics, emitted);
        metrics.gauge("rankerLastBatchSize", (Gauge<Integer>) () -> lastBatchSize);
        metrics.gauge("rankerLastBatchMillis", (Gauge<Long>) () -> lastBatchMillis);
        metrics.gauge("rankerBufferedRequests", (Gauge<Integer>) () -> buffered);
        LOG.info(
                "batched ranker: {} on {}, batches of {} or {} ms",
                model,
                scorer.device(),
                config.batchSize(),
                config.batchTimeout().toMillis());
    }

    @Override
    public void close() throws Exception {
        if (scorer != null) {
            scorer.close();
            scorer = null;
        }
        super.close();
    }

    @Override
    public void processElement(
            ScoreRequest request, ReadOnlyContext ctx, Collector<Recommendation> out)
            throws Exception {
        if (request.isForget()) {
            return; // buffered requests are operator state, not the user's; nothing to erase
        }
        long now = ctx.timerService().currentProcessingTime();
        buffer.add(request);
        if (deadline == NO_DEADLINE) {
            deadline = now + config.batchTimeout().toMillis();
            ctx.timerService().registerProcessingTimeTimer(deadline);
        }
        buffered = buffer.size();
        if (buffer.size() >= config.batchSize() || now >= deadline) {
            flush(ctx.getBroadcastState(BaselineRankerFunction.ITEM_INDEX).get(INDEX_KEY), out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Recommendation> out)
            throws Exception {
        // Timers of batches already flushed by size fire too; only the current deadline counts.
        if (!buffer.isEmpty() && timestamp >= deadline) {
            flush(ctx.getBroadcastState(BaselineRankerFunction.ITEM_INDEX).get(INDEX_KEY), out);
        }
    }

    @Override
    public void processBroadcastElement(
            ItemUpdate update, Context ctx, Collector<Recommendation> out) throws Exception {
        BroadcastState<String, ItemStatsIndex> state =
                ctx.getBroadcastState(BaselineRankerFunction.ITEM_INDEX);
        ItemStatsIndex index = state.get(INDEX_KEY);
        if (!buffer.isEmpty() && ctx.currentProcessingTime() >= deadline) {
            flush(index, out); // overdue requests see the view they were buffered under
        }
        if (index == null) {
            index = newIndex();
            state.put(INDEX_KEY, index);
        }
        // Broadcast state is heap-backed: mutating the held index in place updates the state.
        BaselineRankerFunction.apply(index, update);
    }

    private ItemStatsIndex newIndex() {
        ItemStatsIndex index = new ItemStatsIndex(config.popularityHalfLife());
        for (String item : model.itemIds()) {
            index.register(item);
        }
        return index;
    }

    /** Scores every buffered request, in chunks of at most the batch size, and emits the lists. */
    private void flush(ItemStatsIndex index, Collector<Recommendation> out) {
        if (index == null) {
            index = seedIndex;
        }
        List<ScoreRequest> pending = buffer;
        buffer = new ArrayList<>(config.batchSize());
        deadline = NO_DEADLINE;
        buffered = 0;
        for (int from = 0; from < pending.size(); from += config.batchSize()) {
            List<ScoreRequest> batch =
                    pending.subList(from, Math.min(pending.size(), from + config.batchSize()));
            long start = System.nanoTime();
            long fallbacksBefore = scorer.fallbacks();
            List<UserContext> users = new ArrayList<>(batch.size());
            long[] nows = new long[batch.size()];
            for (ScoreRequest request : batch) {
                nows[users.size()] = request.ts;
                users.add(UserContext.of(request.recentItems, request.seenItems));
            }
            List<List<ScoredItem>> tops = scorer.topK(index, users, nows, config.topN());
            long took = System.nanoTime() - start;
            rankerMetrics.scored(batch.size(), took);
            lastBatchMillis = took / 1_000_000;
            lastBatchSize = batch.size();
            batchCounter.inc();
            requestCounter.inc(batch.size());
            fallbackCounter.inc(scorer.fallbacks() - fallbacksBefore);
            for (int i = 0; i < batch.size(); i++) {
                Recommendation rec =
                        Recommendation.of(batch.get(i), tops.get(i), model.modelVersion());
                if (explainer != null) {
                    explainer.explain(index, users.get(i), rec);
                }
                out.collect(rec);
                emitted.inc();
            }
        }
    }
}
