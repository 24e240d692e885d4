package org.dynmm.rec.models.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.dynmm.rec.models.base.BaseTensors;
import org.dynmm.rec.models.base.PopularityPrior;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.Tensor;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemText;
import org.dynmm.rec.models.text.TextEmbedder;

/**
 * Trains the frozen base of DESIGN.md offline with DJL (PyTorch) on the events before the cutoff,
 * and returns it as a {@link ModelBundle} (tensors listed in {@link BaseTensors}).
 *
 * <p>Model: CF item embeddings {@code E_cf} and text embeddings {@code e_txt} (the {@link
 * TextEmbedder} over {@link ItemText#describe}); encoders {@code f_I}, {@code f_T} into the joint
 * space and decoders back; a user encoder over the latents of the last L distinct history items.
 * Loss per batch (see {@link Losses}): {@code L_rank} = full softmax cross-entropy of the next item
 * over all warm items scored {@code h . f_I(E_cf)}, plus {@code w_t L_rank_text} (the same with
 * {@code f_T(e_txt)}, so cold items score on the same scale), {@code w_m MSE(f_I, f_T)}, {@code a
 * MSE(dec_I(f_I(E_cf)), E_cf)} and {@code b MSE(dec_T(f_T(e_txt)), e_txt)} over the batch's items.
 * Users' first events are examples with an empty history, which teaches the encoder a latent for
 * users without history.
 *
 * <p>With a validation fraction v &gt; 0 the trainer first trains on the training window minus its
 * last share v of events, ranks each held-out event's item among all items its user had not taken
 * (as the evaluator does; cold items through {@code f_T}) after every epoch, stops after {@code
 * patience} epochs without a better NDCG@10, then retrains from scratch on the whole window for the
 * best number of epochs. The test window after the cutoff is never read.
 *
 * <p>Multimodal branch (DESIGN.md, Models 2; only when items carry visual or audio vectors, see
 * {@link MultimodalConfig}): projection heads {@code f_V}, {@code f_A} into the joint space; the
 * content latent that the text ranking loss, the cold swap and cold items use becomes the
 * mask-weighted mean of {@code f_T}, {@code f_V}, {@code f_A} over the modalities an item carries,
 * text at weight 1 and each head at a learned weight {@code softplus(a_m)} trained by those ranking
 * losses ({@link WeightedFusion}), with each visual/audio vector masked out at random in training
 * (modality dropout); and a cross-modal InfoNCE term between every pair of present modalities (CF,
 * text, visual, audio) of the step's items is added to the loss. Without such vectors, training is
 * unchanged. With {@link MultimodalConfig#modalityCheck()}, each visual/audio modality must show
 * signal on held-out items ({@link ModalityHoldout}, {@link ModalityCheck}) in the run that makes
 * the choices; one that does not is switched off: the validation run is repeated and the final run
 * trained without it, and the bundle records {@code modality.<name>.off}.
 *
 * <p>Seeded on CPU: weights are initialized and batches shuffled from the seed with {@link Random}.
 * With MKL's reproducibility mode and pinned kernels (the tests' settings, also {@code bin/rec}'s
 * defaults) two runs with the same data and configuration give bit-identical tensors, whatever the
 * JVM's garbage collection does (scalar ops on the autograd path go through {@link GradSafe}). The
 * multimodal branch draws from a second stream of its own, so runs with and without visual/audio
 * vectors share the initialization, shuffles and cold swaps of their seed (paired comparisons).
 */
public final class BaseTrainer {
    /** Fewest training examples (events before the cutoff) worth training on. */
    public static final int MIN_TRAINING_EXAMPLES = 20;

    /** Fewest distinct items in the training window (a softmax over one item learns nothing). */
    public static final int MIN_WARM_ITEMS = 2;

    private static final int VALIDATION_K = 10;

    /** Added to the logit of an item the user has taken: out of the softmax, as in ranking. */
    private static final float SEEN_LOGIT = -1e9f;

    private static final int EVAL_BATCH = 256;

    /** Step-size factor of the two learned prior weights (scalars, one gradient per step). */
    private static final float PRIOR_RATE_FACTOR = 10f;

    /** Mixed into the seed of the multimodal branch's random stream (see {@code Run}). */
    private static final long MODALITY_SEED_MIX = 0x6D6F64616C697479L;

    /** Mixed into the seed of the modality check's held-out items and permutations. */
    private static final long CHECK_SEED_MIX = 0x636865636B6D6F64L;

    /**
     * Candidate factors for the latents of text-path (cold) items, tried on the validation split
     * with {@link TrainingConfig#calibrateText()}: warm items are scored with {@code f_I}, whose
     * scale the ranking loss sets, cold ones with {@code f_T}, whose scale it only sets indirectly.
     */
    static final float[] TEXT_SCALES = {0.75f, 1f, 1.5f, 2.5f};

    /**
     * Candidate factors on every visual / audio fusion weight of text-path (cold) items, tried on
     * the validation split with {@link MultimodalConfig#calibrateFusion()} when items carry such
     * vectors; 0 ignores them (the text path alone), so a modality that does not help the held-out
     * ranking can be switched off.
     */
    static final float[] FUSION_SCALES = {0f, 0.5f, 1f, 2f};

    /**
     * Candidate weights of the popularity prior on items with a CF latent, tried on the validation
     * split with {@link TrainingConfig#calibratePopularity()} (every pair with {@link
     * #POPULARITY_COLD_WEIGHTS}).
     */
    static final float[] POPULARITY_WEIGHTS = {0f, 0.5f, 1f, 1.5f, 2f, 3f, 4f, 8f};

    /** Candidate weights of the popularity prior on text-path (cold) items. */
    static final float[] POPULARITY_COLD_WEIGHTS = {0f, 1f, 2f, 3f, 4f, 6f, 8f, 12f, 16f, 32f};

    /** Most grid points of the (overall, unseen-items) Pareto front logged per epoch. */
    private static final int LOGGED_FRONT = 12;

    /** Unseen-item weights whose best grid point each validation epoch reports (for the record). */
    private static final float[] REPORTED_UNSEEN_WEIGHTS = {0f, 0.1f, 0.25f, 0.5f, 1f};

    /**
     * The outcome of the validation run: best number of epochs, text-path scale and popularity
     * prior.
     */
    private record Validation(
            int epochs,
            float textScale,
            float fusionScale,
            PopularityPrior prior,
            List<ModalityCheck.Result> checks) {}

    /** One point of the calibration grid and its validation metrics. */
    private record GridPoint(
            float textScale,
            float fusionScale,
            float warmWeight,
            float coldWeight,
            double[] metrics) {
        double criterion(float unseenWeight) {
            return metrics[1] + unseenWeight * metrics[3];
        }

        /**
         * {@link #criterion}, less 1 (below every eligible point) when the unseen-items NDCG@10
         * does not beat {@code floor}; {@code floor < 0}: every point is eligible.
         */
        double criterion(float unseenWeight, double floor) {
            return criterion(unseenWeight) - (floor >= 0 && !(metrics[3] > floor) ? 1 : 0);
        }

        String describe() {
            return String.format(
                    Locale.ROOT,
                    "scale %s, fusion %s, w %s, w_cold %s: NDCG@10 %.4f, unseen NDCG@10 %.4f",
                    textScale,
                    fusionScale,
                    warmWeight,
                    coldWeight,
                    metrics[1],
                    metrics[3]);
        }
    }

    private final TrainingConfig config;
    private final MultimodalConfig multimodal;
    private final TextEmbedder textEmbedder;
    private final PrintStream log;

    /**
     * @param config settings
     * @param textEmbedder encodes item descriptions (use a {@code CachedTextEmbedder})
     * @param log receives a few lines about the run; null for none
     */
    public BaseTrainer(TrainingConfig config, TextEmbedder textEmbedder, PrintStream log) {
        this(config, MultimodalConfig.DEFAULTS, textEmbedder, log);
    }

    /**
     * @param multimodal settings of the multimodal branch, used when items carry visual or audio
     *     vectors
     */
    public BaseTrainer(
            TrainingConfig config,
            MultimodalConfig multimodal,
            TextEmbedder textEmbedder,
            PrintStream log) {
        this.config = Objects.requireNonNull(config, "config");
        this.multimodal = Objects.requireNonNull(multimodal, "multimodal");
        this.textEmbedder = Objects.requireNonNull(textEmbedder, "textEmbedder");
        this.log = log;
    }

    /**
     * Loads the dataset in {@code datasetDir} and trains on it; a missing or malformed dataset is a
     * {@link org.dynmm.rec.models.data.DatasetFormatException} whose message names the problem.
     */
    public TrainingResult train(Path datasetDir) {
        return train(DatasetLoader.load(datasetDir));
    }

    /**
     * Only the validation run of {@link #train(Dataset)}: trains on the training window minus its
     * last validation share and returns the per-epoch validation NDCG@10 and the best epoch's
     * metrics, without retraining or building a bundle. For tuning hyper-parameters without ever
     * reading the test window.
     */
    public TrainingResult validateOnly(Dataset dataset) {
        long start = System.nanoTime();
        if (config.validationFraction() <= 0) {
            throw new TrainingException("validation needs a validation fraction > 0");
        }
        int cutoff = (int) Math.floor(dataset.interactions().size() * config.cutoffFraction());
        ExampleSet full = ExampleSet.build(dataset, cutoff, cutoff, config.historyLength());
        requireEnough(dataset, full, cutoff);
        Map<String, float[]> text = embedTexts(dataset);
        Device device = prepareEngine();
        int trainEnd = (int) Math.floor(cutoff * (1.0 - config.validationFraction()));
        ExampleSet split = ExampleSet.build(dataset, trainEnd, cutoff, config.historyLength());
        if (split.train.size < MIN_TRAINING_EXAMPLES || split.validation.size == 0) {
            throw new TrainingException(
                    "the validation split leaves "
                            + split.train.size
                            + " training and "
                            + split.validation.size
                            + " validation examples; use more data or another fraction");
        }
        Map<String, Double> validation = new LinkedHashMap<>();
        List<Double> curve = new ArrayList<>();
        int best = validateChecked(dataset, split, text, device, validation, curve).epochs();
        return new TrainingResult(
                null, best, Map.of(), validation, curve, (System.nanoTime() - start) / 1e9);
    }

    private Device prepareEngine() {
        Device device = device();
        Engine.getInstance().setRandomSeed((int) config.seed());
        if (config.threads() > 0) {
            JniUtils.setNumThreads(config.threads());
        }
        return device;
    }

    /** Trains on {@code dataset}'s events before the cutoff. */
    public TrainingResult train(Dataset dataset) {
        long start = System.nanoTime();
        int events = dataset.interactions().size();
        int cutoff = (int) Math.floor(events * config.cutoffFraction());
        ExampleSet full = ExampleSet.build(dataset, cutoff, cutoff, config.historyLength());
        requireEnough(dataset, full, cutoff);

        Map<String, float[]> text = embedTexts(dataset);
        Device device = prepareEngine();
        say(
                "training %s on %s: %,d events before the cutoff, %,d examples, %,d warm and %,d"
                        + " cold items, device %s",
                config.encoder(),
                dataset.name(),
                cutoff,
                full.train.size,
                full.warmCount,
                full.itemCount() - full.warmCount,
                device);

        int epochs = config.maxEpochs();
        float textScale = config.textScale() > 0f ? config.textScale() : 1f;
        float fusionScale = 1f;
        PopularityPrior prior = fixedPrior();
        Map<String, Double> validation = new LinkedHashMap<>();
        List<Double> curve = new ArrayList<>();
        List<ModalityCheck.Result> checks = null; // null: the final run checks (if on)
        if (config.validationFraction() > 0) {
            int trainEnd = (int) Math.floor(cutoff * (1.0 - config.validationFraction()));
            ExampleSet split = ExampleSet.build(dataset, trainEnd, cutoff, config.historyLength());
            if (split.train.size < MIN_TRAINING_EXAMPLES
                    || split.warmCount < MIN_WARM_ITEMS
                    || split.validation.size == 0) {
                say(
                        "validation skipped: the held-out split leaves %d training and %d"
                                + " validation examples",
                        split.train.size, split.validation.size);
            } else {
                Validation chosen =
                        validateChecked(dataset, split, text, device, validation, curve);
                epochs = chosen.epochs();
                textScale = chosen.textScale();
                fusionScale = chosen.fusionScale();
                prior = chosen.prior();
                checks = chosen.checks();
            }
        }

        warnIfTooFewStepsToAverage(epochs, full.train.size);
        try (NDManager manager = NDManager.newBaseManager(device)) {
            // The check's held-out items are hidden only in the run that decides; a modality the
            // validation run's check switched off is left out of the final run altogether, which
            // then trains exactly as without its vectors (the branch has its own random stream).
            Run run = new Run(manager, full, text, dataset, checks == null, switchedOff(checks));
            Map<String, Double> losses = new TreeMap<>();
            for (int epoch = 1; epoch <= epochs; epoch++) {
                losses = run.epoch(epoch, epochs, "train");
            }
            run.useAveragedWeights();
            if (checks == null) {
                checks = run.checkModalities();
            } else {
                run.apply(checks);
            }
            for (ModalityCheck.Result check : checks) {
                check.writeTo(validation);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            ModelBundle bundle =
                    run.toBundle(
                            dataset,
                            epochs,
                            textScale,
                            fusionScale,
                            prior,
                            checks,
                            losses,
                            validation);
            return new TrainingResult(bundle, epochs, losses, validation, curve, seconds);
        }
    }

    /** The modalities {@code checks} switched off; none for null. */
    private static Set<String> switchedOff(List<ModalityCheck.Result> checks) {
        Set<String> off = new HashSet<>();
        if (checks != null) {
            for (ModalityCheck.Result check : checks) {
                if (!check.kept()) {
                    off.add(check.modality());
                }
            }
        }
        return off;
    }

    /** The prior given by fixed weights (missing ones 0), or none. */
    private PopularityPrior fixedPrior() {
        float w = Float.isNaN(config.popularityWeight()) ? 0f : config.popularityWeight();
        float wc = Float.isNaN(config.popularityColdWeight()) ? 0f : config.popularityColdWeight();
        return w == 0f && wc == 0f
                ? PopularityPrior.NONE
                : new PopularityPrior(w, wc, config.popularityHalfLife());
    }

    /** The text scales tried on the validation split. */
    private float[] textScales() {
        if (config.textScale() > 0f) {
            return new float[] {config.textScale()};
        }
        return config.calibrateText() ? TEXT_SCALES : new float[] {1f};
    }

    /**
     * The fusion scales tried: the grid with calibration and visual/audio heads switched on, else
     * 1.
     */
    private float[] fusionScales(Run run) {
        return multimodal.calibrateFusion() && run.anyModalityOn()
                ? FUSION_SCALES
                : new float[] {1f};
    }

    /** The prior weights tried: fixed ones, else the grid with calibration, else 0. */
    private static float[] weights(float fixed, boolean calibrate, float[] grid) {
        if (!Float.isNaN(fixed)) {
            return new float[] {fixed};
        }
        return calibrate ? grid : new float[] {0f};
    }

    /**
     * {@link #validate}, with the modality check; when it switches a modality off, the validation
     * run is repeated without that modality's vectors and its choices are returned (with the
     * check's results).
     */
    private Validation validateChecked(
            Dataset dataset,
            ExampleSet split,
            Map<String, float[]> text,
            Device device,
            Map<String, Double> metrics,
            List<Double> curve) {
        Validation first = validate(dataset, split, text, device, metrics, curve, null);
        Set<String> off = switchedOff(first.checks());
        if (off.isEmpty()) {
            return first;
        }
        // The choices (epochs, text scale, prior) are made again as for a run without the
        // switched-off modalities, so that such a run trains and calibrates exactly as without
        // their vectors.
        say("validation again without %s (switched off by the modality check)", off);
        metrics.clear();
        curve.clear();
        Validation again = validate(dataset, split, text, device, metrics, curve, first.checks());
        return new Validation(
                again.epochs(),
                again.textScale(),
                again.fusionScale(),
                again.prior(),
                first.checks());
    }

    /**
     * Trains on the split, validating after each epoch on every point of the calibration grid (text
     * scale x prior weights x fusion scales); returns the best number of epochs, text scale, fusion
     * scale and prior by {@code NDCG@10 + unseenWeight * unseen-items NDCG@10}, with the modality
     * check's results of the chosen epoch.
     *
     * @param decided null: the run holds out items and checks the modalities at each calibrated
     *     epoch; else the decisions of an earlier check: the switched-off modalities are left out
     *     and nothing is held out
     */
    private Validation validate(
            Dataset dataset,
            ExampleSet split,
            Map<String, float[]> text,
            Device device,
            Map<String, Double> metrics,
            List<Double> curve,
            List<ModalityCheck.Result> decided) {
        say(
                "validation run: %,d training and %,d held-out examples (last %.0f%% of the"
                        + " training window)",
                split.train.size, split.validation.size, config.validationFraction() * 100);
        PopularityValidation ranking =
                new PopularityValidation(dataset, split, config.popularityHalfLife(), VALIDATION_K);
        float[] warmGrid =
                weights(
                        config.popularityWeight(),
                        config.calibratePopularity(),
                        POPULARITY_WEIGHTS);
        float[] coldGrid =
                weights(
                        config.popularityColdWeight(),
                        config.calibratePopularity(),
                        POPULARITY_COLD_WEIGHTS);
        float lambda = config.unseenWeight();
        // Decayed popularity alone (no model) on the same events: the unseen-items bar.
        double[] popularity =
                ranking.evaluate(
                                new float
                                        [Math.multiplyExact(
                                                split.validation.size, split.itemCount())],
                                new float[] {1f},
                                new float[] {1f})[0];
        say(
                "decayed popularity (half-life %s) on the validation events: HR@10 %.4f NDCG@10"
                        + " %.4f (unseen items: HR@10 %.4f NDCG@10 %.4f)",
                config.popularityHalfLife(),
                popularity[0],
                popularity[1],
                popularity[2],
                popularity[3]);
        double floor = config.unseenAbovePopularity() ? popularity[3] : -1;
        try (NDManager manager = NDManager.newBaseManager(device)) {
            Run run = new Run(manager, split, text, dataset, decided == null, switchedOff(decided));
            int best = 0;
            GridPoint bestPoint = null;
            List<ModalityCheck.Result> checksAtBest = List.of();
            double[] plainAtBest = null;
            float[] raw = new float[Math.multiplyExact(split.validation.size, split.itemCount())];
            for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                run.useLastWeights();
                run.epoch(epoch, config.maxEpochs(), "validate");
                if (config.fixedEpochs() && epoch < config.maxEpochs()) {
                    continue; // only the last epoch is calibrated: skip the costly grid
                }
                // What the final run would store after this many epochs is what is validated.
                run.useAveragedWeights();
                // Before the grid: a modality found without signal is off for the calibration.
                List<ModalityCheck.Result> checks;
                if (decided == null) {
                    checks = run.checkModalities();
                } else {
                    run.apply(decided);
                    checks = decided;
                }
                float[] learned = run.learnedPriorWeights();
                if (learned != null) {
                    say(
                            "    prior weights learned in the loss: warm %.4f, content %.4f",
                            learned[0], learned[1]);
                }
                float[][] grid =
                        learned == null || !config.calibratePopularity()
                                ? pairs(warmGrid, coldGrid)
                                : pairs(
                                        withValue(warmGrid, config.popularityWeight(), learned[0]),
                                        withValue(
                                                coldGrid,
                                                config.popularityColdWeight(),
                                                learned[1]));
                float[] warmWeights = grid[0];
                float[] coldWeights = grid[1];
                List<GridPoint> points = new ArrayList<>();
                double[] plain = null; // scale 1, no prior: the model alone
                for (float fusion : fusionScales(run)) {
                    for (float scale : textScales()) {
                        run.rawScores(scale, fusion, raw);
                        double[][] m = ranking.evaluate(raw, warmWeights, coldWeights);
                        for (int g = 0; g < m.length; g++) {
                            points.add(
                                    new GridPoint(
                                            scale, fusion, warmWeights[g], coldWeights[g], m[g]));
                        }
                        if (scale == 1f && fusion == 1f && plain == null) {
                            plain = ranking.evaluate(raw, new float[] {0f}, new float[] {0f})[0];
                        }
                    }
                }
                GridPoint chosen = bestOf(points, lambda, floor);
                curve.add(chosen.metrics[1]); // NDCG@10 of the epoch's chosen grid point
                say(
                        "  epoch %d: validation HR@10 %.4f NDCG@10 %.4f (unseen items: HR@10 %.4f"
                                + " NDCG@10 %.4f over %d) with %s",
                        epoch,
                        chosen.metrics[0],
                        chosen.metrics[1],
                        chosen.metrics[2],
                        chosen.metrics[3],
                        (long) chosen.metrics[4],
                        chosen.describe());
                if (plain != null) {
                    say(
                            "    model alone (scale 1, no prior): NDCG@10 %.4f, unseen NDCG@10"
                                    + " %.4f",
                            plain[1], plain[3]);
                }
                for (float reported : REPORTED_UNSEEN_WEIGHTS) {
                    GridPoint p = bestOf(points, reported, -1);
                    say(
                            "    best for NDCG@10 + %s x unseen NDCG@10 (%.4f): %s",
                            reported, p.criterion(reported), p.describe());
                }
                List<GridPoint> front = paretoFront(points);
                for (int i = 0; i < front.size(); i++) {
                    if (i < LOGGED_FRONT || i == front.size() - 1) {
                        say("    front: %s", front.get(i).describe());
                    }
                }
                if (config.fixedEpochs()) {
                    // No early stopping: the last epoch's calibration is the choice.
                    best = epoch;
                    bestPoint = chosen;
                    plainAtBest = plain;
                    checksAtBest = checks;
                } else if (bestPoint == null
                        || chosen.criterion(lambda, floor) > bestPoint.criterion(lambda, floor)) {
                    best = epoch;
                    bestPoint = chosen;
                    plainAtBest = plain;
                    checksAtBest = checks;
                } else if (epoch - best >= config.patience()) {
                    break;
                }
            }
            double[] m = bestPoint.metrics;
            metrics.put("validation.HR@10", m[0]);
            metrics.put("validation.NDCG@10", m[1]);
            metrics.put("validation.unseenItems.HR@10", m[2]);
            metrics.put("validation.unseenItems.NDCG@10", m[3]);
            metrics.put("validation.unseenItems.events", m[4]);
            metrics.put("validation.events", (double) split.validation.size);
            metrics.put("validation.bestEpoch", (double) best);
            metrics.put("validation.textScale", (double) bestPoint.textScale);
            metrics.put("validation.fusionScale", (double) bestPoint.fusionScale);
            metrics.put("validation.popularityWeight", (double) bestPoint.warmWeight);
            metrics.put("validation.popularityColdWeight", (double) bestPoint.coldWeight);
            metrics.put("validation.unseenWeight", (double) lambda);
            metrics.put("validation.popularity.NDCG@10", popularity[1]);
            metrics.put("validation.popularity.unseenItems.NDCG@10", popularity[3]);
            if (plainAtBest != null) {
                metrics.put("validation.modelAlone.NDCG@10", plainAtBest[1]);
                metrics.put("validation.modelAlone.unseenItems.NDCG@10", plainAtBest[3]);
            }
            say("best epoch %d of %d: %s", best, curve.size(), bestPoint.describe());
            PopularityPrior prior =
                    bestPoint.warmWeight == 0f && bestPoint.coldWeight == 0f
                            ? PopularityPrior.NONE
                            : new PopularityPrior(
                                    bestPoint.warmWeight,
                                    bestPoint.coldWeight,
                                    config.popularityHalfLife());
            return new Validation(
                    best, bestPoint.textScale, bestPoint.fusionScale, prior, checksAtBest);
        }
    }

    /** Every pair {@code (warm[a], cold[b])} as two parallel arrays {@code {warm, cold}}. */
    private static float[][] pairs(float[] warm, float[] cold) {
        float[] warmWeights = new float[warm.length * cold.length];
        float[] coldWeights = new float[warmWeights.length];
        for (int a = 0; a < warm.length; a++) {
            for (int b = 0; b < cold.length; b++) {
                warmWeights[a * cold.length + b] = warm[a];
                coldWeights[a * cold.length + b] = cold[b];
            }
        }
        return new float[][] {warmWeights, coldWeights};
    }

    /**
     * {@code grid} plus {@code learned} (a weight learned in the loss) unless the weight is fixed.
     */
    private static float[] withValue(float[] grid, float fixed, float learned) {
        if (!Float.isNaN(fixed) || !Float.isFinite(learned)) {
            return grid;
        }
        float[] out = Arrays.copyOf(grid, grid.length + 1);
        out[grid.length] = learned;
        return out;
    }

    /** The grid point with the highest criterion; ties go to the earlier (smaller) point. */
    private static GridPoint bestOf(List<GridPoint> points, float unseenWeight, double floor) {
        GridPoint best = null;
        for (GridPoint p : points) {
            if (best == null
                    || p.criterion(unseenWeight, floor) > best.criterion(unseenWeight, floor)) {
                best = p;
            }
        }
        return best;
    }

    /**
     * The points no other point beats on both overall and unseen-items NDCG@10, by overall NDCG@10
     * descending.
     */
    private static List<GridPoint> paretoFront(List<GridPoint> points) {
        List<GridPoint> sorted = new ArrayList<>(points);
        sorted.sort((a, b) -> Double.compare(b.metrics[1], a.metrics[1]));
        List<GridPoint> front = new ArrayList<>();
        double bestUnseen = Double.NEGATIVE_INFINITY;
        for (GridPoint p : sorted) {
            if (p.metrics[3] > bestUnseen) {
                front.add(p);
                bestUnseen = p.metrics[3];
            }
        }
        return front;
    }

    /**
     * The weight average starts at the first step's weights and forgets them only slowly: a run
     * with fewer steps than the average's horizon (1% weight left on the first step) stores a model
     * close to its first steps. Says so; it does not change the run.
     */
    private void warnIfTooFewStepsToAverage(int epochs, int examples) {
        float decay = config.weightAverageDecay();
        if (decay <= 0f) {
            return;
        }
        long steps = (long) epochs * stepsPerEpoch(examples);
        long horizon = (long) Math.ceil(Math.log(0.01) / Math.log(decay));
        if (steps < horizon) {
            say(
                    "warning: %d training steps, fewer than the weight average's horizon of %d at"
                            + " decay %s: the stored weights stay close to the first steps'"
                            + " (a small dataset: use --weight-average 0)",
                    steps, horizon, decay);
        }
    }

    /** Optimizer steps in one pass over {@code examples} training examples (at least one). */
    private int stepsPerEpoch(int examples) {
        int b = Math.min(config.batchSize(), examples);
        return (examples + b - 1) / b;
    }

    private void requireEnough(Dataset dataset, ExampleSet full, int cutoff) {
        if (full.train.size < MIN_TRAINING_EXAMPLES || full.warmCount < MIN_WARM_ITEMS) {
            throw new TrainingException(
                    String.format(
                            Locale.ROOT,
                            "dataset '%s' is too small to train on: its first %.0f%% (%d of %d"
                                    + " events) give %d next-item examples over %d items; at"
                                    + " least %d examples and %d items are needed (use more data"
                                    + " or a larger --cutoff)",
                            dataset.name(),
                            config.cutoffFraction() * 100,
                            cutoff,
                            dataset.interactions().size(),
                            full.train.size,
                            full.warmCount,
                            MIN_TRAINING_EXAMPLES,
                            MIN_WARM_ITEMS));
        }
    }

    /**
     * Text embedding of every item of the dataset from the configured {@link
     * TrainingConfig#itemTextFields} (zeros for items without a description).
     */
    private Map<String, float[]> embedTexts(Dataset dataset) {
        List<String> ids = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (ItemContent content : dataset.items().values()) {
            String description = ItemText.describe(content, config.itemTextFields());
            if (!description.isEmpty()) {
                ids.add(content.item);
                texts.add(description);
            }
        }
        long t0 = System.nanoTime();
        List<float[]> vectors = textEmbedder.embedAll(texts);
        say(
                "embedded %,d item descriptions (%s) with %s in %.1f s",
                texts.size(),
                config.itemTextFields(),
                textEmbedder.modelId(),
                (System.nanoTime() - t0) / 1e9);
        Map<String, float[]> byItem = new HashMap<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            if (vectors.get(i).length != textEmbedder.dimension()) {
                throw new TrainingException(
                        textEmbedder.modelId()
                                + " returned "
                                + vectors.get(i).length
                                + " values instead of "
                                + textEmbedder.dimension());
            }
            byItem.put(ids.get(i), vectors.get(i));
        }
        return byItem;
    }

    private Device device() {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (config.device()) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new TrainingException(
                            "--device gpu: PyTorch sees no GPU (this build ships the CPU libtorch;"
                                    + " use --device cpu or auto)");
                }
                yield Device.gpu();
            }
        };
    }

    private void say(String format, Object... args) {
        if (log != null) {
            log.println(String.format(Locale.ROOT, format, args));
        }
    }

    /** The version of this code: the project version the build wrote into the jar. */
    static String codeVersion() {
        try (InputStream in = BaseTrainer.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank() && !v.startsWith("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through
        }
        String v = BaseTrainer.class.getPackage().getImplementationVersion();
        return v == null ? "unknown" : v;
    }

    /** One training run: a network over one example set. */
    private final class Run {
        final NDManager manager;
        final ExampleSet data;
        final BaseNetwork net;
        final Adam adam;
        final WeightAverage average; // null: the last step's weights are validated and stored
        final Random random;
        // The multimodal branch's own stream (head initialization, modality dropout, InfoNCE
        // sampling), so a run with visual/audio vectors draws exactly the same initialization,
        // shuffles and cold swaps as the text-only run with the same seed: arms compare paired.
        final Random modalityRandom;
        final NDArray textAll; // [N, t]
        final NDArray textWarm; // [W, t]
        final int textDim;
        final float[] exampleWeights; // null: all examples alike
        final List<ModalityTable> modalities; // visual / audio present in the data; often empty
        final List<NDArray> modalityAll; // [N, dim] per modality
        final List<NDArray> modalityWarm; // [W, dim] per modality
        final List<String> fusionLogits; // [1] fusion weight logit per modality
        final boolean[] modalityOn; // false: switched off by the modality check
        final List<int[]> heldOut; // per modality: warm rows hidden for the check (may be empty)
        final TrainingPopularity popularity; // null unless the prior's feature is in the loss
        final String popularityWarm; // [1] learned prior weight on warm logits (with popularity)
        final String popularityCold; // [1] learned prior weight on content logits
        final long[] eventTimes; // time of each dataset event (with popularity), else null

        /**
         * @param holdOut hide the modality check's held-out items' vectors (when the check is on)
         * @param without modalities to train without (switched off by an earlier check)
         */
        Run(
                NDManager manager,
                ExampleSet data,
                Map<String, float[]> text,
                Dataset dataset,
                boolean holdOut,
                Set<String> without) {
            this.manager = manager;
            this.data = data;
            this.random = new Random(config.seed());
            this.modalityRandom = new Random(config.seed() ^ MODALITY_SEED_MIX);
            this.textDim = textEmbedder.dimension();
            this.net = BaseNetwork.initialize(manager, config, data.warmCount, textDim, random);
            this.modalities = new ArrayList<>();
            this.modalityAll = new ArrayList<>();
            this.modalityWarm = new ArrayList<>();
            this.fusionLogits = new ArrayList<>();
            this.heldOut = new ArrayList<>();
            String[][] heads = {
                {BaseTensors.DIM_VISUAL, BaseTensors.F_V, BaseTensors.FUSION_VISUAL},
                {BaseTensors.DIM_AUDIO, BaseTensors.F_A, BaseTensors.FUSION_AUDIO}
            };
            for (String[] head : heads) {
                ModalityTable table =
                        ModalityTable.of(head[0], head[1], data.itemIds, dataset.items());
                if (table != null && without.contains(table.name)) {
                    say(
                            "multimodal: %s vectors left out of training (switched off by the"
                                    + " modality check)",
                            table.name);
                } else if (table != null) {
                    modalities.add(table);
                    net.addHead(table.head, table.dim, config.hiddenDim(), modalityRandom);
                    net.addFusionLogit(head[2]);
                    fusionLogits.add(head[2]);
                    NDArray all =
                            manager.create(table.values, new Shape(data.itemCount(), table.dim));
                    modalityAll.add(all);
                    modalityWarm.add(all.get("0:" + data.warmCount));
                    say(
                            "multimodal: %s vectors of %d values for %,d of %,d items",
                            table.name, table.dim, table.present, data.itemCount());
                    int[] hidden = new int[0];
                    if (holdOut && multimodal.modalityCheck()) {
                        hidden =
                                ModalityHoldout.hide(
                                        table.mask,
                                        data.warmCount,
                                        multimodal.checkShare(),
                                        config.seed() ^ CHECK_SEED_MIX ^ table.name.hashCode(),
                                        ModalityCheck.MIN_ITEMS);
                        say(
                                "modality check: %s vectors of %,d warm items held out of"
                                        + " training",
                                table.name, hidden.length);
                    }
                    heldOut.add(hidden);
                }
            }
            this.modalityOn = new boolean[modalities.size()];
            Arrays.fill(modalityOn, true);
            if (config.popularityInLoss()) {
                popularity = new TrainingPopularity(dataset, data, config.popularityHalfLife());
                popularityWarm = net.addTrainingScalar("popularity.warm", 1f);
                popularityCold = net.addTrainingScalar("popularity.cold", 1f);
                List<InteractionEvent> events = dataset.interactions();
                eventTimes = new long[events.size()];
                for (int e = 0; e < eventTimes.length; e++) {
                    eventTimes[e] = events.get(e).ts;
                }
            } else {
                eventTimes = null;
                popularity = null;
                popularityWarm = null;
                popularityCold = null;
            }
            net.attachGradients();
            this.adam = new Adam(config.learningRate(), config.weightDecay());
            this.average =
                    config.weightAverageDecay() > 0f
                            ? new WeightAverage(config.weightAverageDecay())
                            : null;
            if (popularity != null) {
                // One gradient per step for each scalar: let them move as the fusion logits do.
                adam.rateFactor(popularityWarm, PRIOR_RATE_FACTOR);
                adam.rateFactor(popularityCold, PRIOR_RATE_FACTOR);
            }
            for (String logit : fusionLogits) {
                adam.rateFactor(logit, multimodal.fusionRateFactor());
            }
            float[] t = new float[data.itemCount() * textDim];
            for (int i = 0; i < data.itemCount(); i++) {
                float[] v = text.get(data.itemIds.get(i));
                if (v != null) {
                    System.arraycopy(v, 0, t, i * textDim, textDim);
                }
            }
            textAll = manager.create(t, new Shape(data.itemCount(), textDim));
            textWarm = textAll.get("0:" + data.warmCount);
            exampleWeights = recencyWeights(data, config.recencyHalfLife());
        }

        /** Puts the averaged weights into the network (no-op without averaging or if in). */
        void useAveragedWeights() {
            if (average != null && !average.swapped()) {
                average.swap(net.parameters);
            }
        }

        /** Puts the last step's weights back into the network, to train on. */
        void useLastWeights() {
            if (average != null && average.swapped()) {
                average.swap(net.parameters);
            }
        }

        /** One pass over the shuffled training examples; mean loss terms by name. */
        Map<String, Double> epoch(int epoch, int epochs, String phase) {
            adam.setLearningRate(
                    (float)
                            (config.learningRate()
                                    * Math.pow(config.learningRateDecay(), epoch - 1)));
            ExampleSet.Examples ex = data.train;
            int[] order = new int[ex.size];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            for (int i = order.length - 1; i > 0; i--) {
                int j = random.nextInt(i + 1);
                int tmp = order[i];
                order[i] = order[j];
                order[j] = tmp;
            }
            int b = Math.min(config.batchSize(), ex.size);
            int steps = stepsPerEpoch(ex.size);
            double[] sums = new double[7];
            ProgressBar bar = progressBar(phase + " epoch " + epoch + "/" + epochs, steps);
            try {
                for (int s = 0; s < steps; s++) {
                    int from = s * b;
                    int to = Math.min(ex.size, from + b);
                    float[] losses = step(Arrays.copyOfRange(order, from, to));
                    for (int k = 0; k < losses.length; k++) {
                        if (!Float.isFinite(losses[k])) {
                            throw new TrainingException(
                                    "training diverged (loss "
                                            + losses[k]
                                            + " in epoch "
                                            + epoch
                                            + "); lower the learning rate");
                        }
                        sums[k] += losses[k];
                    }
                    if (bar != null) {
                        bar.step();
                        bar.setExtraMessage(
                                String.format(
                                        Locale.ROOT,
                                        " loss %.4f (rank %.3f)",
                                        sums[0] / (s + 1),
                                        sums[1] / (s + 1)));
                    }
                }
            } finally {
                if (bar != null) {
                    bar.close();
                }
            }
            String[] names =
                    !contrastOn()
                            ? new String[] {
                                "total", "rank", "rankText", "match", "itemRecon", "textRecon"
                            }
                            : new String[] {
                                "total",
                                "rank",
                                "rankText",
                                "match",
                                "itemRecon",
                                "textRecon",
                                "contrast"
                            };
            Map<String, Double> means = new TreeMap<>();
            for (int k = 0; k < names.length; k++) {
                means.put(names[k], sums[k] / steps);
            }
            say(
                    "%s epoch %d/%d: loss %.4f (rank %.4f, text rank %.4f, match %.4f, item recon"
                            + " %.4f, text recon %.4f)",
                    phase,
                    epoch,
                    epochs,
                    means.get("total"),
                    means.get("rank"),
                    means.get("rankText"),
                    means.get("match"),
                    means.get("itemRecon"),
                    means.get("textRecon"));
            if (!modalities.isEmpty()) {
                say("%s epoch %d/%d: fusion weights %s", phase, epoch, epochs, fusionWeights());
            }
            return means;
        }

        private ProgressBar progressBar(String task, int steps) {
            if (!config.progress()) {
                return null;
            }
            return new ProgressBarBuilder()
                    .setTaskName(task)
                    .setInitialMax(steps)
                    .setStyle(ProgressBarStyle.ASCII)
                    .setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err, 110))
                    .build();
        }

        /** One Adam step on the examples {@code batch}; returns the loss terms. */
        float[] step(int[] batch) {
            ExampleSet.Examples ex = data.train;
            int l = data.historyLength;
            int[] rows = new int[batch.length * l];
            long[] targets = new long[batch.length];
            BitSet used = new BitSet(data.warmCount);
            for (int i = 0; i < batch.length; i++) {
                int e = batch[i];
                copyHistory(ex.history, e * l, rows, i * l, l);
                targets[i] = ex.target[e];
                used.set(ex.target[e]);
                for (int k = 0; k < l; k++) {
                    if (rows[i * l + k] != ExampleSet.PAD) {
                        used.set(rows[i * l + k]);
                    }
                }
            }
            long[] items = used.stream().asLongStream().toArray();
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray target = manager.create(targets);
                NDArray itemIndex = manager.create(items);
                NDArray total;
                NDArray[] terms;
                try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                    NDArray cf = net.p(BaseTensors.ITEM_CF);
                    NDArray zItem = net.mlp(cf, BaseTensors.F_I); // [W, d]
                    NDArray zText = net.mlp(textWarm, BaseTensors.F_T); // [W, d]
                    // Text alone, or fused with visual / audio under modality dropout.
                    NDArray zContent = fuse(zText, modalityWarm, 0, data.warmCount, true);
                    NDArray zRank = coldSwap(zItem, zContent);
                    NDArray[] history = net.gatherHistory(zRank, rows, batch.length);
                    NDArray h = net.encodeUsers(history[0], history[1]); // [B, d]
                    NDArray seen = seenMask(batch);
                    NDArray weights = batchWeights(batch);
                    NDArray prior = priorFeatures(batch);
                    NDArray rank =
                            crossEntropy(
                                    maskSeen(
                                            withPrior(h.matMul(zRank.transpose()), prior, true),
                                            seen),
                                    target,
                                    weights);
                    NDArray rankText =
                            crossEntropy(
                                    maskSeen(
                                            withPrior(h.matMul(zContent.transpose()), prior, false),
                                            seen),
                                    target,
                                    weights);
                    NDArray zi = zItem.get(itemIndex);
                    NDArray zt = zText.get(itemIndex);
                    NDArray match = Losses.mse(zi, zt);
                    NDArray itemRecon =
                            Losses.mse(net.mlp(zi, BaseTensors.DEC_I), cf.get(itemIndex));
                    NDArray textRecon =
                            Losses.mse(net.mlp(zt, BaseTensors.DEC_T), textWarm.get(itemIndex));
                    total = Losses.baseLoss(rank, rankText, match, itemRecon, textRecon, config);
                    if (!contrastOn()) {
                        terms = new NDArray[] {total, rank, rankText, match, itemRecon, textRecon};
                    } else {
                        NDArray contrast = contrast(items, zItem, zText);
                        total = total.add(GradSafe.mul(contrast, multimodal.contrastWeight()));
                        terms =
                                new NDArray[] {
                                    total, rank, rankText, match, itemRecon, textRecon, contrast
                                };
                    }
                    collector.backward(total);
                }
                adam.step(net.parameters);
                if (average != null) {
                    average.update(net.parameters);
                }
                float[] values = new float[terms.length];
                for (int k = 0; k < terms.length; k++) {
                    values[k] = terms[k].getFloat();
                }
                return values;
            }
        }

        /**
         * The content latents of rows {@code from .. to} (warm rows when {@code tables} are the
         * warm slices): {@code zText} alone without visual/audio data, else the mask-weighted mean
         * of {@code zText} and the heads' latents of the modalities each item carries; with {@code
         * dropout}, each visual/audio vector is masked out with the modality dropout probability.
         */
        private NDArray fuse(
                NDArray zText, List<NDArray> tables, int from, int to, boolean dropout) {
            return fuse(zText, tables, from, to, dropout, 1f);
        }

        /**
         * {@link #fuse(NDArray, List, int, int, boolean)} with the fusion weights times {@code c}.
         */
        private NDArray fuse(
                NDArray zText, List<NDArray> tables, int from, int to, boolean dropout, float c) {
            // Training (dropout) fuses every modality; a modality the check switched off is left
            // out of the latents the run is validated and stored with.
            if (modalities.isEmpty() || (!dropout && !anyModalityOn())) {
                return zText;
            }
            int n = to - from;
            List<NDArray> latents = new ArrayList<>();
            List<NDArray> masks = new ArrayList<>();
            List<NDArray> logits = new ArrayList<>();
            for (int m = 0; m < modalities.size(); m++) {
                if (!dropout && !modalityOn[m]) {
                    continue;
                }
                ModalityTable table = modalities.get(m);
                float[] mask = Arrays.copyOfRange(table.mask, from, to);
                if (dropout && multimodal.modalityDropout() > 0f) {
                    for (int i = 0; i < n; i++) {
                        if (mask[i] != 0f
                                && modalityRandom.nextFloat() < multimodal.modalityDropout()) {
                            mask[i] = 0f;
                        }
                    }
                }
                latents.add(net.mlp(tables.get(m), table.head));
                masks.add(manager.create(mask, new Shape(n, 1)));
                logits.add(net.p(fusionLogits.get(m)));
            }
            return WeightedFusion.fuse(zText, latents, masks, logits, c);
        }

        /** Whether a visual / audio modality is present and not switched off. */
        boolean anyModalityOn() {
            for (boolean on : modalityOn) {
                if (on) {
                    return true;
                }
            }
            return false;
        }

        /**
         * Runs the {@link ModalityCheck} of every modality on its held-out items (when the check is
         * on) and switches off those without signal; the results, empty when the check is off.
         */
        List<ModalityCheck.Result> checkModalities() {
            List<ModalityCheck.Result> results = new ArrayList<>();
            Arrays.fill(modalityOn, true);
            if (!multimodal.modalityCheck()) {
                return results;
            }
            for (int m = 0; m < modalities.size(); m++) {
                ModalityTable table = modalities.get(m);
                int[] rows = heldOut.get(m);
                float[] head = new float[0];
                float[] item = new float[0];
                if (rows.length > 0) {
                    try (NDScope scope = new NDScope()) {
                        scope.suppressNotUsedWarning();
                        long[] index = new long[rows.length];
                        for (int i = 0; i < rows.length; i++) {
                            index[i] = rows[i];
                        }
                        NDArray idx = manager.create(index);
                        head = net.mlp(modalityWarm.get(m).get(idx), table.head).toFloatArray();
                        NDArray cf = net.p(BaseTensors.ITEM_CF).get(idx);
                        item = net.mlp(cf, BaseTensors.F_I).toFloatArray();
                    }
                }
                ModalityCheck.Result result =
                        ModalityCheck.test(
                                table.name,
                                head,
                                item,
                                config.jointDim(),
                                multimodal.checkAlpha(),
                                config.seed() ^ CHECK_SEED_MIX ^ (31L * table.name.hashCode()));
                modalityOn[m] = result.kept();
                say("%s", result.describe());
                results.add(result);
            }
            return results;
        }

        /** Switches modalities on or off as {@code checks} (of another run) decided. */
        void apply(List<ModalityCheck.Result> checks) {
            Arrays.fill(modalityOn, true);
            for (ModalityCheck.Result check : checks) {
                for (int m = 0; m < modalities.size(); m++) {
                    if (modalities.get(m).name.equals(check.modality())) {
                        modalityOn[m] = check.kept();
                    }
                }
                say("%s (from the validation run)", check.describe());
            }
        }

        /**
         * Whether the cross-modal InfoNCE term is trained: with visual / audio data, or for the
         * CF-text pair alone when {@link MultimodalConfig#contrastWithoutModalities()}.
         */
        boolean contrastOn() {
            return !modalities.isEmpty() || multimodal.contrastWithoutModalities();
        }

        /** The learned fusion weight of each modality, text's fixed 1 first, for the log. */
        Map<String, Float> fusionWeights() {
            Map<String, Float> weights = new LinkedHashMap<>();
            weights.put(BaseTensors.DIM_TEXT, 1f);
            for (int m = 0; m < modalities.size(); m++) {
                float a = net.p(fusionLogits.get(m)).toFloatArray()[0];
                weights.put(modalities.get(m).name, BaseTensors.fusionWeight(a));
            }
            return weights;
        }

        /**
         * Cross-modal InfoNCE averaged over every pair of modalities (CF, text, visual, audio) on
         * up to {@code contrastItems} of the step's (warm) items; pairs only over items carrying
         * both.
         */
        private NDArray contrast(long[] items, NDArray zItem, NDArray zText) {
            long[] pick = items;
            if (items.length > multimodal.contrastItems()) {
                pick = items.clone();
                for (int i = 0; i < multimodal.contrastItems(); i++) {
                    int j = i + modalityRandom.nextInt(pick.length - i);
                    long tmp = pick[i];
                    pick[i] = pick[j];
                    pick[j] = tmp;
                }
                pick = Arrays.copyOf(pick, multimodal.contrastItems());
            }
            NDArray index = manager.create(pick);
            List<NDArray> latents = new ArrayList<>();
            List<float[]> masks = new ArrayList<>();
            float[] all = new float[pick.length];
            Arrays.fill(all, 1f);
            latents.add(zItem.get(index));
            masks.add(all);
            latents.add(zText.get(index));
            masks.add(all);
            for (int m = 0; m < modalities.size(); m++) {
                ModalityTable table = modalities.get(m);
                latents.add(net.mlp(modalityWarm.get(m).get(index), table.head));
                float[] mask = new float[pick.length];
                for (int i = 0; i < pick.length; i++) {
                    mask[i] = table.mask[(int) pick[i]];
                }
                masks.add(mask);
            }
            NDArray sum = null;
            int pairs = 0;
            for (int a = 0; a < latents.size(); a++) {
                for (int b = a + 1; b < latents.size(); b++) {
                    float[] both = new float[pick.length];
                    int present = 0;
                    for (int i = 0; i < both.length; i++) {
                        both[i] = masks.get(a)[i] * masks.get(b)[i];
                        present += both[i] != 0f ? 1 : 0;
                    }
                    if (present < 2) {
                        continue;
                    }
                    NDArray term =
                            Losses.infoNce(
                                    latents.get(a),
                                    latents.get(b),
                                    manager.create(both),
                                    multimodal.temperature());
                    sum = sum == null ? term : sum.add(term);
                    pairs++;
                }
            }
            return sum == null ? manager.create(0f) : GradSafe.div(sum, pairs);
        }

        /**
         * {@code [B, W]} prior features {@code log(1 + p_i(t))} of the batch's examples at their
         * own times; null unless the prior is in the loss.
         */
        private NDArray priorFeatures(int[] batch) {
            if (popularity == null) {
                return null;
            }
            ExampleSet.Examples ex = data.train;
            int[] positions = new int[batch.length];
            long[] times = new long[batch.length];
            for (int i = 0; i < batch.length; i++) {
                positions[i] = ex.position[batch[i]];
                times[i] = eventTimes[positions[i]];
            }
            return manager.create(
                    popularity.features(positions, times),
                    new Shape(batch.length, popularity.width()));
        }

        /** {@code logits + w prior} with the learned warm or content weight; as is without. */
        private NDArray withPrior(NDArray logits, NDArray prior, boolean warm) {
            if (prior == null) {
                return logits;
            }
            return logits.add(prior.mul(net.p(warm ? popularityWarm : popularityCold)));
        }

        /**
         * The learned prior weights {@code (warm, content)}; null unless the prior is in the loss.
         */
        float[] learnedPriorWeights() {
            if (popularity == null) {
                return null;
            }
            return new float[] {
                net.p(popularityWarm).toFloatArray()[0], net.p(popularityCold).toFloatArray()[0]
            };
        }

        private NDArray crossEntropy(NDArray logits, NDArray target, NDArray weights) {
            return weights == null
                    ? Losses.softmaxCrossEntropy(logits, target)
                    : Losses.weightedSoftmaxCrossEntropy(logits, target, weights);
        }

        /** {@code [B]} recency weights of the batch's examples; null without recency weighting. */
        private NDArray batchWeights(int[] batch) {
            if (exampleWeights == null) {
                return null;
            }
            float[] w = new float[batch.length];
            for (int i = 0; i < batch.length; i++) {
                w[i] = exampleWeights[batch[i]];
            }
            return manager.create(w);
        }

        /**
         * With {@code maskSeen}: {@code [B, W]} with {@link #SEEN_LOGIT} where the example's user
         * had already taken the item, else 0; null otherwise.
         */
        private NDArray seenMask(int[] batch) {
            if (!config.maskSeen()) {
                return null;
            }
            int w = data.warmCount;
            float[] mask = new float[batch.length * w];
            ExampleSet.Examples ex = data.train;
            for (int i = 0; i < batch.length; i++) {
                int e = batch[i];
                int[] taken = data.taken[ex.user[e]];
                for (int k = 0; k < ex.seenCount[e]; k++) {
                    mask[i * w + taken[k]] = SEEN_LOGIT;
                }
            }
            return manager.create(mask, new Shape(batch.length, w));
        }

        private NDArray maskSeen(NDArray logits, NDArray seen) {
            return seen == null ? logits : logits.add(seen);
        }

        /**
         * Copies one example's history, dropping each item with probability {@code historyDropout}
         * and keeping the rest right-aligned (most recent last).
         */
        private void copyHistory(int[] from, int offset, int[] to, int toOffset, int l) {
            float p = config.historyDropout();
            if (p <= 0f) {
                System.arraycopy(from, offset, to, toOffset, l);
                return;
            }
            int write = toOffset + l;
            for (int k = l - 1; k >= 0; k--) {
                int row = from[offset + k];
                if (row != ExampleSet.PAD && random.nextFloat() >= p) {
                    to[--write] = row;
                }
            }
            Arrays.fill(to, toOffset, write, ExampleSet.PAD);
        }

        /**
         * The item latents the ranking loss scores with: {@code f_I}, except a random share {@code
         * coldSwap} of the items, which get their {@code f_T} latent as cold items do at serving
         * time (modality dropout), so that both kinds rank on one scale.
         */
        private NDArray coldSwap(NDArray zItem, NDArray zText) {
            float p = config.coldSwap();
            if (p <= 0f) {
                return zItem;
            }
            float[] mask = new float[data.warmCount];
            for (int i = 0; i < mask.length; i++) {
                mask[i] = random.nextFloat() < p ? 1f : 0f;
            }
            NDArray m = manager.create(mask, new Shape(data.warmCount, 1));
            return zItem.add(zText.sub(zItem).mul(m));
        }

        /**
         * Latents of every item: f_I for warm rows, {@code textScale} times the fused content
         * latent (fusion weights times {@code fusionScale}) for cold rows. [N, d]
         */
        NDArray allLatents(float textScale, float fusionScale) {
            NDArray warm = net.mlp(net.p(BaseTensors.ITEM_CF), BaseTensors.F_I);
            if (data.itemCount() == data.warmCount) {
                return warm;
            }
            NDArray coldText = net.mlp(textAll.get(data.warmCount + ":"), BaseTensors.F_T);
            List<NDArray> coldTables = new ArrayList<>();
            for (NDArray table : modalityAll) {
                coldTables.add(table.get(data.warmCount + ":"));
            }
            NDArray cold =
                    fuse(
                            coldText,
                            coldTables,
                            data.warmCount,
                            data.itemCount(),
                            false,
                            fusionScale);
            return warm.concat(textScale == 1f ? cold : GradSafe.mul(cold, textScale), 0);
        }

        /**
         * Writes the model's scores {@code h_u . z_i} of every validation example against every
         * item into {@code out} (row-major {@code [examples, items]}), with cold items' latents (as
         * candidates and in histories) multiplied by {@code textScale}, as the bundle stores them.
         */
        void rawScores(float textScale, float fusionScale, float[] out) {
            ExampleSet.Examples val = data.validation;
            int n = data.itemCount();
            int l = data.historyLength;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray z = allLatents(textScale, fusionScale);
                NDArray zt = z.transpose();
                for (int from = 0; from < val.size; from += EVAL_BATCH) {
                    int to = Math.min(val.size, from + EVAL_BATCH);
                    try (NDScope inner = new NDScope()) {
                        inner.suppressNotUsedWarning();
                        int[] rows = Arrays.copyOfRange(val.history, from * l, to * l);
                        NDArray[] history = net.gatherHistory(z, rows, to - from);
                        NDArray h = net.encodeUsers(history[0], history[1]);
                        float[] scores = h.matMul(zt).toFloatArray();
                        System.arraycopy(scores, 0, out, from * n, scores.length);
                    }
                }
            }
        }

        /** The trained model as a bundle. */
        ModelBundle toBundle(
                Dataset dataset,
                int epochs,
                float textScale,
                float fusionScale,
                PopularityPrior prior,
                List<ModalityCheck.Result> checks,
                Map<String, Double> losses,
                Map<String, Double> validation) {
            int n = data.itemCount();
            int w = data.warmCount;
            List<Tensor> tensors = new ArrayList<>();
            float[] cf = new float[n * config.cfDim()];
            float[] warmCf = net.p(BaseTensors.ITEM_CF).toFloatArray();
            System.arraycopy(warmCf, 0, cf, 0, warmCf.length);
            tensors.add(new Tensor(BaseTensors.ITEM_CF, new int[] {n, config.cfDim()}, cf));
            tensors.add(
                    new Tensor(
                            BaseTensors.ITEM_TEXT, new int[] {n, textDim}, textAll.toFloatArray()));
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                tensors.add(
                        new Tensor(
                                BaseTensors.ITEM_Z,
                                new int[] {n, config.jointDim()},
                                allLatents(textScale, fusionScale).toFloatArray()));
            }
            float[] warm = new float[n];
            Arrays.fill(warm, 0, w, 1f);
            tensors.add(new Tensor(BaseTensors.ITEM_WARM, new int[] {n}, warm));
            for (Map.Entry<String, NDArray> p : net.parameters.entrySet()) {
                if (!p.getKey().equals(BaseTensors.ITEM_CF)
                        && !p.getKey().startsWith(BaseNetwork.TRAINING_ONLY_PREFIX)) {
                    NDArray a = p.getValue();
                    tensors.add(new Tensor(p.getKey(), toInts(a.getShape()), a.toFloatArray()));
                }
            }

            BundleManifest manifest = new BundleManifest();
            Instant now = config.clock().instant();
            manifest.modelVersion =
                    "base-"
                            + DateTimeFormatter.ofPattern("yyyyMMdd")
                                    .withZone(ZoneOffset.UTC)
                                    .format(now)
                            + "-"
                            + shortHash(tensors);
            manifest.createdAt = DateTimeFormatter.ISO_INSTANT.format(now);
            manifest.codeVersion = codeVersion();
            manifest.dimensions.put(BaseTensors.DIM_JOINT, config.jointDim());
            manifest.dimensions.put(BaseTensors.DIM_CF, config.cfDim());
            manifest.dimensions.put(BaseTensors.DIM_TEXT, textDim);
            manifest.dimensions.put(BaseTensors.DIM_HISTORY, config.historyLength());
            manifest.dimensions.put(BaseTensors.DIM_HIDDEN, config.hiddenDim());
            manifest.modalities = new ArrayList<>(List.of("cf", "text"));
            for (ModalityTable table : modalities) {
                manifest.dimensions.put(table.name, table.dim);
                manifest.modalities.add(table.name);
            }
            manifest.trainingData.dataset = dataset.name();
            manifest.trainingData.firstTs = data.firstTs;
            manifest.trainingData.lastTs = data.lastTs;
            manifest.trainingData.cutoffTs = data.cutoffTs;
            manifest.trainingData.events = data.trainEvents;
            manifest.trainingData.users = data.trainUsers;
            manifest.trainingData.items = w;
            manifest.losses = new TreeMap<>(losses);
            manifest.metrics = new TreeMap<>(validation);
            manifest.hyperParameters = new TreeMap<>(config.hyperParameters());
            manifest.hyperParameters.put("epochs", epochs);
            if (contrastOn()) {
                manifest.hyperParameters.putAll(multimodal.hyperParameters());
            }
            manifest.hyperParameters.put(BaseTensors.HP_TEXT_SCALE, (double) textScale);
            if (!modalities.isEmpty()) {
                manifest.hyperParameters.put(BaseTensors.HP_FUSION_SCALE, (double) fusionScale);
            }
            for (ModalityCheck.Result check : checks) {
                manifest.hyperParameters.put(
                        BaseTensors.modalityOffKey(check.modality()), !check.kept());
            }
            (prior.active() ? prior : new PopularityPrior(0, 0, config.popularityHalfLife()))
                    .writeTo(manifest.hyperParameters);
            manifest.hyperParameters.put(BaseTensors.HP_TEXT_MODEL, textEmbedder.modelId());
            return ModelBundle.of(manifest, data.itemIds, tensors);
        }
    }

    /**
     * Weight of each training example, {@code 2^(-age / (h * n))} with n the training events and
     * age the events from the example's to the last training event, normalized to mean 1; null for
     * {@code h == 0}.
     */
    static float[] recencyWeights(ExampleSet data, float halfLife) {
        if (halfLife <= 0f || data.train.size == 0) {
            return null;
        }
        ExampleSet.Examples ex = data.train;
        double scale = halfLife * (double) Math.max(1, data.trainEvents);
        double[] raw = new double[ex.size];
        double sum = 0;
        for (int e = 0; e < ex.size; e++) {
            double age = Math.max(0, data.trainEvents - 1 - ex.position[e]);
            raw[e] = Math.pow(2.0, -age / scale);
            sum += raw[e];
        }
        float[] w = new float[ex.size];
        double mean = sum / ex.size;
        for (int e = 0; e < ex.size; e++) {
            w[e] = (float) (raw[e] / mean);
        }
        return w;
    }

    private static int[] toInts(Shape shape) {
        int[] s = new int[shape.dimension()];
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.toIntExact(shape.get(i));
        }
        return s;
    }

    /** First 8 hex digits of a sha256 over every tensor's name, shape and values. */
    static String shortHash(List<Tensor> tensors) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<Tensor> sorted = new ArrayList<>(tensors);
        sorted.sort((a, b) -> a.name().compareTo(b.name()));
        for (Tensor t : sorted) {
            sha.update(t.name().getBytes(StandardCharsets.UTF_8));
            sha.update(Arrays.toString(t.shape()).getBytes(StandardCharsets.UTF_8));
            ByteBuffer buf =
                    ByteBuffer.allocate(t.size() * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            buf.asFloatBuffer().put(t.data());
            sha.update(buf.array());
        }
        return HexFormat.of().formatHex(sha.digest()).substring(0, 8);
    }
}
