package org.dynmm.rec.models.adapter;

import java.io.Serializable;

/**
 * Shapes of the shared adapter {@code g(x) = W2 ReLU(W1 x + b1) + b2} and its item gate {@code
 * alpha(x) = sigmoid(w . x + c)}, all packed into one flat parameter vector (so the optimizer, the
 * EWC penalty and the NaN guard are single loops).
 *
 * <p>The input is {@code x = [v; s]}: {@code v} is a base latent in the joint space ({@code
 * z_i^base} for items, {@code h_u^base} for users, both {@link #dim()} wide) and {@code s} the
 * sliding-window summary ({@link #summaryDim()} values, see {@link AdapterFeatures}). The paper
 * feeds {@code e_cf_i}; {@code z_i^base = f_I(e_cf_i)} carries the same information in the joint
 * space, which lets items and users share {@code g}.
 *
 * <p>Layout of the vector: W1 {@code [hidden, in]}, b1 {@code [hidden]}, W2 {@code [dim, hidden]},
 * b2 {@code [dim]}, gate w {@code [in]}, gate c, user gate bias {@code b0} (the shared part of
 * {@code beta_u = sigmoid(b0 + delta_u)}).
 */
public record AdapterLayout(int dim, int summaryDim, int hidden) implements Serializable {
    public AdapterLayout {
        if (dim <= 0 || summaryDim <= 0 || hidden <= 0) {
            throw new IllegalArgumentException(
                    "adapter sizes must be positive: dim="
                            + dim
                            + ", summary="
                            + summaryDim
                            + ", hidden="
                            + hidden);
        }
    }

    /** Input width {@code dim + summaryDim}. */
    public int in() {
        return dim + summaryDim;
    }

    public int w1() {
        return 0;
    }

    public int b1() {
        return hidden * in();
    }

    public int w2() {
        return b1() + hidden;
    }

    public int b2() {
        return w2() + dim * hidden;
    }

    public int gateW() {
        return b2() + dim;
    }

    public int gateC() {
        return gateW() + in();
    }

    public int userGateBias() {
        return gateC() + 1;
    }

    /** Number of parameters. */
    public int size() {
        return userGateBias() + 1;
    }
}
