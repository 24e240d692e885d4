package org.dynmm.rec.models.adapter;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Trains the shared adapter online, one example at a time: Adam on {@link AdapterLoss} plus the EWC
 * penalty {@code lambda * sum_j F_j (theta_j - theta*_j)^2}, where {@code theta*} and {@code F} (an
 * exponential average of squared ranking gradients, the empirical Fisher) are consolidated every
 * {@link AdapterConfig#consolidateEvery()} examples. Every {@link AdapterConfig#publishEvery()}
 * examples a new {@link AdapterParameters} version is published.
 *
 * <p>Poisoned input cannot corrupt the parameters: invalid examples (NaN, wrong sizes) are
 * rejected, the gradient norm is clipped, and a step that would leave any parameter non-finite is
 * undone. The whole state round-trips through {@link #writeTo}/{@link #readFrom}, so checkpoints
 * restore it exactly. Not thread-safe.
 */
public final class OnlineAdapterTrainer {
    private static final int FORMAT_VERSION = 1;
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPSILON = 1e-8f;
    private static final float FISHER_DECAY = 0.99f;

    private final AdapterConfig config;
    private final AdapterLayout layout;
    private final float[] theta;
    private final float[] m;
    private final float[] v;
    private final float[] fisher;
    private final float[] anchor;
    private final float[] anchorFisher;
    private final float[] grad;
    private final float[] rankingGrad;
    private long steps;
    private long rejected;
    private AdapterParameters published;
    private double lossSum;
    private long lossCount;

    public OnlineAdapterTrainer(AdapterConfig config, int dim) {
        this(config, AdapterParameters.initial(config.layout(dim), config.seed(), 0f));
    }

    private OnlineAdapterTrainer(AdapterConfig config, AdapterParameters start) {
        this.config = config;
        this.layout = start.layout();
        int n = layout.size();
        theta = start.theta().clone();
        m = new float[n];
        v = new float[n];
        fisher = new float[n];
        anchor = theta.clone();
        anchorFisher = new float[n];
        grad = new float[n];
        rankingGrad = new float[n];
        published = start;
    }

    public AdapterLayout layout() {
        return layout;
    }

    /** The latest published parameters. */
    public AdapterParameters published() {
        return published;
    }

    public long steps() {
        return steps;
    }

    /** Examples refused or steps undone because of non-finite numbers. */
    public long rejected() {
        return rejected;
    }

    /** Mean total loss since the last call, NaN when there was no step. */
    public double drainMeanLoss() {
        double mean = lossCount == 0 ? Double.NaN : lossSum / lossCount;
        lossSum = 0;
        lossCount = 0;
        return mean;
    }

    /**
     * One update from {@code example}.
     *
     * @return true when this step published a new parameter version
     */
    public boolean step(AdapterExample example) {
        if (!example.isValid(layout)) {
            rejected++;
            return false;
        }
        Arrays.fill(grad, 0f);
        Arrays.fill(rankingGrad, 0f);
        AdapterLoss.Value loss =
                AdapterLoss.evaluate(
                        layout,
                        theta,
                        example,
                        config.itemSide(),
                        config.coldItemsOnly(),
                        config.stabilityWeight(),
                        grad,
                        config.ewcLambda() > 0 ? rankingGrad : null);
        double ewc = addEwc();
        double total = loss.total() + ewc;
        if (!Double.isFinite(total) || !AdapterParameters.allFinite(grad)) {
            rejected++;
            return false;
        }
        clip(grad, config.gradientClip());
        float[] before = theta.clone();
        float[] mBefore = m.clone();
        float[] vBefore = v.clone();
        adam();
        if (!AdapterParameters.allFinite(theta)) {
            System.arraycopy(before, 0, theta, 0, theta.length);
            System.arraycopy(mBefore, 0, m, 0, m.length);
            System.arraycopy(vBefore, 0, v, 0, v.length);
            rejected++;
            return false;
        }
        if (config.ewcLambda() > 0) {
            for (int j = 0; j < fisher.length; j++) {
                float g = rankingGrad[j];
                fisher[j] = FISHER_DECAY * fisher[j] + (1 - FISHER_DECAY) * g * g;
            }
            if (steps % config.consolidateEvery() == 0) {
                System.arraycopy(theta, 0, anchor, 0, theta.length);
                System.arraycopy(fisher, 0, anchorFisher, 0, fisher.length);
            }
        }
        lossSum += total;
        lossCount++;
        if (steps % config.publishEvery() == 0) {
            published = new AdapterParameters(layout, published.version() + 1, theta.clone());
            return true;
        }
        return false;
    }

    /** Adds the EWC gradient to {@link #grad}; returns the penalty. */
    private double addEwc() {
        float lambda = config.ewcLambda();
        if (lambda == 0f) {
            return 0.0;
        }
        double penalty = 0;
        for (int j = 0; j < theta.length; j++) {
            float d = theta[j] - anchor[j];
            penalty += anchorFisher[j] * d * d;
            grad[j] += 2f * lambda * anchorFisher[j] * d;
        }
        return lambda * penalty;
    }

    private void adam() {
        steps++;
        double c1 = 1.0 - Math.pow(BETA1, steps);
        double c2 = 1.0 - Math.pow(BETA2, steps);
        float stepSize = (float) (config.learningRate() * Math.sqrt(c2) / c1);
        for (int j = 0; j < theta.length; j++) {
            float g = grad[j];
            m[j] = BETA1 * m[j] + (1 - BETA1) * g;
            v[j] = BETA2 * v[j] + (1 - BETA2) * g * g;
            theta[j] -= stepSize * m[j] / ((float) Math.sqrt(v[j]) + EPSILON);
        }
    }

    static void clip(float[] g, float maxNorm) {
        double factor = clipFactor(g, maxNorm);
        if (factor < 1.0) {
            float scale = (float) factor;
            for (int j = 0; j < g.length; j++) {
                g[j] *= scale;
            }
        }
    }

    /** The factor that brings {@code g}'s norm down to {@code maxNorm}: 1 when it is within. */
    static double clipFactor(float[] g, float maxNorm) {
        double sq = 0;
        for (float x : g) {
            sq += (double) x * x;
        }
        double norm = Math.sqrt(sq);
        return norm > maxNorm ? maxNorm / norm : 1.0;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        published.writeTo(out);
        out.writeLong(steps);
        out.writeLong(rejected);
        for (float[] a : new float[][] {theta, m, v, fisher, anchor, anchorFisher}) {
            for (float x : a) {
                out.writeFloat(x);
            }
        }
    }

    /** What a trainer's state holds apart from its optimizer arrays: for inspection. */
    public record Summary(AdapterParameters published, long steps, long rejectedSteps) {}

    /**
     * Reads the head of a state written by {@link #writeTo}: the published parameters and step
     * counts. Needs no configuration, so tools can show a snapshot's adapter without the job's.
     */
    public static Summary readSummary(DataInput in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT_VERSION) {
            throw new IOException("unknown adapter trainer format " + format);
        }
        AdapterParameters published = AdapterParameters.readFrom(in);
        return new Summary(published, in.readLong(), in.readLong());
    }

    /** Restores a trainer written by {@link #writeTo}; {@code config} must give the same layout. */
    public static OnlineAdapterTrainer readFrom(DataInput in, AdapterConfig config)
            throws IOException {
        Summary head = readSummary(in);
        AdapterParameters published = head.published();
        if (!config.layout(published.layout().dim()).equals(published.layout())) {
            throw new IOException(
                    "adapter state has layout "
                            + published.layout()
                            + " but the configuration asks for hidden="
                            + config.hidden());
        }
        OnlineAdapterTrainer t = new OnlineAdapterTrainer(config, published);
        t.steps = head.steps();
        t.rejected = head.rejectedSteps();
        for (float[] a : new float[][] {t.theta, t.m, t.v, t.fisher, t.anchor, t.anchorFisher}) {
            for (int j = 0; j < a.length; j++) {
                a[j] = in.readFloat();
            }
        }
        return t;
    }

    /** Current (unpublished) parameters; for tests. */
    float[] theta() {
        return theta;
    }
}
