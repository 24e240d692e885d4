package org.dynmm.rec.models.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Pins {@link AdapterFunction}'s loops to straightforward reference loops (kept here verbatim), bit
 * for bit, so a rewrite for speed cannot change results unnoticed: forward, the cached latent
 * shares ({@link AdapterFunction#latentParts}) against {@link AdapterFunction#adaptedItem}, and
 * backward, on SYNTHETIC random parameters and inputs, at the job's sizes and at odd ones, with
 * inactive hidden units and zero output gradients in the mix. (Interleaved-sum rewrites of these
 * loops passed this test but were slower in a CPU-time micro-benchmark, so they were not kept.)
 */
class AdapterFunctionKernelsTest {

    private static final AdapterLayout[] LAYOUTS = {
        new AdapterLayout(64, AdapterFeatures.SIZE, 16),
        new AdapterLayout(128, AdapterFeatures.SIZE, 16),
        new AdapterLayout(3, 2, 5),
        new AdapterLayout(1, 1, 1),
    };

    @Test
    void forwardAndPartsEqualTheReferenceBitForBit() {
        int inactive = 0;
        for (AdapterLayout l : LAYOUTS) {
            for (int seed = 0; seed < 200; seed++) {
                SplittableRandom r = new SplittableRandom(seed * 31L + l.dim());
                float[] theta = gaussians(r, l.size());
                float[] v = gaussians(r, l.dim());
                float[] s = gaussians(r, l.summaryDim());

                double[] parts = new double[l.hidden() + 3];
                AdapterFunction.latentParts(l, theta, v, parts, 3);
                for (int j = 0; j < l.hidden(); j++) {
                    assertEquals(
                            Double.doubleToRawLongBits(referenceLatentPart(l, theta, j, v)),
                            Double.doubleToRawLongBits(parts[3 + j]));
                    assertEquals(
                            Double.doubleToRawLongBits(referenceLatentPart(l, theta, j, v)),
                            Double.doubleToRawLongBits(AdapterFunction.latentPart(l, theta, j, v)));
                }

                float[] pre = new float[l.hidden()];
                float[] g = new float[l.dim()];
                AdapterFunction.forward(l, theta, v, s, pre, g);
                float[] refPre = new float[l.hidden()];
                float[] refG = new float[l.dim()];
                referenceForward(l, theta, v, s, refPre, refG);
                assertBitsEqual(refPre, pre);
                assertBitsEqual(refG, g);
                for (float p : pre) {
                    inactive += p <= 0f ? 1 : 0;
                }

                double[] hiddenParts = new double[l.hidden()];
                AdapterFunction.latentParts(l, theta, v, hiddenParts, 0);
                float[] fromParts = new float[l.dim()];
                AdapterFunction.adaptedItemFromParts(
                        l,
                        theta,
                        v,
                        hiddenParts,
                        0,
                        AdapterFunction.gateLatentPart(l, theta, v),
                        s,
                        new float[l.hidden()],
                        new float[l.dim()],
                        fromParts);
                float[] full = new float[l.dim()];
                AdapterFunction.adaptedItem(
                        l, theta, v, s, new float[l.hidden()], new float[l.dim()], full);
                float[] ref = new float[l.dim()];
                referenceAdaptedItem(l, theta, v, s, ref);
                assertBitsEqual(ref, full);
                assertBitsEqual(ref, fromParts);
            }
        }
        assertTrue(inactive > 0, "some hidden units must be inactive (ReLU at zero)");
    }

    @Test
    void backwardEqualsTheReferenceBitForBit() {
        for (AdapterLayout l : LAYOUTS) {
            for (int seed = 0; seed < 200; seed++) {
                SplittableRandom r = new SplittableRandom(seed * 131L + l.hidden());
                float[] theta = gaussians(r, l.size());
                float[] v = gaussians(r, l.dim());
                float[] s = gaussians(r, l.summaryDim());
                float[] pre = gaussians(r, l.hidden());
                if (l.hidden() > 1) {
                    pre[r.nextInt(l.hidden())] = 0f;
                }
                float[] dG = gaussians(r, l.dim());
                if (l.dim() > 1) {
                    dG[r.nextInt(l.dim())] = 0f;
                }
                float[] start = gaussians(r, l.size());
                float[] grad = start.clone();
                float[] ref = start.clone();
                AdapterFunction.backward(l, theta, v, s, pre, dG, grad);
                referenceBackward(l, theta, v, s, pre, dG, ref);
                assertBitsEqual(ref, grad);
            }
        }
    }

    private static void assertBitsEqual(float[] expected, float[] actual) {
        assertEquals(expected.length, actual.length);
        int[] e = new int[expected.length];
        int[] a = new int[actual.length];
        for (int i = 0; i < e.length; i++) {
            e[i] = Float.floatToRawIntBits(expected[i]);
            a[i] = Float.floatToRawIntBits(actual[i]);
        }
        assertArrayEquals(e, a);
    }

    private static float[] gaussians(SplittableRandom r, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) r.nextGaussian();
        }
        return x;
    }

    // The loops as they were before the interleaving (reference implementation).

    private static double referenceLatentPart(AdapterLayout l, float[] theta, int j, float[] v) {
        int row = l.w1() + j * l.in();
        double acc = theta[l.b1() + j];
        for (int k = 0; k < l.dim(); k++) {
            acc += theta[row + k] * v[k];
        }
        return acc;
    }

    private static void referenceForward(
            AdapterLayout l, float[] theta, float[] v, float[] s, float[] pre, float[] g) {
        for (int j = 0; j < l.hidden(); j++) {
            int row = l.w1() + j * l.in() + l.dim();
            double acc = referenceLatentPart(l, theta, j, v);
            for (int k = 0; k < l.summaryDim(); k++) {
                acc += theta[row + k] * s[k];
            }
            pre[j] = (float) acc;
        }
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

    private static void referenceAdaptedItem(
            AdapterLayout l, float[] theta, float[] v, float[] s, float[] out) {
        float[] pre = new float[l.hidden()];
        float[] g = new float[l.dim()];
        referenceForward(l, theta, v, s, pre, g);
        int w = l.gateW();
        double acc = theta[l.gateC()];
        for (int k = 0; k < l.dim(); k++) {
            acc += theta[w + k] * v[k];
        }
        for (int k = 0; k < l.summaryDim(); k++) {
            acc += theta[w + l.dim() + k] * s[k];
        }
        float alpha = AdapterFunction.sigmoid((float) acc);
        for (int k = 0; k < l.dim(); k++) {
            out[k] = v[k] + alpha * g[k];
        }
    }

    private static void referenceBackward(
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
                continue;
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
}
