package org.dynmm.rec.models.adapter;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.Serializable;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One immutable, versioned snapshot of the shared adapter's parameters, as the trainer publishes it
 * to the rankers. Version 0 is the identity adapter ({@code g = 0}), so ranking starts as the
 * frozen base.
 */
public final class AdapterParameters implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int FORMAT_VERSION = 1;

    private final AdapterLayout layout;
    private final long version;
    private final float[] theta;

    public AdapterParameters(AdapterLayout layout, long version, float[] theta) {
        if (theta.length != layout.size()) {
            throw new IllegalArgumentException(
                    "adapter parameters have "
                            + theta.length
                            + " values, "
                            + layout.size()
                            + " expected");
        }
        this.layout = layout;
        this.version = version;
        this.theta = theta;
    }

    /**
     * Version 0: W1 drawn small (Glorot-uniform, seeded) so gradients reach W2, everything else
     * zero, so {@code g(x) = 0} and the adapted model equals the base until the trainer learns. The
     * user gate bias starts at {@code initialUserGateLogit}.
     */
    public static AdapterParameters initial(
            AdapterLayout layout, long seed, float initialUserGateLogit) {
        float[] theta = new float[layout.size()];
        SplittableRandom random = new SplittableRandom(seed);
        double limit = Math.sqrt(6.0 / (layout.in() + layout.hidden()));
        for (int i = 0; i < layout.hidden() * layout.in(); i++) {
            theta[layout.w1() + i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        theta[layout.userGateBias()] = initialUserGateLogit;
        return new AdapterParameters(layout, 0, theta);
    }

    public AdapterLayout layout() {
        return layout;
    }

    public long version() {
        return version;
    }

    /** The packed parameter vector; shared, do not modify. */
    public float[] theta() {
        return theta;
    }

    /** True when every parameter is finite. */
    public static boolean allFinite(float[] values) {
        for (float v : values) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeInt(layout.dim());
        out.writeInt(layout.summaryDim());
        out.writeInt(layout.hidden());
        out.writeLong(version);
        for (float v : theta) {
            out.writeFloat(v);
        }
    }

    public static AdapterParameters readFrom(DataInput in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT_VERSION) {
            throw new IOException("unknown adapter parameter format " + format);
        }
        AdapterLayout layout = new AdapterLayout(in.readInt(), in.readInt(), in.readInt());
        long version = in.readLong();
        float[] theta = new float[layout.size()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = in.readFloat();
        }
        return new AdapterParameters(layout, version, theta);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AdapterParameters
                && ((AdapterParameters) o).version == version
                && ((AdapterParameters) o).layout.equals(layout)
                && Arrays.equals(((AdapterParameters) o).theta, theta);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(version) * 31 + Arrays.hashCode(theta);
    }

    @Override
    public String toString() {
        return "AdapterParameters{v" + version + ", " + layout + '}';
    }
}
