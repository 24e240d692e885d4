package org.dynmm.rec.models.adapter;

/**
 * One online training example: a user's base latent and summary just before an interaction, the
 * item taken (row 0) and sampled negatives (rows 1..), each with its base latent and summary.
 *
 * @param userBase {@code h_u^base}, {@code dim} values
 * @param userSummary {@code s_u^new}, {@link AdapterFeatures#SIZE} values
 * @param userGateOffset the user's {@code delta_u} ({@code beta_u = sigmoid(b0 + delta_u)})
 * @param itemBase {@code z^base} of the positive (row 0) and the negatives
 * @param itemSummary {@code s_i^new} of the same items
 * @param logQ log of each item's sampling probability (the sampled-softmax correction of Yi et al.,
 *     RecSys 2019, so popularity-biased negatives do not bias the scores); null for none
 * @param itemIds dense ids of the items in the index the example was built from (lets a ranker
 *     reuse the work its item table cached for them); null when not known
 */
public record AdapterExample(
        float[] userBase,
        float[] userSummary,
        float userGateOffset,
        float[][] itemBase,
        float[][] itemSummary,
        float[] logQ,
        int[] itemIds) {

    /** An example without item ids. */
    public AdapterExample(
            float[] userBase,
            float[] userSummary,
            float userGateOffset,
            float[][] itemBase,
            float[][] itemSummary,
            float[] logQ) {
        this(userBase, userSummary, userGateOffset, itemBase, itemSummary, logQ, null);
    }

    /** An example without sampling correction. */
    public AdapterExample(
            float[] userBase,
            float[] userSummary,
            float userGateOffset,
            float[][] itemBase,
            float[][] itemSummary) {
        this(userBase, userSummary, userGateOffset, itemBase, itemSummary, null);
    }

    /** The correction of row {@code j}, 0 without one. */
    public double correction(int j) {
        return logQ == null ? 0.0 : logQ[j];
    }

    /** True when every number is finite and every vector has its expected size. */
    public boolean isValid(AdapterLayout layout) {
        if (!fits(userBase, layout.dim())
                || !fits(userSummary, layout.summaryDim())
                || !Float.isFinite(userGateOffset)
                || itemBase.length < 2
                || itemBase.length != itemSummary.length
                || (logQ != null
                        && (logQ.length != itemBase.length
                                || !AdapterParameters.allFinite(logQ)))) {
            return false;
        }
        for (int j = 0; j < itemBase.length; j++) {
            if (!fits(itemBase[j], layout.dim()) || !fits(itemSummary[j], layout.summaryDim())) {
                return false;
            }
        }
        return true;
    }

    private static boolean fits(float[] v, int size) {
        return v != null && v.length == size && AdapterParameters.allFinite(v);
    }
}
