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
 * @param itemPrior the base's popularity prior {@code b_i(t)} of each item as of the example's
 *     time, added to the items' scores in the losses as the rankers add it when they serve; null
 *     for none ({@link AdapterConfig#popularityPriorInLoss})
 */
public record AdapterExample(
        float[] userBase,
        float[] userSummary,
        float userGateOffset,
        float[][] itemBase,
        float[][] itemSummary,
        float[] logQ,
        int[] itemIds,
        float[] itemPrior) {

    /** An example without a popularity prior. */
    public AdapterExample(
            float[] userBase,
            float[] userSummary,
            float userGateOffset,
            float[][] itemBase,
            float[][] itemSummary,
            float[] logQ,
            int[] itemIds) {
        this(userBase, userSummary, userGateOffset, itemBase, itemSummary, logQ, itemIds, null);
    }

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

    /**
     * What the losses subtract from row {@code j}'s {@code h . z}: {@code log q_j - b_j(t)} (each
     * part 0 when absent), so the sampled softmax sees the served score {@code h . z + b_j(t)}
     * corrected for the sampling.
     */
    public double correction(int j) {
        return (logQ == null ? 0.0 : logQ[j]) - (itemPrior == null ? 0.0 : itemPrior[j]);
    }

    /** {@link #correction} of every row, or null when there is neither correction nor prior. */
    public float[] corrections() {
        if (itemPrior == null) {
            return logQ;
        }
        float[] c = new float[itemBase.length];
        for (int j = 0; j < c.length; j++) {
            c[j] = (float) correction(j);
        }
        return c;
    }

    /** True when every number is finite and every vector has its expected size. */
    public boolean isValid(AdapterLayout layout) {
        if (!fits(userBase, layout.dim())
                || !fits(userSummary, layout.summaryDim())
                || !Float.isFinite(userGateOffset)
                || itemBase.length < 2
                || itemBase.length != itemSummary.length
                || (logQ != null
                        && (logQ.length != itemBase.length || !AdapterParameters.allFinite(logQ)))
                || (itemPrior != null
                        && (itemPrior.length != itemBase.length
                                || !AdapterParameters.allFinite(itemPrior)))) {
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
