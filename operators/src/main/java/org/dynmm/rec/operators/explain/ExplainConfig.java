package org.dynmm.rec.operators.explain;

import java.io.Serializable;
import java.util.Objects;
import org.dynmm.rec.models.explain.ExplainSettings;

/**
 * Whether the ranker explains its lists ({@code rec.explain.enabled}) and with what settings.
 *
 * @param enabled attach evidence, a realized rationale and its verification to every item
 * @param settings what evidence is gathered
 * @param llmContext also attach the context the LLM stage needs (rec.llm.enabled)
 * @param latents also attach the user's and items' base latents to that context, for soft tokens
 *     (rec.llm.soft-tokens.enabled)
 */
public record ExplainConfig(
        boolean enabled, ExplainSettings settings, boolean llmContext, boolean latents)
        implements Serializable {

    public ExplainConfig {
        Objects.requireNonNull(settings, "settings");
        if (llmContext && !enabled) {
            throw new IllegalArgumentException("the LLM stage needs explanations (evidence) on");
        }
        if (latents && !llmContext) {
            throw new IllegalArgumentException("latents travel in the LLM context only");
        }
    }

    public ExplainConfig(boolean enabled, ExplainSettings settings, boolean llmContext) {
        this(enabled, settings, llmContext, false);
    }

    public ExplainConfig(boolean enabled, ExplainSettings settings) {
        this(enabled, settings, false);
    }

    /** The same, also attaching the {@code LlmContext} the LLM stage reads. */
    public ExplainConfig withLlmContext() {
        return new ExplainConfig(true, settings, true, latents);
    }

    /** The same, also attaching base latents to the LLM context (for soft tokens). */
    public ExplainConfig withLatents() {
        return new ExplainConfig(true, settings, true, true);
    }

    /** No explanations: lists carry items and scores only. */
    public static ExplainConfig disabled() {
        return new ExplainConfig(false, ExplainSettings.defaults());
    }

    public static ExplainConfig enabled(ExplainSettings settings) {
        return new ExplainConfig(true, settings);
    }
}
