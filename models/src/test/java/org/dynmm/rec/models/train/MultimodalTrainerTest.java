package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseTensors;
import org.dynmm.rec.models.bundle.Tensor;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemText;
import org.junit.jupiter.api.Test;

/**
 * The multimodal branch of the trainer on {@link TinyData}, with SYNTHETIC visual vectors (genre
 * one-hot plus noise, 4 values) on every other item.
 */
class MultimodalTrainerTest {

    private static Dataset withVisual(long seed) {
        Dataset data = TinyData.dataset(30, 8, 7);
        Random random = new Random(seed);
        int k = 0;
        for (ItemContent c : data.items().values()) {
            if (k++ % 2 == 1) {
                continue;
            }
            String genre = c.attributes.get("genres").get(0);
            float[] v = new float[4];
            v[List.of(TinyData.GENRE_NAMES).indexOf(genre)] = 1f;
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (random.nextGaussian() * 0.1);
            }
            c.visual = v;
        }
        return data;
    }

    private static TrainingResult train(Dataset data, MultimodalConfig multimodal) {
        return train(data, multimodal, 8);
    }

    private static TrainingResult train(Dataset data, MultimodalConfig multimodal, int epochs) {
        return new BaseTrainer(
                        TinyData.config().maxEpochs(epochs).build(),
                        multimodal,
                        new TinyData.GenreEmbedder(),
                        null)
                .train(data);
    }

    @Test
    void bundleDeclaresTheVisualHeadAndColdItemsUseTheFusedLatent() {
        Dataset data = withVisual(1);
        TrainingResult result = train(data, MultimodalConfig.DEFAULTS);
        var manifest = result.bundle().manifest();
        assertThat(manifest.dimensions).containsEntry(BaseTensors.DIM_VISUAL, 4);
        assertThat(manifest.dimensions).doesNotContainKey(BaseTensors.DIM_AUDIO);
        assertThat(manifest.modalities).containsExactly("cf", "text", "visual");
        assertThat(manifest.hyperParameters).containsKeys("contrastWeight", "modalityDropout");
        assertThat(result.bundle().tensors()).containsKeys("f_V.w1", "f_V.b1", "f_V.w2", "f_V.b2");
        assertThat(result.finalLosses()).containsKey("contrast");
        assertThat(result.finalLosses().get("contrast")).isFinite();

        BaseModel model = BaseModel.load(result.bundle());
        assertThat(model.fusion().dimension("visual")).isEqualTo(4);
        TinyData.GenreEmbedder text = new TinyData.GenreEmbedder();
        int checked = 0;
        for (String id : model.itemIds()) {
            if (model.isWarm(id)) {
                continue;
            }
            ItemContent c = data.items().get(id);
            // The Java fused path gives the cold latent the trainer stored (with or without a
            // visual vector: the mask, not a zero vector, decides).
            float[] expected =
                    model.contentLatent(
                            text.embed(ItemText.describe(c)), c.visual, /* audio= */ null);
            float[] stored = model.itemLatent(id);
            for (int i = 0; i < stored.length; i++) {
                assertThat(stored[i]).isCloseTo(expected[i], within(1e-4f));
            }
            checked++;
        }
        assertThat(checked).isEqualTo(6);
    }

    /**
     * SYNTHETIC: an informative visual vector (genre one-hot plus a little noise, as above) and a
     * pure-noise audio vector (Gaussian, drawn independently of the item) on every item.
     */
    private static Dataset withInformativeVisualAndNoiseAudio(long seed) {
        Dataset data = TinyData.dataset(30, 8, 7);
        Random random = new Random(seed);
        for (ItemContent c : data.items().values()) {
            String genre = c.attributes.get("genres").get(0);
            float[] v = new float[4];
            v[List.of(TinyData.GENRE_NAMES).indexOf(genre)] = 1f;
            for (int i = 0; i < v.length; i++) {
                v[i] += (float) (random.nextGaussian() * 0.1);
            }
            c.visual = v;
            float[] a = new float[4];
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) random.nextGaussian();
            }
            c.audio = a;
        }
        return data;
    }

    @Test
    void theRankingLossTurnsAPureNoiseModalityDownBelowAnInformativeOne() {
        // Five epochs: the weights have separated by then.
        TrainingResult result =
                train(withInformativeVisualAndNoiseAudio(3), MultimodalConfig.DEFAULTS, 5);
        Map<String, Tensor> tensors = result.bundle().tensors();
        assertThat(tensors).containsKeys(BaseTensors.FUSION_VISUAL, BaseTensors.FUSION_AUDIO);
        BaseModel model = BaseModel.load(result.bundle());
        float visual = model.fusion().weight("visual");
        float audio = model.fusion().weight("audio");
        // Both start at 1 (the plain mean).
        assertThat(audio).isLessThan(visual);
        assertThat(audio).isLessThan(1f);
    }

    @Test
    void fusionRateFactorZeroKeepsThePlainMean() {
        TrainingResult result =
                train(
                        withInformativeVisualAndNoiseAudio(3),
                        new MultimodalConfig(0.1f, 0.1f, 0.3f, 256, 0f),
                        5);
        BaseModel model = BaseModel.load(result.bundle());
        assertThat(model.fusion().weight("visual")).isCloseTo(1f, within(1e-6f));
        assertThat(model.fusion().weight("audio")).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void theCfTextContrastCanBeTrainedWithoutModalityVectors() {
        MultimodalConfig control = new MultimodalConfig(1f, 0.1f, 0.3f, 256, 10f, true, true);
        TrainingResult result =
                new BaseTrainer(
                                TinyData.config().maxEpochs(3).build(),
                                control,
                                new TinyData.GenreEmbedder(),
                                null)
                        .train(TinyData.dataset(30, 8, 7));
        assertThat(result.bundle().manifest().dimensions)
                .doesNotContainKeys(BaseTensors.DIM_VISUAL, BaseTensors.DIM_AUDIO);
        assertThat(result.bundle().manifest().hyperParameters)
                .containsEntry("contrastWithoutModalities", true);
        // The CF-text pair is the only one: its InfoNCE is trained and finite.
        assertThat(result.finalLosses()).containsKey("contrast");
        assertThat(result.finalLosses().get("contrast")).isFinite().isPositive();
    }

    @Test
    void withoutModalityVectorsTheMultimodalSettingsChangeNothing() {
        MultimodalConfig other = new MultimodalConfig(1f, 0.05f, 0.9f, 8);
        TrainingResult plain =
                new BaseTrainer(
                                TinyData.config().maxEpochs(3).build(),
                                new TinyData.GenreEmbedder(),
                                null)
                        .train(TinyData.dataset(30, 8, 7));
        TrainingResult configured =
                new BaseTrainer(
                                TinyData.config().maxEpochs(3).build(),
                                other,
                                new TinyData.GenreEmbedder(),
                                null)
                        .train(TinyData.dataset(30, 8, 7));
        assertThat(configured.bundle().manifest().dimensions)
                .doesNotContainKeys(BaseTensors.DIM_VISUAL, BaseTensors.DIM_AUDIO);
        assertThat(configured.bundle().manifest().hyperParameters)
                .doesNotContainKey("contrastWeight");
        assertThat(configured.finalLosses()).doesNotContainKey("contrast");
        Map<String, Tensor> a = plain.bundle().tensors();
        Map<String, Tensor> b = configured.bundle().tensors();
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String name : a.keySet()) {
            assertThat(b.get(name).data()).as(name).containsExactly(a.get(name).data());
        }
    }

    @Test
    void theContrastiveTermAlignsTheModalities() {
        // Same data and seed; the InfoNCE term is computed in both runs but only trained in one.
        TrainingResult untrained = train(withVisual(1), new MultimodalConfig(0f, 0.1f, 0.3f, 64));
        TrainingResult trained = train(withVisual(1), new MultimodalConfig(1f, 0.1f, 0.3f, 64));
        assertThat(trained.finalLosses().get("contrast"))
                .isLessThan(untrained.finalLosses().get("contrast"));
    }

    /**
     * SYNTHETIC: a loud pure-noise visual vector (Gaussian, standard deviation 3, drawn
     * independently of the item) on every item, the cold ones included.
     */
    private static Dataset withLoudNoiseVisual(long seed) {
        Dataset data = TinyData.dataset(30, 8, 7);
        Random random = new Random(seed);
        for (ItemContent c : data.items().values()) {
            float[] v = new float[4];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (random.nextGaussian() * 3);
            }
            c.visual = v;
        }
        return data;
    }

    private static TrainingResult calibrated(Dataset data, boolean calibrateFusion) {
        return new BaseTrainer(
                        TinyData.config()
                                .validationFraction(0.2)
                                .maxEpochs(4)
                                .fixedEpochs(true)
                                .build(),
                        new MultimodalConfig(0.1f, 0.1f, 0.3f, 256, 10f, calibrateFusion),
                        new TinyData.GenreEmbedder(),
                        null)
                .train(data);
    }

    @Test
    void theFusionScaleCalibrationSwitchesAPureNoiseModalityOff() {
        TrainingResult on = calibrated(withLoudNoiseVisual(5), true);
        TrainingResult off = calibrated(withLoudNoiseVisual(5), false);
        // The noise pushes the cold items' fused latents around; ignoring it ranks the held-out
        // events better, and the calibration finds that (scale 0 is in the grid).
        assertThat(on.validation().get("validation.fusionScale")).isEqualTo(0.0);
        assertThat(off.validation().get("validation.fusionScale")).isEqualTo(1.0);
        assertThat(on.validation().get("validation.NDCG@10"))
                .isGreaterThan(off.validation().get("validation.NDCG@10"));
        assertThat(on.bundle().manifest().hyperParameters)
                .containsEntry(BaseTensors.HP_FUSION_SCALE, 0.0);

        // The bundle's cold items carry the text path alone, as the Java fused path computes it.
        BaseModel model = BaseModel.load(on.bundle());
        assertThat(model.fusion().weight("visual")).isZero();
        TinyData.GenreEmbedder text = new TinyData.GenreEmbedder();
        Dataset data = withLoudNoiseVisual(5);
        for (String id : List.of("c0_0", "c1_1", "c2_0")) {
            ItemContent c = data.items().get(id);
            float[] embedding = text.embed(ItemText.describe(c));
            assertThat(model.itemLatent(id))
                    .containsExactly(model.textLatent(embedding), within(1e-4f));
            assertThat(model.contentLatent(embedding, c.visual, null))
                    .containsExactly(model.textLatent(embedding), within(1e-6f));
        }
    }

    @Test
    void theMultimodalBranchDrawsFromItsOwnRandomStream() {
        // With the fused latent out of every loss (text rank weight 0, no cold swap, no InfoNCE),
        // a run with visual vectors must train the base exactly as the text-only run of the same
        // seed: same initialization, shuffles and updates. Arms of an experiment are then paired.
        TrainingConfig config = TinyData.config().maxEpochs(3).textRankWeight(0f).build();
        MultimodalConfig noContrast = new MultimodalConfig(0f, 0.1f, 0.3f, 256, 10f, false);
        TrainingResult text =
                new BaseTrainer(config, noContrast, new TinyData.GenreEmbedder(), null)
                        .train(TinyData.dataset(30, 8, 7));
        TrainingResult visual =
                new BaseTrainer(config, noContrast, new TinyData.GenreEmbedder(), null)
                        .train(withVisual(1));
        assertThat(visual.bundle().tensors()).containsKey("f_V.w1");
        for (String name : List.of(BaseTensors.ITEM_CF, "f_I.w1", "f_T.w1")) {
            assertThat(visual.bundle().tensors().get(name).data())
                    .as(name)
                    .containsExactly(text.bundle().tensors().get(name).data());
        }
    }
}
