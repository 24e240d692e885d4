package org.dynmm.rec.models.text;

import java.util.ArrayList;
import java.util.List;

/** Turns text into a fixed-size vector, e.g. an item description into {@code e_txt}. */
public interface TextEmbedder {

    /**
     * Identifies the vectors this embedder produces: two embedders with the same id and dimension
     * return the same vector for the same text. Caches key on it.
     */
    String modelId();

    /** Length of every vector returned. */
    int dimension();

    /**
     * The vector of one text. Blank text may be rejected with an {@link IllegalArgumentException}:
     * it carries no content, so callers treat the text modality as missing (masked), not as a
     * vector.
     */
    float[] embed(String text);

    /** The vectors of several texts, in order; implementations may batch or parallelize. */
    default List<float[]> embedAll(List<String> texts) {
        List<float[]> vectors = new ArrayList<>(texts.size());
        for (String text : texts) {
            vectors.add(embed(text));
        }
        return vectors;
    }
}
