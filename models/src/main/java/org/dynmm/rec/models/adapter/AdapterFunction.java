package org.dynmm.rec.models.adapter;

/**
 * The adapter's math in plain float loops (a handful of small vectors per event: faster than any
 * tensor library's call overhead). {@code x = [v; s]}, {@code g(x) = W2 ReLU(W1 x + b1) + b2},
 * {@code alpha(x) = sigmoid(w . x + c)}. Gradients are written out by hand; {@code
 * AdapterFunctionTest} checks them against numeric differentiation.
 */
public final class AdapterFunction {
    private AdapterFunction() {}

    /**
     * {@code g(x)}: writes the hidden pre-activations into {@code pre} (kept for {@link #backward})
     * and the output into {@code g}.
     */
    public static void forward(
            AdapterLayout l, float[] theta, float[] v, float[] s, float[] pre, float[] g) {
        for (int j = 0; j < l.hidden(); j++) {
            pre[j] = (float) withSummary(l, theta, j, latentPart(l, theta, j, v), s);
        }
        output(l, theta, pre, g);
    }

    /**
     * The part of hidden unit {@code j}'s pre-activation that depends on the latent only, {@code
     * b1_j + W1[j, :dim] v}, in double. {@link #forward} continues the same sum with the summary,
     * so a cached value gives bit-identical results (see {@link #adaptedItemFromParts}).
     */
    public static double latentPart(AdapterLayout l, float[] theta, int j, float[] v) {
        int row = l.w1() + j * l.in();
        double acc = theta[l.b1() + j];
        for (int k = 0; k < l.dim(); k++) {
            acc += theta[row + k] * v[k];
        }
        return acc;
    }

    /**
     * {@link #latentPart} of every hidden unit into {@code out[off, off + hidden)} (the values a
     * cache of an item's latent shares holds).
     */
    public static void latentParts(
            AdapterLayout l, float[] theta, float[] v, double[] out, int off) {
        for (int j = 0; j < l.hidden(); j++) {
            out[off + j] = latentPart(l, theta, j, v);
        }
    }

    private static double withSummary(
            AdapterLayout l, float[] theta, int j, double latentPart, float[] s) {
        int row = l.w1() + j * l.in() + l.dim();
        double acc = latentPart;
        for (int k = 0; k < l.summaryDim(); k++) {
            acc += theta[row + k] * s[k];
        }
        return acc;
    }

    /** {@code g = W2 ReLU(pre) + b2}. */
    private static void output(AdapterLayout l, float[] theta, float[] pre, float[] g) {
        int w2 = l.w2();
        int b2 = l.b2();
        int hidden = l.hidden();
        for (int k = 0; k < l.dim(); k++) {
            int row = w2 + k * hidden;
            double acc = theta[b2 + k];
            for (int j = 0; j < hidden; j++) {
                if (pre[j] > 0f) {
                    acc += theta[row + j] * pre[j];
                }
            }
            g[k] = (float) acc;
        }
    }

    /** Accumulates {@code dL/dtheta} of {@code g} into {@code grad}, given {@code dL/dg}. */
    public static void backward(
            AdapterLayout l,
            float[] theta,
            float[] v,
            float[] s,
            float[] pre,
            float[] dG,
            float[] grad) {
        int in = l.in();
        int dim = l.dim();
        int hidden = l.hidden();
        int w2 = l.w2();
        int b2 = l.b2();
        int w1 = l.w1();
        int b1 = l.b1();
        for (int k = 0; k < dim; k++) {
            float d = dG[k];
            if (d == 0f) {
                continue;
            }
            grad[b2 + k] += d;
            int row = w2 + k * hidden;
            for (int j = 0; j < hidden; j++) {
                if (pre[j] > 0f) {
                    grad[row + j] += d * pre[j];
                }
            }
        }
        for (int j = 0; j < hidden; j++) {
            if (pre[j] <= 0f) {
                continue; // ReLU blocks the gradient
            }
            double dr = 0.0;
            for (int k = 0; k < dim; k++) {
                dr += theta[w2 + k * hidden + j] * dG[k];
            }
            float dPre = (float) dr;
            grad[b1 + j] += dPre;
            int row = w1 + j * in;
            for (int k = 0; k < dim; k++) {
                grad[row + k] += dPre * v[k];
            }
            for (int k = 0; k < l.summaryDim(); k++) {
                grad[row + dim + k] += dPre * s[k];
            }
        }
    }

    /** The item gate's logit {@code w . [v; s] + c}. */
    public static float gateLogit(AdapterLayout l, float[] theta, float[] v, float[] s) {
        return (float) gateWithSummary(l, theta, gateLatentPart(l, theta, v), s);
    }

    /** The latent's part of the item gate's logit, {@code c + w[:dim] . v}, in double. */
    public static double gateLatentPart(AdapterLayout l, float[] theta, float[] v) {
        int w = l.gateW();
        double acc = theta[l.gateC()];
        for (int k = 0; k < l.dim(); k++) {
            acc += theta[w + k] * v[k];
        }
        return acc;
    }

    private static double gateWithSummary(
            AdapterLayout l, float[] theta, double latentPart, float[] s) {
        int w = l.gateW() + l.dim();
        double acc = latentPart;
        for (int k = 0; k < l.summaryDim(); k++) {
            acc += theta[w + k] * s[k];
        }
        return acc;
    }

    /** Accumulates the gate's parameter gradient given {@code dL/dlogit}. */
    public static void gateBackward(
            AdapterLayout l, float[] v, float[] s, float dLogit, float[] grad) {
        int w = l.gateW();
        for (int k = 0; k < l.dim(); k++) {
            grad[w + k] += dLogit * v[k];
        }
        for (int k = 0; k < l.summaryDim(); k++) {
            grad[w + l.dim() + k] += dLogit * s[k];
        }
        grad[l.gateC()] += dLogit;
    }

    public static float sigmoid(float x) {
        return (float) (1.0 / (1.0 + Math.exp(-x)));
    }

    /**
     * The adapted item latent {@code z = v + alpha g} into {@code out}, or {@code v} itself when
     * the item side is off. Scratch arrays: {@code pre} of {@code hidden}, {@code g} of {@code
     * dim}.
     */
    public static void adaptedItem(
            AdapterLayout l,
            float[] theta,
            float[] v,
            float[] s,
            float[] pre,
            float[] g,
            float[] out) {
        forward(l, theta, v, s, pre, g);
        float alpha = sigmoid(gateLogit(l, theta, v, s));
        for (int k = 0; k < l.dim(); k++) {
            out[k] = v[k] + alpha * g[k];
        }
    }

    /**
     * {@link #adaptedItem} from the latent's parts cached by the caller: {@code hiddenParts[off +
     * j] = }{@link #latentPart}{@code (l, theta, j, v)} and {@code gatePart = }{@link
     * #gateLatentPart}{@code (l, theta, v)} under the same {@code theta}. The result is
     * bit-identical to {@link #adaptedItem}; only the summary's share of the first layer is
     * computed.
     */
    public static void adaptedItemFromParts(
            AdapterLayout l,
            float[] theta,
            float[] v,
            double[] hiddenParts,
            int off,
            double gatePart,
            float[] s,
            float[] pre,
            float[] g,
            float[] out) {
        for (int j = 0; j < l.hidden(); j++) {
            pre[j] = (float) withSummary(l, theta, j, hiddenParts[off + j], s);
        }
        output(l, theta, pre, g);
        float alpha = sigmoid((float) gateWithSummary(l, theta, gatePart, s));
        for (int k = 0; k < l.dim(); k++) {
            out[k] = v[k] + alpha * g[k];
        }
    }

    /** The adapted user latent {@code h = v + beta g} into {@code out}. */
    public static void adaptedUser(
            AdapterLayout l,
            float[] theta,
            float[] v,
            float[] s,
            float beta,
            float[] pre,
            float[] g,
            float[] out) {
        forward(l, theta, v, s, pre, g);
        for (int k = 0; k < l.dim(); k++) {
            out[k] = v[k] + beta * g[k];
        }
    }

    /** {@code beta_u = sigmoid(b0 + delta_u)}. */
    public static float userGate(AdapterLayout l, float[] theta, float delta) {
        return sigmoid(theta[l.userGateBias()] + delta);
    }
}
