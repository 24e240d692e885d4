package org.dynmm.rec.models.adapter;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A user's own part of the adapter, kept in keyed state and fitted on the user's own events against
 * the published shared parameters (the trainer fits {@code b0} and {@code g} for everyone): the
 * gate offset {@code delta_u} in {@code beta_u = sigmoid(b0 + delta_u)} with its Adam moments, and,
 * when {@link AdapterConfig#userResidualLearningRate()} is positive, the residual {@code o_u} in
 * {@code h_u = h_u^base + beta_u g + o_u}: a per-user correction of the base's direction that the
 * shared {@code g} cannot express, pulled back to zero by the stability term and L2.
 */
public final class UserGate {
    private static final int FORMAT_VERSION = 2;
    private static final int FORMAT_WITHOUT_RESIDUAL = 1;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final float MAX_OFFSET = 8f;

    /** Largest entry of the residual in absolute value (a poisoned event cannot blow it up). */
    static final float MAX_RESIDUAL = 8f;

    /** Largest residual a stored gate may declare (a corrupt length is refused, not allocated). */
    private static final int MAX_RESIDUAL_DIM = 1 << 16;

    private float offset;
    private float m;
    private float v;
    private long steps;

    /** {@code o_u}; null while it is zero (never stepped, or the residual is off). */
    private float[] residual;

    public float offset() {
        return offset;
    }

    public long steps() {
        return steps;
    }

    /** A copy of {@code o_u}, or null while it is zero. */
    public float[] residual() {
        return residual == null ? null : residual.clone();
    }

    /** {@code beta_u} under {@code params}. */
    public float beta(AdapterParameters params) {
        return AdapterFunction.userGate(params.layout(), params.theta(), offset);
    }

    /** Adds {@code o_u} to {@code h} in place (nothing while it is zero). */
    public void addResidual(float[] h) {
        if (residual == null) {
            return;
        }
        for (int k = 0; k < h.length; k++) {
            h[k] += residual[k];
        }
    }

    /**
     * One step on the ranking loss (+ stability and L2) of the taken item (row 0 of {@code items},
     * adapted latents) against the others: Adam on the offset and, when its learning rate is
     * positive, a clipped gradient step on the residual. Non-finite inputs leave the gate
     * unchanged.
     *
     * @param corrections what each row's score loses before the softmax ({@link
     *     AdapterExample#corrections}: sampling correction minus the served popularity prior); null
     *     for none
     * @param shown the items shown to the user before the interaction, for the pairwise term when
     *     {@link AdapterConfig#usesShownItems}; null or empty for none
     * @return false when the inputs were not usable
     */
    public boolean step(
            AdapterParameters params,
            float[] userBase,
            float[] userSummary,
            float[][] items,
            float[] corrections,
            ShownItems shown,
            AdapterConfig config) {
        int dim = params.layout().dim();
        if (shown != null && !shown.isValid(dim)) {
            return false;
        }
        if (residual != null && residual.length != dim) {
            residual = null; // written against another base: start over at zero
        }
        // With the residual off, a residual restored from earlier state is kept but not used.
        boolean fitResidual = config.userResidualLearningRate() > 0f;
        float[] dResidual = fitResidual ? new float[dim] : null;
        double g =
                gradient(
                        params,
                        offset,
                        fitResidual ? residual : null,
                        userBase,
                        userSummary,
                        items,
                        corrections,
                        shown,
                        config,
                        dResidual);
        if (!Double.isFinite(g) || (fitResidual && !AdapterParameters.allFinite(dResidual))) {
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
        if (fitResidual) {
            stepResidual(dResidual, config);
        }
        return true;
    }

    private void stepResidual(float[] gradient, AdapterConfig config) {
        double scale =
                config.userResidualLearningRate()
                        * OnlineAdapterTrainer.clipFactor(gradient, config.gradientClip());
        if (residual == null) {
            residual = new float[gradient.length];
        }
        for (int k = 0; k < residual.length; k++) {
            float next = (float) (residual[k] - scale * gradient[k]);
            residual[k] = Math.max(-MAX_RESIDUAL, Math.min(MAX_RESIDUAL, next));
        }
    }

    /**
     * The user's loss as a function of the offset and the residual (null: zero): softmax ranking
     * loss of row 0 of {@code items} with {@code h = h_base + beta g + o}, plus, with {@code shown}
     * items and {@link AdapterConfig#usesShownItems}, the weighted mean of {@code softplus(-(s_0 -
     * s_j))} over them ({@link ShownItems}), plus the stability term on the user's drift {@code
     * beta g + o}, plus L2 on both.
     */
    static double loss(
            AdapterParameters params,
            float offset,
            float[] residual,
            float[] userBase,
            float[] userSummary,
            float[][] items,
            float[] corrections,
            ShownItems shown,
            AdapterConfig config) {
        return evaluate(
                params,
                offset,
                residual,
                userBase,
                userSummary,
                items,
                corrections,
                shown,
                config,
                null,
                false);
    }

    /**
     * {@code dLoss/dOffset}, written out (checked numerically in the tests); {@code dResidual},
     * when not null, receives {@code dLoss/do}.
     */
    static double gradient(
            AdapterParameters params,
            float offset,
            float[] residual,
            float[] userBase,
            float[] userSummary,
            float[][] items,
            float[] corrections,
            ShownItems shown,
            AdapterConfig config,
            float[] dResidual) {
        return evaluate(
                params,
                offset,
                residual,
                userBase,
                userSummary,
                items,
                corrections,
                shown,
                config,
                dResidual,
                true);
    }

    private static double evaluate(
            AdapterParameters params,
            float offset,
            float[] residual,
            float[] userBase,
            float[] userSummary,
            float[][] items,
            float[] corrections,
            ShownItems shown,
            AdapterConfig config,
            float[] dResidual,
            boolean gradient) {
        AdapterLayout l = params.layout();
        int dim = l.dim();
        float[] gu = new float[dim];
        AdapterFunction.forward(
                l, params.theta(), userBase, userSummary, new float[l.hidden()], gu);
        double beta = 1.0 / (1.0 + Math.exp(-(params.theta()[l.userGateBias()] + (double) offset)));
        // drift = beta g + o, h = h_base + drift
        double[] drift = new double[dim];
        for (int k = 0; k < dim; k++) {
            drift[k] = beta * gu[k] + (residual == null ? 0.0 : residual[k]);
        }
        double[] scores = new double[items.length];
        double[] zg = new double[items.length];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < items.length; j++) {
            double s = 0;
            double dot = 0;
            for (int k = 0; k < dim; k++) {
                s += (userBase[k] + drift[k]) * items[j][k];
                dot += (double) gu[k] * items[j][k];
            }
            scores[j] = s - (corrections == null ? 0.0 : corrections[j]);
            zg[j] = dot;
            max = Math.max(max, scores[j]);
        }
        double sum = 0;
        for (double s : scores) {
            sum += Math.exp(s - max);
        }
        double drift2 = 0;
        double driftDotG = 0;
        double residual2 = 0;
        for (int k = 0; k < dim; k++) {
            drift2 += drift[k] * drift[k];
            driftDotG += drift[k] * gu[k];
            if (residual != null) {
                residual2 += (double) residual[k] * residual[k];
            }
        }
        // The shown items' pairwise term: margin d_j = h . (z_taken - z_j) + (b_taken - b_j).
        int shownCount =
                shown == null || !config.usesShownItems()
                        ? 0
                        : Math.min(shown.size(), config.userShownNegatives());
        double pairWeight = shownCount == 0 ? 0.0 : config.userShownWeight() / shownCount;
        double pairwise = 0;
        double[] pairSlope = new double[shownCount];
        for (int j = 0; j < shownCount; j++) {
            float[] zj = shown.latents()[j];
            double margin = shown.priorGaps()[j];
            for (int k = 0; k < dim; k++) {
                margin += (userBase[k] + drift[k]) * (items[0][k] - zj[k]);
            }
            pairwise += softplus(-margin);
            pairSlope[j] = -pairWeight / (1.0 + Math.exp(margin)); // d softplus(-d) / dd
        }
        float w = config.stabilityWeight();
        if (!gradient) {
            double ranking = -(scores[0] - max - Math.log(sum));
            return ranking
                    + pairWeight * pairwise
                    + w * drift2
                    + config.userL2() * ((double) offset * offset + residual2);
        }
        double dBeta = 0;
        for (int j = 0; j < shownCount; j++) {
            float[] zj = shown.latents()[j];
            for (int k = 0; k < dim; k++) {
                double dz = items[0][k] - zj[k];
                dBeta += pairSlope[j] * gu[k] * dz;
                if (dResidual != null) {
                    dResidual[k] += (float) (pairSlope[j] * dz);
                }
            }
        }
        for (int j = 0; j < items.length; j++) {
            double p = Math.exp(scores[j] - max) / sum - (j == 0 ? 1 : 0);
            dBeta += p * zg[j];
            if (dResidual != null) {
                for (int k = 0; k < dim; k++) {
                    dResidual[k] += (float) (p * items[j][k]);
                }
            }
        }
        if (dResidual != null) {
            for (int k = 0; k < dim; k++) {
                double o = residual == null ? 0.0 : residual[k];
                dResidual[k] += (float) (2.0 * w * drift[k] + 2.0 * config.userL2() * o);
            }
        }
        dBeta += 2.0 * w * driftDotG;
        return dBeta * beta * (1 - beta) + 2.0 * config.userL2() * offset;
    }

    private static double softplus(double x) {
        return Math.max(x, 0.0) + Math.log1p(Math.exp(-Math.abs(x)));
    }

    public UserGate copy() {
        UserGate c = new UserGate();
        c.offset = offset;
        c.m = m;
        c.v = v;
        c.steps = steps;
        c.residual = residual == null ? null : residual.clone();
        return c;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeFloat(offset);
        out.writeFloat(m);
        out.writeFloat(v);
        out.writeLong(steps);
        out.writeInt(residual == null ? 0 : residual.length);
        if (residual != null) {
            for (float x : residual) {
                out.writeFloat(x);
            }
        }
    }

    public static UserGate readFrom(DataInput in) throws IOException {
        int format = in.readByte();
        if (format != FORMAT_VERSION && format != FORMAT_WITHOUT_RESIDUAL) {
            throw new IOException("unknown user gate format " + format);
        }
        UserGate g = new UserGate();
        g.offset = in.readFloat();
        g.m = in.readFloat();
        g.v = in.readFloat();
        g.steps = in.readLong();
        if (format == FORMAT_VERSION) {
            int n = in.readInt();
            if (n < 0 || n > MAX_RESIDUAL_DIM) {
                throw new IOException("user gate residual of " + n + " values");
            }
            if (n > 0) {
                g.residual = new float[n];
                for (int k = 0; k < n; k++) {
                    g.residual[k] = in.readFloat();
                }
            }
        }
        return g;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserGate
                && ((UserGate) o).offset == offset
                && ((UserGate) o).m == m
                && ((UserGate) o).v == v
                && ((UserGate) o).steps == steps
                && Arrays.equals(((UserGate) o).residual, residual);
    }

    @Override
    public int hashCode() {
        return Float.hashCode(offset) * 31 + Long.hashCode(steps);
    }

    @Override
    public String toString() {
        return "UserGate{offset="
                + offset
                + ", steps="
                + steps
                + (residual == null ? "" : ", residual=" + residual.length + " values")
                + '}';
    }
}
