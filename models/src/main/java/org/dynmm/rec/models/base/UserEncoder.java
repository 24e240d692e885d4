package org.dynmm.rec.models.base;

import java.io.Serializable;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.bundle.ModelBundle;

/** Plain-Java forward pass of a user encoder (see {@link BaseTensors} for the parameters). */
abstract class UserEncoder implements Serializable {
    private static final long serialVersionUID = 1L;

    final int d;
    final int historyLength;

    UserEncoder(int d, int historyLength) {
        this.d = d;
        this.historyLength = historyLength;
    }

    /** Reads the encoder of variant {@code type} from {@code bundle}, checking every shape. */
    static UserEncoder read(ModelBundle bundle, UserEncoderType type, int d, int historyLength) {
        return switch (type) {
            case ATTENTION -> new AttentionPooling(bundle, d, historyLength);
            case SELF_ATTENTION -> new SelfAttention(bundle, d, historyLength);
        };
    }

    abstract UserEncoderType type();

    /**
     * The user latent from {@code history}: the last {@code n <= L} latents, each of length d, most
     * recent last; slot of history item k (0-based within those n) is {@code L - n + k}.
     */
    abstract float[] encode(List<float[]> history, int from, int n);

    /**
     * {@link #encode} of two windows of the same history, {@code [fromA, fromA + nA)} and {@code
     * [fromB, fromB + nB)}, bit-identical to two {@link #encode} calls; encoders whose per-item
     * work does not depend on the window do it once for both.
     */
    float[][] encodeTwo(List<float[]> history, int fromA, int nA, int fromB, int nB) {
        return new float[][] {encode(history, fromA, nA), encode(history, fromB, nB)};
    }

    /**
     * The per-item work that {@link KeyCache#preset} can carry, for each row of a {@code [n, d]}
     * latent table; null for encoders without such work.
     */
    float[] contentLogits(float[] table, int n) {
        return null;
    }

    /**
     * {@link #encodeTwo(List, int, int, int, int)}, reusing per-item work from {@code cache}; equal
     * value for value. This base version ignores the cache.
     */
    float[][] encodeTwo(
            List<float[]> history, int fromA, int nA, int fromB, int nB, KeyCache cache) {
        return encodeTwo(history, fromA, nA, fromB, nB);
    }

    /**
     * As {@link #encode(List, int, int)}, reusing per-item work from {@code cache} across passes
     * over the same latent arrays (e.g. a leave-one-out over one history); the result is equal
     * value for value. This base version ignores the cache.
     */
    float[] encode(List<float[]> history, int from, int n, KeyCache cache) {
        return encode(history, from, n);
    }

    /**
     * Per-item attention work of one encoder, keyed by the identity of the item's latent array:
     * valid while those arrays are not modified, and only for the encoder that filled it. Attention
     * pooling keeps each item's content logit {@code q . tanh(W_k z)}, which does not depend on the
     * item's slot. Not thread-safe; one per user and request.
     */
    static final class KeyCache {
        private final Map<float[], Float> logits = new IdentityHashMap<>();

        /** Self-attention: per latent, per slot, {@code {x, W_k x, W_v x, W_q x or null}}. */
        private final Map<float[], float[][][]> projections = new IdentityHashMap<>();

        private int computed;

        /** How many per-item computations the cache holds (content logits, slot projections). */
        int computed() {
            return computed;
        }

        /**
         * Gives {@code z} the attention-pooling content logit {@code logit}, computed earlier by
         * the same encoder for the same values ({@link #contentLogits}); not counted in {@link
         * #computed}.
         */
        void preset(float[] z, float logit) {
            logits.put(z, logit);
        }
    }

    /** Softmax of {@code a[0..n)} in place. */
    static void softmax(float[] a, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int k = 0; k < n; k++) {
            max = Math.max(max, a[k]);
        }
        float sum = 0f;
        for (int k = 0; k < n; k++) {
            a[k] = (float) Math.exp(a[k] - max);
            sum += a[k];
        }
        for (int k = 0; k < n; k++) {
            a[k] /= sum;
        }
    }

    static float dot(float[] a, float[] b) {
        float s = 0f;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * Layer norm of {@code x} in place (population variance, {@link BaseTensors#LAYER_NORM_EPS}).
     */
    static void layerNorm(float[] x, float[] gamma, float[] beta) {
        int n = x.length;
        float mean = 0f;
        for (float v : x) {
            mean += v;
        }
        mean /= n;
        float var = 0f;
        for (float v : x) {
            var += (v - mean) * (v - mean);
        }
        var /= n;
        float inv = (float) (1.0 / Math.sqrt(var + BaseTensors.LAYER_NORM_EPS));
        for (int i = 0; i < n; i++) {
            x[i] = (x[i] - mean) * inv * gamma[i] + beta[i];
        }
    }

    /** Attention pooling over the history latents. */
    static final class AttentionPooling extends UserEncoder {
        private static final long serialVersionUID = 1L;

        private final float[] wk;
        private final float[] q;
        private final float[] pos;
        private final float[] wo;
        private final float[] bo;

        AttentionPooling(ModelBundle bundle, int d, int historyLength) {
            super(d, historyLength);
            wk = bundle.requireShape(BaseTensors.USER_WK, d, d).data();
            q = bundle.requireShape(BaseTensors.USER_Q, d).data();
            pos = bundle.requireShape(BaseTensors.USER_POS, historyLength).data();
            wo = bundle.requireShape(BaseTensors.USER_WO, d, d).data();
            bo = bundle.requireShape(BaseTensors.USER_BO, d).data();
        }

        @Override
        UserEncoderType type() {
            return UserEncoderType.ATTENTION;
        }

        @Override
        float[] encode(List<float[]> history, int from, int n) {
            return pool(history, from, n, itemScores(history, from, n), 0);
        }

        /** The item scores (the costly part) are computed once over both windows. */
        @Override
        float[][] encodeTwo(List<float[]> history, int fromA, int nA, int fromB, int nB) {
            int lo = Math.min(fromA, fromB);
            int hi = Math.max(fromA + nA, fromB + nB);
            float[] scores = itemScores(history, lo, hi - lo);
            return new float[][] {
                pool(history, fromA, nA, scores, fromA - lo),
                pool(history, fromB, nB, scores, fromB - lo)
            };
        }

        @Override
        float[] encode(List<float[]> history, int from, int n, KeyCache cache) {
            return pool(history, from, n, itemScores(history, from, n, cache), 0);
        }

        @Override
        float[][] encodeTwo(
                List<float[]> history, int fromA, int nA, int fromB, int nB, KeyCache cache) {
            int lo = Math.min(fromA, fromB);
            int hi = Math.max(fromA + nA, fromB + nB);
            float[] scores = itemScores(history, lo, hi - lo, cache);
            return new float[][] {
                pool(history, fromA, nA, scores, fromA - lo),
                pool(history, fromB, nB, scores, fromB - lo)
            };
        }

        @Override
        float[] contentLogits(float[] table, int n) {
            float[] out = new float[n];
            float[] z = new float[d];
            for (int r = 0; r < n; r++) {
                System.arraycopy(table, r * d, z, 0, d);
                out[r] = contentLogit(z);
            }
            return out;
        }

        /** {@link #contentLogit} of each latent in {@code [from, from + n)}, cached. */
        private float[] itemScores(List<float[]> history, int from, int n, KeyCache cache) {
            float[] scores = new float[n];
            for (int k = 0; k < n; k++) {
                float[] z = history.get(from + k);
                Float logit = cache.logits.get(z);
                if (logit == null) {
                    logit = contentLogit(z);
                    cache.logits.put(z, logit);
                    cache.computed++;
                }
                scores[k] = logit;
            }
            return scores;
        }

        /** {@link #contentLogit} of each latent in {@code [from, from + n)}. */
        private float[] itemScores(List<float[]> history, int from, int n) {
            float[] scores = new float[n];
            for (int k = 0; k < n; k++) {
                scores[k] = contentLogit(history.get(from + k));
            }
            return scores;
        }

        /** {@code q . tanh(W_k z)}: the part of an item's attention logit its slot leaves alone. */
        private float contentLogit(float[] z) {
            float[] key = Mlp.affine(z, wk, null, d, d);
            float s = 0f;
            for (int j = 0; j < d; j++) {
                s += q[j] * (float) Math.tanh(key[j]);
            }
            return s;
        }

        /** Pools {@code [from, from + n)} with content logits {@code scores[offset + k]}. */
        private float[] pool(List<float[]> history, int from, int n, float[] scores, int offset) {
            float[] pooled = new float[d];
            if (n > 0) {
                float[] a = new float[n];
                for (int k = 0; k < n; k++) {
                    a[k] = scores[offset + k] + pos[historyLength - n + k];
                }
                softmax(a, n);
                for (int k = 0; k < n; k++) {
                    float[] z = history.get(from + k);
                    for (int j = 0; j < d; j++) {
                        pooled[j] += a[k] * z[j];
                    }
                }
            }
            return Mlp.affine(pooled, wo, bo, d, d);
        }
    }

    /** One SASRec block, evaluated at the last position only. */
    static final class SelfAttention extends UserEncoder {
        private static final long serialVersionUID = 1L;

        private final float[] pos;
        private final float[] wq;
        private final float[] wk;
        private final float[] wv;
        private final float[] ln1Gamma;
        private final float[] ln1Beta;
        private final float[] ffnW1;
        private final float[] ffnB1;
        private final float[] ffnW2;
        private final float[] ffnB2;
        private final float[] ln2Gamma;
        private final float[] ln2Beta;
        private final float[] empty;

        SelfAttention(ModelBundle bundle, int d, int historyLength) {
            super(d, historyLength);
            pos = bundle.requireShape(BaseTensors.USER_POS, historyLength, d).data();
            wq = bundle.requireShape(BaseTensors.USER_WQ, d, d).data();
            wk = bundle.requireShape(BaseTensors.USER_WK, d, d).data();
            wv = bundle.requireShape(BaseTensors.USER_WV, d, d).data();
            ln1Gamma = bundle.requireShape(BaseTensors.USER_LN1_GAMMA, d).data();
            ln1Beta = bundle.requireShape(BaseTensors.USER_LN1_BETA, d).data();
            ffnW1 = bundle.requireShape(BaseTensors.USER_FFN_W1, d, d).data();
            ffnB1 = bundle.requireShape(BaseTensors.USER_FFN_B1, d).data();
            ffnW2 = bundle.requireShape(BaseTensors.USER_FFN_W2, d, d).data();
            ffnB2 = bundle.requireShape(BaseTensors.USER_FFN_B2, d).data();
            ln2Gamma = bundle.requireShape(BaseTensors.USER_LN2_GAMMA, d).data();
            ln2Beta = bundle.requireShape(BaseTensors.USER_LN2_BETA, d).data();
            empty = bundle.requireShape(BaseTensors.USER_EMPTY, d).data();
        }

        @Override
        UserEncoderType type() {
            return UserEncoderType.SELF_ATTENTION;
        }

        @Override
        float[] encode(List<float[]> history, int from, int n) {
            return encode(history, from, n, null);
        }

        /**
         * An item's projections depend on its latent and its slot only, so they are kept per
         * (latent, slot) in {@code cache} (null: none): in a leave-one-out each item takes one of
         * two slots (its own, or the next one when an item after it is left out), and the last
         * position (always slot L - 1) keeps its query too.
         */
        @Override
        float[] encode(List<float[]> history, int from, int n, KeyCache cache) {
            if (n == 0) {
                return empty.clone();
            }
            float[][][] p = new float[n][][];
            for (int k = 0; k < n; k++) {
                p[k] = projection(history.get(from + k), historyLength - n + k, cache);
            }
            // The last position attends to every position up to itself (the causal mask).
            float[][] lastProjection = p[n - 1];
            if (lastProjection[3] == null) {
                lastProjection[3] = Mlp.affine(lastProjection[0], wq, null, d, d);
            }
            float[] query = lastProjection[3];
            float scale = (float) (1.0 / Math.sqrt(d));
            float[] a = new float[n];
            for (int k = 0; k < n; k++) {
                a[k] = dot(query, p[k][1]) * scale;
            }
            softmax(a, n);
            float[] y = lastProjection[0].clone();
            for (int k = 0; k < n; k++) {
                float[] v = p[k][2];
                for (int j = 0; j < d; j++) {
                    y[j] += a[k] * v[j];
                }
            }
            layerNorm(y, ln1Gamma, ln1Beta);
            float[] hidden = Mlp.affine(y, ffnW1, ffnB1, d, d);
            for (int j = 0; j < d; j++) {
                hidden[j] = Math.max(0f, hidden[j]);
            }
            float[] f = Mlp.affine(hidden, ffnW2, ffnB2, d, d);
            for (int j = 0; j < d; j++) {
                f[j] += y[j];
            }
            layerNorm(f, ln2Gamma, ln2Beta);
            return f;
        }

        /**
         * {@code {x, W_k x, W_v x, null}} of latent {@code z} in {@code slot}, x = z + pos; from
         * and into {@code cache} unless it is null.
         */
        private float[][] projection(float[] z, int slot, KeyCache cache) {
            if (cache == null) {
                return project(z, slot);
            }
            float[][][] bySlot =
                    cache.projections.computeIfAbsent(z, key -> new float[historyLength][][]);
            if (bySlot[slot] == null) {
                bySlot[slot] = project(z, slot);
                cache.computed++;
            }
            return bySlot[slot];
        }

        private float[][] project(float[] z, int slot) {
            float[] x = new float[d];
            int p = slot * d;
            for (int j = 0; j < d; j++) {
                x[j] = z[j] + pos[p + j];
            }
            return new float[][] {
                x, Mlp.affine(x, wk, null, d, d), Mlp.affine(x, wv, null, d, d), null
            };
        }
    }
}
