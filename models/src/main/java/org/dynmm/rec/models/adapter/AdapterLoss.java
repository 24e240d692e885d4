package org.dynmm.rec.models.adapter;

/**
 * The online objective of one example without the EWC term: sampled-softmax ranking loss of the
 * positive (row 0) against the negatives with adapted latents, plus {@code L_stab}, the squared
 * drift of every adapted latent from its base divided by {@code 2 s^2} (averaged over the items,
 * plus the user's). With the item side off, items keep their base latents.
 */
public final class AdapterLoss {
    private AdapterLoss() {}

    /** Ranking part and stability part of one evaluation. */
    public record Value(double ranking, double stability) {
        public double total() {
            return ranking + stability;
        }
    }

    /**
     * Loss of {@code example} under {@code theta}; when {@code grad} is not null, adds {@code
     * dL/dtheta} to it. {@code rankingGrad}, when not null, receives the gradient of the ranking
     * part alone (the empirical Fisher of EWC is built from it). With {@code coldItemsOnly} the
     * item side adapts only cold items (by each item's summary, {@link
     * AdapterFeatures#isColdItem}); the others keep their base latents.
     */
    public static Value evaluate(
            AdapterLayout l,
            float[] theta,
            AdapterExample ex,
            boolean itemSide,
            boolean coldItemsOnly,
            float stabilityWeight,
            float[] grad,
            float[] rankingGrad) {
        int dim = l.dim();
        int items = ex.itemBase().length;
        float[] pre = new float[l.hidden()];
        float[] gu = new float[dim];
        AdapterFunction.forward(l, theta, ex.userBase(), ex.userSummary(), pre, gu);
        float beta = AdapterFunction.userGate(l, theta, ex.userGateOffset());
        float[] h = new float[dim];
        for (int k = 0; k < dim; k++) {
            h[k] = ex.userBase()[k] + beta * gu[k];
        }

        float[][] preI = new float[items][];
        float[][] gi = new float[items][];
        float[] alpha = new float[items];
        boolean[] adapted = new boolean[items];
        float[][] z = new float[items][];
        double[] scores = new double[items];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < items; j++) {
            float[] v = ex.itemBase()[j];
            adapted[j] =
                    AdapterConfig.adaptsItem(
                            itemSide,
                            coldItemsOnly,
                            AdapterFeatures.isColdItem(ex.itemSummary()[j]));
            if (adapted[j]) {
                preI[j] = new float[l.hidden()];
                gi[j] = new float[dim];
                AdapterFunction.forward(l, theta, v, ex.itemSummary()[j], preI[j], gi[j]);
                alpha[j] =
                        AdapterFunction.sigmoid(
                                AdapterFunction.gateLogit(l, theta, v, ex.itemSummary()[j]));
                z[j] = new float[dim];
                for (int k = 0; k < dim; k++) {
                    z[j][k] = v[k] + alpha[j] * gi[j][k];
                }
            } else {
                z[j] = v;
            }
            double s = 0;
            for (int k = 0; k < dim; k++) {
                s += (double) h[k] * z[j][k];
            }
            scores[j] = s - ex.correction(j);
            max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (int j = 0; j < items; j++) {
            sum += Math.exp(scores[j] - max);
        }
        double ranking = -(scores[0] - max - Math.log(sum));

        double userDrift = 0;
        for (int k = 0; k < dim; k++) {
            userDrift += (double) beta * gu[k] * beta * gu[k];
        }
        double itemDrift = 0;
        if (itemSide) {
            for (int j = 0; j < items; j++) {
                if (!adapted[j]) {
                    continue;
                }
                for (int k = 0; k < dim; k++) {
                    double d = alpha[j] * gi[j][k];
                    itemDrift += d * d;
                }
            }
        }
        double stability = stabilityWeight * (userDrift + itemDrift / items);
        if (grad == null && rankingGrad == null) {
            return new Value(ranking, stability);
        }

        // Backward, twice when the Fisher needs the ranking part alone.
        for (int pass = 0; pass < 2; pass++) {
            float[] target = pass == 0 ? grad : rankingGrad;
            if (target == null) {
                continue;
            }
            float stab = pass == 0 ? stabilityWeight : 0f;
            double[] dScore = new double[items];
            for (int j = 0; j < items; j++) {
                dScore[j] = Math.exp(scores[j] - max) / sum - (j == 0 ? 1.0 : 0.0);
            }
            float[] dh = new float[dim];
            for (int j = 0; j < items; j++) {
                for (int k = 0; k < dim; k++) {
                    dh[k] += (float) (dScore[j] * z[j][k]);
                }
            }
            if (itemSide) {
                float[] dz = new float[dim];
                float[] dg = new float[dim];
                for (int j = 0; j < items; j++) {
                    if (!adapted[j]) {
                        continue;
                    }
                    double dAlpha = 0;
                    for (int k = 0; k < dim; k++) {
                        // L_stab's item part: w * ||alpha g||^2 / items
                        float drift = alpha[j] * gi[j][k];
                        dz[k] = (float) (dScore[j] * h[k]) + 2f * stab * drift / items;
                        dg[k] = alpha[j] * dz[k];
                        dAlpha += dz[k] * gi[j][k];
                    }
                    float[] v = ex.itemBase()[j];
                    AdapterFunction.backward(l, theta, v, ex.itemSummary()[j], preI[j], dg, target);
                    float dLogit = (float) (dAlpha * alpha[j] * (1 - alpha[j]));
                    AdapterFunction.gateBackward(l, v, ex.itemSummary()[j], dLogit, target);
                }
            }
            float[] dgu = new float[dim];
            double dBeta = 0;
            for (int k = 0; k < dim; k++) {
                float dhk = dh[k] + 2f * stab * beta * gu[k];
                dgu[k] = beta * dhk;
                dBeta += dhk * gu[k];
            }
            AdapterFunction.backward(l, theta, ex.userBase(), ex.userSummary(), pre, dgu, target);
            target[l.userGateBias()] += (float) (dBeta * beta * (1 - beta));
        }
        return new Value(ranking, stability);
    }
}
