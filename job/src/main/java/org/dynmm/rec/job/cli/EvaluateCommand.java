package org.dynmm.rec.job.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetFormatException;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.eval.EvaluationConfig;
import org.dynmm.rec.models.eval.EvaluationReport;
import org.dynmm.rec.models.eval.PrequentialEvaluator;
import org.dynmm.rec.models.eval.RankingMethod;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.PopularityScorer;
import org.dynmm.rec.models.ranking.UserProfile;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Offline prequential evaluation of the stream baselines (see DESIGN.md, "Evaluation protocol"):
 * replays a dataset in time order, ranks every test event's item among the items its user has not
 * taken, and prints HR@k and NDCG@k per method and slice. Runs without Flink or Kafka.
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

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(dataset)) {
            return badInput("dataset directory not found: " + dataset.toAbsolutePath());
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

        EvaluationReport report =
                new PrequentialEvaluator(config, methods()).evaluate(data, System.err);
        System.out.print(report.renderTable());
        if (jsonOut != null) {
            report.writeJson(jsonOut);
            System.err.println("wrote " + jsonOut.toAbsolutePath());
        }
        return 0;
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

    private static int badInput(String message) {
        System.err.println("error: " + message);
        return EXIT_BAD_INPUT;
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
