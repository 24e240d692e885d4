package org.dynmm.rec.models.base;

import java.io.Serializable;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;

/**
 * A two-layer ReLU perceptron in plain Java: {@code y = relu(x w1 + b1) w2 + b2}, with {@code w1}
 * stored {@code [in, hidden]} and {@code w2} {@code [hidden, out]}, row-major. Immutable and
 * thread-safe.
 */
public final class Mlp implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String name;
    private final int in;
    private final int hidden;
    private final int out;
    private final float[] w1;
    private final float[] b1;
    private final float[] w2;
    private final float[] b2;

    Mlp(String name, int in, int hidden, int out, float[] w1, float[] b1, float[] w2, float[] b2) {
        this.name = name;
        this.in = in;
        this.hidden = hidden;
        this.out = out;
        this.w1 = w1;
        this.b1 = b1;
        this.w2 = w2;
        this.b2 = b2;
    }

    /**
     * Reads MLP {@code prefix} ({@code prefix.w1 .. prefix.b2}) from {@code bundle}, checking that
     * it maps {@code in} to {@code out} values; the hidden size is taken from {@code w1}.
     */
    static Mlp read(ModelBundle bundle, String prefix, int in, int out) {
        String[] names = BaseTensors.mlp(prefix);
        Tensor w1 = bundle.requireShape(names[0], in, -1);
        int hidden = w1.dim(1);
        if (hidden <= 0) {
            throw new BundleException(
                    "bundle "
                            + bundle.modelVersion()
                            + ": tensor '"
                            + names[0]
                            + "' has no columns");
        }
        Tensor b1 = bundle.requireShape(names[1], hidden);
        Tensor w2 = bundle.requireShape(names[2], hidden, out);
        Tensor b2 = bundle.requireShape(names[3], out);
        return new Mlp(prefix, in, hidden, out, w1.data(), b1.data(), w2.data(), b2.data());
    }

    public String name() {
        return name;
    }

    public int inputSize() {
        return in;
    }

    public int hiddenSize() {
        return hidden;
    }

    public int outputSize() {
        return out;
    }

    /** The weights {@code w1, b1, w2, b2} (copies). */
    public float[][] weights() {
        return new float[][] {w1.clone(), b1.clone(), w2.clone(), b2.clone()};
    }

    /** The output for {@code x} (length {@link #inputSize()}), a new array. */
    public float[] forward(float[] x) {
        if (x.length != in) {
            throw new IllegalArgumentException(name + " takes " + in + " values, got " + x.length);
        }
        float[] h = affine(x, w1, b1, in, hidden);
        for (int j = 0; j < hidden; j++) {
            if (h[j] < 0f) {
                h[j] = 0f;
            }
        }
        return affine(h, w2, b2, hidden, out);
    }

    /** {@code x w + b} for {@code w} of shape {@code [in, out]}; b may be null. */
    static float[] affine(float[] x, float[] w, float[] b, int in, int out) {
        float[] y = new float[out];
        if (b != null) {
            System.arraycopy(b, 0, y, 0, out);
        }
        for (int i = 0; i < in; i++) {
            float xi = x[i];
            if (xi == 0f) {
                continue;
            }
            int row = i * out;
            for (int j = 0; j < out; j++) {
                y[j] += xi * w[row + j];
            }
        }
        return y;
    }
}
