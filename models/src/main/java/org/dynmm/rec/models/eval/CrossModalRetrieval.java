package org.dynmm.rec.models.eval;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;

/**
 * Cross-modal retrieval accuracy of a bundle's projection heads: for every item with both a text
 * embedding (the bundle's {@code item.text} row, non-zero) and a vector of the modality, its text
 * latent {@code f_T(e_txt)} queries the modality latents {@code f_m(x)} of all such items by
 * cosine; recall@k is the share of items whose own latent ranks in the top k (ties against the
 * item).
 */
public final class CrossModalRetrieval {
    private CrossModalRetrieval() {}

    /** Recall@k and the number of items it is over. */
    public record Result(double recall, int items, int k) {}

    /**
     * @param bundle the bundle (for {@code item.text})
     * @param model the bundle's model; must have a head for {@code modality}
     * @param modality {@code visual} or {@code audio}
     * @param vectors the items' vectors of that modality
     */
    public static Result recallAtK(
            ModelBundle bundle,
            BaseModel model,
            String modality,
            Map<String, float[]> vectors,
            int k) {
        if (!model.fusion().has(modality)) {
            throw new IllegalArgumentException(
                    "bundle " + model.modelVersion() + " has no " + modality + " head");
        }
        Tensor text = bundle.tensors().get("item.text");
        int t = model.textDim();
        List<float[]> queries = new ArrayList<>();
        List<float[]> keys = new ArrayList<>();
        List<String> ids = model.itemIds();
        for (int row = 0; row < ids.size(); row++) {
            float[] v = vectors.get(ids.get(row));
            if (v == null) {
                continue;
            }
            float[] e = new float[t];
            System.arraycopy(text.data(), row * t, e, 0, t);
            boolean zero = true;
            for (float f : e) {
                zero &= f == 0f;
            }
            if (zero) {
                continue;
            }
            queries.add(unit(model.textLatent(e)));
            keys.add(unit(model.contentLatent(null, v, null)));
        }
        int n = queries.size();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            float own = dot(queries.get(i), keys.get(i));
            int better = 0;
            for (int j = 0; j < n && better < k; j++) {
                if (j != i && dot(queries.get(i), keys.get(j)) >= own) {
                    better++;
                }
            }
            if (better < k) {
                hits++;
            }
        }
        return new Result(n == 0 ? 0 : (double) hits / n, n, k);
    }

    private static float[] unit(float[] x) {
        double norm = 0;
        for (float f : x) {
            norm += f * f;
        }
        float s = norm == 0 ? 0f : (float) (1 / Math.sqrt(norm));
        float[] y = new float[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * s;
        }
        return y;
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
