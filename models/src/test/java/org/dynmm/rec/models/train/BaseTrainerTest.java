package org.dynmm.rec.models.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseTensors;
import org.dynmm.rec.models.base.PopularityPrior;
import org.dynmm.rec.models.base.UserEncoderType;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetFormatException;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemText;
import org.dynmm.rec.models.text.ItemTextFields;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaseTrainerTest {
    private static final Dataset DATA = TinyData.dataset(30, 8, 7);

    private static TrainingResult attention;
    private static TrainingResult selfAttention;

    @BeforeAll
    static void train() {
        attention = train(TinyData.config().build());
        selfAttention = train(TinyData.config().encoder(UserEncoderType.SELF_ATTENTION).build());
    }

    private static TrainingResult train(TrainingConfig config) {
        return new BaseTrainer(config, new TinyData.GenreEmbedder(), null).train(DATA);
    }

    @Test
    void bundleHoldsEveryDocumentedTensor() {
        ModelBundle bundle = attention.bundle();
        int n = bundle.itemIds().size();
        assertThat(n).isEqualTo(36);
        assertThat(bundle.tensor(BaseTensors.ITEM_CF).shape()).containsExactly(n, 8);
        assertThat(bundle.tensor(BaseTensors.ITEM_TEXT).shape())
                .containsExactly(n, TinyData.TEXT_DIM);
        assertThat(bundle.tensor(BaseTensors.ITEM_Z).shape()).containsExactly(n, 8);
        assertThat(bundle.tensor(BaseTensors.ITEM_WARM).shape()).containsExactly(n);
        assertThat(bundle.tensor("f_I.w1").shape()).containsExactly(8, 16);
        assertThat(bundle.tensor("f_T.w1").shape()).containsExactly(TinyData.TEXT_DIM, 16);
        assertThat(bundle.tensor("dec_T.w2").shape()).containsExactly(16, TinyData.TEXT_DIM);
        assertThat(bundle.tensor("user.pos").shape()).containsExactly(5);
        assertThat(selfAttention.bundle().tensor("user.pos").shape()).containsExactly(5, 8);
        assertThat(selfAttention.bundle().tensor("user.empty").shape()).containsExactly(8);

        // The six never-taken items are cold: flagged 0, no CF row.
        float[] warm = bundle.tensor(BaseTensors.ITEM_WARM).data();
        for (int g = 0; g < TinyData.GENRES; g++) {
            for (int k = 0; k < 2; k++) {
                int row = bundle.itemRow(TinyData.coldItem(g, k));
                assertThat(warm[row]).isZero();
                assertThat(bundle.tensor(BaseTensors.ITEM_CF).row(row)).containsOnly(0f);
            }
        }
        assertThat(warm[bundle.itemRow("i0")]).isEqualTo(1f);
    }

    @Test
    void manifestDescribesTheRun() {
        BundleManifest m = attention.bundle().manifest();
        assertThat(m.modelVersion).matches("base-20261125-[0-9a-f]{8}");
        assertThat(m.createdAt).isEqualTo("2026-11-25T10:00:00Z");
        assertThat(m.codeVersion).isNotBlank();
        assertThat(m.dimensions)
                .containsEntry("joint", 8)
                .containsEntry("cf", 8)
                .containsEntry("text", TinyData.TEXT_DIM)
                .containsEntry("history", 5);
        assertThat(m.modalities).containsExactly("cf", "text");
        int cutoff = (int) Math.floor(DATA.interactions().size() * 0.8);
        assertThat(m.trainingData.dataset).isEqualTo("tiny");
        assertThat(m.trainingData.events).isEqualTo(cutoff);
        assertThat(m.trainingData.cutoffTs).isEqualTo(DATA.interactions().get(cutoff).ts);
        assertThat(m.trainingData.firstTs).isEqualTo(DATA.interactions().get(0).ts);
        assertThat(m.trainingData.users).isEqualTo(30);
        assertThat(m.trainingData.items).isEqualTo(30);
        assertThat(m.losses)
                .containsKeys("total", "rank", "rankText", "match", "itemRecon", "textRecon");
        assertThat(m.losses.get("rank")).isLessThan(Math.log(30)); // better than uniform
        assertThat(m.hyperParameters)
                .containsEntry("encoder", "attention")
                .containsEntry("cutoffFraction", 0.8)
                .containsEntry("epochs", 15)
                .containsEntry("textModel", "test/genre-embedder");
    }

    @Test
    void learnsTheGenreAndTheSequence() {
        for (TrainingResult r : List.of(attention, selfAttention)) {
            BaseModel model = BaseModel.load(r.bundle());
            // A genre-0 user who took i2, i3, i4: i5 comes next.
            float[] h = model.userLatent(latents(model, "i2", "i3", "i4"));
            List<String> ranked = new ArrayList<>(model.itemIds());
            ranked.removeAll(List.of("i2", "i3", "i4"));
            ranked.sort(
                    (a, b) ->
                            Float.compare(
                                    dot(h, model.itemLatent(b)), dot(h, model.itemLatent(a))));
            assertThat(ranked.subList(0, 3)).as(r.bundle().modelVersion()).contains("i5");
            // Unseen comedies score above horror and western films on average.
            assertThat(meanScore(model, h, "i[015-9]"))
                    .as(r.bundle().modelVersion())
                    .isGreaterThan(meanScore(model, h, "i1[0-9]"))
                    .isGreaterThan(meanScore(model, h, "i2[0-9]"));
        }
    }

    @Test
    void recommendedDefaultsLearnTheGenreAndScoreColdItemsByIt() {
        TrainingConfig defaults = TrainingConfig.builder().build();
        TrainingResult r =
                train(
                        TinyData.config()
                                .coldSwap(defaults.coldSwap())
                                .recencyHalfLife(defaults.recencyHalfLife())
                                .build());
        assertThat(defaults.coldSwap()).isPositive();
        assertThat(defaults.recencyHalfLife()).isPositive();
        assertThat(r.bundle().manifest().losses.get("rank")).isLessThan(Math.log(30));
        BaseModel model = BaseModel.load(r.bundle());
        float[] h = model.userLatent(latents(model, "i11", "i12", "i13"));
        // A horror fan: warm horror films above the others, and the new horror film above the
        // new comedy and western (scored through their text).
        assertThat(meanScore(model, h, "i1[0-9]"))
                .isGreaterThan(meanScore(model, h, "i[0-9]"))
                .isGreaterThan(meanScore(model, h, "i2[0-9]"));
        assertThat(dot(h, model.itemLatent("c1_0")))
                .isGreaterThan(dot(h, model.itemLatent("c0_0")))
                .isGreaterThan(dot(h, model.itemLatent("c2_0")));
    }

    @Test
    void coldItemsScoreThroughTheirText() {
        BaseModel model = BaseModel.load(attention.bundle());
        TinyData.GenreEmbedder embedder = new TinyData.GenreEmbedder();
        // The bundle's latent of a cold item is f_T of its text embedding.
        float[] text = embedder.embed(ItemText.describe(DATA.items().get("c1_0")));
        assertThat(model.textLatent(text)).containsExactly(model.itemLatent("c1_0"), within(1e-5f));
        // A horror fan prefers the new horror film to the new comedy and western.
        float[] h = model.userLatent(latents(model, "i11", "i12", "i13"));
        float horror = dot(h, model.itemLatent("c1_0"));
        assertThat(horror).isGreaterThan(dot(h, model.itemLatent("c0_0")));
        assertThat(horror).isGreaterThan(dot(h, model.itemLatent("c2_0")));
    }

    @Test
    void titleOnlyTextIsEmbeddedRecordedAndReusedForNewItems(@TempDir Path dir) {
        ItemTextFields titleOnly = ItemTextFields.parse("title");
        TrainingResult r = train(TinyData.config().maxEpochs(1).itemTextFields(titleOnly).build());
        assertThat(r.bundle().manifest().hyperParameters)
                .containsEntry(ItemTextFields.HP_ITEM_TEXT_FIELDS, "title");
        assertThat(attention.bundle().manifest().hyperParameters)
                .containsEntry(ItemTextFields.HP_ITEM_TEXT_FIELDS, ItemTextFields.ALL.id());

        // The stored text row of a cold item is the embedding of its title alone: the genre,
        // which the GenreEmbedder would read, is not in it.
        TinyData.GenreEmbedder embedder = new TinyData.GenreEmbedder();
        ItemContent cold = DATA.items().get("c1_0");
        float[] titleEmbedding = embedder.embed(ItemText.describe(cold, titleOnly));
        float[] fullEmbedding = embedder.embed(ItemText.describe(cold));
        ModelBundle bundle = r.bundle();
        float[] stored = bundle.tensor(BaseTensors.ITEM_TEXT).row(bundle.itemRow("c1_0"));
        assertThat(stored).containsExactly(titleEmbedding, within(1e-6f));
        assertThat(stored).isNotEqualTo(fullEmbedding);

        // Written and read back, the model still knows the fields, and embedding the item as a
        // new item with them (what evaluate and the job's catalog do) gives its trained latent.
        ModelBundles.write(dir.resolve("b"), bundle);
        BaseModel loaded = BaseModel.load(ModelBundles.read(dir.resolve("b")));
        assertThat(loaded.itemTextFields()).isEqualTo(titleOnly);
        assertThat(
                        loaded.textLatent(
                                embedder.embed(ItemText.describe(cold, loaded.itemTextFields()))))
                .containsExactly(loaded.itemLatent("c1_0"), within(1e-5f));
        assertThat(BaseModel.load(attention.bundle()).itemTextFields())
                .isEqualTo(ItemTextFields.ALL);
    }

    @Test
    void javaForwardMatchesTheDjlForward() {
        for (TrainingResult r : List.of(attention, selfAttention)) {
            ModelBundle bundle = r.bundle();
            BaseModel model = BaseModel.load(bundle);
            Random random = new Random(3);
            int n = bundle.itemIds().size();
            int l = model.historyLength();
            int cases = 12;
            int[] rows = new int[cases * l];
            List<List<float[]>> histories = new ArrayList<>();
            for (int c = 0; c < cases; c++) {
                int size = c % (l + 1); // 0 .. L items, empty included
                List<float[]> history = new ArrayList<>();
                for (int k = 0; k < l; k++) {
                    if (k < l - size) {
                        rows[c * l + k] = ExampleSet.PAD;
                    } else {
                        int row = random.nextInt(n);
                        rows[c * l + k] = row;
                        history.add(model.itemLatent(bundle.itemIds().get(row)));
                    }
                }
                histories.add(history);
            }
            float[] text = new TinyData.GenreEmbedder().embed("Genres: Western. A new one");
            try (NDManager manager = NDManager.newBaseManager()) {
                BaseNetwork net = BaseNetwork.fromBundle(manager, bundle);
                NDArray z =
                        manager.create(
                                bundle.tensor(BaseTensors.ITEM_Z).data(),
                                new ai.djl.ndarray.types.Shape(n, 8));
                NDArray[] gathered = net.gatherHistory(z, rows, cases);
                float[] djl = net.encodeUsers(gathered[0], gathered[1]).toFloatArray();
                for (int c = 0; c < cases; c++) {
                    float[] java = model.userLatent(histories.get(c));
                    for (int j = 0; j < 8; j++) {
                        assertThat(java[j])
                                .as("%s case %d dim %d", r.bundle().modelVersion(), c, j)
                                .isCloseTo(djl[c * 8 + j], within(1e-4f));
                    }
                }
                float[] djlText =
                        net.mlp(manager.create(text).reshape(1, TinyData.TEXT_DIM), BaseTensors.F_T)
                                .toFloatArray();
                assertThat(model.textLatent(text)).containsExactly(djlText, within(1e-4f));
            }
        }
    }

    @Test
    void sameSeedGivesTheSameBundleBytes(@TempDir Path dir) throws IOException {
        TrainingConfig config = TinyData.config().maxEpochs(2).build();
        ModelBundles.write(dir.resolve("one"), train(config).bundle());
        ModelBundles.write(dir.resolve("two"), train(config).bundle());
        for (String file :
                List.of(
                        ModelBundles.MANIFEST_FILE,
                        ModelBundles.TENSORS_FILE,
                        ModelBundles.ITEMS_FILE)) {
            assertThat(Files.readAllBytes(dir.resolve("two").resolve(file)))
                    .as(file)
                    .isEqualTo(Files.readAllBytes(dir.resolve("one").resolve(file)));
        }
    }

    @Test
    void writtenBundleLoadsBackIntoTheSameModel(@TempDir Path dir) {
        ModelBundles.write(dir.resolve("b"), attention.bundle());
        BaseModel loaded = BaseModel.load(ModelBundles.read(dir.resolve("b")));
        BaseModel original = BaseModel.load(attention.bundle());
        assertThat(loaded.modelVersion()).isEqualTo(original.modelVersion());
        for (String item : List.of("i0", "i17", "c2_1")) {
            assertThat(loaded.itemLatent(item)).containsExactly(original.itemLatent(item));
        }
        List<float[]> history = latents(original, "i20", "i21");
        assertThat(loaded.userLatent(history)).containsExactly(original.userLatent(history));
    }

    @Test
    void fixedEpochsTrainEveryEpochAndCalibrateOnTheLast() {
        TrainingResult r =
                train(
                        TinyData.config()
                                .validationFraction(0.2)
                                .maxEpochs(4)
                                .patience(1)
                                .fixedEpochs(true)
                                .build());
        // No early stopping (patience 1 would stop at the first epoch without a gain): all four
        // epochs are trained and only the last one is validated and calibrated.
        assertThat(r.validationCurve()).hasSize(1);
        assertThat(r.epochs()).isEqualTo(4);
        assertThat(r.validation().get("validation.bestEpoch")).isEqualTo(4.0);
        assertThat(r.validation().get("validation.NDCG@10")).isEqualTo(r.validationCurve().get(0));
        assertThat(r.bundle().manifest().hyperParameters)
                .containsEntry("epochs", 4)
                .containsEntry("fixedEpochs", true);
    }

    @Test
    void validationPicksTheEpochsAndReportsMetrics() {
        TrainingResult r =
                train(TinyData.config().validationFraction(0.2).maxEpochs(10).patience(2).build());
        assertThat(r.validationCurve()).isNotEmpty().hasSizeLessThanOrEqualTo(10);
        double best =
                r.validationCurve().stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        assertThat(r.validation().get("validation.NDCG@10")).isEqualTo(best);
        assertThat(r.epochs()).isEqualTo(r.validationCurve().indexOf(best) + 1);
        // The held-out items follow the learned sequences: far above random (~10 of 30 items).
        assertThat(r.validation().get("validation.HR@10")).isGreaterThan(0.6);
        assertThat(r.bundle().manifest().metrics)
                .containsKeys("validation.HR@10", "validation.bestEpoch");
        assertThat(r.bundle().manifest().hyperParameters).containsEntry("epochs", r.epochs());

        // The text scale is calibrated among the candidates: the chosen one scores at least as
        // well as no scaling, and the bundle's cold items and new text carry it alike.
        double scale = r.validation().get("validation.textScale");
        assertThat(BaseTrainer.TEXT_SCALES).contains((float) scale);
        assertThat(r.validation().get("validation.modelAlone.NDCG@10"))
                .isLessThanOrEqualTo(r.validation().get("validation.NDCG@10"));
        assertThat(r.bundle().manifest().hyperParameters)
                .containsEntry(BaseTensors.HP_TEXT_SCALE, scale);
        BaseModel model = BaseModel.load(r.bundle());
        assertThat((double) model.textScale()).isEqualTo(scale);
        float[] text =
                new TinyData.GenreEmbedder().embed(ItemText.describe(DATA.items().get("c1_0")));
        assertThat(model.textLatent(text)).containsExactly(model.itemLatent("c1_0"), within(1e-5f));

        // So are the popularity prior's weights, which the bundle carries with their half-life.
        double w = r.validation().get("validation.popularityWeight");
        double wCold = r.validation().get("validation.popularityColdWeight");
        assertThat(BaseTrainer.POPULARITY_WEIGHTS).contains((float) w);
        assertThat(BaseTrainer.POPULARITY_COLD_WEIGHTS).contains((float) wCold);
        assertThat(r.bundle().manifest().hyperParameters)
                .containsEntry(BaseTensors.HP_POPULARITY_WEIGHT, w)
                .containsEntry(BaseTensors.HP_POPULARITY_COLD_WEIGHT, wCold)
                .containsEntry(
                        BaseTensors.HP_POPULARITY_HALF_LIFE_MILLIS, Duration.ofDays(30).toMillis());
        PopularityPrior expected =
                w == 0 && wCold == 0
                        ? PopularityPrior.NONE
                        : new PopularityPrior(w, wCold, Duration.ofDays(30));
        assertThat(model.popularityPrior()).isEqualTo(expected);
    }

    @Test
    void priorInTheLossLearnsItsWeightsAndLeavesThemOutOfTheBundle() {
        TrainingResult r =
                train(
                        TinyData.config()
                                .validationFraction(0.2)
                                .maxEpochs(4)
                                .popularityInLoss(true)
                                .build());
        assertThat(r.bundle().tensors().keySet())
                .noneMatch(n -> n.startsWith(BaseNetwork.TRAINING_ONLY_PREFIX));
        assertThat(r.bundle().manifest().hyperParameters).containsEntry("popularityInLoss", true);
        // The sequences are still learned with the popularity feature in the logits.
        assertThat(r.validation().get("validation.HR@10")).isGreaterThan(0.6);
        double w = r.validation().get("validation.popularityWeight");
        double wCold = r.validation().get("validation.popularityColdWeight");
        assertThat(Double.isFinite(w) && Double.isFinite(wCold)).isTrue();
        BaseModel model = BaseModel.load(r.bundle());
        assertThat(model.popularityPrior().warmWeight()).isEqualTo(w);
    }

    @Test
    void fixedPriorWeightsGoIntoTheBundleWithoutValidation() {
        TrainingResult r =
                train(
                        TinyData.config()
                                .validationFraction(0)
                                .maxEpochs(1)
                                .textScale(1.5f)
                                .popularityWeight(0.5f)
                                .popularityColdWeight(3f)
                                .popularityHalfLife(Duration.ofDays(7))
                                .build());
        BaseModel model = BaseModel.load(r.bundle());
        assertThat(model.textScale()).isEqualTo(1.5f);
        assertThat(model.popularityPrior())
                .isEqualTo(new PopularityPrior(0.5, 3.0, Duration.ofDays(7)));
    }

    @Test
    void refusesADatasetTooSmallToTrain() {
        Dataset tiny = TinyData.dataset(2, 5, 1);
        assertThatThrownBy(
                        () ->
                                new BaseTrainer(
                                                TinyData.config().build(),
                                                new TinyData.GenreEmbedder(),
                                                null)
                                        .train(tiny))
                .isInstanceOf(TrainingException.class)
                .hasMessageContaining("too small")
                .hasMessageContaining("8 next-item examples");
    }

    @Test
    void passesDatasetErrorsThrough(@TempDir Path dir) {
        BaseTrainer trainer =
                new BaseTrainer(TinyData.config().build(), new TinyData.GenreEmbedder(), null);
        assertThatThrownBy(() -> trainer.train(dir.resolve("missing")))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("dataset directory not found");
        assertThatThrownBy(() -> trainer.train(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("no dataset found");
    }

    private static List<float[]> latents(BaseModel model, String... items) {
        List<float[]> z = new ArrayList<>();
        for (String item : items) {
            z.add(model.itemLatent(item));
        }
        return z;
    }

    private static double meanScore(BaseModel model, float[] h, String itemPattern) {
        return model.itemIds().stream()
                .filter(item -> item.matches(itemPattern))
                .mapToDouble(item -> dot(h, model.itemLatent(item)))
                .average()
                .orElseThrow();
    }

    private static float dot(float[] a, float[] b) {
        float s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }
}
