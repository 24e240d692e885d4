package org.dynmm.rec.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.job.config.RecSettings;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.SoftTokenProjectors;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.adapter.AdaptedRankerFunction;
import org.dynmm.rec.operators.adapter.AdapterTrainerFunction;
import org.dynmm.rec.operators.control.ExtractControl;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.item.ItemCatalogFunction;
import org.dynmm.rec.operators.llm.LlmConfig;
import org.dynmm.rec.operators.llm.LlmExplainFunction;
import org.dynmm.rec.operators.parse.ExtractInteractions;
import org.dynmm.rec.operators.parse.ExtractItems;
import org.dynmm.rec.operators.ranking.BaselineRankerFunction;
import org.dynmm.rec.operators.ranking.BatchedRankerFunction;
import org.dynmm.rec.operators.ranking.RankerConfig;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.DeadLetterTags;
import org.dynmm.rec.operators.records.ItemUpdate;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecordTypes;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.dynmm.rec.operators.records.SourceRecord;
import org.dynmm.rec.operators.user.UserStateFunction;

/**
 * The recommender topology between parsed input records and the two outputs. Sources and sinks are
 * attached by {@link RecommenderJob}, so tests can feed any stream and collect the outputs.
 */
public final class RecommenderPipeline {
    private RecommenderPipeline() {}

    /** The adapter trainer's single key: one trainer for the whole job. */
    private static final byte ONE_KEY = 0;

    /** Stable operator ids: savepoints map state to these, so they never change. */
    public static final class Uids {
        public static final String EXTRACT_INTERACTIONS = "extract-interactions";
        public static final String EXTRACT_ITEMS = "extract-items";
        public static final String USER_STATE = "user-state";
        public static final String ITEM_CATALOG = "item-catalog";
        public static final String RANKER = "ranker";
        public static final String ADAPTER_TRAINER = "adapter-trainer";
        public static final String EXTRACT_CONTROL = "extract-control";
        public static final String LLM_EXPLAINER = "llm-explainer";

        private Uids() {}
    }

    /** The pipeline's two outputs. */
    public record Outputs(
            DataStream<Recommendation> recommendations, DataStream<DeadLetter> deadLetters) {}

    /**
     * Event time and watermarks of parsed source records, per source split; dead letters do not
     * move the watermark (see {@link ValidRecordWatermarks}).
     */
    public static WatermarkStrategy<SourceRecord> watermarks(Configuration conf) {
        Duration maxOutOfOrderness = conf.get(RecOptions.EVENTS_MAX_OUT_OF_ORDERNESS);
        return WatermarkStrategy.<SourceRecord>forGenerator(
                        context -> new ValidRecordWatermarks(maxOutOfOrderness))
                .withTimestampAssigner((record, kafkaTs) -> record.eventTime())
                .withIdleness(conf.get(RecOptions.EVENTS_SOURCE_IDLENESS));
    }

    /**
     * The control source never holds back event time: it is always idle for watermarking (its
     * records are rare and their time is irrelevant to the interaction stream's lateness).
     */
    public static WatermarkStrategy<SourceRecord> controlWatermarks() {
        return WatermarkStrategy.<SourceRecord>forGenerator(context -> new AlwaysIdleWatermarks())
                .withTimestampAssigner((record, kafkaTs) -> record.eventTime());
    }

    /**
     * Wires the topology. Both inputs must already carry event-time timestamps and watermarks (see
     * {@link #watermarks}).
     */
    public static Outputs build(
            DataStream<SourceRecord> interactionRecords,
            DataStream<SourceRecord> itemRecords,
            Configuration conf) {
        return build(interactionRecords, itemRecords, null, conf);
    }

    /**
     * Wires the topology with an optional control input (null for none; see {@link
     * #controlWatermarks}): forget requests join the interactions before the user operator.
     */
    public static Outputs build(
            DataStream<SourceRecord> interactionRecords,
            DataStream<SourceRecord> itemRecords,
            DataStream<SourceRecord> controlRecords,
            Configuration conf) {
        SingleOutputStreamOperator<InteractionEvent> interactions =
                interactionRecords
                        .process(new ExtractInteractions())
                        .uid(Uids.EXTRACT_INTERACTIONS)
                        .name("extract-interactions");
        SingleOutputStreamOperator<ItemContent> items =
                itemRecords
                        .process(new ExtractItems(), RecordTypes.ITEM_CONTENT)
                        .uid(Uids.EXTRACT_ITEMS)
                        .name("extract-items");

        SingleOutputStreamOperator<InteractionEvent> control =
                controlRecords == null
                        ? null
                        : controlRecords
                                .process(new ExtractControl())
                                .uid(Uids.EXTRACT_CONTROL)
                                .name("extract-control");
        DataStream<InteractionEvent> userEvents =
                control == null ? interactions : interactions.union(control);

        SingleOutputStreamOperator<ScoreRequest> scoreRequests =
                userEvents
                        .keyBy(event -> event.user)
                        .process(new UserStateFunction(RecSettings.userState(conf)))
                        .uid(Uids.USER_STATE)
                        .name("user-state");
        SingleOutputStreamOperator<ItemUpdate> contentUpdates =
                items.keyBy(content -> content.item)
                        .process(
                                new ItemCatalogFunction(RecSettings.latentBundlePath(conf)),
                                RecordTypes.ITEM_UPDATE)
                        .uid(Uids.ITEM_CATALOG)
                        .name("item-catalog");

        DataStream<ItemUpdate> itemUpdates =
                contentUpdates.union(scoreRequests.getSideOutput(UserStateFunction.ITEM_UPDATES));
        RankerConfig rankerConfig = checkedRankerConfig(conf);
        boolean adapted = RecSettings.adapterEnabled(conf);
        if (adapted && RecSettings.batchedRanking(conf)) {
            throw new IllegalArgumentException(
                    "rec.ranker.batch-size > 1 ranks with the frozen base alone in DJL batches;"
                            + " set rec.adapter.enabled=false to use it, or rec.ranker.batch-size=1"
                            + " to rank with the online adapter");
        }
        if (adapted) {
            itemUpdates = itemUpdates.union(adapterVersions(scoreRequests, itemUpdates, conf));
        }
        BroadcastStream<ItemUpdate> itemView =
                adapted
                        ? itemUpdates.broadcast(AdaptedRankerFunction.ITEM_VIEW)
                        : itemUpdates.broadcast(BaselineRankerFunction.ITEM_INDEX);
        ExplainConfig explainConfig = RecSettings.explain(conf);
        SingleOutputStreamOperator<Recommendation> recommendations =
                scoreRequests
                        .keyBy(request -> request.user)
                        .connect(itemView)
                        .process(
                                ranker(conf, rankerConfig, adapted, explainConfig),
                                RecordTypes.RECOMMENDATION)
                        .uid(Uids.RANKER)
                        .name("ranker");

        DataStream<Recommendation> explained = recommendations;
        if (conf.get(RecOptions.LLM_ENABLED)) {
            LlmConfig llmConfig = RecSettings.llm(conf);
            if (llmConfig.softTokens().enabled()) {
                // Fail at submission, with how to fix it, rather than in every task's open().
                SoftTokenProjectors.read(ModelBundles.read(Path.of(llmConfig.bundlePath())));
            }
            explained =
                    AsyncDataStream.orderedWait(
                                    recommendations,
                                    new LlmExplainFunction(llmConfig),
                                    conf.get(RecOptions.LLM_ASYNC_TIMEOUT).toMillis(),
                                    TimeUnit.MILLISECONDS,
                                    conf.get(RecOptions.LLM_CAPACITY))
                            .returns(RecordTypes.RECOMMENDATION)
                            .uid(Uids.LLM_EXPLAINER)
                            .name("llm-explainer");
        }

        DataStream<DeadLetter> deadLetters =
                interactions
                        .getSideOutput(DeadLetterTags.DEAD_LETTERS)
                        .union(
                                items.getSideOutput(DeadLetterTags.DEAD_LETTERS),
                                scoreRequests.getSideOutput(DeadLetterTags.DEAD_LETTERS),
                                contentUpdates.getSideOutput(DeadLetterTags.DEAD_LETTERS));
        if (control != null) {
            deadLetters = deadLetters.union(control.getSideOutput(DeadLetterTags.DEAD_LETTERS));
        }
        return new Outputs(explained, deadLetters);
    }

    private static KeyedBroadcastProcessFunction<String, ScoreRequest, ItemUpdate, Recommendation>
            ranker(
                    Configuration conf,
                    RankerConfig rankerConfig,
                    boolean adapted,
                    ExplainConfig explainConfig) {
        if (adapted) {
            return new AdaptedRankerFunction(
                    rankerConfig.bundlePath(),
                    RecSettings.adapter(conf),
                    rankerConfig.topN(),
                    rankerConfig.popularityHalfLife(),
                    conf.get(RecOptions.USER_STATE_TTL),
                    explainConfig);
        }
        return RecSettings.batchedRanking(conf)
                ? new BatchedRankerFunction(RecSettings.batchedRanker(conf), explainConfig)
                : new BaselineRankerFunction(rankerConfig, explainConfig);
    }

    /**
     * The shared adapter's trainer, at parallelism 1: learns from the user-state operator's
     * training examples and publishes parameter versions into the rankers' broadcast view.
     */
    private static DataStream<ItemUpdate> adapterVersions(
            SingleOutputStreamOperator<ScoreRequest> scoreRequests,
            DataStream<ItemUpdate> itemUpdates,
            Configuration conf) {
        return scoreRequests
                .getSideOutput(UserStateFunction.TRAINING_EXAMPLES)
                .connect(itemUpdates)
                .keyBy(example -> ONE_KEY, update -> ONE_KEY, Types.BYTE)
                .process(
                        new AdapterTrainerFunction(
                                conf.get(RecOptions.MODEL_BUNDLE_PATH),
                                RecSettings.adapter(conf),
                                conf.get(RecOptions.RANKER_POPULARITY_HALF_LIFE)),
                        RecordTypes.ITEM_UPDATE)
                .setParallelism(1)
                .setMaxParallelism(1)
                .uid(Uids.ADAPTER_TRAINER)
                .name("adapter-trainer");
    }

    /**
     * The ranker settings, with the model bundle read and validated here, on the client, so a
     * missing, corrupt or mismatched bundle stops the job before it is submitted, with the bundle
     * reader's message (the task managers check again when they load it).
     */
    private static RankerConfig checkedRankerConfig(Configuration conf) {
        RankerConfig config = RecSettings.ranker(conf);
        if (config.kind() == RankerConfig.Kind.FROZEN_BASE) {
            BaseModel.load(ModelBundles.read(Path.of(config.bundlePath())));
        }
        return config;
    }
}
