package org.dynmm.rec.models.adapter;

/**
 * Items the user was shown before an interaction and did not take, as the user's own loss sees them
 * ({@link UserGate}): a pairwise term {@code softplus(-(s_taken - s_shown))} per item, on the
 * scores the rankers serve. NDCG@10 turns on the taken item beating the top of the user's list,
 * which the sampled softmax against random and popular items hardly looks at.
 *
 * @param latents each shown item's latent as the rankers score it ({@code dim} values)
 * @param priorGaps {@code b_taken - b_shown} of each shown item: the difference of the base's
 *     popularity priors, a constant in the user's parameters (0 without a prior)
 */
public record ShownItems(float[][] latents, float[] priorGaps) {
    /** No shown items: the term is off. */
    public static final ShownItems NONE = new ShownItems(new float[0][], new float[0]);

    public ShownItems {
        if (latents.length != priorGaps.length) {
            throw new IllegalArgumentException(
                    "shown items: " + latents.length + " latents, " + priorGaps.length + " gaps");
        }
    }

    public int size() {
        return latents.length;
    }

    /** True when every latent has {@code dim} finite values and every gap is finite. */
    public boolean isValid(int dim) {
        if (!AdapterParameters.allFinite(priorGaps)) {
            return false;
        }
        for (float[] z : latents) {
            if (z == null || z.length != dim || !AdapterParameters.allFinite(z)) {
                return false;
            }
        }
        return true;
    }
}
