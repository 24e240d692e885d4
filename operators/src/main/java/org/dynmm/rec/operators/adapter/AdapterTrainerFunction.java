package org.dynmm.rec.operators.adapter;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.base.array.BytePrimitiveArraySerializer;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.dynmm.rec.models.adapter.AdapterConfig;
import org.dynmm.rec.models.adapter.AdapterExample;
import org.dynmm.rec.models.adapter.DynamicAdapter;
import org.dynmm.rec.models.adapter.ItemActivity;
import org.dynmm.rec.models.adapter.OnlineAdapterTrainer;
import org.dynmm.rec.models.adapter.TrainingSample;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.operators.ranking.BaselineRankerFunction;
import org.dynmm.rec.operators.records.AdapterSnapshot;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.TrainingExample;
import org.dynmm.rec.operators.state.ItemActivitySerializer;
import org.dynmm.rec.operators.state.ItemStatsIndexSerializer;
import org.dynmm.rec.operators.state.PendingItemUpdatesSerializer;

/**
 * The one trainer of the shared adapter (run it at parallelism 1, keyed by one constant key so it
 * has event-time timers): learns from the training examples the user-state operator emits, keeps
 * its own replica of the item view (catalog, text latents, item activity) from the same item
 * updates the rankers get, and emits every published parameter version as an {@link ItemUpdate} for
 * the rankers' broadcast view, stamped with the time of the example that completed it.
 *
 * <p>It learns from the share {@link AdapterConfig#trainerSampleRate()} of the examples that {@link
 * TrainingSample} picks (the evaluator's replay picks the same); the others are dropped on arrival.
 *
 * <p>Aligned with event time: examples and item updates wait until the watermark passes them and
 * are then applied in time order (an example at {@code t} sees the item updates before {@code t}),
 * so the sequence of parameter versions does not depend on how the two parallel user-state
 * instances interleave.
 *
 * <p>Its state (trainer parameters, optimizer moments, EWC anchor, item replica) lives on the heap
 * and is written to operator list state at each checkpoint, so a restore continues exactly where
 * the snapshot was taken. On restore the last published version is re-emitted, so rankers that lost
 * theirs catch up.
 */
public class AdapterTrainerFunction
        extends KeyedCoProcessFunction<Byte, TrainingExample, ItemUpdate, ItemUpdate>
        implements CheckpointedFunction {
    private static final long serialVersionUID = 1L;

    private static final Comparator<TrainingExample> EXAMPLE_ORDER =
            Comparator.<TrainingExample>comparingLong(e -> e.ts)
                    .thenComparing(e -> e.user)
                    .thenComparing(e -> e.item);

    private final String bundlePath;
    private final AdapterConfig config;
    private final Duration popularityHalfLife;

    private transient DynamicAdapter adapter;
    private transient OnlineAdapterTrainer trainer;
    private transient ItemStatsIndex index;
    private transient ItemActivity activity;

    /**
     * Operator list state with the trainer's parameters, optimizer and version, as written by
     * {@code OnlineAdapterTrainer#writeTo} (one entry).
     */
    public static final String TRAINER_STATE = "adapter-trainer";

    private transient ListState<byte[]> trainerState;
    private transient ListState<ItemStatsIndex> indexState;
    private transient ListState<ItemActivity> activityState;
    private transient ListState<TrainingExample> pendingExamplesState;
    private transient ListState<PendingItemUpdates> pendingUpdatesState;

    /** Examples waiting for the watermark, by event time, each time's in arrival order. */
    private transient TreeMap<Long, List<TrainingExample>> pendingExamples;

    private transient PendingItemUpdates pendingUpdates;
    private transient boolean restored;
    private transient Counter steps;
    private transient Counter rejected;
    private transient Counter published;
    private transient Counter notSampled;

    public AdapterTrainerFunction(
            String bundlePath, AdapterConfig config, Duration popularityHalfLife) {
        this.bundlePath = bundlePath;
        this.config = config;
        this.popularityHalfLife = popularityHalfLife;
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        trainerState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        TRAINER_STATE, BytePrimitiveArraySerializer.INSTANCE));
        indexState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "adapter-trainer-items",
                                        ItemStatsIndexSerializer.INSTANCE));
        activityState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "adapter-trainer-activity",
                                        ItemActivitySerializer.INSTANCE));
        pendingExamplesState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "adapter-trainer-pending-examples",
                                        TypeInformation.of(TrainingExample.class)));
        pendingUpdatesState =
                context.getOperatorStateStore()
                        .getListState(
                                new ListStateDescriptor<>(
                                        "adapter-trainer-pending-updates",
                                        PendingItemUpdatesSerializer.INSTANCE));
        pendingExamples = new TreeMap<>();
        pendingExamplesState.get().forEach(this::addPending);
        pendingUpdates = new PendingItemUpdates();
        for (PendingItemUpdates p : pendingUpdatesState.get()) {
            pendingUpdates = p;
        }
        for (byte[] bytes : trainerState.get()) {
            trainer =
                    OnlineAdapterTrainer.readFrom(
                            new DataInputStream(new ByteArrayInputStream(bytes)), config);
            restored = true;
        }
        for (ItemStatsIndex i : indexState.get()) {
            index = i;
        }
        for (ItemActivity a : activityState.get()) {
            activity = a;
        }
    }

    @Override
    public void open(OpenContext openContext) {
        BaseModel base = BaseModel.load(ModelBundles.read(Path.of(bundlePath)));
        adapter = new DynamicAdapter(new BaseModelScorer(base), config);
        if (trainer == null) {
            trainer = adapter.newTrainer();
        }
        if (index == null) {
            index = new ItemStatsIndex(popularityHalfLife);
            base.itemIds().forEach(index::register);
        }
        if (activity == null) {
            activity = ItemActivity.withDefaultHalfLives();
        }
        steps = getRuntimeContext().getMetricGroup().counter("adapterUpdates");
        rejected = getRuntimeContext().getMetricGroup().counter("adapterRejectedExamples");
        published = getRuntimeContext().getMetricGroup().counter("adapterVersionsPublished");
        notSampled = getRuntimeContext().getMetricGroup().counter("adapterExamplesNotSampled");
        getRuntimeContext()
                .getMetricGroup()
                .gauge("adapterVersion", () -> trainer.published().version());
    }

    @Override
    public void processElement1(TrainingExample example, Context ctx, Collector<ItemUpdate> out) {
        if (!sampled(example)) {
            // Decided from the example alone, so it need not wait for the watermark.
            notSampled.inc();
            return;
        }
        addPending(example);
        ctx.timerService().registerEventTimeTimer(example.ts);
    }

    @Override
    public void processElement2(ItemUpdate update, Context ctx, Collector<ItemUpdate> out) {
        pendingUpdates.add(update);
        ctx.timerService().registerEventTimeTimer(update.ts);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<ItemUpdate> out) {
        if (restored) {
            // Rankers restored from the same checkpoint have this version; re-sending is harmless.
            out.collect(ItemUpdate.adapter(AdapterSnapshot.of(trainer.published()), timestamp));
            restored = false;
        }
        for (ItemUpdate update : pendingUpdates.drainBefore(timestamp)) {
            applyItemUpdate(index, activity, update);
        }
        List<TrainingExample> due = new ArrayList<>();
        for (Iterator<List<TrainingExample>> it =
                        pendingExamples.headMap(timestamp, true).values().iterator();
                it.hasNext(); ) {
            due.addAll(it.next());
            it.remove();
        }
        due.sort(EXAMPLE_ORDER);
        for (TrainingExample example : due) {
            learn(example, out);
        }
    }

    /** Whether the trainer learns from {@code example} ({@link TrainingSample}). */
    private boolean sampled(TrainingExample example) {
        return example.user == null
                || example.item == null
                || TrainingSample.takes(config, example.user, example.item, example.ts);
    }

    private void addPending(TrainingExample example) {
        pendingExamples.computeIfAbsent(example.ts, ts -> new ArrayList<>(1)).add(example);
    }

    private void learn(TrainingExample example, Collector<ItemUpdate> out) {
        AdapterExample built =
                example.userSummary == null
                        ? null
                        : adapter.example(
                                index,
                                activity,
                                example.user,
                                example.recentItems,
                                example.item,
                                example.ts,
                                example.userSummary);
        if (built == null) {
            return;
        }
        long rejectedBefore = trainer.rejected();
        boolean publishedNow = trainer.step(built);
        if (trainer.rejected() > rejectedBefore) {
            rejected.inc();
            return;
        }
        steps.inc();
        if (publishedNow) {
            published.inc();
            out.collect(ItemUpdate.adapter(AdapterSnapshot.of(trainer.published()), example.ts));
        }
    }

    /**
     * Applies a content or interaction update to an item view replica: the index and, for
     * interactions, the item's activity (adapter versions are ignored).
     */
    public static void applyItemUpdate(
            ItemStatsIndex index, ItemActivity activity, ItemUpdate update) {
        BaselineRankerFunction.apply(index, update);
        if (update.adapter != null || update.content != null) {
            return;
        }
        activity.record(index.idOf(update.item), update.ts, update.coItems.size());
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trainer.writeTo(new DataOutputStream(bytes));
        trainerState.update(List.of(bytes.toByteArray()));
        indexState.update(List.of(index));
        activityState.update(List.of(activity));
        List<TrainingExample> pending = new ArrayList<>();
        pendingExamples.values().forEach(pending::addAll);
        pendingExamplesState.update(pending);
        pendingUpdatesState.update(List.of(pendingUpdates));
    }

    @VisibleForTesting
    OnlineAdapterTrainer trainer() {
        return trainer;
    }
}
