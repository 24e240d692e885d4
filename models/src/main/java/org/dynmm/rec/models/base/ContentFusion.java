package org.dynmm.rec.models.base;

import java.io.Serializable;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;

/**
 * The fused content latent of DESIGN.md, Models 2: the mask-weighted mean of the joint latents of
 * the modalities an item carries, {@code s * (sum_m mask_m w_m f_m(x_m)) / (sum_m mask_m w_m)} over
 * text ({@code f_T}), visual ({@code f_V}) and audio ({@code f_A}), with {@code s} the bundle's
 * calibrated text scale. A missing modality has mask 0: it is left out of the mean, never
 * zero-filled into it, so it cannot pull the latent of the others towards {@code f_m(0)}; the
 * others keep their weights and are only renormalized.
 *
 * <p>Weights: text has the fixed reference weight {@code w_T = 1}; visual and audio have the
 * learned {@code w_m = softplus(a_m)} with {@code a_m} the bundle's {@link
 * BaseTensors#FUSION_VISUAL} / {@link BaseTensors#FUSION_AUDIO} logit, trained with the ranking
 * loss. Only the ratios of the weights matter (the mean is renormalized), so fixing text's loses
 * nothing and removes a redundant degree of freedom. A bundle without the logits (from before they
 * were learned) has {@code w_m = 1}: the plain mean, its results unchanged. Every {@code w_m} is
 * multiplied by the bundle's calibrated fusion scale {@code c} ({@link
 * BaseTensors#HP_FUSION_SCALE}, 1 when absent); with {@code c = 0} the visual and audio vectors are
 * ignored and the latent is the text path's alone. A modality the trainer's modality check switched
 * off ({@link BaseTensors#modalityOffKey}) has weight 0: its vectors are ignored.
 *
 * <p>The visual and audio heads exist only when the manifest declares their dimension ({@code
 * visual}, {@code audio}); a bundle without them fuses text alone, which is exactly {@link
 * BaseModel#textLatent}. Immutable and thread-safe.
 */
public final class ContentFusion implements Serializable {
    private static final long serialVersionUID = 2L;

    /** Modality names, as the manifest's dimensions and the item records spell them. */
    public static final String VISUAL = BaseTensors.DIM_VISUAL;

    public static final String AUDIO = BaseTensors.DIM_AUDIO;

    private final String modelVersion;
    private final Mlp text;
    private final Mlp visual;
    private final Mlp audio;
    private final float visualWeight;
    private final float audioWeight;
    private final float scale;

    ContentFusion(
            String modelVersion,
            Mlp text,
            Mlp visual,
            Mlp audio,
            float visualWeight,
            float audioWeight,
            float scale) {
        this.modelVersion = modelVersion;
        this.text = text;
        this.visual = visual;
        this.audio = audio;
        this.visualWeight = visualWeight;
        this.audioWeight = audioWeight;
        this.scale = scale;
    }

    /**
     * Reads {@code f_V} / {@code f_A} when the manifest declares their dimension, with their fusion
     * weight logits when the bundle has them (else weight 1).
     */
    static ContentFusion read(ModelBundle bundle, Mlp text, int jointDim, float scale) {
        Mlp visual = head(bundle, BaseTensors.DIM_VISUAL, BaseTensors.F_V, jointDim);
        Mlp audio = head(bundle, BaseTensors.DIM_AUDIO, BaseTensors.F_A, jointDim);
        float c = fusionScale(bundle);
        return new ContentFusion(
                bundle.modelVersion(),
                text,
                visual,
                audio,
                visual == null || off(bundle, VISUAL)
                        ? (visual == null ? 1f : 0f)
                        : c * weight(bundle, BaseTensors.FUSION_VISUAL),
                audio == null || off(bundle, AUDIO)
                        ? (audio == null ? 1f : 0f)
                        : c * weight(bundle, BaseTensors.FUSION_AUDIO),
                scale);
    }

    /**
     * Whether the trainer's modality check switched {@code modality} off ({@link
     * BaseTensors#modalityOffKey}); a {@link BundleException} when the value is not a boolean.
     */
    static boolean off(ModelBundle bundle, String modality) {
        BundleManifest manifest = bundle.manifest();
        String key = BaseTensors.modalityOffKey(modality);
        Object v = manifest.hyperParameters == null ? null : manifest.hyperParameters.get(key);
        if (v == null) {
            return false;
        }
        if (!(v instanceof Boolean)) {
            throw new BundleException(
                    "bundle "
                            + bundle.modelVersion()
                            + ": hyperParameters."
                            + key
                            + " must be true or false, is "
                            + v);
        }
        return (Boolean) v;
    }

    /** The manifest's fusion scale, 1 when absent; a {@link BundleException} when not >= 0. */
    private static float fusionScale(ModelBundle bundle) {
        BundleManifest manifest = bundle.manifest();
        Object c =
                manifest.hyperParameters == null
                        ? null
                        : manifest.hyperParameters.get(BaseTensors.HP_FUSION_SCALE);
        if (c == null) {
            return 1f;
        }
        float value = c instanceof Number ? ((Number) c).floatValue() : Float.NaN;
        if (!(value >= 0f) || !Float.isFinite(value)) {
            throw new BundleException(
                    "bundle "
                            + bundle.modelVersion()
                            + ": hyperParameters."
                            + BaseTensors.HP_FUSION_SCALE
                            + " must be a number >= 0, is "
                            + c);
        }
        return value;
    }

    private static float weight(ModelBundle bundle, String logit) {
        if (!bundle.hasTensor(logit)) {
            return 1f;
        }
        float a = bundle.requireShape(logit, 1).data()[0];
        float w = BaseTensors.fusionWeight(a);
        if (!Float.isFinite(a) || !(w > 0f)) {
            throw new BundleException(
                    "bundle "
                            + bundle.modelVersion()
                            + ": fusion weight logit '"
                            + logit
                            + "' is "
                            + a
                            + ", which gives no positive finite weight");
        }
        return w;
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

    /**
     * The fusion weight of {@code modality} ("text", "visual" or "audio") relative to text's 1, the
     * calibrated fusion scale included; 0 when the bundle has no head for it.
     */
    public float weight(String modality) {
        if (BaseTensors.DIM_TEXT.equals(modality)) {
            return 1f;
        }
        if (headOf(modality) == null) {
            return 0f;
        }
        return VISUAL.equals(modality) ? visualWeight : audioWeight;
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
        float weights = 0f;
        if (textEmbedding != null) {
            sum = text.forward(textEmbedding);
            weights += 1f;
        }
        if (visual != null && visualVector != null && visualWeight > 0f) {
            sum = add(sum, visual.forward(visualVector), visualWeight);
            weights += visualWeight;
        }
        if (audio != null && audioVector != null && audioWeight > 0f) {
            sum = add(sum, audio.forward(audioVector), audioWeight);
            weights += audioWeight;
        }
        if (sum == null) {
            return null;
        }
        float factor = scale / weights;
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

    /** {@code sum + weight * latent} (in place; {@code weight * latent} when sum is null). */
    private static float[] add(float[] sum, float[] latent, float weight) {
        if (sum == null) {
            if (weight != 1f) {
                for (int i = 0; i < latent.length; i++) {
                    latent[i] *= weight;
                }
            }
            return latent;
        }
        for (int i = 0; i < sum.length; i++) {
            sum[i] += weight * latent[i];
        }
        return sum;
    }
}
