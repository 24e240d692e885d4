package org.dynmm.rec.operators.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PROTOCOL TEST server: a tiny in-test HTTP server that speaks the OpenAI chat-completions
 * protocol. It proves plumbing, timeouts, fallback and verification, not language quality: its
 * "model" is a few lines of Java that reverse each list and write canned rationales, or misbehave
 * on purpose.
 */
final class ProtocolTestServer implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern QUOTED = Pattern.compile("\"([^\"]+)\"");

    /** How the server answers. */
    enum Behaviour {
        /** Reverses each list; rationales cite the first quoted title of the evidence. */
        GOOD,
        /** Never answers within any sane timeout. */
        TIMES_OUT,
        /** Answers HTTP 200 with a chat message whose content is not JSON. */
        MALFORMED_JSON,
        /** Well-formed answer whose rationales cite an item that is in no evidence. */
        INVENTS_ITEM,
        /** HTTP 503 on the first attempt, then GOOD. */
        FAILS_ONCE
    }

    private final HttpServer server;
    private final Behaviour behaviour;
    private final AtomicInteger requests = new AtomicInteger();
    final List<String> authorizations = new CopyOnWriteArrayList<>();
    final List<String> bodies = new CopyOnWriteArrayList<>();

    ProtocolTestServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext("/v1/chat/completions", this::handle);
        server.start();
    }

    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/v1/chat/completions";
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        int n = requests.incrementAndGet();
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        bodies.add(body);
        authorizations.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        try {
            switch (behaviour) {
                case TIMES_OUT:
                    Thread.sleep(5_000);
                    reply(exchange, 200, chat("{}"));
                    return;
                case MALFORMED_JSON:
                    reply(exchange, 200, chat("Sure! Here is my ranking: {lists: [oops"));
                    return;
                case FAILS_ONCE:
                    if (n == 1) {
                        reply(exchange, 503, "{\"error\":\"overloaded\"}");
                        return;
                    }
                    reply(exchange, 200, chat(answer(body, false)));
                    return;
                case INVENTS_ITEM:
                    reply(exchange, 200, chat(answer(body, true)));
                    return;
                default:
                    reply(exchange, 200, chat(answer(body, false)));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // the client gave up (timeout): nothing to answer
        } catch (RuntimeException e) {
            reply(exchange, 400, "{\"error\":\"bad request\"}");
        }
    }

    /** The "model": reverse each list; rationale cites evidence (or invents an item). */
    private static String answer(String requestBody, boolean invent) throws IOException {
        JsonNode request = JSON.readTree(requestBody);
        JsonNode content = request.path("messages").path(1).path("content");
        // Plain text, or content parts (soft tokens): the prompt is the first text part.
        String user =
                content.isArray() ? content.path(0).path("text").textValue() : content.textValue();
        JsonNode payload = JSON.readTree(user.substring(user.indexOf('\n') + 1));
        ObjectNode root = JSON.createObjectNode();
        ArrayNode lists = root.putArray("lists");
        for (JsonNode list : payload.path("lists")) {
            ObjectNode out = lists.addObject();
            out.put("user", list.path("user").textValue());
            ArrayNode ranking = out.putArray("ranking");
            ObjectNode rationales = out.putObject("rationales");
            JsonNode candidates = list.path("candidates");
            for (int i = candidates.size() - 1; i >= 0; i--) {
                JsonNode c = candidates.get(i);
                String id = c.path("item").textValue();
                ranking.add(id);
                String cited = null;
                for (JsonNode token : c.path("evidence")) {
                    Matcher m = QUOTED.matcher(token.textValue());
                    if (m.find()) {
                        cited = m.group(1);
                        break;
                    }
                }
                String text =
                        invent
                                ? "Fans of \"Titanic (1997)\" will enjoy this one."
                                : cited != null
                                        ? "You enjoyed \""
                                                + cited
                                                + "\", and this one goes with it."
                                        : "\"" + c.path("title").textValue() + "\" is a safe pick.";
                rationales.put(id, text);
            }
        }
        return JSON.writeValueAsString(root);
    }

    private static String chat(String content) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("id", "chatcmpl-test");
        root.put("object", "chat.completion");
        ObjectNode message =
                root.putArray("choices").addObject().put("index", 0).putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        return JSON.writeValueAsString(root);
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
