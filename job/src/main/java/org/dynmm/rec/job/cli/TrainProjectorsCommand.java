package org.dynmm.rec.job.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dynmm.rec.models.base.BaseTensors;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetFormatException;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.train.ProjectorTargets;
import org.dynmm.rec.models.train.ProjectorTrainer;
import org.dynmm.rec.models.train.ProjectorTraining;
import org.dynmm.rec.models.train.TrainingException;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Adds the soft-token projectors {@code F_U}, {@code F_I} to an existing frozen-base bundle, fit to
 * per-item target vectors in an LLM's token-embedding space (or, for tests and the demo, to the
 * STAND-IN space of the bundle's MiniLM text embeddings). Writes a new bundle; the input stays as
 * it is. Needs the DJL PyTorch jars, like {@code train}.
 */
@Command(
        name = "train-projectors",
        mixinStandardHelpOptions = true,
        description =
                "Fits the soft-token projectors F_U, F_I (A-LLMRec stage 2 shapes) of a frozen-base"
                        + " bundle to per-item target vectors and writes a new bundle with them.")
public class TrainProjectorsCommand implements Callable<Integer> {

    @Option(
            names = "--bundle",
            required = true,
            description = "Frozen-base bundle to add the projectors to (left unchanged).")
    Path bundle;

    @Option(
            names = "--out",
            required = true,
            description = "New bundle directory (must not exist or be empty).")
    Path out;

    @Option(
            names = "--dataset",
            defaultValue = "data/movielens-latest-small",
            description =
                    "Dataset the bundle was trained on; its events before the bundle's cutoff give"
                            + " the F_U pairs. Default: ${DEFAULT-VALUE}")
    Path dataset;

    @ArgGroup(exclusive = true, multiplicity = "1")
    TargetChoice targets;

    static class TargetChoice {
        @Option(
                names = "--targets",
                description =
                        "Per-item targets, JSON lines {\"item\":..,\"target\":[..]} in the LLM's"
                                + " token-embedding space (docs/EXPLANATIONS.md).")
        Path file;

        @Option(
                names = "--stand-in",
                description =
                        "Fit to the STAND-IN space of the bundle's MiniLM item text embeddings"
                                + " (tests and demo; not an LLM's space).")
        boolean standIn;
    }

    @Option(
            names = "--target-name",
            description =
                    "What the --targets are, stored in the manifest (e.g. 'mean input embedding of"
                            + " the title, meta-llama/Llama-3.2-1B-Instruct').")
    String targetName;

    @Option(names = "--hidden", defaultValue = "256", description = "Hidden size H.")
    int hidden;

    @Option(names = "--epochs", defaultValue = "30", description = "Epochs of each fit.")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "256", description = "Pairs per step.")
    int batchSize;

    @Option(names = "--learning-rate", defaultValue = "0.003", description = "Adam step size.")
    float learningRate;

    @Option(
            names = "--next-items",
            defaultValue = "5",
            description = "A user's target: mean target of their next N items.")
    int nextItems;

    @Option(
            names = "--max-user-pairs",
            defaultValue = "20000",
            description = "Most F_U pairs, sampled over the training window's events.")
    int maxUserPairs;

    @Option(
            names = "--validation",
            defaultValue = "0.1",
            description = "Share of pairs held out for the reported MSE.")
    double validation;

    @Option(names = "--seed", defaultValue = "42", description = "Seed.")
    long seed;

    @Override
    public Integer call() {
        long start = System.nanoTime();
        ProjectorTrainer.Config config;
        try {
            config =
                    new ProjectorTrainer.Config(
                            hidden, epochs, batchSize, learningRate, validation, seed);
            if (nextItems <= 0 || maxUserPairs < 2) {
                throw new IllegalArgumentException(
                        "--next-items must be positive and --max-user-pairs at least 2");
            }
        } catch (IllegalArgumentException e) {
            return fail(TrainCommand.EXIT_BAD_INPUT, e.getMessage());
        }
        ProjectorTraining.Result result;
        try {
            ModelBundle in = ModelBundles.read(bundle);
            Dataset data = DatasetLoader.load(dataset);
            Map<String, float[]> vectors;
            String name;
            if (targets.standIn) {
                vectors = ProjectorTargets.standIn(in, BaseTensors.ITEM_TEXT);
                name = ProjectorTargets.STAND_IN;
            } else {
                vectors = ProjectorTargets.read(targets.file);
                name = targetName != null ? targetName : "targets from " + targets.file;
            }
            result =
                    ProjectorTraining.run(
                            in,
                            data.interactions(),
                            vectors,
                            name,
                            config,
                            nextItems,
                            maxUserPairs);
        } catch (BundleException | DatasetFormatException | TrainingException e) {
            return fail(TrainCommand.EXIT_BAD_INPUT, e.getMessage());
        }
        BundleManifest written;
        try {
            written = ModelBundles.write(out, result.bundle());
        } catch (BundleException e) {
            return fail(TrainCommand.EXIT_FAILURE, e.getMessage());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(
                format(
                        "added soft-token projectors (m=%d, H=%d) in %.1f s: %s%n",
                        written.dimensions.get(BaseTensors.DIM_LLM),
                        hidden,
                        (System.nanoTime() - start) / 1e9,
                        written.modelVersion));
        sb.append(format("target space: %s%n", written.hyperParameters.get("softTokenTarget")));
        append(sb, "F_I", result.item(), result.itemPairs());
        append(sb, "F_U", result.user(), result.userPairs());
        sb.append(format("bundle: %s%n", out.toAbsolutePath().normalize()));
        System.out.print(sb);
        return 0;
    }

    private static void append(StringBuilder sb, String name, ProjectorTrainer.Fit fit, int pairs) {
        sb.append(
                format(
                        "%s: %,d pairs; train MSE %.5f (epoch 1) -> %.5f (epoch %d); held-out MSE"
                                + " %.5f vs %.5f predicting the mean%n",
                        name,
                        pairs,
                        fit.trainLoss().get(0),
                        fit.trainLoss().get(fit.trainLoss().size() - 1),
                        fit.trainLoss().size(),
                        fit.validationLoss(),
                        fit.meanBaselineLoss()));
    }

    private static String format(String pattern, Object... args) {
        return String.format(Locale.ROOT, pattern, args);
    }

    private static int fail(int code, String message) {
        System.err.println("error: " + message);
        return code;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainProjectorsCommand()).execute(args));
    }
}
