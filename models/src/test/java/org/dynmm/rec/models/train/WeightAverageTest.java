package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class WeightAverageTest {

    @Test
    void averagesTheStepsAndSwapsInPlaceBothWays() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray w = manager.create(new float[] {1f, 2f});
            NDArray b = manager.create(new float[] {-4f});
            Map<String, NDArray> params = new LinkedHashMap<>();
            params.put("w", w);
            params.put("b", b);
            WeightAverage average = new WeightAverage(0.75f);

            average.update(params); // starts at the parameters: w 1, 2; b -4
            w.subi(w).addi(manager.create(new float[] {5f, 6f}));
            b.subi(b).addi(manager.create(new float[] {0f}));
            average.update(params); // 0.75 * (1, 2) + 0.25 * (5, 6) = (2, 3); b -3
            w.subi(w).addi(manager.create(new float[] {9f, 10f}));
            average.update(params); // 0.75 * (2, 3) + 0.25 * (9, 10) = (3.75, 4.75); b -2.25

            average.swap(params);
            assertThat(average.swapped()).isTrue();
            assertThat(params.get("w")).isSameAs(w);
            assertThat(w.toFloatArray()).containsExactly(3.75f, 4.75f);
            assertThat(b.toFloatArray()).containsExactly(-2.25f);
            assertThatThrownBy(() -> average.update(params))
                    .isInstanceOf(IllegalStateException.class);

            average.swap(params);
            assertThat(average.swapped()).isFalse();
            assertThat(w.toFloatArray()).containsExactly(9f, 10f);
            assertThat(b.toFloatArray()).containsExactly(0f);
        }
    }

    @Test
    void rejectsADecayOutsideTheOpenUnitInterval() {
        assertThatThrownBy(() -> new WeightAverage(1f))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new WeightAverage(0f))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
