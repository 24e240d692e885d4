package org.dynmm.rec.models.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TensorTest {

    @Test
    void rowsColsAndRowCopies() {
        Tensor t = new Tensor("item.cf", new int[] {2, 3}, new float[] {1, 2, 3, 4, 5, 6});

        assertThat(t.rows()).isEqualTo(2);
        assertThat(t.cols()).isEqualTo(3);
        assertThat(t.row(1)).containsExactly(4, 5, 6);
        float[] row = t.row(0);
        row[0] = 99;
        assertThat(t.data()[0]).as("row() returns a copy").isEqualTo(1f);
        float[] target = new float[5];
        t.copyRow(1, target, 2);
        assertThat(target).containsExactly(0, 0, 4, 5, 6);
        assertThatThrownBy(() -> t.row(2)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void higherRankAndScalarShapes() {
        Tensor cube = new Tensor("c", new int[] {2, 2, 2}, new float[8]);
        assertThat(cube.rows()).isEqualTo(2);
        assertThat(cube.cols()).isEqualTo(4);

        Tensor scalar = new Tensor("s", new int[0], new float[] {7});
        assertThat(scalar.rows()).isEqualTo(1);
        assertThat(scalar.row(0)).containsExactly(7);
    }

    @Test
    void shapeIsCopiedAndValidated() {
        int[] shape = {1, 2};
        Tensor t = new Tensor("t", shape, new float[2]);
        shape[1] = 5;
        assertThat(t.shape()).containsExactly(1, 2);

        assertThatThrownBy(() -> new Tensor("bad", new int[] {2, 3}, new float[5]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'bad'")
                .hasMessageContaining("[2, 3]")
                .hasMessageContaining("5 values");
        assertThatThrownBy(() -> new Tensor("neg", new int[] {-1}, new float[0]))
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> new Tensor("huge", new int[] {1 << 20, 1 << 20}, new float[0]))
                .hasMessageContaining("too large");
    }

    @Test
    void ofRowsRejectsRaggedRows() {
        Tensor t = Tensor.ofRows("m", new float[][] {{1, 2}, {3, 4}});
        assertThat(t.shape()).containsExactly(2, 2);
        assertThat(t.data()).containsExactly(1, 2, 3, 4);

        assertThatThrownBy(() -> Tensor.ofRows("m", new float[][] {{1, 2}, {3}}))
                .hasMessageContaining("row 1 has 1 values");
    }

    @Test
    void equalityIsBitExact() {
        Tensor a = new Tensor("t", new int[] {1}, new float[] {0.0f});
        Tensor b = new Tensor("t", new int[] {1}, new float[] {-0.0f});
        assertThat(a).isNotEqualTo(b);
        assertThat(a).isEqualTo(new Tensor("t", new int[] {1}, new float[] {0.0f}));
    }
}
