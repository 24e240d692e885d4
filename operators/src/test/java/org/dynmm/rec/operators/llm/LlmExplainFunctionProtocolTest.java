package org.dynmm.rec.operators.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.explain.Explanation;
import org.dynmm.rec.models.llm.ApiKey;
import org.dynmm.rec.models.llm.ChatClientSettings;
import org.dynmm.rec.models.llm.ChatCompletionsClient;
import org.dynmm.rec.models.llm.RerankPrompt;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.explain.RecommendationExplainer;
import org.dynmm.rec.operators.parse.JsonCodec;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecommendedItem;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROTOCOL TEST of the LLM stage: the async operator in a test harness against {@link
 * ProtocolTestServer}, an in-test HTTP server speaking the chat-completions protocol. It proves
 * plumbing, micro-batching, timeouts, retries, fallback and verification, not language quality.
 */
class LlmExplainFunctionProtocolTest {
    private static final String SECRET = "sk-test-NEVER-PRINT-4711";

    @TempDir Path tmp;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private AbstractAppender appender;
    private ProtocolTestServer server;

    @BeforeEach
    void captureLogs() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        appender =
                new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        logLines.add(event.getMessage().getFormattedMessage());
                    }
                };
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        Configurator.setLevel("org.dynmm.rec", Level.DEBUG);
        ctx.updateLoggers();
    }

    @AfterEach
    void tearDown() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender("capture");
        ctx.updateLoggers();
        if (server != null) {
            server.close();
        }
    }

    /** Two explained lists (SYNTHETIC catalog), as the ranker emits them with the LLM stage on. */
    private static List<Recommendation> explainedLists() {
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        String[][] catalog = {
            {"a", "Alpha (1990)", "Drama"}, {"b", "Bravo (1991)", "Drama"},
            {"c", "Charlie (1992)", "Comedy"}, {"d", "Delta (1993)", "Horror"}
        };
        for (String[] item : catalog) {
            index.putContent(
                    new ItemContent(item[0], item[1], null, Map.of("genres", List.of(item[2])), 0));
        }
        for (int i = 0; i < 5; i++) {
            index.recordInteraction("b", 10, List.of("a"));
        }
        for (int i = 0; i < 2; i++) {
            index.recordInteraction("c", 20, List.of("a", "d"));
        }
        CooccurrenceScorer scorer = CooccurrenceScorer.cosine(20);
        RecommendationExplainer explainer =
                RecommendationExplainer.create(
                        ExplainConfig.enabled(ExplainSettings.defaults()).withLlmContext(), scorer);
        List<Recommendation> lists = new ArrayList<>();
        for (String user : List.of("u1", "u2")) {
            UserContext context = UserContext.of(List.of("a"), List.of("a"));
            ScoreRequest request = new ScoreRequest();
            request.user = user;
            request.ts = 1000;
            request.trigger = "interaction";
            Recommendation rec =
                    Recommendation.of(
                            request, Ranker.topN(index, scorer, context, 1000, 3), "test-model");
            assertThat(explainer.explain(index, context, rec)).isZero();
            lists.add(rec);
        }
        return lists;
    }

    private LlmConfig config(Duration requestTimeout, int retries) throws Exception {
        Path keyFile = tmp.resolve("api-key");
        Files.writeString(keyFile, SECRET + "\n", StandardCharsets.UTF_8);
        return new LlmConfig(
                new ChatClientSettings(
                        server.endpoint(),
                        "test-model",
                        null,
                        keyFile.toString(),
                        requestTimeout,
                        retries,
                        Duration.ofMillis(10),
                        2),
                2,
                Duration.ofSeconds(2)); // both lists arrive together: one batch, not two
    }

    private static List<Recommendation> run(LlmConfig config, List<Recommendation> input)
            throws Exception {
        return LlmStageHarness.run(config, input);
    }

    private static void assertAllVerified(List<Recommendation> out) {
        for (Recommendation rec : out) {
            assertThat(rec.llmContext).isNull();
            for (RecommendedItem item : rec.items) {
                assertThat(item.verification.passed).as(item.rationale).isTrue();
                assertThat(item.rationale).isNotBlank();
            }
        }
    }

    @Test
    void goodServerRerankingAndRationalesAreUsedAfterVerification() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.GOOD);
        List<Recommendation> input = explainedLists();
        List<Recommendation> out = run(config(Duration.ofSeconds(5), 1), input);

        assertThat(out).hasSize(2);
        assertThat(server.requests()).as("two lists, one micro-batch").isEqualTo(1);
        for (int l = 0; l < 2; l++) {
            List<String> modelOrder = input.get(l).items.stream().map(i -> i.item).toList();
            List<String> reversed = new ArrayList<>(modelOrder);
            java.util.Collections.reverse(reversed);
            assertThat(out.get(l).items).extracting(i -> i.item).isEqualTo(reversed);
            assertThat(out.get(l).items).extracting(i -> i.rank).containsExactly(1, 2, 3);
            assertThat(out.get(l).items)
                    .extracting(i -> i.rationaleSource)
                    .containsOnly(Explanation.LLM);
        }
        assertThat(out.get(0).items.get(2).rationale).contains("\"Alpha (1990)\"");
        assertAllVerified(out);
        assertThat(server.authorizations).containsOnly("Bearer " + SECRET);
        assertSecretNeverLeaks(out);
    }

    @Test
    void serverThatTimesOutEndsInVerifiedRealizerRationales() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.TIMES_OUT);
        List<Recommendation> input = explainedLists();
        List<Recommendation> out = run(config(Duration.ofMillis(500), 1), input);

        // The client timed out twice: the first attempt and one retry. (Counted on the client: on
        // a loaded machine the server may not have read the second request before it gave up.)
        assertThat(server.requests()).isPositive();
        assertFallback(input, out);
        assertThat(logLines)
                .anyMatch(
                        l ->
                                l.contains("HttpTimeoutException")
                                        && l.contains("after 2 attempt(s)"));
        assertSecretNeverLeaks(out);
    }

    @Test
    void malformedJsonEndsInVerifiedRealizerRationales() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.MALFORMED_JSON);
        List<Recommendation> input = explainedLists();
        List<Recommendation> out = run(config(Duration.ofSeconds(5), 2), input);

        assertThat(server.requests()).as("a bad answer is not retried").isEqualTo(1);
        assertFallback(input, out);
        assertThat(logLines).anyMatch(l -> l.contains("answer is not JSON"));
    }

    @Test
    void inventedItemIsReplacedByTheRealizerRationale() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.INVENTS_ITEM);
        List<Recommendation> input = explainedLists();
        List<Recommendation> out = run(config(Duration.ofSeconds(5), 1), input);

        for (int l = 0; l < 2; l++) {
            for (RecommendedItem item : out.get(l).items) {
                RecommendedItem original =
                        input.get(l).items.stream()
                                .filter(i -> i.item.equals(item.item))
                                .findFirst()
                                .orElseThrow();
                assertThat(item.rationale).isEqualTo(original.rationale).doesNotContain("Titanic");
                assertThat(item.rationaleSource).isEqualTo(Explanation.REALIZER_FALLBACK);
            }
        }
        assertAllVerified(out);
    }

    @Test
    void overloadedServerIsRetriedWithBackoff() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.FAILS_ONCE);
        List<Recommendation> out = run(config(Duration.ofSeconds(5), 2), explainedLists());

        assertThat(server.requests()).isEqualTo(2);
        assertThat(out.get(0).items)
                .extracting(i -> i.rationaleSource)
                .containsOnly(Explanation.LLM);
        assertAllVerified(out);
    }

    @Test
    void apiKeyNeverAppearsInToStringOrRequestBody() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.GOOD);
        LlmConfig config = config(Duration.ofSeconds(5), 0);
        ApiKey key = ApiKey.resolve(null, config.client().apiKeyFile(), name -> null);
        try (ChatCompletionsClient client = new ChatCompletionsClient(config.client(), key)) {
            assertThat(key.toString()).doesNotContain(SECRET);
            assertThat(client.toString()).doesNotContain(SECRET).contains("redacted");
            assertThat(config.toString()).doesNotContain(SECRET);
            String content =
                    client.complete(RerankPrompt.system(), RerankPrompt.user(List.of())).get();
            assertThat(content).isEqualTo("{\"lists\":[]}");
        }
        assertThat(server.bodies).allSatisfy(b -> assertThat(b).doesNotContain(SECRET));
        ApiKey fromEnv =
                ApiKey.resolve("MY_KEY", null, name -> name.equals("MY_KEY") ? SECRET : null);
        assertThat(fromEnv.isPresent()).isTrue();
        assertThat(fromEnv.toString()).doesNotContain(SECRET);
    }

    private static void assertFallback(List<Recommendation> input, List<Recommendation> out) {
        assertThat(out).hasSize(2);
        for (int l = 0; l < 2; l++) {
            assertThat(out.get(l).items)
                    .extracting(i -> i.item + ":" + i.rationale)
                    .isEqualTo(
                            input.get(l).items.stream()
                                    .map(i -> i.item + ":" + i.rationale)
                                    .toList());
            assertThat(out.get(l).items)
                    .extracting(i -> i.rationaleSource)
                    .containsOnly(Explanation.REALIZER_FALLBACK);
        }
        assertAllVerified(out);
    }

    private void assertSecretNeverLeaks(List<Recommendation> out) {
        for (Recommendation rec : out) {
            assertThat(new String(JsonCodec.toJson(rec), StandardCharsets.UTF_8))
                    .doesNotContain(SECRET);
        }
        assertThat(logLines).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain(SECRET));
    }
}
