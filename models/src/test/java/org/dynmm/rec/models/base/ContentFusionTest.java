package org.dynmm.rec.models.base;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.Tensor;
import org.junit.jupiter.api.Test;

/**
 * The fused content latent on {@link TinyBundles} plus hand-made heads: f_V = identity on 2 values
 * (relu(v I) I), f_A maps one value a to (a, a) for a &gt;= 0. Text (2, 1, 1) gives f_T = (6.5, 10)
 * (see {@code BaseModelTest}).
 */
class ContentFusionTest {
    private static final float[] TEXT = {2, 1, 1};
    private static final float[] VISUAL = {3, 4};
    private static final float[] AUDIO = {2};

    static Map<String, Tensor> withHeads(boolean visual, boolean audio) {
        Map<String, Tensor> t = TinyBundles.tensors();
        if (visual) {
            TinyBundles.put(t, "f_V.w1", new int[] {2, 2}, 1, 0, 0, 1);
            TinyBundles.put(t, "f_V.b1", new int[] {2}, 0, 0);
            TinyBundles.put(t, "f_V.w2", new int[] {2, 2}, 1, 0, 0, 1);
            TinyBundles.put(t, "f_V.b2", new int[] {2}, 0, 0);
        }
        if (audio) {
            TinyBundles.put(t, "f_A.w1", new int[] {1, 2}, 1, 1);
            TinyBundles.put(t, "f_A.b1", new int[] {2}, 0, 0);
            TinyBundles.put(t, "f_A.w2", new int[] {2, 2}, 1, 0, 0, 1);
            TinyBundles.put(t, "f_A.b2", new int[] {2}, 0, 0);
        }
        return t;
    }

    static BundleManifest manifest(boolean visual, boolean audio) {
        BundleManifest m = TinyBundles.manifest();
        if (visual) {
            m.dimensions.put("visual", 2);
        }
        if (audio) {
            m.dimensions.put("audio", 1);
        }
        return m;
    }

    static BaseModel model(boolean visual, boolean audio) {
        return BaseModel.load(
                TinyBundles.bundle(manifest(visual, audio), withHeads(visual, audio)));
    }

    @Test
    void textOnlyIsTheTextLatent() {
        BaseModel both = model(true, true);
        assertThat(both.contentLatent(TEXT, null, null)).containsExactly(6.5f, 10f);
        assertThat(both.contentLatent(TEXT, null, null)).containsExactly(both.textLatent(TEXT));
    }

    @Test
    void fusedLatentIsTheMeanOfThePresentModalitiesByHand() {
        BaseModel both = model(true, true);
        // (6.5, 10) and (3, 4): mean (4.75, 7).
        assertThat(both.contentLatent(TEXT, VISUAL, null)).containsExactly(4.75f, 7f);
        // (6.5, 10) and (2, 2): mean (4.25, 6).
        assertThat(both.contentLatent(TEXT, null, AUDIO)).containsExactly(4.25f, 6f);
        // all three: (11.5 / 3, 16 / 3).
        float[] all = both.contentLatent(TEXT, VISUAL, AUDIO);
        assertThat(all[0]).isCloseTo(11.5f / 3, within(1e-6f));
        assertThat(all[1]).isCloseTo(16f / 3, within(1e-6f));
        // no text: visual alone, or visual and audio.
        assertThat(both.contentLatent(null, VISUAL, null)).containsExactly(3f, 4f);
        assertThat(both.contentLatent(null, VISUAL, AUDIO)).containsExactly(2.5f, 3f);
        assertThat(both.contentLatent(null, null, null)).isNull();
    }

    @Test
    void aMissingModalityIsMaskedNeverZeroFilled() {
        BaseModel both = model(true, true);
        float[] textAudio = both.contentLatent(TEXT, null, AUDIO);
        // The same item in a bundle with no visual head at all: identical latent.
        assertThat(model(false, true).contentLatent(TEXT, null, AUDIO)).containsExactly(textAudio);
        // Zero-filling would have averaged in f_V(0) = (0, 0) as a third term: (17/6, 4).
        float[] zeroFilled = both.contentLatent(TEXT, new float[] {0, 0}, AUDIO);
        assertThat(zeroFilled[0]).isCloseTo(8.5f / 3, within(1e-6f));
        assertThat(textAudio).isNotEqualTo(zeroFilled);
    }

    @Test
    void theTextScaleAppliesToTheFusedLatent() {
        BundleManifest m = manifest(true, false);
        m.hyperParameters.put(BaseTensors.HP_TEXT_SCALE, 2.0);
        BaseModel scaled = BaseModel.load(TinyBundles.bundle(m, withHeads(true, false)));
        assertThat(scaled.contentLatent(TEXT, VISUAL, null)).containsExactly(9.5f, 14f);
    }

    @Test
    void bundlesWithAndWithoutEachModality() {
        BaseModel none = model(false, false);
        assertThat(none.fusion().has("visual")).isFalse();
        assertThat(none.fusion().has("audio")).isFalse();
        // A bundle without a head ignores the vector: the text latent as today.
        assertThat(none.contentLatent(TEXT, VISUAL, AUDIO)).containsExactly(6.5f, 10f);
        assertThat(none.contentLatent(null, VISUAL, null)).isNull();

        BaseModel visualOnly = model(true, false);
        assertThat(visualOnly.fusion().dimension("visual")).isEqualTo(2);
        assertThat(visualOnly.fusion().dimension("audio")).isZero();
        assertThat(visualOnly.contentLatent(TEXT, VISUAL, AUDIO)).containsExactly(4.75f, 7f);

        BaseModel audioOnly = model(false, true);
        assertThat(audioOnly.fusion().dimension("audio")).isEqualTo(1);
        assertThat(audioOnly.contentLatent(TEXT, VISUAL, AUDIO)).containsExactly(4.25f, 6f);
    }

    @Test
    void aDeclaredModalityWithoutItsHeadIsRefused() {
        assertThatThrownBy(
                        () ->
                                BaseModel.load(
                                        TinyBundles.bundle(
                                                manifest(true, false), withHeads(false, false))))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("f_V.w1");
        // A head whose input disagrees with the declared dimension.
        BundleManifest m = manifest(false, true);
        m.dimensions.put("audio", 3);
        assertThatThrownBy(() -> BaseModel.load(TinyBundles.bundle(m, withHeads(false, true))))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("f_A.w1");
    }

    @Test
    void wrongSizeOrNonFiniteVectorsAreRejectedWithAClearMessage() {
        BaseModel both = model(true, true);
        assertThat(both.fusion().problem("visual", new float[] {1, 2, 3}))
                .isEqualTo(
                        "visual vector has 3 values but bundle base-20261125-test0001 declares"
                                + " visual dimension 2");
        assertThatThrownBy(() -> both.contentLatent(TEXT, new float[] {1, 2, 3}, null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("visual vector has 3 values")
                .hasMessageContaining("declares visual dimension 2");
        assertThat(both.fusion().problem("audio", new float[] {Float.NaN}))
                .isEqualTo("audio vector element 0 is not finite (NaN)");
        assertThat(both.fusion().problem("audio", AUDIO)).isNull();
        assertThat(both.fusion().problem("audio", null)).isNull();
        // Without a head the vector is unused, hence never a problem.
        assertThat(model(false, false).fusion().problem("visual", new float[] {1, 2, 3})).isNull();
    }
}
