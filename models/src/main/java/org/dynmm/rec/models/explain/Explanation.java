package org.dynmm.rec.models.explain;

import java.util.List;

/**
 * The explanation of one recommended item: its evidence, the rationale, where the rationale came
 * from and what the verifier found in it.
 *
 * @param source {@link #REALIZER}, {@link #LLM} or {@link #REALIZER_FALLBACK} (an LLM answer was
 *     missing or failed verification and the realizer's sentence replaced it)
 */
public record Explanation(
        String rationale, String source, List<Evidence> evidence, Verification verification) {
    public static final String REALIZER = "realizer";
    public static final String LLM = "llm";
    public static final String REALIZER_FALLBACK = "realizer-fallback";

    public Explanation {
        evidence = List.copyOf(evidence);
    }
}
