package org.dynmm.rec.models.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The LLM's answer for one request, parsed leniently in form (a JSON object, optionally fenced in
 * {@code ```json}) and strictly in content: a ranking keeps only the list's own candidate ids, once
 * each, and candidates it leaves out follow in their model order, so a rerank can never add, drop
 * or duplicate an item.
 */
public final class RerankAnswer {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> byUser;

    private RerankAnswer(Map<String, JsonNode> byUser) {
        this.byUser = byUser;
    }

    /** Parses the message content; a {@link ChatCompletionsClient.ChatException} when unusable. */
    public static RerankAnswer parse(String content) {
        String text = content.strip();
        if (text.startsWith("```")) {
            int start = text.indexOf('\n');
            int end = text.lastIndexOf("```");
            text = start >= 0 && end > start ? text.substring(start + 1, end) : text;
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ChatCompletionsClient.ChatException(
                    "answer is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.path("lists").isArray()) {
            throw new ChatCompletionsClient.ChatException("answer has no \"lists\" array");
        }
        Map<String, JsonNode> byUser = new HashMap<>();
        for (JsonNode list : root.path("lists")) {
            if (list.path("user").isTextual()) {
                byUser.putIfAbsent(list.path("user").textValue(), list);
            }
        }
        return new RerankAnswer(byUser);
    }

    /** True when the answer has a list for {@code user}. */
    public boolean has(String user) {
        return byUser.containsKey(user);
    }

    /** The reranked ids of {@code candidates} (model order) for {@code user}. */
    public List<String> ranking(String user, List<String> candidates) {
        Set<String> allowed = new LinkedHashSet<>(candidates);
        Set<String> ranked = new LinkedHashSet<>();
        JsonNode list = byUser.get(user);
        if (list != null) {
            for (JsonNode id : list.path("ranking")) {
                if (id.isTextual() && allowed.contains(id.textValue())) {
                    ranked.add(id.textValue());
                }
            }
        }
        ranked.addAll(allowed); // the ones it left out, in model order
        return new ArrayList<>(ranked);
    }

    /** Item id to rationale text for {@code user}; only textual entries. */
    public Map<String, String> rationales(String user) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode list = byUser.get(user);
        if (list != null) {
            Iterator<Map.Entry<String, JsonNode>> fields = list.path("rationales").fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> f = fields.next();
                if (f.getValue().isTextual()) {
                    out.put(f.getKey(), f.getValue().textValue());
                }
            }
        }
        return out;
    }
}
