package org.dynmm.rec.models.llm;

import java.io.Serializable;
import java.util.Objects;

/**
 * Whether and how the LLM stage sends soft tokens ({@code rec.llm.soft-tokens.*}).
 *
 * @param enabled send {@code F_U}/{@code F_I} projections as prompt embeddings; needs a bundle with
 *     projectors
 * @param format the wire format
 * @param field the request field of {@link SoftTokenFormat#JSON_FLOATS}
 */
public record SoftTokenSettings(boolean enabled, SoftTokenFormat format, String field)
        implements Serializable {

    public SoftTokenSettings {
        Objects.requireNonNull(format, "format");
        if (field == null || field.isBlank()) {
            throw new IllegalArgumentException("the soft-token field name must not be blank");
        }
        if (field.equals("model") || field.equals("messages") || field.equals("temperature")) {
            throw new IllegalArgumentException(
                    "the soft-token field must not replace the request's '" + field + "'");
        }
    }

    public static SoftTokenSettings disabled() {
        return new SoftTokenSettings(false, SoftTokenFormat.VLLM_PROMPT_EMBEDS, "soft_tokens");
    }
}
