package org.dynmm.rec.models.base;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The two user encoders of the frozen base (see {@link BaseTensors} for their parameters). */
public enum UserEncoderType {
    /**
     * Attention pooling: {@code a_k = q . tanh(z_k Wk) + pos[k]}, {@code h = (sum_k softmax(a)_k
     * z_k) Wo + bo}.
     */
    ATTENTION("attention"),
    /**
     * One SASRec block: learned positions, single-head self-attention with a causal mask, residual
     * and layer norm, feed-forward, residual and layer norm; the output at the last position.
     */
    SELF_ATTENTION("self-attention");

    private final String id;

    UserEncoderType(String id) {
        this.id = id;
    }

    /** The name used on the command line and in the bundle manifest. */
    public String id() {
        return id;
    }

    /**
     * The variant called {@code id}; an {@link IllegalArgumentException} listing them otherwise.
     */
    public static UserEncoderType fromId(String id) {
        for (UserEncoderType t : values()) {
            if (t.id.equals(id)) {
                return t;
            }
        }
        throw new IllegalArgumentException(
                "unknown user encoder '"
                        + id
                        + "' (known: "
                        + Arrays.stream(values())
                                .map(UserEncoderType::id)
                                .collect(Collectors.joining(", "))
                        + ")");
    }

    @Override
    public String toString() {
        return id;
    }
}
