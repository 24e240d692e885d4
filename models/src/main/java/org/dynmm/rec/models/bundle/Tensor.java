package org.dynmm.rec.models.bundle;

import java.util.Arrays;
import java.util.Objects;

/**
 * A named dense float tensor in row-major order, e.g. {@code item.cf} of shape {@code [items, 64]}.
 *
 * <p>The shape is copied and validated ({@code product(shape) == data.length}). The data array is
 * not copied, so that multi-megabyte embedding tables are not duplicated on load; {@link #data()}
 * exposes it for fast scoring loops, and callers must treat it as read-only.
 */
public final class Tensor {
    private final String name;
    private final int[] shape;
    private final float[] data;

    public Tensor(String name, int[] shape, float[] data) {
        this.name = Objects.requireNonNull(name, "name");
        if (name.isEmpty()) {
            throw new IllegalArgumentException("tensor name must not be empty");
        }
        this.shape = Objects.requireNonNull(shape, "shape").clone();
        this.data = Objects.requireNonNull(data, "data");
        long size = elementCount(name, this.shape);
        if (size != data.length) {
            throw new IllegalArgumentException(
                    "tensor '"
                            + name
                            + "' has shape "
                            + Arrays.toString(shape)
                            + " ("
                            + size
                            + " values) but "
                            + data.length
                            + " values were given");
        }
    }

    /** A 2-d tensor built from equally long rows (copied). */
    public static Tensor ofRows(String name, float[][] rows) {
        int cols = rows.length == 0 ? 0 : rows[0].length;
        float[] data = new float[Math.multiplyExact(rows.length, cols)];
        for (int r = 0; r < rows.length; r++) {
            if (rows[r].length != cols) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + name
                                + "': row "
                                + r
                                + " has "
                                + rows[r].length
                                + " values, row 0 has "
                                + cols);
            }
            System.arraycopy(rows[r], 0, data, r * cols, cols);
        }
        return new Tensor(name, new int[] {rows.length, cols}, data);
    }

    /** A 1-d tensor over a copy of the given values. */
    public static Tensor ofVector(String name, float[] values) {
        return new Tensor(name, new int[] {values.length}, values.clone());
    }

    /**
     * Number of values a tensor of this shape holds; rejects negative dimensions and shapes too
     * large for one Java array.
     */
    static long elementCount(String name, int[] shape) {
        long size = 1;
        for (int dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + name
                                + "' has a negative dimension: "
                                + Arrays.toString(shape));
            }
            size *= dim;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + name
                                + "' of shape "
                                + Arrays.toString(shape)
                                + " is too large for one float array");
            }
        }
        return size;
    }

    public String name() {
        return name;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    public int dim(int axis) {
        return shape[axis];
    }

    /** Number of values. */
    public int size() {
        return data.length;
    }

    /** The backing row-major array, not a copy: do not modify. */
    public float[] data() {
        return data;
    }

    /** First dimension (1 for a scalar). */
    public int rows() {
        return shape.length == 0 ? 1 : shape[0];
    }

    /** Values per row: the product of all dimensions after the first (1 for rank 0 and 1). */
    public int cols() {
        int cols = 1;
        for (int i = 1; i < shape.length; i++) {
            cols *= shape[i];
        }
        return cols;
    }

    /** A copy of row {@code i} (all values whose first index is {@code i}). */
    public float[] row(int i) {
        int rows = rows();
        if (i < 0 || i >= rows) {
            throw new IndexOutOfBoundsException(
                    "row " + i + " of tensor '" + name + "' with " + rows + " rows");
        }
        int cols = cols();
        return Arrays.copyOfRange(data, i * cols, (i + 1) * cols);
    }

    /** Copies row {@code i} into {@code target} at {@code offset}, without allocating. */
    public void copyRow(int i, float[] target, int offset) {
        int cols = cols();
        Objects.checkIndex(i, rows());
        System.arraycopy(data, i * cols, target, offset, cols);
    }

    /** True when both tensors have the same name, shape and bit-identical values. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Tensor)) {
            return false;
        }
        Tensor that = (Tensor) o;
        if (!name.equals(that.name) || !Arrays.equals(shape, that.shape)) {
            return false;
        }
        for (int i = 0; i < data.length; i++) {
            if (Float.floatToRawIntBits(data[i]) != Float.floatToRawIntBits(that.data[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return 31 * name.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "Tensor{" + name + " " + Arrays.toString(shape) + "}";
    }
}
