package org.dynmm.rec.models.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.Tensor;
import org.junit.jupiter.api.Test;

class BaseModelTest {

    private final BaseModel model = BaseModel.load(TinyBundles.bundle());

    @Test
    void exposesTheBundleItemsAndSizes() {
        assertThat(model.modelVersion()).isEqualTo("base-20261125-test0001");
        assertThat(model.jointDim()).isEqualTo(2);
        assertThat(model.textDim()).isEqualTo(3);
        assertThat(model.historyLength()).isEqualTo(3);
        assertThat(model.encoderType()).isEqualTo(UserEncoderType.ATTENTION);
        assertThat(model.itemLatent("c")).containsExactly(0.5f, 0.5f);
        assertThat(model.itemLatent("nope")).isNull();
        assertThat(model.isWarm("a")).isTrue();
        assertThat(model.isWarm("c")).isFalse();
    }

    @Test
    void itemLatentIsACopy() {
        model.itemLatent("a")[0] = 42f;
        assertThat(model.itemLatent("a")).containsExactly(1f, 0f);
    }

    @Test
    void textLatentIsTheTwoLayerPerceptron() {
        // x = (2, 1, 1): x w1 = (2 + 1, 1 + 1) = (3, 2); + b1 = (3, 1); relu = (3, 1);
        // (3, 1) w2 = (3*1 + 1*3, 3*2 + 1*4) = (6, 10); + b2 = (6.5, 10).
        assertThat(model.textLatent(new float[] {2, 1, 1})).containsExactly(6.5f, 10f);
        // x = (1, 2, -1): x w1 + b1 = (0, 0): relu zeroes it, only b2 remains.
        assertThat(model.textLatent(new float[] {1, 2, -1})).containsExactly(0.5f, 0f);
        assertThatThrownBy(() -> model.textLatent(new float[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("takes 3 values");
    }

    @Test
    void textLatentAppliesTheCalibratedTextScale() {
        assertThat(model.textScale()).isEqualTo(1f); // absent from the manifest
        BundleManifest m = TinyBundles.manifest();
        m.hyperParameters.put(BaseTensors.HP_TEXT_SCALE, 1.5);
        BaseModel scaled = BaseModel.load(TinyBundles.bundle(m, TinyBundles.tensors()));
        // 1.5 * (6.5, 10) from the hand computation above.
        assertThat(scaled.textLatent(new float[] {2, 1, 1})).containsExactly(9.75f, 15f);
        assertThat(scaled.textScale()).isEqualTo(1.5f);

        BundleManifest bad = TinyBundles.manifest();
        bad.hyperParameters.put(BaseTensors.HP_TEXT_SCALE, -1);
        assertThatThrownBy(() -> BaseModel.load(TinyBundles.bundle(bad, TinyBundles.tensors())))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("textScale must be a positive number");
    }

    @Test
    void attentionPoolingByHand() {
        // History (oldest first) z1 = (0, 1), z2 = (1, 0) in slots 1 and 2 of L = 3.
        // a1 = q . tanh(z1) + pos[1] = 0; a2 = tanh(1) + pos[2] = 0.761594 + 0.5 = 1.261594.
        // softmax: w2 = 1 / (1 + e^-1.261594) = 0.779292, w1 = 0.220708.
        // h = (w2, w1) I + (0.1, 0.2) = (0.879292, 0.420708).
        float[] h = model.userLatent(List.of(new float[] {0, 1}, new float[] {1, 0}));
        assertThat(h[0]).isCloseTo(0.879292f, within(1e-5f));
        assertThat(h[1]).isCloseTo(0.420708f, within(1e-5f));
    }

    @Test
    void onlyTheLastLatentsCount() {
        float[] z1 = {0, 1};
        float[] z2 = {1, 0};
        float[] old = {-7, 9};
        float[] lastThree = model.userLatent(List.of(z1, z2, z1));
        assertThat(model.userLatent(List.of(old, old, z1, z2, z1))).containsExactly(lastThree);
    }

    @Test
    void emptyHistoryGivesTheOutputBias() {
        assertThat(model.userLatent(List.of())).containsExactly(0.1f, 0.2f);
    }

    @Test
    void rejectsHistoryLatentsOfTheWrongSize() {
        assertThatThrownBy(() -> model.userLatent(List.of(new float[] {1, 2, 3})))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 expected");
    }

    @Test
    void rejectsAJointSizeThatDisagreesBetweenTensors() {
        Map<String, Tensor> tensors = TinyBundles.tensors();
        // f_T maps into 3 dimensions while every other tensor says joint = 2.
        TinyBundles.put(tensors, "f_T.w2", new int[] {2, 3}, 1, 2, 3, 4, 5, 6);
        TinyBundles.put(tensors, "f_T.b2", new int[] {3}, 0, 0, 0);
        assertThatThrownBy(
                        () -> BaseModel.load(TinyBundles.bundle(TinyBundles.manifest(), tensors)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("f_T.w2")
                .hasMessageContaining("[2, 3]");
    }

    @Test
    void rejectsItemLatentsOfAnotherJointSize() {
        Map<String, Tensor> tensors = TinyBundles.tensors();
        TinyBundles.put(tensors, "item.z", new int[] {3, 3}, 1, 0, 0, 0, 1, 0, 0, 0, 1);
        assertThatThrownBy(
                        () -> BaseModel.load(TinyBundles.bundle(TinyBundles.manifest(), tensors)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("item.z");
    }

    @Test
    void rejectsAPositionTableOfAnotherHistoryLength() {
        Map<String, Tensor> tensors = TinyBundles.tensors();
        TinyBundles.put(tensors, "user.pos", new int[] {4}, 0, 0, 0, 0);
        assertThatThrownBy(
                        () -> BaseModel.load(TinyBundles.bundle(TinyBundles.manifest(), tensors)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("user.pos");
    }

    @Test
    void rejectsAMissingTensorNamingIt() {
        Map<String, Tensor> tensors = TinyBundles.tensors();
        tensors.remove("user.q");
        assertThatThrownBy(
                        () -> BaseModel.load(TinyBundles.bundle(TinyBundles.manifest(), tensors)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("no tensor 'user.q'");
    }

    @Test
    void rejectsABundleWithoutAnEncoderOrWithAnUnknownOne() {
        BundleManifest none = TinyBundles.manifest();
        none.hyperParameters.remove("encoder");
        assertThatThrownBy(() -> BaseModel.load(TinyBundles.bundle(none, TinyBundles.tensors())))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("names no user encoder");
        BundleManifest unknown = TinyBundles.manifest();
        unknown.hyperParameters.put("encoder", "lstm");
        assertThatThrownBy(() -> BaseModel.load(TinyBundles.bundle(unknown, TinyBundles.tensors())))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("unknown user encoder 'lstm'");
    }

    @Test
    void rejectsAMissingDimension() {
        BundleManifest m = TinyBundles.manifest();
        m.dimensions.remove("history");
        assertThatThrownBy(() -> BaseModel.load(TinyBundles.bundle(m, TinyBundles.tensors())))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("no dimension 'history'");
    }

    @Test
    void rejectsNonFiniteWeights() {
        Map<String, Tensor> tensors = TinyBundles.tensors();
        TinyBundles.put(tensors, "user.bo", new int[] {2}, Float.NaN, 0);
        assertThatThrownBy(
                        () -> BaseModel.load(TinyBundles.bundle(TinyBundles.manifest(), tensors)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("non-finite");
    }
}
