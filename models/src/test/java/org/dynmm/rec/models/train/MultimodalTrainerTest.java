package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseTensors;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.bundle.Tensor;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemText;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

    /** Half of the warm items held out (15 of 30): enough for the permutation test. */
    private static final MultimodalConfig CHECK_HALF =
            MultimodalConfig.DEFAULTS.withModalityCheck(true, 0.5f, 0.01f);

    private static TrainingResult checked(
            TrainingConfig config, MultimodalConfig multimodal, ByteArrayOutputStream log) {
        return new BaseTrainer(
                        config,
                        multimodal,
                        new TinyData.GenreEmbedder(),
                        new PrintStream(log, true, StandardCharsets.UTF_8))
                .train(withInformativeVisualAndNoiseAudio(3));
    }

    @Test
    void theModalityCheckKeepsAnInformativeModalityAndSwitchesPureNoiseOff(@TempDir Path dir) {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingResult result = checked(TinyData.config().maxEpochs(8).build(), CHECK_HALF, log);
        // No validation split here: the final run holds the items out and decides.
        String text = log.toString(StandardCharsets.UTF_8);
        assertThat(text)
                .contains("modality check: visual vectors of 15 warm items held out of training")
                .contains("modality check: audio vectors of 15 warm items held out of training")
                .contains("modality check audio:");
        Map<String, Double> metrics = result.bundle().manifest().metrics;
        assertThat(metrics.get("modality.visual.heldout-items")).isEqualTo(15.0);
        // Genre one-hot vectors identify the genre cluster of an item's CF latent: far from chance.
        assertThat(metrics.get("modality.visual.heldout-auc")).isGreaterThan(0.7);
        assertThat(metrics.get("modality.visual.heldout-null-mean")).isCloseTo(0.5, within(0.05));
        assertThat(metrics.get("modality.visual.heldout-p")).isLessThan(0.01);
        assertThat(metrics.get("modality.audio.heldout-p")).isGreaterThanOrEqualTo(0.01);
        assertThat(metrics.get("modality.audio.heldout-kept")).isEqualTo(0.0);
        var hp = result.bundle().manifest().hyperParameters;
        assertThat(hp)
                .containsEntry(BaseTensors.modalityOffKey("visual"), false)
                .containsEntry(BaseTensors.modalityOffKey("audio"), true)
                .containsEntry("modalityCheck", true)
                .containsEntry("modalityCheckShare", 0.5);

        // The switched-off audio changes no latent: a cold item scores exactly as without its
        // audio vector, and the trainer stored that latent.
        BaseModel model = BaseModel.load(result.bundle());
        assertThat(model.fusion().weight("audio")).isZero();
        assertThat(model.fusion().weight("visual")).isPositive();
        TinyData.GenreEmbedder embedder = new TinyData.GenreEmbedder();
        Dataset data = withInformativeVisualAndNoiseAudio(3);
        List<String> cold = List.of("c0_0", "c1_1", "c2_0");
        for (String id : cold) {
            ItemContent c = data.items().get(id);
            float[] e = embedder.embed(ItemText.describe(c));
            float[] withAudio = model.contentLatent(e, c.visual, c.audio);
            assertThat(withAudio).containsExactly(model.contentLatent(e, c.visual, null));
            assertThat(model.itemLatent(id)).containsExactly(withAudio, within(1e-4f));
        }

        // Manifest round trip: the decision and the statistic survive; with the flag cleared the
        // same head would change the latents, so the flag is what keeps it out.
        ModelBundles.write(dir.resolve("b"), result.bundle());
        ModelBundle read = ModelBundles.read(dir.resolve("b"));
        assertThat(read.manifest().hyperParameters)
                .containsEntry(BaseTensors.modalityOffKey("audio"), true);
        assertThat(read.manifest().metrics).containsAllEntriesOf(metrics);
        BaseModel reloaded = BaseModel.load(read);
        assertThat(reloaded.fusion().weight("audio")).isZero();
        read.manifest().hyperParameters.put(BaseTensors.modalityOffKey("audio"), false);
        BaseModel audioOn = BaseModel.load(read);
        assertThat(audioOn.fusion().weight("audio")).isPositive();
        ItemContent c = data.items().get(cold.get(0));
        float[] e = embedder.embed(ItemText.describe(c));
        assertThat(audioOn.contentLatent(e, c.visual, c.audio))
                .isNotEqualTo(audioOn.contentLatent(e, c.visual, null));
        read.manifest().hyperParameters.put(BaseTensors.modalityOffKey("audio"), "yes");
        assertThatThrownBy(() -> BaseModel.load(read))
                .isInstanceOf(BundleException.class)
                .hasMessageContaining("modality.audio.off");
    }

    @Test
    void theValidationRunDecidesAndTheFinalRunTrainsWithoutASwitchedOffModality() {
        TrainingConfig config =
                TinyData.config().validationFraction(0.2).maxEpochs(8).fixedEpochs(true).build();
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingResult result = checked(config, CHECK_HALF, log);
        String text = log.toString(StandardCharsets.UTF_8);
        // Held out once per modality, in the validation run; the final run hides nothing.
        assertThat(text.split("held out of training", -1)).hasSize(3);
        assertThat(text)
                .contains("(from the validation run)")
                .contains("audio vectors left out of training");
        Map<String, Double> metrics = result.bundle().manifest().metrics;
        assertThat(metrics.get("modality.visual.heldout-kept")).isEqualTo(1.0);
        assertThat(metrics.get("modality.audio.heldout-kept")).isEqualTo(0.0);
        var manifest = result.bundle().manifest();
        assertThat(manifest.hyperParameters)
                .containsEntry(BaseTensors.modalityOffKey("audio"), true)
                .containsEntry(BaseTensors.modalityOffKey("visual"), false);
        assertThat(manifest.dimensions).containsKey("visual").doesNotContainKey("audio");
        BaseModel model = BaseModel.load(result.bundle());
        assertThat(model.fusion().weight("audio")).isZero();
        // (the visual weight is the fusion-scale calibration's business, possibly 0 here)
        assertThat(model.fusion().has("visual")).isTrue();

        // The final run trained exactly as on the same data without the audio vectors.
        Dataset visualOnly = withInformativeVisualAndNoiseAudio(3);
        visualOnly.items().values().forEach(c -> c.audio = null);
        TrainingResult without =
                new BaseTrainer(config, CHECK_HALF, new TinyData.GenreEmbedder(), null)
                        .train(visualOnly);
        for (String name : List.of(BaseTensors.ITEM_CF, "f_I.w1", "f_T.w1", "f_V.w1")) {
            assertThat(result.bundle().tensors().get(name).data())
                    .as(name)
                    .containsExactly(without.bundle().tensors().get(name).data());
        }
    }

    @Test
    void withoutTheCheckEveryModalityStaysOnAndNothingIsHeldOut() {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        TrainingResult result =
                checked(
                        TinyData.config().maxEpochs(3).build(),
                        MultimodalConfig.DEFAULTS.withModalityCheck(false, 0.5f, 0.01f),
                        log);
        assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("modality check");
        assertThat(result.bundle().manifest().metrics.keySet())
                .noneMatch(k -> k.startsWith("modality."));
        assertThat(result.bundle().manifest().hyperParameters)
                .containsEntry("modalityCheck", false)
                .doesNotContainKeys(
                        BaseTensors.modalityOffKey("visual"), BaseTensors.modalityOffKey("audio"));
        assertThat(BaseModel.load(result.bundle()).fusion().weight("audio")).isPositive();
    }
}
