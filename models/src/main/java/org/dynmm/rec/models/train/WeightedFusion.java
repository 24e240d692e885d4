package org.dynmm.rec.models.train;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.dynmm.rec.models.base.BaseTensors;

/**
 * The trainer's fused content latent, the DJL mirror of {@link
 * org.dynmm.rec.models.base.ContentFusion}: {@code (f_T + sum_m mask_m w_m f_m) / (1 + sum_m mask_m
 * w_m)} with text at the fixed weight 1 and {@code w_m = softplus(a_m)} for each visual / audio
 * head, {@code a_m} a trainable {@code [1]} logit ({@link BaseTensors#FUSION_VISUAL}, {@link
 * BaseTensors#FUSION_AUDIO}). Differentiable in the latents and the logits, so the ranking loss
 * that reads the fused latent trains the weights.
 */
final class WeightedFusion {
    private WeightedFusion() {}

    /** {@code softplus(a) = ln(1 + e^a)}, as {@link BaseTensors#fusionWeight}. */
    static NDArray weight(NDArray logit) {
        return logit.exp().add(1f).log();
    }

    /**
     * @param zText {@code [n, d]} text latents (every row present, weight 1)
     * @param latents {@code [n, d]} latents of each visual / audio head
     * @param masks {@code [n, 1]} per head: 1 where the item carries the modality, else 0
     * @param logits {@code [1]} fusion weight logit per head
     * @return {@code [n, d]} fused latents; {@code zText} itself without heads
     */
    static NDArray fuse(
            NDArray zText, List<NDArray> latents, List<NDArray> masks, List<NDArray> logits) {
        return fuse(zText, latents, masks, logits, 1f);
    }

    /**
     * {@link #fuse(NDArray, List, List, List)} with every head's weight multiplied by {@code scale
     * >= 0} (the calibrated fusion scale); 0 gives {@code zText}.
     */
    static NDArray fuse(
            NDArray zText,
            List<NDArray> latents,
            List<NDArray> masks,
            List<NDArray> logits,
            float scale) {
        if (latents.size() != masks.size() || latents.size() != logits.size()) {
            throw new IllegalArgumentException(
                    "one mask and one logit per latent: "
                            + latents.size()
                            + " latents, "
                            + masks.size()
                            + " masks, "
                            + logits.size()
                            + " logits");
        }
        if (latents.isEmpty() || scale == 0f) {
            return zText;
        }
        NDArray sum = zText;
        NDArray total = null;
        for (int m = 0; m < latents.size(); m++) {
            NDArray w = masks.get(m).mul(weight(logits.get(m))); // [n, 1]
            if (scale != 1f) {
                w = GradSafe.mul(w, scale);
            }
            sum = sum.add(latents.get(m).mul(w));
            total = total == null ? w.add(1f) : total.add(w);
        }
        return sum.div(total);
    }
}
