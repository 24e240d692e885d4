package org.dynmm.rec.operators.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.base.SoftTokenProjectors;
import org.dynmm.rec.models.base.SyntheticBundles;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.llm.ChatClientSettings;
import org.dynmm.rec.models.llm.SoftTokenFormat;
import org.dynmm.rec.models.llm.SoftTokenSettings;
import org.dynmm.rec.models.llm.TorchTensors;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.operators.explain.ExplainConfig;
import org.dynmm.rec.operators.explain.RecommendationExplainer;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecommendedItem;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * PROTOCOL TEST of soft tokens: the LLM stage, fed lists the frozen-base ranker explained with
 * latents, sends {@code F_U(h_u)} and {@code F_I(z_i)} to {@link ProtocolTestServer} in the
 * configured wire format. Proves shapes, counts and values on the wire, not that any LLM makes use
 * of them (the projectors here are random, over a SYNTHETIC random bundle).
 */
class LlmSoftTokensProtocolTest {
    private static final String SECRET = "sk-test-NEVER-PRINT-0815";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int D = 4;
    private static final int M = 6;
    private static final int TOP = 3;

    @TempDir Path tmp;

    private final List<String> logLines = new CopyOnWriteArrayList<>();
    private ProtocolTestServer server;
    private SoftTokenProjectors projectors;
    private Path withProjectors;
    private Path withoutProjectors;
    private BaseModelScorer scorer;
    private ItemStatsIndex index;
    private final List<UserContext> contexts = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        AbstractAppender appender =
                new AbstractAppender("capture-soft", null, null, true, Property.EMPTY_ARRAY) {
                    @Override
                    public void append(LogEvent event) {
                        logLines.add(event.getMessage().getFormattedMessage());
                    }
                };
        appender.start();
        ctx.getConfiguration().getRootLogger().addAppender(appender, Level.ALL, null);
        Configurator.setLevel("org.dynmm.rec", Level.DEBUG);
        ctx.updateLoggers();

        Random random = new Random(11);
        ModelBundle base = SyntheticBundles.randomBundle(random, 5, D, 4, "base-soft-test");
        projectors =
                SoftTokenProjectors.of(
                        D,
                        3,
                        M,
                        randomWeights(random, D, 3, M),
                        randomWeights(random, D, 3, M),
                        "SYNTHETIC random projectors");
        withProjectors = tmp.resolve("with");
        withoutProjectors = tmp.resolve("without");
        ModelBundles.write(withProjectors, projectors.addTo(base, "base-soft-test+st", Map.of()));
        ModelBundles.write(withoutProjectors, base);
        scorer = new BaseModelScorer(BaseModel.load(base));
    }

    @AfterEach
    void tearDown() {
        LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
        ctx.getConfiguration().getRootLogger().removeAppender("capture-soft");
        ctx.updateLoggers();
        if (server != null) {
            server.close();
        }
    }

    private static float[][] randomWeights(Random random, int in, int hidden, int out) {
        int[] sizes = {in * hidden, hidden, hidden * out, out};
        float[][] w = new float[4][];
        for (int k = 0; k < 4; k++) {
            w[k] = new float[sizes[k]];
            for (int i = 0; i < sizes[k]; i++) {
                w[k][i] = (float) random.nextGaussian();
            }
        }
        return w;
    }

    /** Two lists the frozen-base ranker's explainer made, with latents for soft tokens. */
    private List<Recommendation> lists(boolean latents) {
        index = new ItemStatsIndex(Duration.ZERO);
        contexts.clear();
        for (int i = 0; i < 5; i++) {
            index.putContent(
                    new ItemContent(
                            "i" + i,
                            "Title " + i + " (199" + i + ")",
                            null,
                            Map.of("genres", List.of(i % 2 == 0 ? "Drama" : "Comedy")),
                            0));
        }
        ExplainConfig explain = ExplainConfig.enabled(ExplainSettings.defaults()).withLlmContext();
        RecommendationExplainer explainer =
                RecommendationExplainer.create(latents ? explain.withLatents() : explain, scorer);
        List<Recommendation> out = new ArrayList<>();
        for (String user : List.of("u1", "u2")) {
            UserContext context =
                    UserContext.of(
                            List.of(user.equals("u1") ? "i0" : "i1"),
                            List.of(user.equals("u1") ? "i0" : "i1"));
            contexts.add(context);
            ScoreRequest request = new ScoreRequest();
            request.user = user;
            request.ts = 1000;
            request.trigger = "interaction";
            Recommendation rec =
                    Recommendation.of(request, Ranker.topN(index, scorer, context, 1000, TOP), "m");
            explainer.explain(index, context, rec);
            out.add(rec);
        }
        return out;
    }

    private LlmConfig config(SoftTokenSettings softTokens, Path bundle) throws Exception {
        Path keyFile = tmp.resolve("api-key");
        Files.writeString(keyFile, SECRET + "\n", StandardCharsets.UTF_8);
        return new LlmConfig(
                new ChatClientSettings(
                        server.endpoint(),
                        "test-model",
                        null,
                        keyFile.toString(),
                        Duration.ofSeconds(5),
                        1,
                        Duration.ofMillis(10),
                        2),
                2,
                Duration.ofSeconds(2),
                softTokens,
                bundle == null ? null : bundle.toString());
    }

    private static List<Recommendation> run(LlmConfig config, List<Recommendation> input)
            throws Exception {
        return LlmStageHarness.run(config, input);
    }

    @Test
    void vllmPromptEmbedsCarryOneTokenPerUserAndCandidate() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.GOOD);
        List<Recommendation> input = lists(true);
        List<Recommendation> out =
                run(
                        config(
                                new SoftTokenSettings(
                                        true, SoftTokenFormat.VLLM_PROMPT_EMBEDS, "soft_tokens"),
                                withProjectors),
                        input);

        assertThat(out).hasSize(2);
        assertThat(server.requests()).isEqualTo(1);
        JsonNode content =
                JSON.readTree(server.bodies.get(0)).path("messages").path(1).path("content");
        assertThat(content.isArray()).isTrue();
        assertThat(content.path(0).path("type").textValue()).isEqualTo("text");
        List<JsonNode> embeds = new ArrayList<>();
        for (JsonNode part : content) {
            if ("prompt_embeds".equals(part.path("type").textValue())) {
                embeds.add(part);
            }
        }
        assertThat(embeds).as("one tensor per list").hasSize(2);
        for (int l = 0; l < 2; l++) {
            Recommendation rec = input.get(l);
            TorchTensors.Matrix m =
                    TorchTensors.read(
                            Base64.getDecoder().decode(embeds.get(l).path("data").textValue()));
            assertThat(m.rows()).isEqualTo(1 + rec.items.size()).isEqualTo(1 + TOP);
            assertThat(m.cols()).isEqualTo(M);
            float[] user = new float[M];
            System.arraycopy(m.data(), 0, user, 0, M);
            // Row 0: F_U of h_u^base, the latent the ranker scored the user with.
            float[] h = scorer.userLatent(index, contexts.get(l));
            assertThat(rec.llmContext.userLatent).containsExactly(h);
            assertThat(user).containsExactly(projectors.user(h));
            float[] first = new float[M];
            System.arraycopy(m.data(), M, first, 0, M);
            assertThat(first)
                    .containsExactly(
                            projectors.item(
                                    BaseModel.load(ModelBundles.read(withoutProjectors))
                                            .itemLatent(rec.items.get(0).item)));
        }
        // The caption before each tensor names the candidates in row order.
        assertThat(content.toString())
                .contains(
                        "then candidates "
                                + String.join(
                                        ", ",
                                        input.get(0).items.stream().map(i -> i.item).toList()));
        for (Recommendation rec : out) {
            assertThat(rec.llmContext).isNull();
            for (RecommendedItem item : rec.items) {
                assertThat(item.verification.passed).isTrue();
            }
        }
        assertSecretNeverLeaks();
    }

    @Test
    void jsonFloatsGoInTheConfiguredExtensionField() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.GOOD);
        List<Recommendation> input = lists(true);
        run(
                config(
                        new SoftTokenSettings(true, SoftTokenFormat.JSON_FLOATS, "x_soft_tokens"),
                        withProjectors),
                input);

        JsonNode body = JSON.readTree(server.bodies.get(0));
        assertThat(body.path("messages").path(1).path("content").isTextual()).isTrue();
        JsonNode lists = body.path("x_soft_tokens");
        assertThat(lists.size()).isEqualTo(2);
        for (int l = 0; l < 2; l++) {
            JsonNode list = lists.get(l);
            assertThat(list.path("user").textValue()).isEqualTo(input.get(l).user);
            assertThat(list.path("dim").intValue()).isEqualTo(M);
            assertThat(list.path("tokens").size()).isEqualTo(1 + TOP);
            assertThat(list.path("tokens").get(0).path("role").textValue()).isEqualTo("user");
            assertThat(list.path("tokens").get(1).path("id").textValue())
                    .isEqualTo(input.get(l).items.get(0).item);
            for (JsonNode token : list.path("tokens")) {
                assertThat(token.path("embedding").size()).isEqualTo(M);
            }
        }
        assertSecretNeverLeaks();
    }

    @Test
    void disabledSendsNoEmbeddingsAndTheRankerAttachesNoLatents() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.GOOD);
        List<Recommendation> input = lists(false);
        assertThat(input.get(0).llmContext.userLatent).isNull();
        run(config(SoftTokenSettings.disabled(), null), input);

        JsonNode body = JSON.readTree(server.bodies.get(0));
        assertThat(body.path("messages").path(1).path("content").isTextual()).isTrue();
        assertThat(server.bodies.get(0))
                .doesNotContain("prompt_embeds")
                .doesNotContain("soft_tokens");
        assertSecretNeverLeaks();
    }

    @Test
    void bundleWithoutProjectorsFailsAtOpenSayingHowToAddThem() throws Exception {
        server = new ProtocolTestServer(ProtocolTestServer.Behaviour.GOOD);
        LlmConfig config =
                config(
                        new SoftTokenSettings(
                                true, SoftTokenFormat.VLLM_PROMPT_EMBEDS, "soft_tokens"),
                        withoutProjectors);
        assertThatThrownBy(() -> run(config, lists(true)))
                .hasStackTraceContaining("no soft-token projectors")
                .hasStackTraceContaining("train-projectors");
        assertThat(server.requests()).isZero();
    }

    private void assertSecretNeverLeaks() {
        assertThat(server.bodies).allSatisfy(b -> assertThat(b).doesNotContain(SECRET));
        assertThat(logLines).isNotEmpty().allSatisfy(l -> assertThat(l).doesNotContain(SECRET));
    }
}
