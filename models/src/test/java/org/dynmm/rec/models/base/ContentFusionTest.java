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

    /** The logit whose softplus is {@code w}: {@code ln(e^w - 1)}. */
    private static float logitOf(double w) {
        return (float) Math.log(Math.expm1(w));
    }

    private static BaseModel weighted(float visualLogit, float audioLogit) {
        Map<String, Tensor> t = withHeads(true, true);
        TinyBundles.put(t, BaseTensors.FUSION_VISUAL, new int[] {1}, visualLogit);
        TinyBundles.put(t, BaseTensors.FUSION_AUDIO, new int[] {1}, audioLogit);
        return BaseModel.load(TinyBundles.bundle(manifest(true, true), t));
    }

    @Test
    void learnedWeightsByHand() {
        // w_V = softplus(ln(e^3 - 1)) = 3, w_A = 0.5; text keeps 1.
        BaseModel model = weighted(logitOf(3), logitOf(0.5));
        assertThat(model.fusion().weight("text")).isEqualTo(1f);
        assertThat(model.fusion().weight("visual")).isCloseTo(3f, within(1e-5f));
        assertThat(model.fusion().weight("audio")).isCloseTo(0.5f, within(1e-5f));
        // text (6.5, 10) w 1, visual (3, 4) w 3: (6.5 + 9, 10 + 12) / 4 = (3.875, 5.5).
        float[] tv = model.contentLatent(TEXT, VISUAL, null);
        assertThat(tv[0]).isCloseTo(3.875f, within(1e-5f));
        assertThat(tv[1]).isCloseTo(5.5f, within(1e-5f));
        // text w 1, audio (2, 2) w 0.5: (6.5 + 1, 10 + 1) / 1.5 = (5, 22 / 3).
        float[] ta = model.contentLatent(TEXT, null, AUDIO);
        assertThat(ta[0]).isCloseTo(5f, within(1e-5f));
        assertThat(ta[1]).isCloseTo(22f / 3, within(1e-5f));
        // all three: (6.5 + 9 + 1, 10 + 12 + 1) / 4.5.
        float[] all = model.contentLatent(TEXT, VISUAL, AUDIO);
        assertThat(all[0]).isCloseTo(16.5f / 4.5f, within(1e-5f));
        assertThat(all[1]).isCloseTo(23f / 4.5f, within(1e-5f));
        // visual and audio without text: (9 + 1, 12 + 1) / 3.5; one modality alone is its latent.
        float[] va = model.contentLatent(null, VISUAL, AUDIO);
        assertThat(va[0]).isCloseTo(10f / 3.5f, within(1e-5f));
        assertThat(va[1]).isCloseTo(13f / 3.5f, within(1e-5f));
        float[] v = model.contentLatent(null, VISUAL, null);
        assertThat(v[0]).isCloseTo(3f, within(1e-5f));
        assertThat(v[1]).isCloseTo(4f, within(1e-5f));
    }

    @Test
    void withLearnedWeightsAMissingModalityOnlyRenormalizes() {
        // The others' weighted sum is unchanged by a missing modality; only the divisor drops
        // its weight, which is the same as a bundle without that head at all.
        BaseModel model = weighted(logitOf(3), logitOf(0.5));
        float[] textAudio = model.contentLatent(TEXT, null, AUDIO);
        Map<String, Tensor> t = withHeads(false, true);
        TinyBundles.put(t, BaseTensors.FUSION_AUDIO, new int[] {1}, logitOf(0.5));
        BaseModel audioOnly = BaseModel.load(TinyBundles.bundle(manifest(false, true), t));
        assertThat(audioOnly.contentLatent(TEXT, VISUAL, AUDIO)).containsExactly(textAudio);
        assertThat(audioOnly.fusion().weight("visual")).isZero();
    }

    @Test
    void bundlesWithoutLogitsKeepThePlainMean() {
        BaseModel old = model(true, true);
        assertThat(old.fusion().weight("visual")).isEqualTo(1f);
        assertThat(old.fusion().weight("audio")).isEqualTo(1f);
        // Logit ln(e - 1) is weight 1 as well: the trainer's starting point.
        BaseModel unit = weighted(BaseTensors.UNIT_FUSION_LOGIT, BaseTensors.UNIT_FUSION_LOGIT);
        float[] a = old.contentLatent(TEXT, VISUAL, AUDIO);
        float[] b = unit.contentLatent(TEXT, VISUAL, AUDIO);
        for (int i = 0; i < a.length; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-5f));
        }
    }

    private static BaseModel scaled(Object fusionScale) {
        Map<String, Tensor> t = withHeads(true, true);
        TinyBundles.put(t, BaseTensors.FUSION_VISUAL, new int[] {1}, logitOf(3));
        TinyBundles.put(t, BaseTensors.FUSION_AUDIO, new int[] {1}, logitOf(0.5));
        BundleManifest m = manifest(true, true);
        m.hyperParameters.put(BaseTensors.HP_FUSION_SCALE, fusionScale);
        return BaseModel.load(TinyBundles.bundle(m, t));
    }

    @Test
    void theCalibratedFusionScaleMultipliesTheLearnedWeights() {
        // c = 0.5: w_V = 1.5, w_A = 0.25; text keeps 1.
        BaseModel half = scaled(0.5);
        assertThat(half.fusion().weight("text")).isEqualTo(1f);
        assertThat(half.fusion().weight("visual")).isCloseTo(1.5f, within(1e-5f));
        assertThat(half.fusion().weight("audio")).isCloseTo(0.25f, within(1e-5f));
        // text (6.5, 10) w 1, visual (3, 4) w 1.5: (6.5 + 4.5, 10 + 6) / 2.5 = (4.4, 6.4).
        float[] tv = half.contentLatent(TEXT, VISUAL, null);
        assertThat(tv[0]).isCloseTo(4.4f, within(1e-5f));
        assertThat(tv[1]).isCloseTo(6.4f, within(1e-5f));
    }

    @Test
    void fusionScaleZeroIgnoresVisualAndAudio() {
        BaseModel off = scaled(0.0);
        assertThat(off.fusion().weight("visual")).isZero();
        assertThat(off.fusion().weight("audio")).isZero();
        // The text path alone, whatever vectors the item carries.
        assertThat(off.contentLatent(TEXT, VISUAL, AUDIO)).containsExactly(off.textLatent(TEXT));
        assertThat(off.contentLatent(null, VISUAL, AUDIO)).isNull();
    }

    @Test
    void aBadFusionScaleIsRefused() {
        assertThatThrownBy(() -> scaled(-1.0))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(BaseTensors.HP_FUSION_SCALE);
        assertThatThrownBy(() -> scaled("half"))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining(BaseTensors.HP_FUSION_SCALE);
    }

    @Test
    void aBadFusionLogitIsRefused() {
        Map<String, Tensor> t = withHeads(true, false);
        TinyBundles.put(t, BaseTensors.FUSION_VISUAL, new int[] {2}, 0f, 0f);
        assertThatThrownBy(() -> BaseModel.load(TinyBundles.bundle(manifest(true, false), t)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("fusion.visual");
        Map<String, Tensor> u = withHeads(true, false);
        TinyBundles.put(u, BaseTensors.FUSION_VISUAL, new int[] {1}, -200f);
        assertThatThrownBy(() -> BaseModel.load(TinyBundles.bundle(manifest(true, false), u)))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("no positive finite weight");
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
