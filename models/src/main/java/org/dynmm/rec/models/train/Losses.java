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
        return rank.add(rankText.mul(config.textRankWeight()))
                .add(match.mul(config.matchWeight()))
                .add(itemRecon.mul(config.itemReconWeight()))
                .add(textRecon.mul(config.textReconWeight()));
    }
}
