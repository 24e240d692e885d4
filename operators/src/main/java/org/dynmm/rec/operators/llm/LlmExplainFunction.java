package org.dynmm.rec.operators.llm;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.flink.annotation.VisibleForTesting;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.async.ResultFuture;
import org.apache.flink.streaming.api.functions.async.RichAsyncFunction;
import org.dynmm.rec.models.base.SoftTokenProjectors;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.explain.ClaimVocabulary;
import org.dynmm.rec.models.explain.Explanation;
import org.dynmm.rec.models.explain.Verification;
import org.dynmm.rec.models.explain.Verifier;
import org.dynmm.rec.models.llm.ApiKey;
import org.dynmm.rec.models.llm.ChatCompletionsClient;
import org.dynmm.rec.models.llm.PromptList;
import org.dynmm.rec.models.llm.RerankAnswer;
import org.dynmm.rec.models.llm.RerankPrompt;
import org.dynmm.rec.models.llm.SoftTokenBlock;
import org.dynmm.rec.operators.records.LlmContext;
import org.dynmm.rec.operators.records.Recommendation;
import org.dynmm.rec.operators.records.RecommendedItem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LLM stage on Flink async I/O: reranks and re-explains explained lists with an external
 * OpenAI-compatible chat model. Lists are sent in micro-batches of up to {@link
 * LlmConfig#batchSize()} users per request (or after {@link LlmConfig#batchTimeout()}); the client
 * caps requests in flight, times out and retries each attempt with backoff.
 *
 * <p>Nothing the LLM says is trusted: its ranking may only reorder the list's own items, and each
 * rationale goes through the {@link Verifier} against that item's evidence; one that fails, or
 * states no claim at all, is replaced by the realizer's rationale (source {@code
 * realizer-fallback}). A failed, timed-out or unparseable request leaves the whole batch with the
 * realizer's rationales and model order. The stage never fails the job over the LLM.
 *
 * <p>Metrics: counters {@code llmRequests}, {@code llmRequestFailures}, {@code
 * llmRationalesAccepted}, {@code llmRationalesRejected}, {@code llmListsFallenBack}.
 */
public class LlmExplainFunction extends RichAsyncFunction<Recommendation, Recommendation> {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(LlmExplainFunction.class);

    private final LlmConfig config;

    private transient ChatCompletionsClient client;
    private transient SoftTokenProjectors projectors;
    private transient ScheduledExecutorService timer;
    private transient Verifier verifier;
    private transient Object lock;
    private transient List<Pending> pending;
    private transient Map<ResultFuture<Recommendation>, Pending> open;

    private transient Counter requests;
    private transient Counter requestFailures;
    private transient Counter accepted;
    private transient Counter rejected;
    private transient Counter fallenBack;

    public LlmExplainFunction(LlmConfig config) {
        this.config = config;
    }

    @Override
    public void open(OpenContext openContext) {
        ApiKey key =
                ApiKey.resolve(
                        config.client().apiKeyEnv(), config.client().apiKeyFile(), System::getenv);
        client = new ChatCompletionsClient(config.client(), key);
        if (config.softTokens().enabled()) {
            // A bundle without projectors fails here with a message saying how to add them.
            projectors = SoftTokenProjectors.read(ModelBundles.read(Path.of(config.bundlePath())));
            LOG.info(
                    "LLM stage sends soft tokens as {}: {}",
                    config.softTokens().format().id(),
                    projectors);
        }
        timer =
                Executors.newSingleThreadScheduledExecutor(
                        r -> {
                            Thread t = new Thread(r, "llm-batch-timer");
                            t.setDaemon(true);
                            return t;
                        });
        verifier = new Verifier();
        lock = new Object();
        pending = new ArrayList<>();
        open = new ConcurrentHashMap<>();
        var metrics = getRuntimeContext().getMetricGroup();
        requests = metrics.counter("llmRequests");
        requestFailures = metrics.counter("llmRequestFailures");
        accepted = metrics.counter("llmRationalesAccepted");
        rejected = metrics.counter("llmRationalesRejected");
        fallenBack = metrics.counter("llmListsFallenBack");
        LOG.info("LLM stage: {}", client); // the client's toString never shows the key
    }

    @Override
    public void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
        if (client != null) {
            client.close();
        }
    }

    @Override
    public void asyncInvoke(Recommendation rec, ResultFuture<Recommendation> resultFuture) {
        Pending p = new Pending(rec, resultFuture);
        open.put(resultFuture, p);
        List<Pending> batch = null;
        synchronized (lock) {
            pending.add(p);
            if (pending.size() >= config.batchSize()) {
                batch = takeBatch();
            } else if (pending.size() == 1) {
                timer.schedule(
                        this::flushDue, config.batchTimeout().toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        if (batch != null) {
            send(batch);
        }
    }

    @Override
    public void timeout(Recommendation rec, ResultFuture<Recommendation> resultFuture) {
        Pending p = open.remove(resultFuture);
        if (p != null) {
            fallenBack.inc();
            resultFuture.complete(List.of(fallback(rec)));
        }
    }

    private void flushDue() {
        List<Pending> batch;
        synchronized (lock) {
            batch = pending.isEmpty() ? null : takeBatch();
        }
        if (batch != null) {
            send(batch);
        }
    }

    private List<Pending> takeBatch() {
        List<Pending> batch = pending;
        pending = new ArrayList<>();
        return batch;
    }

    private void send(List<Pending> batch) {
        List<PromptList> lists = new ArrayList<>(batch.size());
        for (Pending p : batch) {
            lists.add(promptList(p.rec));
        }
        List<SoftTokenBlock> softTokens = new ArrayList<>();
        if (projectors != null) {
            for (Pending p : batch) {
                SoftTokenBlock block = softTokens(projectors, p.rec);
                if (block != null) {
                    softTokens.add(block);
                }
            }
        }
        requests.inc();
        client.complete(
                        RerankPrompt.system(),
                        RerankPrompt.user(lists),
                        softTokens,
                        config.softTokens().format(),
                        config.softTokens().field())
                .thenApply(RerankAnswer::parse)
                .whenComplete(
                        (answer, error) -> {
                            if (error != null) {
                                requestFailures.inc();
                                LOG.warn(
                                        "LLM request for {} list(s) failed, keeping the realizer's"
                                                + " rationales: {}",
                                        batch.size(),
                                        error.getCause() != null
                                                ? error.getCause().getMessage()
                                                : error.getMessage());
                            }
                            for (Pending p : batch) {
                                Recommendation out;
                                try {
                                    out = error == null ? apply(answer, p.rec) : null;
                                } catch (RuntimeException e) {
                                    LOG.warn(
                                            "cannot use the LLM answer for a list: {}",
                                            e.getMessage());
                                    out = null;
                                }
                                if (out == null) {
                                    fallenBack.inc();
                                    out = fallback(p.rec);
                                }
                                if (open.remove(p.resultFuture) != null) {
                                    p.resultFuture.complete(List.of(out));
                                }
                            }
                        });
    }

    /** The prompt's view of a list: recent titles, candidates and their evidence. */
    @VisibleForTesting
    static PromptList promptList(Recommendation rec) {
        List<String> recentTitles = new ArrayList<>();
        if (rec.llmContext != null) {
            for (int i = 0; i < rec.llmContext.historyItems.size(); i++) {
                String title = rec.llmContext.historyTitles.get(i);
                recentTitles.add(
                        title != null ? title : "item #" + rec.llmContext.historyItems.get(i));
            }
        }
        List<PromptList.Candidate> candidates = new ArrayList<>(rec.items.size());
        for (RecommendedItem item : rec.items) {
            candidates.add(new PromptList.Candidate(item.item, item.title, item.evidence));
        }
        return new PromptList(rec.user, recentTitles, candidates);
    }

    /**
     * The list's soft tokens: {@code F_U(h_u)}, then {@code F_I(z_i)} per item in list order; null
     * when the ranker attached no latents (or of another size than the projectors take).
     */
    @VisibleForTesting
    static SoftTokenBlock softTokens(SoftTokenProjectors projectors, Recommendation rec) {
        LlmContext c = rec.llmContext;
        int d = projectors.jointDim();
        if (c == null
                || c.userLatent == null
                || c.itemLatents == null
                || c.userLatent.length != d
                || c.itemLatents.length != rec.items.size() * d) {
            return null;
        }
        int m = projectors.llmDim();
        float[] rows = new float[(1 + rec.items.size()) * m];
        System.arraycopy(projectors.user(c.userLatent), 0, rows, 0, m);
        List<String> ids = new ArrayList<>(rec.items.size());
        float[] z = new float[d];
        for (int i = 0; i < rec.items.size(); i++) {
            System.arraycopy(c.itemLatents, i * d, z, 0, d);
            System.arraycopy(projectors.item(z), 0, rows, (i + 1) * m, m);
            ids.add(rec.items.get(i).item);
        }
        return new SoftTokenBlock(rec.user, ids, m, rows);
    }

    /** The list reranked and re-explained by {@code answer}, every LLM rationale verified. */
    private Recommendation apply(RerankAnswer answer, Recommendation rec) {
        if (!answer.has(rec.user)) {
            return null;
        }
        Recommendation out = rec.copy();
        out.llmContext = null;
        Map<String, RecommendedItem> byItem = new HashMap<>();
        List<String> ids = new ArrayList<>();
        for (RecommendedItem item : out.items) {
            byItem.put(item.item, item);
            ids.add(item.item);
        }
        ClaimVocabulary vocabulary = vocabulary(rec);
        Map<String, String> rationales = answer.rationales(rec.user);
        List<RecommendedItem> reranked = new ArrayList<>(ids.size());
        for (String id : answer.ranking(rec.user, ids)) {
            RecommendedItem item = byItem.get(id);
            item.rank = reranked.size() + 1;
            String text = rationales.get(id);
            Verification v =
                    text == null
                            ? null
                            : verifier.verify(
                                    text, item.item, item.title, item.evidence, vocabulary);
            if (v != null && v.passed && v.claims > 0) {
                item.rationale = text;
                item.rationaleSource = Explanation.LLM;
                item.verification = v;
                accepted.inc();
            } else {
                if (v != null) {
                    rejected.inc();
                }
                item.rationaleSource = Explanation.REALIZER_FALLBACK;
            }
            reranked.add(item);
        }
        out.items = reranked;
        return out;
    }

    /** The list as the ranker made it, realizer rationales marked as the fallback. */
    private static Recommendation fallback(Recommendation rec) {
        Recommendation out = rec.copy();
        out.llmContext = null;
        for (RecommendedItem item : out.items) {
            if (item.rationale != null) {
                item.rationaleSource = Explanation.REALIZER_FALLBACK;
            }
        }
        return out;
    }

    private static ClaimVocabulary vocabulary(Recommendation rec) {
        Map<String, String> titles = new HashMap<>();
        for (RecommendedItem item : rec.items) {
            if (item.title != null) {
                titles.put(item.title, item.item);
            }
        }
        List<String> values = List.of();
        LlmContext c = rec.llmContext;
        if (c != null) {
            for (int i = 0; i < c.historyItems.size(); i++) {
                if (c.historyTitles.get(i) != null) {
                    titles.put(c.historyTitles.get(i), c.historyItems.get(i));
                }
            }
            values = c.attributeValues;
        }
        return ClaimVocabulary.of(titles, values);
    }

    private static final class Pending {
        final Recommendation rec;
        final ResultFuture<Recommendation> resultFuture;

        Pending(Recommendation rec, ResultFuture<Recommendation> resultFuture) {
            this.rec = rec;
            this.resultFuture = resultFuture;
        }
    }
}
