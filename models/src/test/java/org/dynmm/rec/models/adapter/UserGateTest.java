package org.dynmm.rec.models.adapter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class UserGateTest {
    private static final AdapterLayout LAYOUT = new AdapterLayout(4, AdapterFeatures.SIZE, 3);

    private static AdapterParameters randomParams(long seed) {
        return new AdapterParameters(
                LAYOUT,
                1,
                AdapterLossTest.randomVector(new SplittableRandom(seed), LAYOUT.size(), 0.5));
    }

    /** {@link UserGate#loss} of {@code ex}'s user and items. */
    private static double loss(
            AdapterParameters params,
            float offset,
            float[] residual,
            AdapterExample ex,
            AdapterConfig config) {
        return loss(params, offset, residual, ex, null, config);
    }

    private static double loss(
            AdapterParameters params,
            float offset,
            float[] residual,
            AdapterExample ex,
            ShownItems shown,
            AdapterConfig config) {
        return UserGate.loss(
                params,
                offset,
                residual,
                ex.userBase(),
                ex.userSummary(),
                ex.itemBase(),
                ex.logQ(),
                shown,
                config);
    }

    /** {@link UserGate#gradient} of {@code ex}'s user and items. */
    private static double offsetGradient(
            AdapterParameters params,
            float offset,
            float[] residual,
            AdapterExample ex,
            AdapterConfig config,
            float[] dResidual) {
        return offsetGradient(params, offset, residual, ex, null, config, dResidual);
    }

    private static double offsetGradient(
            AdapterParameters params,
            float offset,
            float[] residual,
            AdapterExample ex,
            ShownItems shown,
            AdapterConfig config,
            float[] dResidual) {
        return UserGate.gradient(
                params,
                offset,
                residual,
                ex.userBase(),
                ex.userSummary(),
                ex.itemBase(),
                ex.logQ(),
                shown,
                config,
                dResidual);
    }

    /** Three shown items with random latents and prior gaps. */
    private static ShownItems randomShown(SplittableRandom r) {
        float[][] latents = new float[3][];
        for (int j = 0; j < latents.length; j++) {
            latents[j] = AdapterLossTest.randomVector(r, LAYOUT.dim(), 1);
        }
        return new ShownItems(latents, AdapterLossTest.randomVector(r, 3, 1));
    }

    @Test
    void gradientsWithTheShownItemsTermMatchNumericDifferentiation() {
        SplittableRandom r = new SplittableRandom(31);
        AdapterConfig config =
                AdapterConfig.builder()
                        .userResidualLearningRate(0.05f)
                        .userShownNegatives(3)
                        .userShownWeight(0.7f)
                        .build();
        for (int trial = 0; trial < 5; trial++) {
            AdapterParameters params = randomParams(40 + trial);
            AdapterExample ex = AdapterLossTest.randomExample(r, 4);
            ShownItems shown = randomShown(r);
            float offset = (float) (r.nextDouble() * 2 - 1);
            float[] residual = AdapterLossTest.randomVector(r, LAYOUT.dim(), 0.5);
            assertTrue(
                    loss(params, offset, residual, ex, shown, config)
                            > loss(params, offset, residual, ex, null, config),
                    "the pairwise term adds a positive loss");
            assertGradientsMatchCentralDifferences(params, offset, residual, ex, shown, config);
        }
    }

    @Test
    void theShownItemsTermCountsOnlyWhileOnAndAtMostItsConfiguredItems() {
        SplittableRandom r = new SplittableRandom(32);
        AdapterParameters params = randomParams(50);
        AdapterExample ex = AdapterLossTest.randomExample(r, 4);
        ShownItems shown = randomShown(r);
        AdapterConfig off = AdapterConfig.defaults().toBuilder().userShownNegatives(0).build();
        assertEquals(
                loss(params, 0.2f, null, ex, null, off),
                loss(params, 0.2f, null, ex, shown, off),
                0.0);
        AdapterConfig first =
                AdapterConfig.builder().userShownNegatives(1).userShownWeight(1f).build();
        ShownItems firstOnly =
                new ShownItems(
                        new float[][] {shown.latents()[0]}, new float[] {shown.priorGaps()[0]});
        assertEquals(
                loss(params, 0.2f, null, ex, firstOnly, first),
                loss(params, 0.2f, null, ex, shown, first),
                1e-12);
    }

    @Test
    void stepsWithShownItemsRaiseTheTakenItemAboveThem() {
        SplittableRandom r = new SplittableRandom(33);
        AdapterConfig config =
                AdapterConfig.builder()
                        .userResidualLearningRate(0.05f)
                        .userShownNegatives(3)
                        .userShownWeight(1f)
                        .build();
        AdapterParameters params = randomParams(51);
        AdapterExample ex = AdapterLossTest.randomExample(r, 4);
        ShownItems shown = randomShown(r);
        UserGate with = new UserGate();
        UserGate without = new UserGate();
        for (int i = 0; i < 30; i++) {
            assertTrue(
                    with.step(
                            params,
                            ex.userBase(),
                            ex.userSummary(),
                            ex.itemBase(),
                            ex.logQ(),
                            shown,
                            config));
            assertTrue(
                    without.step(
                            params,
                            ex.userBase(),
                            ex.userSummary(),
                            ex.itemBase(),
                            ex.logQ(),
                            null,
                            config));
        }
        assertTrue(
                shownMargin(params, with, ex, shown) > shownMargin(params, without, ex, shown),
                "the taken item gains on the shown ones");
        // A non-finite shown latent is refused and leaves the gate unchanged.
        UserGate before = with.copy();
        shown.latents()[1][0] = Float.NaN;
        assertFalse(
                with.step(
                        params,
                        ex.userBase(),
                        ex.userSummary(),
                        ex.itemBase(),
                        ex.logQ(),
                        shown,
                        config));
        assertEquals(before, with);
    }

    /** Mean of {@code h . (z_taken - z_j)} over the shown items, with the gate's {@code h}. */
    private static double shownMargin(
            AdapterParameters params, UserGate gate, AdapterExample ex, ShownItems shown) {
        float[] h = new float[LAYOUT.dim()];
        AdapterFunction.adaptedUser(
                LAYOUT,
                params.theta(),
                ex.userBase(),
                ex.userSummary(),
                gate.beta(params),
                new float[LAYOUT.hidden()],
                new float[LAYOUT.dim()],
                h);
        gate.addResidual(h);
        double sum = 0;
        for (float[] z : shown.latents()) {
            for (int k = 0; k < h.length; k++) {
                sum += h[k] * (ex.itemBase()[0][k] - z[k]);
            }
        }
        return sum / shown.size();
    }

    @Test
    void gradientMatchesNumericDifferentiation() {
        SplittableRandom r = new SplittableRandom(21);
        AdapterConfig config = AdapterConfig.defaults();
        for (int trial = 0; trial < 5; trial++) {
            AdapterParameters params = randomParams(trial);
            AdapterExample ex = AdapterLossTest.randomExample(r, 5);
            float offset = (float) (r.nextDouble() * 2 - 1);
            double analytic = offsetGradient(params, offset, null, ex, config, null);
            double eps = 1e-3;
            double numeric =
                    (loss(params, (float) (offset + eps), null, ex, config)
                                    - loss(params, (float) (offset - eps), null, ex, config))
                            / (2 * eps);
            assertEquals(numeric, analytic, 1e-4 + 1e-2 * Math.abs(numeric));
        }
    }

    @Test
    void stepsLowerTheUsersLossAndRoundTrip() throws IOException {
        SplittableRandom r = new SplittableRandom(5);
        AdapterConfig config = AdapterConfig.defaults();
        AdapterParameters params = randomParams(99);
        AdapterExample ex = AdapterLossTest.randomExample(r, 5);
        UserGate gate = new UserGate();
        double before = loss(params, 0f, null, ex, config);
        for (int i = 0; i < 50; i++) {
            assertTrue(
                    gate.step(
                            params,
                            ex.userBase(),
                            ex.userSummary(),
                            ex.itemBase(),
                            ex.logQ(),
                            null,
                            config));
        }
        double after = loss(params, gate.offset(), null, ex, config);
        assertTrue(after < before, before + " -> " + after);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        gate.writeTo(new DataOutputStream(bytes));
        UserGate back =
                UserGate.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(gate, back);
    }

    @Test
    void nonFiniteInputLeavesTheGateUnchanged() {
        SplittableRandom r = new SplittableRandom(5);
        AdapterExample ex = AdapterLossTest.randomExample(r, 3);
        ex.itemBase()[0][0] = Float.NaN;
        UserGate gate = new UserGate();
        assertFalse(
                gate.step(
                        randomParams(1),
                        ex.userBase(),
                        ex.userSummary(),
                        ex.itemBase(),
                        null,
                        null,
                        AdapterConfig.defaults()));
        assertEquals(new UserGate(), gate);
    }

    @Test
    void residualGradientMatchesNumericDifferentiation() {
        SplittableRandom r = new SplittableRandom(22);
        AdapterConfig config = AdapterConfig.builder().userResidualLearningRate(0.05f).build();
        for (int trial = 0; trial < 5; trial++) {
            AdapterParameters params = randomParams(trial + 10);
            AdapterExample ex = AdapterLossTest.randomExample(r, 5);
            float offset = (float) (r.nextDouble() * 2 - 1);
            float[] residual = AdapterLossTest.randomVector(r, LAYOUT.dim(), 0.5);
            assertGradientsMatchCentralDifferences(params, offset, residual, ex, null, config);
        }
    }

    /** {@code dLoss/do} and {@code dLoss/dOffset} against central differences of the loss. */
    private static void assertGradientsMatchCentralDifferences(
            AdapterParameters params,
            float offset,
            float[] residual,
            AdapterExample ex,
            ShownItems shown,
            AdapterConfig config) {
        float[] analytic = new float[LAYOUT.dim()];
        double dOffset = offsetGradient(params, offset, residual, ex, shown, config, analytic);
        double eps = 1e-3;
        for (int k = 0; k < residual.length; k++) {
            float[] up = residual.clone();
            float[] down = residual.clone();
            up[k] += (float) eps;
            down[k] -= (float) eps;
            double numeric =
                    (loss(params, offset, up, ex, shown, config)
                                    - loss(params, offset, down, ex, shown, config))
                            / (2 * eps);
            assertEquals(numeric, analytic[k], 1e-3 + 1e-2 * Math.abs(numeric), "o_" + k);
        }
        double numericOffset =
                (loss(params, (float) (offset + eps), residual, ex, shown, config)
                                - loss(params, (float) (offset - eps), residual, ex, shown, config))
                        / (2 * eps);
        assertEquals(numericOffset, dOffset, 1e-4 + 1e-2 * Math.abs(numericOffset));
    }

    @Test
    void residualStepsLowerTheLossMoveTheLatentAndRoundTrip() throws IOException {
        SplittableRandom r = new SplittableRandom(6);
        AdapterConfig config = AdapterConfig.builder().userResidualLearningRate(0.05f).build();
        AdapterParameters params = randomParams(98);
        AdapterExample ex = AdapterLossTest.randomExample(r, 5);
        UserGate gate = new UserGate();
        assertNull(gate.residual());
        double before = loss(params, 0f, null, ex, config);
        for (int i = 0; i < 50; i++) {
            assertTrue(
                    gate.step(
                            params,
                            ex.userBase(),
                            ex.userSummary(),
                            ex.itemBase(),
                            ex.logQ(),
                            null,
                            config));
        }
        float[] residual = gate.residual();
        assertNotNull(residual);
        double after = loss(params, gate.offset(), residual, ex, config);
        assertTrue(after < before, before + " -> " + after);

        float[] h = ex.userBase().clone();
        gate.addResidual(h);
        for (int k = 0; k < h.length; k++) {
            assertEquals(ex.userBase()[k] + residual[k], h[k], 1e-6f);
        }

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        gate.writeTo(new DataOutputStream(bytes));
        UserGate back =
                UserGate.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(gate, back);
        assertArrayEquals(residual, back.residual());
    }

    @Test
    void readsTheFormatWithoutResidual() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(1); // format 1: offset, Adam moments, steps; no residual
        out.writeFloat(0.5f);
        out.writeFloat(0.1f);
        out.writeFloat(0.01f);
        out.writeLong(7L);
        UserGate back =
                UserGate.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertEquals(0.5f, back.offset());
        assertEquals(7L, back.steps());
        assertNull(back.residual());
    }

    @Test
    void refusesACorruptResidualLength() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(2);
        out.writeFloat(0f);
        out.writeFloat(0f);
        out.writeFloat(0f);
        out.writeLong(1L);
        out.writeInt(Integer.MAX_VALUE);
        assertThrows(
                IOException.class,
                () ->
                        UserGate.readFrom(
                                new DataInputStream(
                                        new ByteArrayInputStream(bytes.toByteArray()))));
    }

    @Test
    void poisonedEventsCannotMakeTheResidualNonFinite() {
        SplittableRandom r = new SplittableRandom(8);
        AdapterConfig config = AdapterConfig.builder().userResidualLearningRate(10f).build();
        AdapterParameters params = randomParams(3);
        UserGate gate = new UserGate();
        for (int i = 0; i < 20; i++) {
            AdapterExample ex = AdapterLossTest.randomExample(r, 4);
            // Huge (finite) item latents: the clipped step and the bound keep o_u finite.
            for (float[] z : ex.itemBase()) {
                for (int k = 0; k < z.length; k++) {
                    z[k] *= 1e30f;
                }
            }
            gate.step(params, ex.userBase(), ex.userSummary(), ex.itemBase(), null, null, config);
        }
        AdapterExample nan = AdapterLossTest.randomExample(r, 4);
        nan.itemBase()[1][0] = Float.NaN;
        UserGate before = gate.copy();
        assertFalse(
                gate.step(
                        params,
                        nan.userBase(),
                        nan.userSummary(),
                        nan.itemBase(),
                        null,
                        null,
                        config));
        assertEquals(before, gate);
        float[] residual = gate.residual();
        if (residual != null) {
            for (float x : residual) {
                assertTrue(Float.isFinite(x) && Math.abs(x) <= UserGate.MAX_RESIDUAL, "" + x);
            }
        }
    }
}
