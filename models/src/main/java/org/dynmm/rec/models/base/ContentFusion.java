package org.dynmm.rec.models.base;

import java.io.Serializable;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;

/**
 * The fused content latent of DESIGN.md, Models 2: the mask-weighted mean of the joint latents of
 * the modalities an item carries, {@code s * (sum_m mask_m f_m(x_m)) / (sum_m mask_m)} over text
 * ({@code f_T}), visual ({@code f_V}) and audio ({@code f_A}), with {@code s} the bundle's
 * calibrated text scale. A missing modality has mask 0: it is left out of the mean, never
 * zero-filled into it, so it cannot pull the latent of the others towards {@code f_m(0)}.
 *
 * <p>The visual and audio heads exist only when the manifest declares their dimension ({@code
 * visual}, {@code audio}); a bundle without them fuses text alone, which is exactly {@link
 * BaseModel#textLatent}. Immutable and thread-safe.
 */
public final class ContentFusion implements Serializable {
    private static final long serialVersionUID = 1L;

    /** Modality names, as the manifest's dimensions and the item records spell them. */
    public static final String VISUAL = BaseTensors.DIM_VISUAL;

    public static final String AUDIO = BaseTensors.DIM_AUDIO;

    private final String modelVersion;
    private final Mlp text;
    private final Mlp visual;
    private final Mlp audio;
    private final float scale;

    ContentFusion(String modelVersion, Mlp text, Mlp visual, Mlp audio, float scale) {
        this.modelVersion = modelVersion;
        this.text = text;
        this.visual = visual;
        this.audio = audio;
        this.scale = scale;
    }

    /** Reads {@code f_V} / {@code f_A} when the manifest declares their dimension. */
    static ContentFusion read(ModelBundle bundle, Mlp text, int jointDim, float scale) {
        return new ContentFusion(
                bundle.modelVersion(),
                text,
                head(bundle, BaseTensors.DIM_VISUAL, BaseTensors.F_V, jointDim),
                head(bundle, BaseTensors.DIM_AUDIO, BaseTensors.F_A, jointDim),
                scale);
    }

    private static Mlp head(ModelBundle bundle, String dimension, String prefix, int jointDim) {
        BundleManifest manifest = bundle.manifest();
        Integer dim = manifest.dimensions == null ? null : manifest.dimensions.get(dimension);
        if (dim == null) {
            return null;
        }
        if (dim <= 0) {
            throw new BundleException(
                    "bundle "
                            + bundle.modelVersion()
                            + ": dimension '"
                            + dimension
                            + "' must be positive, is "
                            + dim);
        }
        return Mlp.read(bundle, prefix, dim, jointDim);
    }

    /** True when the bundle has a projection head for {@code modality} (visual or audio). */
    public boolean has(String modality) {
        return headOf(modality) != null;
    }

    /** The declared vector size of {@code modality}, or 0 when the bundle has no head for it. */
    public int dimension(String modality) {
        Mlp head = headOf(modality);
        return head == null ? 0 : head.inputSize();
    }

    private Mlp headOf(String modality) {
        if (VISUAL.equals(modality)) {
            return visual;
        }
        if (AUDIO.equals(modality)) {
            return audio;
        }
        throw new IllegalArgumentException(
                "unknown modality '" + modality + "' (expected " + VISUAL + " or " + AUDIO + ")");
    }

    /**
     * Why {@code vector} cannot be used as the item's {@code modality} vector, or null when it can
     * (or when it is absent, or the bundle has no head for the modality and so ignores it).
     */
    public String problem(String modality, float[] vector) {
        Mlp head = headOf(modality);
        if (vector == null || head == null) {
            return null;
        }
        if (vector.length != head.inputSize()) {
            return modality
                    + " vector has "
                    + vector.length
                    + " values but bundle "
                    + modelVersion
                    + " declares "
                    + modality
                    + " dimension "
                    + head.inputSize();
        }
        for (int i = 0; i < vector.length; i++) {
            if (!Float.isFinite(vector[i])) {
                return modality + " vector element " + i + " is not finite (" + vector[i] + ")";
            }
        }
        return null;
    }

    /**
     * The fused content latent of an item: text embedding (null when the item has no text), visual
     * and audio vectors (null when absent; ignored when the bundle has no head for them). Null when
     * no modality is present. An {@link IllegalArgumentException} with {@link #problem}'s message
     * when a vector does not fit its head.
     */
    public float[] fuse(float[] textEmbedding, float[] visualVector, float[] audioVector) {
        require(VISUAL, visualVector);
        require(AUDIO, audioVector);
        float[] sum = null;
        int present = 0;
        if (textEmbedding != null) {
            sum = text.forward(textEmbedding);
            present++;
        }
        if (visual != null && visualVector != null) {
            sum = add(sum, visual.forward(visualVector));
            present++;
        }
        if (audio != null && audioVector != null) {
            sum = add(sum, audio.forward(audioVector));
            present++;
        }
        if (sum == null) {
            return null;
        }
        float factor = scale / present;
        if (factor != 1f) {
            for (int i = 0; i < sum.length; i++) {
                sum[i] *= factor;
            }
        }
        return sum;
    }

    private void require(String modality, float[] vector) {
        String problem = problem(modality, vector);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    private static float[] add(float[] sum, float[] latent) {
        if (sum == null) {
            return latent;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += latent[i];
        }
        return sum;
    }
}
