package org.dynmm.rec.operators.records;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * What the LLM stage needs besides the list, attached by the ranker when {@code rec.llm.enabled}:
 * the user's recent items and titles (the prompt shows them) and the attribute values of the
 * history and candidates (the verifier looks for them in LLM text). Not written to the output.
 */
public class LlmContext {
    /** Recent distinct items, most recent last, and their titles (null entries when unknown). */
    public List<String> historyItems = new ArrayList<>();

    public List<String> historyTitles = new ArrayList<>();

    /** Attribute values of the history and candidates, as the verifier's vocabulary. */
    public List<String> attributeValues = new ArrayList<>();

    /**
     * With soft tokens on: {@code h_u^base} of the user the list was ranked for (d values); null
     * otherwise, or when the ranker has no latents.
     */
    public float[] userLatent;

    /**
     * With soft tokens on: {@code z_i^base} of the list's items in list order, row-major {@code [k,
     * d]} (zeros for an item without a latent); null otherwise.
     */
    public float[] itemLatents;

    public LlmContext() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof LlmContext)) {
            return false;
        }
        LlmContext that = (LlmContext) o;
        return Objects.equals(historyItems, that.historyItems)
                && Objects.equals(historyTitles, that.historyTitles)
                && Objects.equals(attributeValues, that.attributeValues)
                && Arrays.equals(userLatent, that.userLatent)
                && Arrays.equals(itemLatents, that.itemLatents);
    }

    @Override
    public int hashCode() {
        return Objects.hash(historyItems, historyTitles, attributeValues);
    }
}
