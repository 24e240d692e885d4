package org.dynmm.rec.job.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.flink.annotation.VisibleForTesting;
import org.dynmm.rec.job.config.RecSettings;
import org.dynmm.rec.models.adapter.AdaptedBaseMethod;
import org.dynmm.rec.models.adapter.AdapterConfig;
import org.dynmm.rec.models.adapter.DynamicAdapter;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.base.BaseTensors;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetFormatException;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.eval.EvaluationChart;
import org.dynmm.rec.models.eval.EvaluationConfig;
import org.dynmm.rec.models.eval.EvaluationReport;
import org.dynmm.rec.models.eval.ExplanationEvaluator;
import org.dynmm.rec.models.eval.PrequentialEvaluator;
import org.dynmm.rec.models.eval.RankingMethod;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.PopularityScorer;
import org.dynmm.rec.models.ranking.UserProfile;
import org.dynmm.rec.models.text.CachedTextEmbedder;
import org.dynmm.rec.models.text.ItemText;
import org.dynmm.rec.models.text.MiniLmTextEmbedder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Offline prequential evaluation of the stream baselines (see DESIGN.md, "Evaluation protocol"):
 * replays a dataset in time order, ranks every test event's item among the items its user has not
 * taken, prints HR@k and NDCG@k per method and slice, and writes them as a Markdown table, JSON and
 * a PNG chart under {@code --report-dir}. Runs without Flink or Kafka.
 *
 * <p>With {@code --bundle}, the trained frozen base is evaluated too (method {@value
 * #FROZEN_BASE}), with history updates but no adapter. It must be evaluated on the split it was
 * trained on: the cutoff defaults to the bundle's, a different {@code --cutoff} is refused, and so
 * is a dataset whose cutoff does not fall where the bundle's training data ended.
 */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description =
                "Prequential replay of a dataset: HR@k and NDCG@k of the popularity and"
                        + " co-occurrence baselines, overall, for cold users and for items unseen"
                        + " in training.")
public class EvaluateCommand implements Callable<Integer> {
    /** Exit code for bad input (missing or malformed dataset, invalid option), as picocli uses. */
    static final int EXIT_BAD_INPUT = 2;

    /** Method name of the frozen base in reports. */
    static final String FROZEN_BASE = "frozen-base";

    /** Files written under {@code --report-dir}. */
    static final String TABLE_FILE = "results.md";

    static final String JSON_FILE = "results.json";
    static final String CHART_FILE = "ndcg.png";

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    @Option(
            names = "--dataset",
            defaultValue = "data/movielens-latest-small",
            description =
                    "Dataset directory: plain interactions.csv, MovieLens latest or MovieLens 100K"
                            + " layout. Default: ${DEFAULT-VALUE}")
    Path dataset;

    @Option(
            names = "--cutoff",
            defaultValue = "0.8",
            description =
                    "Share of events (in time order) that only train; the rest are test events."
                            + " Default: ${DEFAULT-VALUE}")
    double cutoff;

    @Option(
            names = "--k",
            defaultValue = "10",
            description = "List length for HR@k and NDCG@k. Default: ${DEFAULT-VALUE}")
    int k;

    @Option(
            names = "--popularity-half-life",
            defaultValue = "P30D",
            converter = HalfLifeConverter.class,
            description =
                    "Half-life of decayed popularity, ISO-8601 (P30D, PT12H) or 0 for none."
                            + " Plain-count popularity is always reported too."
                            + " Default: ${DEFAULT-VALUE}")
    Duration popularityHalfLife;

    @Option(
            names = "--cooccurrence-window",
            defaultValue = "20",
            description =
                    "Recent distinct items per user that co-occur with a new interaction and that"
                            + " co-occurrence scoring reads. Default: ${DEFAULT-VALUE}")
    int cooccurrenceWindow;

    @Option(names = "--json-out", description = "Also write the report as JSON to this file.")
    Path jsonOut;

    @Option(
            names = "--report-dir",
            defaultValue = "target/evaluation",
            description =
                    "Directory for the results table ("
                            + TABLE_FILE
                            + ", Markdown), the report as JSON ("
                            + JSON_FILE
                            + ") and a PNG chart of NDCG@k per method and slice ("
                            + CHART_FILE
                            + "). Default: ${DEFAULT-VALUE}")
    Path reportDir;

    @Option(
            names = "--bundle",
            description =
                    "Frozen-base model bundle (from `train`) to evaluate as method "
                            + FROZEN_BASE
                            + "; the cutoff then defaults to the bundle's.")
    Path bundle;

    @Option(
            names = "--text-cache",
            defaultValue = "${sys:user.home}/.cache/dynmm-rec/text-embeddings.bin",
            description =
                    "Cache of item text embeddings, used with --bundle for catalog items the"
                            + " bundle does not know. Default: ${DEFAULT-VALUE}")
    Path textCache;

    @Option(
            names = "--adapter",
            negatable = true,
            defaultValue = "true",
            // Without it picocli sets a true-by-default negatable option to false on "--adapter".
            fallbackValue = "true",
            description =
                    "With --bundle, also evaluate the frozen base with the online adapter"
                            + " (rec.adapter.* settings from -D/--config). Default: ${DEFAULT-VALUE}")
    boolean adapter;

    @Option(
            names = "--adapter-ablations",
            description =
                    "Also evaluate the adapter without stability term, without item side (with it"
                            + " when it is off), without EWC (with EWC at lambda 10 when it is"
                            + " off) and without the users' residuals (when they are on).")
    boolean adapterAblations;

    @Mixin ConfigOptionsMixin configOptions;

    @Option(
            names = "--explain",
            defaultValue = "cooccurrence-cosine",
            description =
                    "Method whose top-k lists are explained on the replay (realizer + verifier):"
                            + " claim precision, counterfactual necessity, unique sentence ratio,"
                            + " feature diversity; 'none' skips it. Default: ${DEFAULT-VALUE}")
    String explainMethod;

    @Option(
            names = "--compare-against",
            split = ",",
            defaultValue = "cooccurrence-cosine,frozen-base",
            description =
                    "Methods every other method is compared with, per slice, by a paired bootstrap"
                            + " of NDCG@10 (difference, 95%% interval, wins); names not in the run"
                            + " are skipped, 'none' for no comparison. Default: ${DEFAULT-VALUE}")
    List<String> compareAgainst;

    @Option(
            names = "--rank-only-unseen-items",
            description =
                    "Faster partial replay: every event still updates the state, but only test"
                            + " events on items unseen before the cutoff are ranked; the all and"
                            + " cold-users slices are NOT computed (the output says so) and the"
                            + " explanation metrics are skipped.")
    boolean rankOnlyUnseenItems;

    @Option(
            names = "--ranks-out",
            description =
                    "Also write every ranked test event's rank per method to this CSV file"
                            + " (method,user,item,ts,unseen_item,rank), for paired per-event"
                            + " comparisons of runs over the same events.")
    Path ranksOut;

    @Option(
            names = "--explain-shifts",
            defaultValue = "job",
            converter = ShiftSourceConverter.class,
            description =
                    "Where the explained lists' interest shifts come from: 'taste', each user's"
                            + " recent-taste summary kept along the replay as the adapted ranker"
                            + " keeps it (history shifts for the other candidates); 'history', the"
                            + " user's last items (the baseline rankers'); 'job', as the job with"
                            + " this configuration (-D/--config) would: taste when"
                            + " rec.ranker.kind=FROZEN_BASE with rec.adapter.enabled, else history."
                            + " Default: ${DEFAULT-VALUE}")
    ExplanationMetricsHook.ShiftSource explainShifts;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dataset)) {
            return badInput("dataset directory not found: " + dataset.toAbsolutePath());
        }
        BaseModel base = null;
        BundleManifest manifest = null;
        if (bundle != null) {
            try {
                ModelBundle read = ModelBundles.read(bundle);
                manifest = read.manifest();
                base = BaseModel.load(read);
                cutoff = bundleCutoff(manifest);
                base.popularityPrior().requireHalfLife(popularityHalfLife, base.modelVersion());
            } catch (BundleException | IllegalArgumentException e) {
                return badInput(e.getMessage());
            }
        }
        EvaluationConfig config;
        try {
            config =
                    new EvaluationConfig(
                            cutoff,
                            k,
                            UserProfile.DEFAULT_HISTORY_CAPACITY,
                            UserProfile.DEFAULT_SEEN_CAPACITY,
                            cooccurrenceWindow,
                            popularityHalfLife);
        } catch (IllegalArgumentException e) {
            return badInput(e.getMessage());
        }
        Dataset data;
        try {
            data = DatasetLoader.load(dataset);
        } catch (DatasetFormatException e) {
            return badInput(e.getMessage());
        }

        List<RankingMethod> methods = methods();
        if (base != null) {
            Map<String, float[]> newItems;
            try {
                checkSplit(data, manifest);
                newItems = textLatentsOfNewItems(base, data);
            } catch (IllegalArgumentException e) {
                return badInput(e.getMessage());
            }
            BaseModelScorer baseScorer = new BaseModelScorer(base, newItems::get);
            methods.add(new RankingMethod(FROZEN_BASE, baseScorer));
            if (adapter) {
                methods.addAll(adapterMethods(baseScorer));
            }
            System.err.println("evaluating " + base);
        }
        PrequentialEvaluator evaluator = new PrequentialEvaluator(config, methods);
        for (String reference : compareAgainst) {
            if (!reference.isBlank() && !reference.equals("none")) {
                evaluator.compareAgainst(reference.strip());
            }
        }
        ExplanationEvaluator explanations = null;
        if (rankOnlyUnseenItems) {
            evaluator.rankOnlyUnseenItems();
            System.err.println(
                    "--rank-only-unseen-items: "
                            + EvaluationReport.UNSEEN_ITEMS_ONLY_NOTE
                            + "; explanation metrics skipped");
        } else {
            try {
                explanations =
                        ExplanationMetricsHook.attach(
                                evaluator,
                                methods,
                                explainMethod,
                                config,
                                configOptions.configuration(),
                                explainShifts);
            } catch (IllegalArgumentException e) {
                return badInput(e.getMessage());
            }
        }
        RankCsvWriter ranks = null;
        if (ranksOut != null) {
            try {
                ranks = new RankCsvWriter(ranksOut);
            } catch (IOException e) {
                System.err.println("error: cannot write " + ranksOut + ": " + e.getMessage());
                return TrainCommand.EXIT_FAILURE;
            }
            evaluator.addRankListener(ranks);
        }
        EvaluationReport report;
        try {
            report = evaluator.evaluate(data, System.err);
        } finally {
            if (ranks != null) {
                try {
                    ranks.close();
                } catch (IOException e) {
                    System.err.println("error: cannot write " + ranksOut + ": " + e.getMessage());
                }
            }
        }
        if (ranks != null) {
            System.err.println("wrote " + ranksOut.toAbsolutePath());
        }
        System.out.print(report.renderTable());
        for (RankingMethod method : methods) {
            if (method.online() != null && !method.online().diagnostics().isEmpty()) {
                System.out.println(method.name() + ": " + method.online().diagnostics());
            }
        }
        if (explanations != null) {
            System.out.print(explanations.report().renderTable());
        }
        if (jsonOut != null) {
            report.writeJson(jsonOut);
            System.err.println("wrote " + jsonOut.toAbsolutePath());
        }
        report.writeMarkdown(reportDir.resolve(TABLE_FILE));
        report.writeJson(reportDir.resolve(JSON_FILE));
        EvaluationChart.writePng(report, reportDir.resolve(CHART_FILE));
        System.err.println(
                "wrote "
                        + TABLE_FILE
                        + ", "
                        + JSON_FILE
                        + " and "
                        + CHART_FILE
                        + " to "
                        + reportDir.toAbsolutePath().normalize());
        return 0;
    }

    /** EWC weight of the ablation row when the configured adapter has EWC off. */
    @VisibleForTesting static final float ABLATION_EWC_LAMBDA = 10f;

    /**
     * The frozen base with the online adapter, and with --adapter-ablations also without the
     * stability term, without the item side (with it, when the configuration has it off), without
     * EWC (with EWC at {@link #ABLATION_EWC_LAMBDA} when the configuration has it off), and without
     * the users' residuals when they are on.
     */
    private List<RankingMethod> adapterMethods(BaseModelScorer baseScorer) {
        AdapterConfig adapterConfig = RecSettings.adapter(configOptions.configuration());
        Map<String, AdapterConfig> variants = adapterVariants(adapterConfig, adapterAblations);
        List<RankingMethod> adapted = new ArrayList<>();
        for (Map.Entry<String, AdapterConfig> v : variants.entrySet()) {
            adapted.add(online(FROZEN_BASE + v.getKey(), baseScorer, v.getValue()));
        }
        return adapted;
    }

    /** Method name suffixes and the adapter settings each evaluates, the configured one first. */
    @VisibleForTesting
    static Map<String, AdapterConfig> adapterVariants(AdapterConfig config, boolean ablations) {
        Map<String, AdapterConfig> variants = new LinkedHashMap<>();
        variants.put("+adapter", config);
        if (ablations) {
            variants.put("+adapter-no-stability", config.withStability(false));
            if (config.ewcLambda() > 0) {
                variants.put("+adapter-no-ewc", config.withEwcLambda(0f));
            } else {
                variants.put(
                        String.format(Locale.ROOT, "+adapter-ewc-%.0f", ABLATION_EWC_LAMBDA),
                        config.withEwcLambda(ABLATION_EWC_LAMBDA));
            }
            if (config.itemSide()) {
                variants.put("+adapter-no-item-side", config.withItemSide(false));
            } else {
                variants.put("+adapter-with-item-side", config.withItemSide(true));
            }
            if (config.userResidualLearningRate() > 0f) {
                variants.put(
                        "+adapter-no-user-residual",
                        config.toBuilder().userResidualLearningRate(0f).build());
            }
            if (config.usesShownItems()) {
                variants.put(
                        "+adapter-no-shown-items",
                        config.toBuilder().userShownNegatives(0).build());
            }
        }
        return variants;
    }

    private static RankingMethod online(String name, BaseModelScorer base, AdapterConfig config) {
        return RankingMethod.online(name, new AdaptedBaseMethod(new DynamicAdapter(base, config)));
    }

    /** The compared methods; decayed popularity only when a half-life is set. */
    private List<RankingMethod> methods() {
        List<RankingMethod> methods = new ArrayList<>();
        methods.add(new RankingMethod("popularity-count", PopularityScorer.plainCounts()));
        if (!popularityHalfLife.isZero()) {
            methods.add(new RankingMethod("popularity-decayed", new PopularityScorer()));
        }
        methods.add(new RankingMethod("cooccurrence", new CooccurrenceScorer(cooccurrenceWindow)));
        methods.add(
                new RankingMethod(
                        "cooccurrence-cosine", CooccurrenceScorer.cosine(cooccurrenceWindow)));
        return methods;
    }

    /**
     * The cutoff fraction the bundle was trained with; refuses an explicit --cutoff that differs.
     */
    private double bundleCutoff(BundleManifest manifest) {
        Object value =
                manifest.hyperParameters == null
                        ? null
                        : manifest.hyperParameters.get(BaseTensors.HP_CUTOFF_FRACTION);
        if (!(value instanceof Number)) {
            throw new IllegalArgumentException(
                    "bundle "
                            + manifest.modelVersion
                            + " does not record its cutoff fraction (hyperParameters."
                            + BaseTensors.HP_CUTOFF_FRACTION
                            + ")");
        }
        double trained = ((Number) value).doubleValue();
        boolean explicit =
                spec != null && spec.commandLine().getParseResult().hasMatchedOption("--cutoff");
        if (explicit && Math.abs(trained - cutoff) > 1e-9) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "--cutoff %s disagrees with bundle %s, which was trained on the first"
                                    + " %s of the events: evaluating it on other test events would"
                                    + " mix training and test data; use --cutoff %s (or omit it)",
                            cutoff,
                            manifest.modelVersion,
                            trained,
                            trained));
        }
        return trained;
    }

    /** The bundle must have been trained on exactly the events before this replay's cutoff. */
    private void checkSplit(Dataset data, BundleManifest manifest) {
        int events = data.interactions().size();
        int split = (int) Math.floor(events * cutoff);
        long splitTs = split < events ? data.interactions().get(split).ts : Long.MIN_VALUE;
        BundleManifest.TrainingData trained = manifest.trainingData;
        if (trained == null || trained.events != split || trained.cutoffTs != splitTs) {
            throw new IllegalArgumentException(
                    String.format(
                            Locale.ROOT,
                            "bundle %s was trained on %s (%d events before ts %d), but cutoff %s"
                                    + " of %s gives %d training events before ts %d: a different"
                                    + " dataset or split; train a bundle on this dataset first",
                            manifest.modelVersion,
                            trained == null ? "?" : trained.dataset,
                            trained == null ? -1 : trained.events,
                            trained == null ? -1 : trained.cutoffTs,
                            cutoff,
                            data.name(),
                            split,
                            splitTs));
        }
    }

    /**
     * f_T latents of catalog items the bundle does not know (none for the dataset it was trained
     * on), from their text embedding; the embedder is only loaded when there are such items.
     */
    private Map<String, float[]> textLatentsOfNewItems(BaseModel base, Dataset data) {
        Map<String, String> newTexts = newItemTexts(base, data);
        List<String> ids = new ArrayList<>(newTexts.keySet());
        List<String> texts = new ArrayList<>(newTexts.values());
        Map<String, float[]> latents = new HashMap<>();
        if (ids.isEmpty()) {
            return latents;
        }
        System.err.printf(
                Locale.ROOT, "embedding %d catalog items the bundle does not know%n", ids.size());
        try (MiniLmTextEmbedder miniLm =
                        new MiniLmTextEmbedder(Runtime.getRuntime().availableProcessors());
                CachedTextEmbedder text = CachedTextEmbedder.open(miniLm, textCache)) {
            if (text.dimension() != base.textDim()) {
                throw new IllegalArgumentException(
                        "bundle "
                                + base.modelVersion()
                                + " takes "
                                + base.textDim()
                                + "-d text embeddings, the text encoder gives "
                                + text.dimension());
            }
            List<float[]> vectors = text.embedAll(texts);
            for (int i = 0; i < ids.size(); i++) {
                latents.put(ids.get(i), base.textLatent(vectors.get(i)));
            }
        }
        return latents;
    }

    /**
     * The texts of the catalog items the bundle does not know, by item id in catalog order, made
     * from the fields the bundle was trained with ({@link BaseModel#itemTextFields}), as the
     * trainer made the texts of its items; items without such text are left out.
     */
    @VisibleForTesting
    static Map<String, String> newItemTexts(BaseModel base, Dataset data) {
        Map<String, String> texts = new LinkedHashMap<>();
        for (ItemContent item : data.items().values()) {
            if (!base.hasItem(item.item)) {
                String text = ItemText.describe(item, base.itemTextFields());
                if (!text.isEmpty()) {
                    texts.put(item.item, text);
                }
            }
        }
        return texts;
    }

    private static int badInput(String message) {
        System.err.println("error: " + message);
        return EXIT_BAD_INPUT;
    }

    /** Parses an --explain-shifts value, case-insensitively. */
    static final class ShiftSourceConverter
            implements CommandLine.ITypeConverter<ExplanationMetricsHook.ShiftSource> {
        @Override
        public ExplanationMetricsHook.ShiftSource convert(String value) {
            try {
                return ExplanationMetricsHook.ShiftSource.valueOf(
                        value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(
                        "one of job, history, taste: " + value);
            }
        }
    }

    /** Parses an ISO-8601 duration, or {@code 0} for no decay. */
    static final class HalfLifeConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            if (value.trim().equals("0")) {
                return Duration.ZERO;
            }
            try {
                Duration d = Duration.parse(value.trim());
                if (d.isNegative()) {
                    throw new CommandLine.TypeConversionException(
                            "half-life must not be negative: " + value);
                }
                return d;
            } catch (DateTimeParseException e) {
                throw new CommandLine.TypeConversionException(
                        "not an ISO-8601 duration (e.g. P30D, PT12H) or 0: " + value);
            }
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new EvaluateCommand()).execute(args));
    }
}
