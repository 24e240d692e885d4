package org.dynmm.rec.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;

/**
 * Scalar arithmetic and ReLU for arrays on the autograd path, without DJL's {@code Number}
 * overloads.
 *
 * <p>Why: {@code x.mul(2f)}, {@code x.div(n)} and {@code x.maximum(0f)} on a PyTorch NDArray wrap
 * the number in a tensor over a Java direct buffer and close that tensor right after the op. The
 * autograd graph keeps the tensor for the backward pass (the product's and the maximum's gradients
 * read it), so a garbage collection between forward and backward frees the buffer and the backward
 * reads whatever memory took its place: gradients, and so trained models, differed from run to run
 * whenever the JVM collected garbage during a step (and were bit-identical in a JVM that never
 * did). These helpers use scalar tensors that libtorch allocates and owns, and {@link
 * Activation#relu}.
 */
final class GradSafe {
    private GradSafe() {}

    /** A 0-dimensional tensor holding {@code value}, in memory libtorch owns. */
    static NDArray scalar(NDArray like, float value) {
        return like.getManager().full(new Shape(), value, like.getDataType());
    }

    static NDArray mul(NDArray x, float value) {
        return x.mul(scalar(x, value));
    }

    static NDArray div(NDArray x, float value) {
        return x.div(scalar(x, value));
    }

    /** {@code max(x, 0)}. */
    static NDArray relu(NDArray x) {
        return Activation.relu(x);
    }
}
