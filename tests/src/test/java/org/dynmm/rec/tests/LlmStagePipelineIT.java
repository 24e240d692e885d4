package org.dynmm.rec.tests;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.dynmm.rec.job.RecommenderJob;
import org.dynmm.rec.job.RecommenderPipeline;
import org.dynmm.rec.job.config.RecOptions;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecommendedItem;
import org.dynmm.rec.operators.records.RecordTypes;
import org.dynmm.rec.operators.records.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * PROTOCOL TEST at pipeline level: the job with {@code rec.llm.enabled} at parallelism 2 on a
 * MiniCluster, against an in-test chat-completions server that answers with malformed JSON. Every
 * list must still come out, with verified realizer rationales, and the job must finish.
 */
class LlmStagePipelineIT {
    @RegisterExtension
    static final MiniClusterExtension FLINK =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(2)
                            .setNumberSlotsPerTaskManager(1)
                            .build());

    @Test
    void malformedLlmAnswersFallBackToVerifiedRealizerRationales() throws Exception {
        AtomicInteger requests = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(
                "/v1/chat/completions",
                exchange -> {
                    requests.incrementAndGet();
                    exchange.getRequestBody().readAllBytes();
                    byte[] body =
                            ("{\"choices\":[{\"message\":{\"role\":\"assistant\","
                                            + "\"content\":\"Sure! {lists: [oops\"}}]}")
                                    .getBytes(StandardCharsets.UTF_8);
                    exchange.sendResponseHeaders(200, body.length);
                    exchange.getResponseBody().write(body);
                    exchange.close();
                });
        server.start();
        try {
            Configuration conf = new Configuration();
            conf.set(RecOptions.LLM_ENABLED, true);
            conf.set(
                    RecOptions.LLM_ENDPOINT,
                    "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions");
            conf.set(RecOptions.RANKER_TOP_N, 3);
            StreamExecutionEnvironment env = RecommenderJob.environment(conf);
            env.setParallelism(2);

            // SYNTHETIC: six items in two genres; users take a then b, the probe takes a.
            List<SourceRecord> items = new ArrayList<>();
            String[] ids = {"a", "b", "c", "d", "e", "f"};
            for (int i = 0; i < ids.length; i++) {
                items.add(
                        SourceRecord.of(
                                new ItemContent(
                                        ids[i],
                                        "Title " + ids[i].toUpperCase() + " (200" + i + ")",
                                        null,
                                        Map.of("genres", List.of(i < 3 ? "Drama" : "Comedy")),
                                        0)));
            }
            List<SourceRecord> interactions = new ArrayList<>();
            long ts = 1_700_000_000_000L;
            for (int u = 0; u < 6; u++) {
                interactions.add(
                        SourceRecord.of(new InteractionEvent("u" + u, "a", "view", 1f, ts++)));
                interactions.add(
                        SourceRecord.of(new InteractionEvent("u" + u, "b", "view", 1f, ts++)));
            }
            interactions.add(SourceRecord.of(new InteractionEvent("probe", "a", "view", 1f, ts++)));

            DataStream<SourceRecord> itemStream =
                    env.fromData(items, RecordTypes.SOURCE_RECORD)
                            .assignTimestampsAndWatermarks(RecommenderPipeline.watermarks(conf));
            DataStream<SourceRecord> interactionStream =
                    env.fromData(interactions, RecordTypes.SOURCE_RECORD)
                            .setParallelism(1)
                            .assignTimestampsAndWatermarks(RecommenderPipeline.watermarks(conf))
                            .setParallelism(1)
                            .partitionCustom(
                                    (String user, int partitions) ->
                                            Math.floorMod(user.hashCode(), partitions),
                                    record -> record.interaction.user);
            List<Recommendation> recs = new ArrayList<>();
            RecommenderPipeline.build(interactionStream, itemStream, conf)
                    .recommendations()
                    .executeAndCollect()
                    .forEachRemaining(recs::add);

            assertThat(recs).hasSize(interactions.size());
            assertThat(requests.get()).isPositive();
            for (Recommendation rec : recs) {
                assertThat(rec.llmContext).isNull();
                for (RecommendedItem item : rec.items) {
                    assertThat(item.rationaleSource).isEqualTo("realizer-fallback");
                    assertThat(item.verification.passed).as(item.rationale).isTrue();
                }
            }
        } finally {
            server.stop(0);
        }
    }
}
