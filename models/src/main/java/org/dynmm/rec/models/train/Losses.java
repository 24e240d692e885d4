package org.dynmm.rec.models.train;

import ai.djl.ndarray.NDArray;

/**
 * The terms of {@code L_base} as small DJL functions (differentiable; scalars out):
 *
 * <pre>
 * L_base = L_rank + w_t L_rank_text + w_m L_match + a L_item_recon + b L_text_recon
 * </pre>
 */
public final class Losses {
    private Losses() {}

    /**
     * Full softmax cross-entropy, averaged over the batch: {@code mean_b(-log softmax(logits_b)[
     * target_b])}.
     *
     * @param logits {@code [B, N]} scores of every candidate item
     * @param targets {@code [B]} integer index of the true next item in {@code [0, N)}
     */
    public static NDArray softmaxCrossEntropy(NDArray logits, NDArray targets) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked = logProbabilities.gather(targets.reshape(-1, 1), 1);
        return picked.mean().neg();
    }

    /**
     * Weighted softmax cross-entropy: {@code mean_b(w_b * -log softmax(logits_b)[target_b])}. With
     * weights of mean 1 over the training set, the loss keeps the unweighted scale.
     *
     * @param weights {@code [B]} weight of each example
     */
    public static NDArray weightedSoftmaxCrossEntropy(
            NDArray logits, NDArray targets, NDArray weights) {
        NDArray logProbabilities = logits.logSoftmax(1);
        NDArray picked = logProbabilities.gather(targets.reshape(-1, 1), 1).reshape(-1);
        return picked.mul(weights).mean().neg();
    }

    /** Logit given to pairs whose item lacks one of the two modalities: out of the softmax. */
    private static final float ABSENT_LOGIT = -1e9f;

    /**
     * Symmetric cross-modal InfoNCE (as in CLIP) between the latents of two modalities of the same
     * items. Over the items present in both ({@code mask = 1}), with cosine similarities divided by
     * the temperature {@code tau}, each item's latent in one modality must pick out its own latent
     * in the other among all present items: {@code 1/2 (mean_i -log softmax_j(cos(a_i, b_j) /
     * tau)[i] + mean_j -log softmax_i(cos(a_i, b_j) / tau)[j])}. Items absent from either modality
     * are neither anchors nor negatives (masked, not zero-filled).
     *
     * @param a {@code [B, d]} latents of modality one
     * @param b {@code [B, d]} latents of modality two, row i the same item as in {@code a}
     * @param mask {@code [B]} 1 where the item carries both modalities, else 0; at least one 1
     * @param tau temperature &gt; 0
     */
    public static NDArray infoNce(NDArray a, NDArray b, NDArray mask, float tau) {
        NDArray an = a.div(a.norm(new int[] {1}, true).add(1e-8f));
        NDArray bn = b.div(b.norm(new int[] {1}, true).add(1e-8f));
        NDArray logits = GradSafe.div(an.matMul(bn.transpose()), tau);
        // Absent items leave the softmax as candidates (columns, resp. rows).
        NDArray absent = mask.neg().add(1f).mul(ABSENT_LOGIT);
        NDArray rowsToCols = logits.add(absent.reshape(1, -1)).logSoftmax(1);
        NDArray colsToRows = logits.add(absent.reshape(-1, 1)).logSoftmax(0);
        long n = mask.getShape().get(0);
        NDArray eye = a.getManager().eye((int) n);
        NDArray diagRows = rowsToCols.mul(eye).sum(new int[] {1});
        NDArray diagCols = colsToRows.mul(eye).sum(new int[] {0});
        NDArray present = mask.sum();
        NDArray forward = diagRows.mul(mask).sum().div(present);
        NDArray backward = diagCols.mul(mask).sum().div(present);
        return GradSafe.mul(forward.add(backward), -0.5f);
    }

    /** Mean squared error over all elements of two arrays of equal shape. */
    public static NDArray mse(NDArray prediction, NDArray target) {
        return prediction.sub(target).square().mean();
    }

    /** Weighted sum of the five terms, with the weights of {@code config}. */
    public static NDArray baseLoss(
            NDArray rank,
            NDArray rankText,
            NDArray match,
            NDArray itemRecon,
            NDArray textRecon,
            TrainingConfig config) {
        return rank.add(GradSafe.mul(rankText, config.textRankWeight()))
                .add(GradSafe.mul(match, config.matchWeight()))
                .add(GradSafe.mul(itemRecon, config.itemReconWeight()))
                .add(GradSafe.mul(textRecon, config.textReconWeight()));
    }
}
