package org.dynmm.rec.job;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.AsyncDataStream;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.job.config.RecSettings;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.item.ItemCatalogFunction;
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

    /** Stable operator ids: savepoints map state to these, so they never change. */
    public static final class Uids {
        public static final String EXTRACT_INTERACTIONS = "extract-interactions";
        public static final String EXTRACT_ITEMS = "extract-items";
        public static final String USER_STATE = "user-state";
        public static final String ITEM_CATALOG = "item-catalog";
        public static final String RANKER = "ranker";
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
     * Wires the topology. Both inputs must already carry event-time timestamps and watermarks (see
     * {@link #watermarks}).
     */
    public static Outputs build(
            DataStream<SourceRecord> interactionRecords,
            DataStream<SourceRecord> itemRecords,
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

        SingleOutputStreamOperator<ScoreRequest> scoreRequests =
                interactions
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

        BroadcastStream<ItemUpdate> itemView =
                contentUpdates
                        .union(scoreRequests.getSideOutput(UserStateFunction.ITEM_UPDATES))
                        .broadcast(BaselineRankerFunction.ITEM_INDEX);
        RankerConfig rankerConfig = checkedRankerConfig(conf);
        ExplainConfig explainConfig = RecSettings.explain(conf);
        SingleOutputStreamOperator<Recommendation> recommendations =
                scoreRequests
                        .keyBy(request -> request.user)
                        .connect(itemView)
                        .process(
                                RecSettings.batchedRanking(conf)
                                        ? new BatchedRankerFunction(
                                                RecSettings.batchedRanker(conf), explainConfig)
                                        : new BaselineRankerFunction(rankerConfig, explainConfig),
                                RecordTypes.RECOMMENDATION)
                        .uid(Uids.RANKER)
                        .name("ranker");

        DataStream<Recommendation> explained = recommendations;
        if (conf.get(RecOptions.LLM_ENABLED)) {
            explained =
                    AsyncDataStream.orderedWait(
                                    recommendations,
                                    new LlmExplainFunction(RecSettings.llm(conf)),
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
        return new Outputs(explained, deadLetters);
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
