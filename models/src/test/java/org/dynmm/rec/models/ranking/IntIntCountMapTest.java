package org.dynmm.rec.models.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IntIntCountMapTest {
    @Test
    void behavesLikeAHashMapUnderRandomUpdates() {
        Random random = new Random(7);
        IntIntCountMap map = new IntIntCountMap();
        Map<Integer, Integer> reference = new HashMap<>();
        for (int i = 0; i < 50_000; i++) {
            int key = random.nextInt(5_000);
            map.add(key, 1);
            reference.merge(key, 1, Integer::sum);
        }
        assertThat(map.size()).isEqualTo(reference.size());
        reference.forEach((k, v) -> assertThat(map.get(k)).as("key %d", k).isEqualTo(v));
        assertThat(map.get(5_001)).isZero();

        Map<Integer, Integer> visited = new HashMap<>();
        map.forEach(visited::put);
        assertThat(visited).isEqualTo(reference);

        double[] acc = new double[5_000];
        map.addTo(acc, 0.5);
        reference.forEach((k, v) -> assertThat(acc[k]).isEqualTo(v * 0.5));
    }

    @Test
    void serializedFormIsIndependentOfInsertionOrder() throws IOException {
        IntIntCountMap forward = new IntIntCountMap();
        IntIntCountMap backward = new IntIntCountMap();
        for (int k = 0; k < 100; k++) {
            forward.add(k * 37, k + 1);
            backward.add((99 - k) * 37, 100 - k);
        }
        assertThat(forward).isEqualTo(backward).hasSameHashCodeAs(backward);
        assertThat(bytes(forward)).isEqualTo(bytes(backward));

        IntIntCountMap read =
                IntIntCountMap.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes(forward))));
        assertThat(read).isEqualTo(forward);
        assertThat(read.get(37 * 5)).isEqualTo(6);
    }

    private static byte[] bytes(IntIntCountMap map) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        map.writeTo(new DataOutputStream(out));
        return out.toByteArray();
    }
}
