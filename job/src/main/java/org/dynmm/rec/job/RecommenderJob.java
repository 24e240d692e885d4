package org.dynmm.rec.job;

import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.dynmm.rec.job.cli.RunCommand;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.operators.records.DeadLetter;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.SourceRecord;
import picocli.CommandLine;

/**
 * The recommender job: Kafka interactions and items in, recommendations and dead letters out. The
 * sources and sinks are arguments, so tests inject their own; {@link #main} wires Kafka.
 */
public final class RecommenderJob {
    private RecommenderJob() {}

    public static final String INTERACTIONS_SOURCE_UID = "interactions-source";
    public static final String ITEMS_SOURCE_UID = "items-source";
    public static final String RECOMMENDATIONS_SINK_UID = "recommendations-sink";
    public static final String DEAD_LETTERS_SINK_UID = "dead-letters-sink";
    public static final String CONTROL_SOURCE_UID = "control-source";

    /** Adds the whole job to {@code env}. */
    public static void build(
            StreamExecutionEnvironment env,
            Configuration conf,
            Source<SourceRecord, ?, ?> interactions,
            Source<SourceRecord, ?, ?> items,
            Sink<Recommendation> recommendations,
            Sink<DeadLetter> deadLetters) {
        build(env, conf, interactions, items, null, recommendations, deadLetters);
    }

    /** Adds the whole job to {@code env}, with an optional control source (null for none). */
    public static void build(
            StreamExecutionEnvironment env,
            Configuration conf,
            Source<SourceRecord, ?, ?> interactions,
            Source<SourceRecord, ?, ?> items,
            Source<SourceRecord, ?, ?> control,
            Sink<Recommendation> recommendations,
            Sink<DeadLetter> deadLetters) {
        DataStream<SourceRecord> interactionRecords =
                env.fromSource(interactions, RecommenderPipeline.watermarks(conf), "interactions")
                        .uid(INTERACTIONS_SOURCE_UID);
        DataStream<SourceRecord> itemRecords =
                env.fromSource(items, RecommenderPipeline.watermarks(conf), "items")
                        .uid(ITEMS_SOURCE_UID);
        DataStream<SourceRecord> controlRecords =
                control == null
                        ? null
                        : env.fromSource(
                                        control, RecommenderPipeline.controlWatermarks(), "control")
                                .uid(CONTROL_SOURCE_UID);
        RecommenderPipeline.Outputs outputs =
                RecommenderPipeline.build(interactionRecords, itemRecords, controlRecords, conf);
        outputs.recommendations()
                .sinkTo(recommendations)
                .uid(RECOMMENDATIONS_SINK_UID)
                .name("recommendations");
        outputs.deadLetters().sinkTo(deadLetters).uid(DEAD_LETTERS_SINK_UID).name("dead-letters");
    }

    /** An environment for {@code conf} with the job's own non-negotiable settings applied. */
    public static StreamExecutionEnvironment environment(Configuration conf) {
        Configuration effective = new Configuration(conf);
        // Every type on the wire and in state has a Flink serializer; a Kryo fallback is a bug.
        effective.set(PipelineOptions.GENERIC_TYPES, false);
        return StreamExecutionEnvironment.getExecutionEnvironment(effective);
    }

    /** The Kafka-wired job from {@code conf}, ready to execute. */
    public static StreamExecutionEnvironment kafkaJob(Configuration conf) {
        StreamExecutionEnvironment env = environment(conf);
        build(
                env,
                conf,
                KafkaEndpoints.interactionsSource(conf),
                KafkaEndpoints.itemsSource(conf),
                KafkaEndpoints.controlSource(conf),
                KafkaEndpoints.recommendationsSink(conf),
                KafkaEndpoints.deadLettersSink(conf));
        return env;
    }

    /** Builds the Kafka-wired job from {@code conf} and runs it until it ends. */
    public static JobExecutionResult run(Configuration conf) throws Exception {
        return kafkaJob(conf).execute(conf.get(RecOptions.JOB_NAME));
    }

    /** Entry point of the job JAR: {@code flink run job.jar [-Dkey=value ...] [--config file]}. */
    public static void main(String[] args) {
        int exit = new CommandLine(new RunCommand()).execute(args);
        if (exit != 0) {
            System.exit(exit);
        }
    }
}
