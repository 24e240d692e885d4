package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Losses#infoNce} on cases small enough to compute by hand. */
class InfoNceTest {
    private static NDManager manager;

    @BeforeAll
    static void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
    }

    private static NDArray m(int rows, float... v) {
        return manager.create(v, new Shape(rows, v.length / rows));
    }

    private static float loss(NDArray a, NDArray b, float[] mask, float tau) {
        return Losses.infoNce(a, b, manager.create(mask), tau).getFloat();
    }

    @Test
    void alignedOrthogonalPairs() {
        // cos = identity; each direction, each row: -log(e^(1/tau) / (e^(1/tau) + e^0)).
        // tau = 1: log(1 + e^-1) = 0.3132617; tau = 0.5: log(1 + e^-2) = 0.1269280.
        NDArray eye = m(2, 1, 0, 0, 1);
        assertThat(loss(eye, eye, new float[] {1, 1}, 1f)).isCloseTo(0.3132617f, within(1e-5f));
        assertThat(loss(eye, eye, new float[] {1, 1}, 0.5f)).isCloseTo(0.1269280f, within(1e-5f));
        // Cosine, not dot product: scaling a latent changes nothing.
        assertThat(loss(m(2, 5, 0, 0, 2), eye, new float[] {1, 1}, 1f))
                .isCloseTo(0.3132617f, within(1e-5f));
    }

    @Test
    void asymmetricCaseByHand() {
        // a = (1, 0), (0, 1); b = (1, 0), (1, 1): cos(a_i, b_j) = [[1, r], [0, r]], r = 1/sqrt 2.
        // a -> b: row 0 log(1 + e^-(1 - r)) = 0.5573976, row 1 log(1 + e^-r) = 0.4008217;
        //   mean 0.4791096.
        // b -> a: column 0 (1, 0) picks 0: log(1 + e^-1) = 0.3132617; column 1 (r, r) picks 1:
        //   log 2 = 0.6931472; mean 0.5032044.
        // Symmetric mean: 0.4911570.
        assertThat(loss(m(2, 1, 0, 0, 1), m(2, 1, 0, 1, 1), new float[] {1, 1}, 1f))
                .isCloseTo(0.4911570f, within(1e-5f));
    }

    @Test
    void itemsMissingAModalityAreNeitherAnchorsNorNegatives() {
        // A third item with mask 0 and arbitrary latents: the loss is the two-item one above.
        NDArray a = m(3, 1, 0, 0, 1, 3, -1);
        NDArray b = m(3, 1, 0, 1, 1, -2, 5);
        assertThat(loss(a, b, new float[] {1, 1, 0}, 1f)).isCloseTo(0.4911570f, within(1e-5f));
        // Zero-filling the absent item instead would have made it a negative: a different loss.
        NDArray zeroA = m(3, 1, 0, 0, 1, 0, 0);
        NDArray zeroB = m(3, 1, 0, 1, 1, 0, 0);
        assertThat(loss(zeroA, zeroB, new float[] {1, 1, 1}, 1f))
                .isNotCloseTo(0.4911570f, within(1e-3f));
    }
}
