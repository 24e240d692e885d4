package org.dynmm.rec.models.llm;

import java.util.Locale;

/**
 * How soft tokens travel in a chat-completions request ({@code rec.llm.soft-tokens.format}).
 *
 * <ul>
 *   <li>{@link #VLLM_PROMPT_EMBEDS}: vLLM's prompt-embedding content parts, {@code {"type":
 *       "prompt_embeds", "data": <base64 of torch.save(tensor [n, m], float32)>}}, in the user
 *       message next to text parts (vLLM's Chat Completions API with {@code
 *       --enable-prompt-embeds}; the server renders the chat template around them).
 *   <li>{@link #JSON_FLOATS}: a non-standard extension field at the request's top level holding the
 *       vectors as JSON float arrays, for a server or proxy of one's own that splices them into the
 *       prompt; standard servers ignore or reject unknown fields.
 * </ul>
 */
public enum SoftTokenFormat {
    VLLM_PROMPT_EMBEDS("vllm-prompt-embeds"),
    JSON_FLOATS("json-floats");

    private final String id;

    SoftTokenFormat(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    /** The format called {@code id}; an {@link IllegalArgumentException} listing the others. */
    public static SoftTokenFormat fromId(String id) {
        for (SoftTokenFormat f : values()) {
            if (f.id.equals(id.trim().toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        throw new IllegalArgumentException(
                "unknown soft-token format '" + id + "'; use vllm-prompt-embeds or json-floats");
    }
}
