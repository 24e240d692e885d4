package org.dynmm.rec.models.adapter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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

    @Test
    void gradientMatchesNumericDifferentiation() {
        SplittableRandom r = new SplittableRandom(21);
        AdapterConfig config = AdapterConfig.defaults();
        for (int trial = 0; trial < 5; trial++) {
            AdapterParameters params = randomParams(trial);
            AdapterExample ex = AdapterLossTest.randomExample(r, 5);
            float offset = (float) (r.nextDouble() * 2 - 1);
            double analytic =
                    UserGate.gradient(
                            params,
                            offset,
                            ex.userBase(),
                            ex.userSummary(),
                            ex.itemBase(),
                            ex.logQ(),
                            config);
            double eps = 1e-3;
            double numeric =
                    (UserGate.loss(
                                            params,
                                            (float) (offset + eps),
                                            ex.userBase(),
                                            ex.userSummary(),
                                            ex.itemBase(),
                                            ex.logQ(),
                                            config)
                                    - UserGate.loss(
                                            params,
                                            (float) (offset - eps),
                                            ex.userBase(),
                                            ex.userSummary(),
                                            ex.itemBase(),
                                            ex.logQ(),
                                            config))
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
        double before =
                UserGate.loss(
                        params,
                        0f,
                        ex.userBase(),
                        ex.userSummary(),
                        ex.itemBase(),
                        ex.logQ(),
                        config);
        for (int i = 0; i < 50; i++) {
            assertTrue(
                    gate.step(
                            params,
                            ex.userBase(),
                            ex.userSummary(),
                            ex.itemBase(),
                            ex.logQ(),
                            config));
        }
        double after =
                UserGate.loss(
                        params,
                        gate.offset(),
                        ex.userBase(),
                        ex.userSummary(),
                        ex.itemBase(),
                        ex.logQ(),
                        config);
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
                        AdapterConfig.defaults()));
        assertEquals(new UserGate(), gate);
    }
}
