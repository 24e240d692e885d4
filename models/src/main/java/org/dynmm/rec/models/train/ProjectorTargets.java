package org.dynmm.rec.models.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;
import org.dynmm.rec.models.data.DatasetFormatException;
import org.dynmm.rec.models.data.JsonLines;

/**
 * Per-item target vectors in an LLM's token-embedding space, what the soft-token projectors are fit
 * to. File format: JSON lines, one item a line, {@code {"item":"i9","target":[0.01, ...]}}, every
 * vector of the same size m (the LLM's hidden size). Produce it outside the project, e.g. as the
 * mean of the LLM's input embeddings over the tokens of each item's title (see
 * docs/EXPLANATIONS.md, "Soft tokens").
 */
public final class ProjectorTargets {

    /** Description of the stand-in target space, stored in the manifest. */
    public static final String STAND_IN =
            "STAND-IN: the bundle's item.text (all-MiniLM-L6-v2 sentence embeddings of the item"
                    + " text), not an LLM's token-embedding space";

    private ProjectorTargets() {}

    /**
     * Reads {@code file}; every problem (bad JSON, a missing id, a non-numeric or non-finite value,
     * sizes that differ, a repeated item) is a {@link DatasetFormatException} naming the line.
     */
    public static Map<String, float[]> read(Path file) {
        Map<String, float[]> out = new LinkedHashMap<>();
        int[] size = {-1};
        JsonLines.forEach(
                file,
                (where, node) -> {
                    if (!node.path("item").isTextual() || !node.path("target").isArray()) {
                        throw new DatasetFormatException(
                                where + ": expected {\"item\": \"<id>\", \"target\": [numbers]}");
                    }
                    float[] v = JsonLines.finiteVector(node.get("target"), "target", where);
                    if (size[0] >= 0 && v.length != size[0]) {
                        throw new DatasetFormatException(
                                where
                                        + ": target has "
                                        + v.length
                                        + " values, earlier lines "
                                        + size[0]);
                    }
                    size[0] = v.length;
                    if (out.put(node.get("item").textValue(), v) != null) {
                        throw new DatasetFormatException(
                                where + ": item " + node.get("item").textValue() + " repeats");
                    }
                });
        if (out.isEmpty()) {
            throw new DatasetFormatException(file + " holds no target vectors");
        }
        return out;
    }

    /**
     * The STAND-IN target space: each item's text embedding from the bundle ({@code item.text},
     * MiniLM), for items that have one (zero rows, items without content, are left out). For tests
     * and the demo only; it is not an LLM's token space.
     */
    public static Map<String, float[]> standIn(ModelBundle bundle, String textTensor) {
        Tensor text = bundle.tensor(textTensor);
        int dim = text.dim(1);
        float[] data = text.data();
        Map<String, float[]> out = new LinkedHashMap<>();
        List<String> ids = bundle.itemIds();
        for (int i = 0; i < ids.size(); i++) {
            float[] v = new float[dim];
            System.arraycopy(data, i * dim, v, 0, dim);
            boolean any = false;
            for (float x : v) {
                any |= x != 0f;
            }
            if (any) {
                out.put(ids.get(i), v);
            }
        }
        return out;
    }
}
