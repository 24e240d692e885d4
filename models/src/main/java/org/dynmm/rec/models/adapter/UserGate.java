package org.dynmm.rec.models.adapter;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * A user's own part of the adapter: the gate offset {@code delta_u} in {@code beta_u = sigmoid(b0 +
 * delta_u)} and its Adam moments, kept in keyed state and fitted on the user's own events against
 * the published shared parameters (the trainer fits {@code b0} and {@code g} for everyone).
 */
public final class UserGate {
    private static final int FORMAT_VERSION = 1;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final float MAX_OFFSET = 8f;

    private float offset;
    private float m;
    private float v;
    private long steps;

    public float offset() {
        return offset;
    }

    public long steps() {
        return steps;
    }

    /** {@code beta_u} under {@code params}. */
    public float beta(AdapterParameters params) {
        return AdapterFunction.userGate(params.layout(), params.theta(), offset);
    }

    /**
     * One step on the ranking loss (+ stability and L2) of the taken item (row 0 of {@code items},
     * adapted latents) against the others. Non-finite inputs leave the gate unchanged.
     *
     * @return false when the inputs were not usable
     */
    public boolean step(
            AdapterParameters params,
            float[] userBase,
            float[] userSummary,
            float[][] items,
            float[] logQ,
            AdapterConfig config) {
        double g = gradient(params, offset, userBase, userSummary, items, logQ, config);
        if (!Double.isFinite(g)) {
            return false;
        }
        steps++;
        m = BETA1 * m + (1 - BETA1) * (float) g;
        v = BETA2 * v + (1 - BETA2) * (float) (g * g);
        double mHat = m / (1 - Math.pow(BETA1, steps));
        double vHat = v / (1 - Math.pow(BETA2, steps));
        float next =
                (float) (offset - config.userLearningRate() * mHat / (Math.sqrt(vHat) + EPSILON));
        offset = Math.max(-MAX_OFFSET, Math.min(MAX_OFFSET, next));
        return true;
    }

    /**
     * The user's loss as a function of the offset: softmax ranking loss of row 0 of {@code items}
     * with {@code h = h_base + beta g}, plus the stability term on the user's drift, plus L2.
     */
    static double loss(
            AdapterParameters params,
            float offset,
            float[] userBase,
            float[] userSummary,
            float[][] items,
            float[] logQ,
            AdapterConfig config) {
        return evaluate(params, offset, userBase, userSummary, items, logQ, config, false);
    }

    /** {@code dLoss/dOffset}, written out (checked numerically in the tests). */
    static double gradient(
            AdapterParameters params,
            float offset,
            float[] userBase,
            float[] userSummary,
            float[][] items,
            float[] logQ,
            AdapterConfig config) {
        return evaluate(params, offset, userBase, userSummary, items, logQ, config, true);
    }

    private static double evaluate(
            AdapterParameters params,
            float offset,
            float[] userBase,
            float[] userSummary,
            float[][] items,
            float[] logQ,
            AdapterConfig config,
            boolean gradient) {
        AdapterLayout l = params.layout();
        int dim = l.dim();
        float[] gu = new float[dim];
        AdapterFunction.forward(
                l, params.theta(), userBase, userSummary, new float[l.hidden()], gu);
        double beta = 1.0 / (1.0 + Math.exp(-(params.theta()[l.userGateBias()] + (double) offset)));
        double[] scores = new double[items.length];
        double[] zg = new double[items.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < items.length; j++) {
            double s = 0;
            double dot = 0;
            for (int k = 0; k < dim; k++) {
                s += (userBase[k] + beta * gu[k]) * items[j][k];
                dot += (double) gu[k] * items[j][k];
            }
            scores[j] = s - (logQ == null ? 0.0 : logQ[j]);
            zg[j] = dot;
            max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (double s : scores) {
            sum += Math.exp(s - max);
        }
        double gNorm2 = 0;
        for (float x : gu) {
            gNorm2 += (double) x * x;
        }
        if (!gradient) {
            double ranking = -(scores[0] - max - Math.log(sum));
            return ranking
                    + config.stabilityWeight() * beta * beta * gNorm2
                    + config.userL2() * (double) offset * offset;
        }
        double dBeta = 0;
        for (int j = 0; j < items.length; j++) {
            dBeta += (Math.exp(scores[j] - max) / sum - (j == 0 ? 1 : 0)) * zg[j];
        }
        dBeta += 2.0 * config.stabilityWeight() * beta * gNorm2;
        return dBeta * beta * (1 - beta) + 2.0 * config.userL2() * offset;
    }

    public UserGate copy() {
        UserGate c = new UserGate();
        c.offset = offset;
        c.m = m;
        c.v = v;
        c.steps = steps;
        return c;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeFloat(offset);
        out.writeFloat(m);
        out.writeFloat(v);
        out.writeLong(steps);
    }

    public static UserGate readFrom(DataInput in) throws IOException {
        int format = in.readByte();
        if (format != FORMAT_VERSION) {
            throw new IOException("unknown user gate format " + format);
        }
        UserGate g = new UserGate();
        g.offset = in.readFloat();
        g.m = in.readFloat();
        g.v = in.readFloat();
        g.steps = in.readLong();
        return g;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserGate
                && ((UserGate) o).offset == offset
                && ((UserGate) o).m == m
                && ((UserGate) o).v == v
                && ((UserGate) o).steps == steps;
    }

    @Override
    public int hashCode() {
        return Float.hashCode(offset) * 31 + Long.hashCode(steps);
    }

    @Override
    public String toString() {
        return "UserGate{offset=" + offset + ", steps=" + steps + '}';
    }
}
