package org.dynmm.rec.models.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An asynchronous client of an OpenAI-compatible {@code /v1/chat/completions} endpoint (vLLM,
 * llama.cpp server, Ollama, hosted APIs): sends a system and a user message, returns the first
 * choice's message content. Each attempt has a timeout; timeouts, I/O errors and HTTP 429/5xx are
 * retried with exponential backoff; at most {@code maxConcurrent} requests are in flight, the rest
 * wait in a queue. The API key goes only into the {@code Authorization} header.
 */
public final class ChatCompletionsClient implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatClientSettings settings;
    private final ApiKey apiKey;
    private final URI endpoint;
    private final ExecutorService httpExecutor;
    private final HttpClient http;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();

    public ChatCompletionsClient(ChatClientSettings settings, ApiKey apiKey) {
        this.settings = settings;
        this.apiKey = apiKey;
        this.endpoint = URI.create(settings.endpoint());
        this.httpExecutor =
                Executors.newCachedThreadPool(
                        r -> {
                            Thread t = new Thread(r, "llm-http");
                            t.setDaemon(true);
                            return t;
                        });
        this.http =
                HttpClient.newBuilder()
                        .executor(httpExecutor)
                        // No h2c upgrade on plain http: while an upgrade attempt hangs, the JDK
                        // client holds back further requests to that host, retries included.
                        .version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(settings.requestTimeout())
                        .build();
    }

    /** A request failed for good: not retryable, or out of retries. */
    public static final class ChatException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public ChatException(String message) {
            super(message);
        }

        public ChatException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The content of the first choice; fails with a {@link ChatException}. */
    public CompletableFuture<String> complete(String system, String user) {
        return complete(system, user, List.of(), SoftTokenFormat.VLLM_PROMPT_EMBEDS, null);
    }

    /**
     * As {@link #complete(String, String)}, with soft tokens sent in {@code format} ({@code field}:
     * the extension field of {@link SoftTokenFormat#JSON_FLOATS}); none when {@code softTokens} is
     * empty.
     */
    public CompletableFuture<String> complete(
            String system,
            String user,
            List<SoftTokenBlock> softTokens,
            SoftTokenFormat format,
            String field) {
        byte[] body = requestBody(system, user, softTokens, format, field);
        CompletableFuture<String> result = new CompletableFuture<>();
        Runnable start = () -> attempt(body, 0, result);
        result.whenComplete((r, e) -> release());
        if (inFlight.incrementAndGet() <= settings.maxConcurrent()) {
            start.run();
        } else {
            inFlight.decrementAndGet();
            waiting.add(start);
            drain();
        }
        return result;
    }

    private void release() {
        inFlight.decrementAndGet();
        drain();
    }

    /** Starts queued requests while permits are free. */
    private void drain() {
        while (!waiting.isEmpty()) {
            if (inFlight.incrementAndGet() > settings.maxConcurrent()) {
                inFlight.decrementAndGet();
                return;
            }
            Runnable next = waiting.poll();
            if (next == null) {
                inFlight.decrementAndGet();
                return;
            }
            next.run();
        }
    }

    /** Requests waiting for a free slot (for tests and metrics). */
    public int queued() {
        return waiting.size();
    }

    private void attempt(byte[] body, int attempt, CompletableFuture<String> result) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(endpoint)
                        .timeout(settings.requestTimeout())
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (apiKey.isPresent()) {
            request.header("Authorization", apiKey.bearerHeader());
        }
        http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8))
                .whenComplete(
                        (response, error) -> {
                            if (error != null) {
                                retryOrFail(
                                        body,
                                        attempt,
                                        result,
                                        "request failed: " + describe(error),
                                        true);
                            } else if (response.statusCode() == 429
                                    || response.statusCode() >= 500) {
                                retryOrFail(
                                        body,
                                        attempt,
                                        result,
                                        "HTTP " + response.statusCode(),
                                        true);
                            } else if (response.statusCode() != 200) {
                                retryOrFail(
                                        body,
                                        attempt,
                                        result,
                                        "HTTP " + response.statusCode(),
                                        false);
                            } else {
                                try {
                                    result.complete(content(response.body()));
                                } catch (ChatException e) {
                                    result.completeExceptionally(e);
                                }
                            }
                        });
    }

    private void retryOrFail(
            byte[] body,
            int attempt,
            CompletableFuture<String> result,
            String reason,
            boolean retryable) {
        if (!retryable || attempt >= settings.maxRetries()) {
            result.completeExceptionally(
                    new ChatException(reason + " after " + (attempt + 1) + " attempt(s)"));
            return;
        }
        long delay = settings.retryBackoff().toMillis() << Math.min(attempt, 16);
        Executor later =
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS, httpExecutor);
        later.execute(() -> attempt(body, attempt + 1, result));
    }

    private static String describe(Throwable error) {
        Throwable e =
                error instanceof CompletionException && error.getCause() != null
                        ? error.getCause()
                        : error;
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    byte[] requestBody(
            String system,
            String user,
            List<SoftTokenBlock> softTokens,
            SoftTokenFormat format,
            String field) {
        ObjectNode root = JSON.createObjectNode();
        root.put("model", settings.model());
        root.put("temperature", 0);
        ArrayNode messages = root.putArray("messages");
        messages.addObject().put("role", "system").put("content", system);
        ObjectNode userMessage = messages.addObject().put("role", "user");
        if (softTokens.isEmpty()) {
            userMessage.put("content", user);
        } else if (format == SoftTokenFormat.VLLM_PROMPT_EMBEDS) {
            // vLLM chat content parts: text, then per list a caption and its embeddings.
            ArrayNode parts = userMessage.putArray("content");
            parts.addObject().put("type", "text").put("text", user);
            for (SoftTokenBlock block : softTokens) {
                parts.addObject().put("type", "text").put("text", "\n" + caption(block));
                parts.addObject()
                        .put("type", "prompt_embeds")
                        .put(
                                "data",
                                Base64.getEncoder()
                                        .encodeToString(
                                                TorchTensors.save(
                                                        block.rows(),
                                                        block.tokens(),
                                                        block.dim())));
            }
        } else {
            userMessage.put("content", user);
            ArrayNode lists = root.putArray(field);
            for (SoftTokenBlock block : softTokens) {
                ObjectNode l = lists.addObject();
                l.put("user", block.user());
                l.put("dim", block.dim());
                l.put("caption", caption(block));
                ArrayNode tokens = l.putArray("tokens");
                for (int r = 0; r < block.tokens(); r++) {
                    ObjectNode t = tokens.addObject();
                    t.put("role", r == 0 ? "user" : "item");
                    t.put("id", r == 0 ? block.user() : block.items().get(r - 1));
                    ArrayNode v = t.putArray("embedding");
                    for (float x : block.row(r)) {
                        v.add(x);
                    }
                }
            }
        }
        try {
            return JSON.writeValueAsBytes(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write a chat request", e);
        }
    }

    /** The text placed before a list's soft tokens, naming what each row stands for. */
    static String caption(SoftTokenBlock block) {
        return "Soft tokens of user "
                + block.user()
                + "'s list, one per row: the user, then candidates "
                + String.join(", ", block.items())
                + ":";
    }

    /** The first choice's {@code message.content} of a chat-completions response body. */
    static String content(String body) {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new ChatException("response is not JSON: " + e.getOriginalMessage());
        }
        JsonNode content =
                root == null ? null : root.path("choices").path(0).path("message").path("content");
        if (content == null || !content.isTextual()) {
            throw new ChatException("response has no choices[0].message.content");
        }
        return content.textValue();
    }

    @Override
    public void close() {
        httpExecutor.shutdownNow();
    }

    @Override
    public String toString() {
        return "ChatCompletionsClient{endpoint="
                + endpoint
                + ", model="
                + settings.model()
                + ", apiKey="
                + apiKey
                + '}';
    }
}
