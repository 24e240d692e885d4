package org.dynmm.rec.models.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SoftTokenProjectorsTest {
    private static final int M = 3;

    @TempDir Path tmp;

    /** F_U: relu(x w1 + b1) w2 + b2 with w1 = I, w2 rows (1,0,0), (0,1,0), b2 = (0,0,1). */
    private static SoftTokenProjectors projectors() {
        float[][] user = {{1, 0, 0, 1}, {0, 0}, {1, 0, 0, 0, 1, 0}, {0, 0, 1}};
        float[][] item = {{1, 0, 0, 1}, {0, 0}, {0, 0, 1, 1, 0, 0}, {0, 0, 0}};
        return SoftTokenProjectors.of(TinyBundles.D, 2, M, user, item, "test target");
    }

    @Test
    void bundleWithProjectorsRoundTripsAndStillLoadsAsBaseModel() {
        ModelBundle with =
                projectors().addTo(TinyBundles.bundle(), "base-test+soft-tokens", Map.of("x", 1));
        ModelBundles.write(tmp.resolve("with"), with);
        ModelBundle read = ModelBundles.read(tmp.resolve("with"));

        assertThat(read.modelVersion()).isEqualTo("base-test+soft-tokens");
        assertThat(read.manifest().dimensions).containsEntry(BaseTensors.DIM_LLM, M);
        assertThat(read.manifest().hyperParameters)
                .containsEntry(BaseTensors.HP_SOFT_TOKEN_TARGET, "test target");
        assertThat(SoftTokenProjectors.isPresent(read)).isTrue();
        SoftTokenProjectors p = SoftTokenProjectors.read(read);
        assertThat(p.llmDim()).isEqualTo(M);
        assertThat(p.jointDim()).isEqualTo(TinyBundles.D);
        assertThat(p.user(new float[] {2, -1})).containsExactly(2, 0, 1);
        assertThat(p.item(new float[] {2, 3})).containsExactly(3, 0, 2);
        // The base model loads from the same bundle and scores as before.
        assertThat(BaseModel.load(read).itemLatent("a"))
                .containsExactly(BaseModel.load(TinyBundles.bundle()).itemLatent("a"));
    }

    @Test
    void oldBundleWithoutProjectorsLoadsAndSaysHowToAddThem() {
        ModelBundles.write(tmp.resolve("old"), TinyBundles.bundle());
        ModelBundle old = ModelBundles.read(tmp.resolve("old"));

        assertThat(BaseModel.load(old).itemCount()).isEqualTo(3);
        assertThat(SoftTokenProjectors.isPresent(old)).isFalse();
        assertThatThrownBy(() -> SoftTokenProjectors.read(old))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("no soft-token projectors")
                .hasMessageContaining("train-projectors")
                .hasMessageContaining("rec.llm.soft-tokens.enabled=false");
    }

    @Test
    void projectorOfTheWrongInputSizeIsRefused() {
        ModelBundle with = projectors().addTo(TinyBundles.bundle(), "v", Map.of());
        var manifest = with.manifest();
        manifest.dimensions.put(BaseTensors.DIM_JOINT, 5); // the projectors take 2
        assertThatThrownBy(() -> SoftTokenProjectors.read(with))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("soft.F_U.w1");
    }
}
