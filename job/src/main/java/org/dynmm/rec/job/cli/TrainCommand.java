package org.dynmm.rec.job.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.ContentFusion;
import org.dynmm.rec.models.base.UserEncoderType;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetFormatException;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.ModalityFile;
import org.dynmm.rec.models.text.CachedTextEmbedder;
import org.dynmm.rec.models.text.ItemTextFields;
import org.dynmm.rec.models.text.MiniLmTextEmbedder;
import org.dynmm.rec.models.train.BaseTrainer;
import org.dynmm.rec.models.train.DeviceChoice;
import org.dynmm.rec.models.train.MultimodalConfig;
import org.dynmm.rec.models.train.TrainingConfig;
import org.dynmm.rec.models.train.TrainingException;
import org.dynmm.rec.models.train.TrainingResult;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Trains the frozen base model (DESIGN.md, Models 1) offline on the events before the cutoff and
 * writes it as a model bundle the job and {@code evaluate --bundle} load. Needs the DJL PyTorch
 * jars (CPU libtorch) on the class path; run with {@code -Dai.djl.offline=true}.
 */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description =
                "Trains the frozen base (CF + text aligner and user encoder) on the first"
                        + " --cutoff share of a dataset's events and writes a model bundle.")
public class TrainCommand implements Callable<Integer> {
    static final int EXIT_BAD_INPUT = 2;
    static final int EXIT_FAILURE = 1;

    @Option(
            names = "--dataset",
            defaultValue = "data/movielens-latest-small",
            description =
                    "Dataset directory (plain, MovieLens latest or MovieLens 100K layout)."
                            + " Default: ${DEFAULT-VALUE}")
    Path dataset;

    @Option(
            names = "--out",
            defaultValue = "target/bundles/base",
            description =
                    "Bundle directory to create (bundles are immutable: it must not exist or be"
                            + " empty, see --force). Default: ${DEFAULT-VALUE}")
    Path out;

    @Option(
            names = "--force",
            description = "Replace an existing bundle in --out (a directory with a manifest.json).")
    boolean force;

    @Option(
            names = "--cutoff",
            defaultValue = "0.8",
            description =
                    "Share of events (in time order) to train on; evaluate with the same value."
                            + " Default: ${DEFAULT-VALUE}")
    double cutoff;

    @Option(
            names = "--epochs",
            defaultValue = "20",
            description =
                    "Most epochs; with validation, training stops earlier when validation NDCG@10"
                            + " stops improving. Default: ${DEFAULT-VALUE}")
    int epochs;

    @Option(
            names = "--dim",
            defaultValue = "64",
            description = "Joint latent size d. Default: ${DEFAULT-VALUE}")
    int dim;

    @Option(
            names = "--cf-dim",
            defaultValue = "64",
            description = "CF item embedding size. Default: ${DEFAULT-VALUE}")
    int cfDim;

    @Option(
            names = "--hidden",
            defaultValue = "128",
            description = "Hidden size of the encoders and decoders. Default: ${DEFAULT-VALUE}")
    int hidden;

    @Option(
            names = "--history",
            defaultValue = "50",
            description = "History length L of the user encoder. Default: ${DEFAULT-VALUE}")
    int history;

    @Option(
            names = "--encoder",
            defaultValue = "attention",
            description = "User encoder: attention or self-attention. Default: ${DEFAULT-VALUE}")
    String encoder;

    @Option(
            names = "--batch-size",
            defaultValue = "512",
            description = "Examples per step. Default: ${DEFAULT-VALUE}")
    int batchSize;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.005",
            description = "Adam learning rate. Default: ${DEFAULT-VALUE}")
    float learningRate;

    @Option(
            names = "--learning-rate-decay",
            defaultValue = "1",
            description =
                    "Factor applied to the learning rate after each epoch (1 = constant)."
                            + " Default: ${DEFAULT-VALUE}")
    float learningRateDecay;

    @Option(
            names = "--weight-decay",
            defaultValue = "0",
            description = "Decoupled weight decay. Default: ${DEFAULT-VALUE}")
    float weightDecay;

    @Option(
            names = "--weight-average",
            defaultValue = "0.99",
            description =
                    "Decay of an exponential moving average of the weights over the steps, which"
                            + " is validated and stored instead of the last step's; 0 is off (use"
                            + " 0 for runs of fewer than about 500 steps). Default: ${DEFAULT-VALUE}")
    float weightAverage;

    @Option(
            names = "--text-rank-weight",
            defaultValue = "1",
            description = "Weight of the ranking loss with text latents. Default: ${DEFAULT-VALUE}")
    float textRankWeight;

    @Option(
            names = "--match-weight",
            defaultValue = "1",
            description = "Weight of MSE(f_I, f_T). Default: ${DEFAULT-VALUE}")
    float matchWeight;

    @Option(
            names = "--item-recon-weight",
            defaultValue = "0.1",
            description = "Weight a of the CF reconstruction loss. Default: ${DEFAULT-VALUE}")
    float itemReconWeight;

    @Option(
            names = "--text-recon-weight",
            defaultValue = "0.1",
            description = "Weight b of the text reconstruction loss. Default: ${DEFAULT-VALUE}")
    float textReconWeight;

    @Option(
            names = "--history-dropout",
            defaultValue = "0",
            description =
                    "Probability of dropping each history item of a training example."
                            + " Default: ${DEFAULT-VALUE}")
    float historyDropout;

    @Option(
            names = "--recency-half-life",
            defaultValue = "0.2",
            description =
                    "Weigh training examples by recency: an example this share of the training"
                            + " window older than the last training event counts half as much"
                            + " (0: all alike). Default: ${DEFAULT-VALUE}")
    float recencyHalfLife;

    @Option(
            names = "--cold-swap",
            defaultValue = "0.25",
            description =
                    "Share of items scored by their text latent in the ranking loss (modality"
                            + " dropout, calibrates cold items). Default: ${DEFAULT-VALUE}")
    float coldSwap;

    @Option(
            names = "--calibrate-text",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Pick the factor on text-path (cold) item latents on the validation split"
                            + " (--no-calibrate-text: 1). Default: ${DEFAULT-VALUE}")
    boolean calibrateText;

    @Option(
            names = "--calibrate-popularity",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Pick the weights of the popularity prior w log(1 + p_i(t)) (items with a CF"
                            + " latent) and w_cold log(1 + p_i(t)) (text-path items) on the"
                            + " validation split and store them in the bundle"
                            + " (--no-calibrate-popularity: no prior). Default: ${DEFAULT-VALUE}")
    boolean calibratePopularity;

    @Option(
            names = "--popularity-half-life",
            defaultValue = "P30D",
            converter = EvaluateCommand.HalfLifeConverter.class,
            description =
                    "Half-life of the decayed popularity p_i(t) of the prior, ISO-8601 or 0 for"
                            + " plain counts; must match the ranker's"
                            + " rec.ranker.popularity-half-life. Default: ${DEFAULT-VALUE}")
    Duration popularityHalfLife;

    @Option(
            names = "--unseen-weight",
            defaultValue = "0",
            description =
                    "Validation choice: maximize NDCG@10 + this x NDCG@10 on items without"
                            + " training interactions. Default: ${DEFAULT-VALUE}")
    float unseenWeight;

    @Option(
            names = "--unseen-above-popularity",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Validation choice: only grid points and epochs whose NDCG@10 on items without"
                            + " training interactions beats decayed popularity's on the same"
                            + " events (when any does). Default: ${DEFAULT-VALUE}")
    boolean unseenAbovePopularity;

    @Option(
            names = "--text-scale",
            description =
                    "Fix the factor on text-path latents instead of calibrating it (e.g. with"
                            + " --validation 0 after a --validate-only run).")
    Float textScale;

    @Option(
            names = "--popularity-weight",
            description =
                    "Fix the prior's weight on items with a CF latent instead of calibrating.")
    Float popularityWeight;

    @Option(
            names = "--popularity-cold-weight",
            description = "Fix the prior's weight on text-path items instead of calibrating.")
    Float popularityColdWeight;

    @Option(
            names = "--mask-seen",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Leave items a user had already taken out of the training softmax, as ranking"
                            + " does (--no-mask-seen to keep them). Default: ${DEFAULT-VALUE}")
    boolean maskSeen;

    @Option(
            names = "--popularity-in-loss",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Add the popularity prior's feature log(1 + p_i(t)), as of each training"
                            + " example's time, to the ranking losses under learned weights,"
                            + " which join the calibration grid. Default: ${DEFAULT-VALUE}")
    boolean popularityInLoss;

    @Option(
            names = "--validation",
            defaultValue = "0.1",
            description =
                    "Share of the training window (its last events) held out to choose the number"
                            + " of epochs and report validation metrics; 0 = none."
                            + " Default: ${DEFAULT-VALUE}")
    double validation;

    @Option(
            names = "--patience",
            defaultValue = "2",
            description =
                    "Epochs without a better validation NDCG@10 before stopping."
                            + " Default: ${DEFAULT-VALUE}")
    int patience;

    @Option(
            names = "--fixed-epochs",
            description =
                    "Train exactly --epochs epochs, no early stopping: the validation run only"
                            + " calibrates (text scale, popularity prior, fusion scale) on its last"
                            + " epoch. For comparing configurations at equal training length.")
    boolean fixedEpochs;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "Seed of initialization and shuffling. Default: ${DEFAULT-VALUE}")
    long seed;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "cpu, gpu or auto. Default: ${DEFAULT-VALUE}")
    String device;

    @Option(
            names = "--threads",
            defaultValue = "0",
            description =
                    "PyTorch CPU threads; 0 = one per core. 1 can be faster on a busy machine."
                            + " Default: ${DEFAULT-VALUE}")
    int threads;

    @Option(
            names = "--text-cache",
            defaultValue = "${sys:user.home}/.cache/dynmm-rec/text-embeddings.bin",
            description = "Cache file of item text embeddings. Default: ${DEFAULT-VALUE}")
    Path textCache;

    @Option(
            names = "--item-text-fields",
            defaultValue = "all",
            description =
                    "Parts of an item's content embedded as its text: a comma-separated subset of"
                            + " title, genres, tags, attributes (every other attribute), text, or"
                            + " all. Recorded in the bundle, so evaluate and the job embed new items"
                            + " the same way. 'title' gives the sparse-text setting of the"
                            + " SYNTHETIC-modality experiments. Default: ${DEFAULT-VALUE}")
    String itemTextFields;

    @Option(
            names = "--modalities",
            description =
                    "Item visual/audio vectors joined on item id (JSON lines {\"item\":..,"
                            + " \"visual\":[..]}, see data/README.md); repeatable. Trains the"
                            + " f_V/f_A heads of the multimodal branch.")
    List<Path> modalities = List.of();

    @Option(
            names = "--contrast-weight",
            defaultValue = "0.1",
            description =
                    "Weight of the cross-modal InfoNCE term (with --modalities). Default:"
                            + " ${DEFAULT-VALUE}")
    float contrastWeight;

    @Option(
            names = "--contrast-without-modalities",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Train the CF-text InfoNCE term (--contrast-weight) also when the items carry no"
                            + " visual or audio vectors (DESIGN.md: InfoNCE between every pair of"
                            + " present modalities, and CF and text are always present);"
                            + " --no-contrast-without-modalities leaves it to multimodal runs."
                            + " Default: ${DEFAULT-VALUE}")
    boolean contrastWithoutModalities;

    @Option(
            names = "--contrast-temperature",
            defaultValue = "0.1",
            description = "InfoNCE temperature (with --modalities). Default: ${DEFAULT-VALUE}")
    float contrastTemperature;

    @Option(
            names = "--modality-dropout",
            defaultValue = "0.3",
            description =
                    "Probability of masking an item's visual/audio vector in a training step"
                            + " (with --modalities). Default: ${DEFAULT-VALUE}")
    float modalityDropout;

    @Option(
            names = "--fusion-rate-factor",
            defaultValue = "10",
            description =
                    "Factor on the learning rate of the learned per-modality fusion weights"
                            + " (with --modalities); 0 keeps every weight at 1, the plain"
                            + " mask-weighted mean. Default: ${DEFAULT-VALUE}")
    float fusionRateFactor;

    @Option(
            names = "--calibrate-fusion",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Pick a factor in {0, 0.5, 1, 2} on the visual/audio fusion weights of"
                            + " text-path (cold) items on the validation split, 0 = ignore the"
                            + " modality (with --modalities; --no-calibrate-fusion: 1). Default:"
                            + " ${DEFAULT-VALUE}")
    boolean calibrateFusion;

    @Option(
            names = "--modality-check",
            negatable = true,
            defaultValue = "true",
            fallbackValue = "true",
            description =
                    "Decide per visual/audio modality whether it carries signal: hide the vectors"
                            + " of a seeded share (--modality-check-share) of the warm items that"
                            + " carry it from the run that makes the choices (the validation run,"
                            + " else the final one), test whether the head's latent of a held-out"
                            + " item identifies its trained item latent better than shuffled"
                            + " pairings (held-out AUC, permutation test), and switch the modality"
                            + " off in the bundle (fusion weight 0) unless p <"
                            + " --modality-check-alpha. --no-modality-check keeps every modality."
                            + " Default: ${DEFAULT-VALUE}")
    boolean modalityCheck;

    @Option(
            names = "--modality-check-share",
            defaultValue = "0.2",
            description =
                    "Share of the warm items carrying a modality held out for the modality check,"
                            + " in (0, 1). Default: ${DEFAULT-VALUE}")
    float modalityCheckShare;

    @Option(
            names = "--modality-check-alpha",
            defaultValue = "0.01",
            description =
                    "Significance level of the modality check (one-sided permutation p-value),"
                            + " in (0, 1). Default: ${DEFAULT-VALUE}")
    float modalityCheckAlpha;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Option(
            names = "--validate-only",
            description =
                    "Tune without touching the test window: train on the training window minus its"
                            + " last --validation share, print validation HR@10/NDCG@10 per epoch"
                            + " and write no bundle.")
    boolean validateOnly;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        TrainingConfig config;
        try {
            config =
                    TrainingConfig.builder()
                            .cutoffFraction(cutoff)
                            .maxEpochs(epochs)
                            .batchSize(batchSize)
                            .learningRate(learningRate)
                            .learningRateDecay(learningRateDecay)
                            .weightDecay(weightDecay)
                            .weightAverageDecay(weightAverage)
                            .jointDim(dim)
                            .cfDim(cfDim)
                            .hiddenDim(hidden)
                            .historyLength(history)
                            .encoder(UserEncoderType.fromId(encoder))
                            .textRankWeight(textRankWeight)
                            .matchWeight(matchWeight)
                            .itemReconWeight(itemReconWeight)
                            .textReconWeight(textReconWeight)
                            .historyDropout(historyDropout)
                            .recencyHalfLife(recencyHalfLife)
                            .coldSwap(coldSwap)
                            .itemTextFields(ItemTextFields.parse(itemTextFields))
                            .calibrateText(calibrateText)
                            .calibratePopularity(calibratePopularity)
                            .popularityHalfLife(popularityHalfLife)
                            .unseenWeight(unseenWeight)
                            .unseenAbovePopularity(unseenAbovePopularity)
                            .textScale(textScale == null ? 0f : textScale)
                            .popularityWeight(
                                    popularityWeight == null ? Float.NaN : popularityWeight)
                            .popularityColdWeight(
                                    popularityColdWeight == null ? Float.NaN : popularityColdWeight)
                            .maskSeen(maskSeen)
                            .popularityInLoss(popularityInLoss)
                            .validationFraction(validation)
                            .patience(patience)
                            .fixedEpochs(fixedEpochs)
                            .seed(seed)
                            .device(DeviceChoice.parse(device))
                            .threads(threads)
                            .progress(!noProgress)
                            .build();
        } catch (IllegalArgumentException e) {
            return fail(EXIT_BAD_INPUT, e.getMessage());
        }
        MultimodalConfig multimodal;
        try {
            multimodal =
                    new MultimodalConfig(
                            contrastWeight,
                            contrastTemperature,
                            modalityDropout,
                            MultimodalConfig.DEFAULTS.contrastItems(),
                            fusionRateFactor,
                            calibrateFusion,
                            contrastWithoutModalities,
                            modalityCheck,
                            modalityCheckShare,
                            modalityCheckAlpha);
        } catch (IllegalArgumentException e) {
            return fail(EXIT_BAD_INPUT, e.getMessage());
        }
        Dataset data;
        try {
            data = DatasetLoader.load(dataset);
            for (Path file : modalities) {
                ModalityFile.Attached attached = ModalityFile.attach(data, file);
                System.err.println(
                        format(
                                "%s: %d visual and %d audio vectors (%d lines for items not in the"
                                        + " catalog)",
                                file,
                                attached.visual(),
                                attached.audio(),
                                attached.unknownItems()));
            }
        } catch (DatasetFormatException e) {
            return fail(EXIT_BAD_INPUT, e.getMessage());
        }
        if (!validateOnly) {
            try {
                prepareOutput();
            } catch (BundleException e) {
                return fail(EXIT_BAD_INPUT, e.getMessage());
            }
        }

        TrainingResult result;
        try (MiniLmTextEmbedder miniLm =
                        new MiniLmTextEmbedder(Runtime.getRuntime().availableProcessors());
                CachedTextEmbedder text = CachedTextEmbedder.open(miniLm, textCache)) {
            BaseTrainer trainer = new BaseTrainer(config, multimodal, text, System.err);
            result = validateOnly ? trainer.validateOnly(data) : trainer.train(data);
        } catch (TrainingException e) {
            return fail(EXIT_BAD_INPUT, e.getMessage());
        }
        if (validateOnly) {
            StringBuilder sb = new StringBuilder();
            sb.append(
                    format(
                            "validation of %s in %.1f s; NDCG@10 per epoch:",
                            config.encoder(), (System.nanoTime() - start) / 1e9));
            for (double v : result.validationCurve()) {
                sb.append(format(" %.4f", v));
            }
            sb.append(System.lineSeparator()).append("best:");
            appendAll(sb, result.validation());
            System.out.print(sb);
            return 0;
        }
        BundleManifest written;
        try {
            written = ModelBundles.write(out, result.bundle());
        } catch (BundleException e) {
            return fail(EXIT_FAILURE, e.getMessage());
        }
        printSummary(result, written, (System.nanoTime() - start) / 1e9);
        return 0;
    }

    /** Refuses (or with --force clears) an existing bundle before hours of training. */
    private void prepareOutput() {
        Path target = out.toAbsolutePath().normalize();
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new BundleException("--out " + target + " exists and is not a directory");
        }
        boolean empty;
        try (Stream<Path> entries = Files.list(target)) {
            empty = entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new BundleException("cannot read --out " + target + ": " + e, e);
        }
        if (empty) {
            return;
        }
        if (!force) {
            throw new BundleException(
                    "--out "
                            + target
                            + " already holds files; bundles are immutable: choose a new"
                            + " directory or pass --force to replace it");
        }
        if (!Files.exists(target.resolve(ModelBundles.MANIFEST_FILE))) {
            throw new BundleException(
                    "--force: "
                            + target
                            + " has no "
                            + ModelBundles.MANIFEST_FILE
                            + ", so it is not a bundle; refusing to delete it");
        }
        try (Stream<Path> walk = Files.walk(target)) {
            walk.sorted(Comparator.reverseOrder())
                    .forEach(
                            p -> {
                                try {
                                    Files.delete(p);
                                } catch (IOException e) {
                                    throw new UncheckedIOException(e);
                                }
                            });
        } catch (IOException | UncheckedIOException e) {
            throw new BundleException("--force: cannot delete " + target + ": " + e, e);
        }
    }

    private void printSummary(TrainingResult result, BundleManifest manifest, double seconds) {
        Path dir = out.toAbsolutePath().normalize();
        long bytes = 0;
        for (String file : manifest.files.keySet()) {
            try {
                bytes += Files.size(dir.resolve(file));
            } catch (IOException e) {
                // size is informational
            }
        }
        try {
            bytes += Files.size(dir.resolve(ModelBundles.MANIFEST_FILE));
        } catch (IOException e) {
            // informational
        }
        StringBuilder sb = new StringBuilder();
        sb.append(
                format(
                        "trained %s in %.1f s (%d epochs)%n",
                        manifest.modelVersion, seconds, result.epochs()));
        sb.append(
                format(
                        "data: %s, %,d events before %s, %,d users, %,d items%n",
                        manifest.trainingData.dataset,
                        manifest.trainingData.events,
                        java.time.Instant.ofEpochMilli(manifest.trainingData.cutoffTs),
                        manifest.trainingData.users,
                        manifest.trainingData.items));
        sb.append("final losses:");
        appendAll(sb, result.finalLosses());
        if (!result.validation().isEmpty()) {
            sb.append("validation:");
            appendAll(sb, result.validation());
        }
        ContentFusion fusion = BaseModel.load(result.bundle()).fusion();
        if (fusion.has(ContentFusion.VISUAL) || fusion.has(ContentFusion.AUDIO)) {
            sb.append("fusion weights: text=1.0000");
            for (String modality : new String[] {ContentFusion.VISUAL, ContentFusion.AUDIO}) {
                if (fusion.has(modality)) {
                    sb.append(format(" %s=%.4f", modality, fusion.weight(modality)));
                }
            }
            sb.append(System.lineSeparator());
        }
        sb.append(format("bundle: %s (%.1f MB)%n", dir, bytes / 1e6));
        System.out.print(sb);
    }

    private static void appendAll(StringBuilder sb, Map<String, Double> values) {
        values.forEach((k, v) -> sb.append(format(" %s=%.4f", k, v)));
        sb.append(System.lineSeparator());
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static int fail(int code, String message) {
        System.err.println("error: " + message);
        return code;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainCommand()).execute(args));
    }
}
