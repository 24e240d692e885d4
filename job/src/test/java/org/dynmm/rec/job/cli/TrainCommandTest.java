package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.PopularityPrior;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetWriter;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.eval.EvaluationChart;
import org.dynmm.rec.models.text.ItemTextFields;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code train} and {@code evaluate --bundle} end to end on a small synthetic dataset. */
class TrainCommandTest {
    @TempDir static Path dir;

    private static Path data;
    private static Path bundle;
    private static Run trained;

    /** Exit code and output of one command. */
    record Run(int code, String out, String err) {}

    @BeforeAll
    static void trainOnce() throws Exception {
        data = dir.resolve("genres");
        DatasetWriter.write(dataset(), data);
        bundle = dir.resolve("bundle");
        trained = train("--out", bundle.toString());
    }

    /** Three genres of eight films; each user takes films of one genre in order. */
    private static Dataset dataset() {
        String[] genres = {"Comedy", "Horror", "Western"};
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (int g = 0; g < genres.length; g++) {
            for (int k = 0; k < 8; k++) {
                String id = "m" + (g * 8 + k);
                items.put(
                        id,
                        new ItemContent(
                                id,
                                genres[g] + " film " + k,
                                null,
                                Map.of("genres", List.of(genres[g])),
                                0L));
            }
        }
        List<InteractionEvent> events = new ArrayList<>();
        long ts = 1_500_000_000_000L;
        for (int t = 0; t < 7; t++) {
            for (int u = 0; u < 24; u++) {
                int g = u % 3;
                int k = (u / 3 + t) % 8;
                events.add(
                        new InteractionEvent(
                                "u" + u, "m" + (g * 8 + k), "rating", 4f, ts += 60_000));
            }
        }
        return new Dataset("genres", events, items);
    }

    private static Run train(String... extra) {
        List<String> args =
                new ArrayList<>(
                        List.of(
                                "--dataset",
                                data.toString(),
                                "--epochs",
                                "3",
                                "--dim",
                                "8",
                                "--cf-dim",
                                "8",
                                "--hidden",
                                "16",
                                "--history",
                                "5",
                                "--batch-size",
                                "32",
                                "--validation",
                                "0",
                                "--threads",
                                "1",
                                "--device",
                                "cpu",
                                "--no-progress",
                                "--text-cache",
                                dir.resolve("text.bin").toString()));
        args.addAll(List.of(extra));
        return run(new TrainCommand(), args.toArray(new String[0]));
    }

    private static Run run(Object command, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int code = new CommandLine(command).execute(args);
            return new Run(
                    code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void trainWritesALoadableBundleAndSummarizes() {
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(trained.out())
                .contains("trained base-")
                .contains("final losses:")
                .contains("bundle: " + bundle.toAbsolutePath().normalize())
                .contains("MB)");
        ModelBundle read = ModelBundles.read(bundle);
        BaseModel model = BaseModel.load(read);
        assertThat(model.jointDim()).isEqualTo(8);
        assertThat(model.itemCount()).isEqualTo(24);
        assertThat(read.manifest().hyperParameters).containsEntry("epochs", 3);
        assertThat(read.manifest().trainingData.dataset).isEqualTo("genres");
        // Three steps are far too few for the default weight average: the run says so.
        assertThat(trained.out() + trained.err())
                .contains("fewer than the weight average's horizon of 459 at decay 0.99");
    }

    @Test
    void theRecommendedLossTermsAndWeightAverageAreOnByDefaultAndCanBeSwitchedOff() {
        // The defaults are the configuration chosen on the validation split (BENCHMARKS section 4).
        assertThat(ModelBundles.read(bundle).manifest().hyperParameters)
                .containsEntry("popularityInLoss", true)
                .containsEntry("contrastWithoutModalities", true)
                .containsEntry("weightAverageDecay", (double) 0.99f);

        Path plain = dir.resolve("plain");
        Run r =
                train(
                        "--out",
                        plain.toString(),
                        "--no-popularity-in-loss",
                        "--no-contrast-without-modalities",
                        "--weight-average",
                        "0");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ModelBundles.read(plain).manifest().hyperParameters)
                .containsEntry("popularityInLoss", false)
                .doesNotContainKey("weightAverageDecay")
                // a text-only run without the term records no contrastive settings at all
                .doesNotContainKey("contrastWithoutModalities")
                .doesNotContainKey("contrastWeight");
    }

    @Test
    void badDatasetIsAOneLineErrorWithExitCode2() {
        Run r =
                run(
                        new TrainCommand(),
                        "--dataset",
                        dir.resolve("nope").toString(),
                        "--out",
                        dir.resolve("x").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().strip())
                .startsWith("error: dataset directory not found")
                .doesNotContain("\n");
    }

    @Test
    void refusesToOverwriteABundleUnlessForced() throws Exception {
        Run refused = train("--out", bundle.toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("already holds files").contains("--force");

        Path copy = dir.resolve("forced");
        assertThat(train("--out", copy.toString()).code()).isZero();
        Run forced =
                train(
                        "--out",
                        copy.toString(),
                        "--force",
                        "--seed",
                        "7",
                        "--recency-half-life",
                        "0.5");
        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(ModelBundles.read(copy).manifest().hyperParameters)
                .containsEntry("seed", 7)
                .containsEntry("recencyHalfLife", 0.5);
    }

    @Test
    void evaluateAddsTheFrozenBaseOnTheBundleSplitAndWritesTableAndChart() throws Exception {
        Path reports = dir.resolve("reports");
        Run r =
                run(
                        new EvaluateCommand(),
                        "--dataset",
                        data.toString(),
                        "--bundle",
                        bundle.toString(),
                        "--text-cache",
                        dir.resolve("text.bin").toString(),
                        "--report-dir",
                        reports.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out())
                .contains("frozen-base")
                .contains("cooccurrence-cosine")
                .contains("cutoff fraction 0.8");

        String table = Files.readString(reports.resolve(EvaluateCommand.TABLE_FILE));
        assertThat(table).contains("| method | all (").contains("| frozen-base |");
        assertThat(Files.readString(reports.resolve(EvaluateCommand.JSON_FILE)))
                .contains("\"frozen-base\"");
        Path png = reports.resolve(EvaluateCommand.CHART_FILE);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).as("a readable PNG").isNotNull();
        assertThat(image.getWidth()).isEqualTo(EvaluationChart.WIDTH);
        assertThat(image.getHeight()).isEqualTo(EvaluationChart.HEIGHT);
        assertThat(Files.size(png)).isGreaterThan(10_000);
    }

    @Test
    void fixedPriorWeightsReachTheBundleAndEvaluateNeedsTheirHalfLife() {
        Path withPrior = dir.resolve("prior");
        Run trainedWithPrior =
                train(
                        "--out",
                        withPrior.toString(),
                        "--popularity-weight",
                        "0.5",
                        "--popularity-cold-weight",
                        "2");
        assertThat(trainedWithPrior.code()).as(trainedWithPrior.err()).isZero();
        BaseModel model = BaseModel.load(ModelBundles.read(withPrior));
        assertThat(model.popularityPrior())
                .isEqualTo(new PopularityPrior(0.5, 2.0, Duration.ofDays(30)));

        Run refused =
                run(
                        new EvaluateCommand(),
                        "--dataset",
                        data.toString(),
                        "--bundle",
                        withPrior.toString(),
                        "--popularity-half-life",
                        "P7D",
                        "--no-adapter",
                        "--explain",
                        "none",
                        "--text-cache",
                        dir.resolve("text.bin").toString(),
                        "--report-dir",
                        dir.resolve("prior-reports-7d").toString());
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err()).contains("popularity prior").contains("PT720H");

        Run evaluated =
                run(
                        new EvaluateCommand(),
                        "--dataset",
                        data.toString(),
                        "--bundle",
                        withPrior.toString(),
                        "--no-adapter",
                        "--explain",
                        "none",
                        "--text-cache",
                        dir.resolve("text.bin").toString(),
                        "--report-dir",
                        dir.resolve("prior-reports").toString());
        assertThat(evaluated.code()).as(evaluated.err()).isZero();
        assertThat(evaluated.out()).contains("frozen-base");
    }

    @Test
    void evaluateRefusesAnotherCutoffThanTheBundles() {
        Run r =
                run(
                        new EvaluateCommand(),
                        "--dataset",
                        data.toString(),
                        "--bundle",
                        bundle.toString(),
                        "--cutoff",
                        "0.7");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err())
                .contains("--cutoff 0.7 disagrees with bundle")
                .contains("use --cutoff 0.8");
    }

    @Test
    void evaluateRefusesADatasetTheBundleWasNotTrainedOn() throws Exception {
        Path other = dir.resolve("shorter");
        Dataset full = dataset();
        DatasetWriter.write(
                new Dataset("genres", full.interactions().subList(0, 100), full.items()), other);
        Run r =
                run(
                        new EvaluateCommand(),
                        "--dataset",
                        other.toString(),
                        "--bundle",
                        bundle.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("a different dataset or split");
    }

    @Test
    void evaluateReportsAMissingBundle() {
        Run r =
                run(
                        new EvaluateCommand(),
                        "--dataset",
                        data.toString(),
                        "--bundle",
                        dir.resolve("none").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("does not exist");
        assertThat(Files.exists(dir.resolve("none"))).isFalse();
    }

    @Test
    void itemTextFieldsReachTheManifestAndUnknownFieldsAreRefused() {
        Path titleOnly = dir.resolve("title-only");
        Run trained = train("--out", titleOnly.toString(), "--item-text-fields", "title");
        assertThat(trained.code()).as(trained.err()).isZero();
        assertThat(trained.err()).contains("item descriptions (title)");
        assertThat(ModelBundles.read(titleOnly).manifest().hyperParameters)
                .containsEntry(ItemTextFields.HP_ITEM_TEXT_FIELDS, "title");
        assertThat(BaseModel.load(ModelBundles.read(titleOnly)).itemTextFields())
                .isEqualTo(ItemTextFields.parse("title"));
        assertThat(ModelBundles.read(bundle).manifest().hyperParameters)
                .containsEntry(ItemTextFields.HP_ITEM_TEXT_FIELDS, ItemTextFields.ALL.id());

        Run refused =
                train("--out", dir.resolve("bad-fields").toString(), "--item-text-fields", "plot");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip())
                .startsWith("error: item text fields: unknown field 'plot'")
                .doesNotContain("\n");
    }

    @Test
    void theModalityCheckOptionsReachTheManifestAndBadValuesAreRefused() {
        assertThat(ModelBundles.read(bundle).manifest().hyperParameters)
                .containsEntry("modalityCheck", true)
                .containsEntry("modalityCheckShare", (double) 0.2f)
                .containsEntry("modalityCheckAlpha", (double) 0.01f);

        Path custom = dir.resolve("check-custom");
        Run r =
                train(
                        "--out",
                        custom.toString(),
                        "--modality-check-share",
                        "0.3",
                        "--modality-check-alpha",
                        "0.05");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(ModelBundles.read(custom).manifest().hyperParameters)
                .containsEntry("modalityCheckShare", (double) 0.3f)
                .containsEntry("modalityCheckAlpha", (double) 0.05f);

        Run refused =
                train("--out", dir.resolve("check-bad").toString(), "--modality-check-share", "1");
        assertThat(refused.code()).isEqualTo(2);
        assertThat(refused.err().strip())
                .startsWith("error: modality check share must be in (0, 1), is 1.0")
                .doesNotContain("\n");
    }
}
