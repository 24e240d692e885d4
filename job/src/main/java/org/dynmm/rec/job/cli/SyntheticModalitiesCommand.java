package org.dynmm.rec.job.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetFormatException;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.ModalityFile;
import org.dynmm.rec.models.data.SyntheticModalityGenerator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes SYNTHETIC visual or audio vectors for a dataset's items (see {@link
 * SyntheticModalityGenerator}) in the modality file format {@code train --modalities} reads. The
 * output file name must contain "synthetic", so synthetic vectors are never mistaken for real ones.
 */
@Command(
        name = "synthetic-modalities",
        mixinStandardHelpOptions = true,
        description =
                "Writes SYNTHETIC visual/audio vectors derived from item attributes plus noise (or"
                        + " pure noise), for testing the multimodal branch; not real features.")
public class SyntheticModalitiesCommand implements Callable<Integer> {

    @Option(
            names = "--dataset",
            defaultValue = "data/movielens-latest-small",
            description = "Dataset directory. Default: ${DEFAULT-VALUE}")
    Path dataset;

    @Option(
            names = "--out",
            defaultValue = "target/synthetic-modalities/synthetic-visual.jsonl",
            description =
                    "Output file (JSON lines); its name must contain 'synthetic'. Default:"
                            + " ${DEFAULT-VALUE}")
    Path out;

    @Option(
            names = "--modality",
            defaultValue = "visual",
            description = "visual or audio. Default: ${DEFAULT-VALUE}")
    String modality;

    @Option(
            names = "--dim",
            defaultValue = "32",
            description = "Values per vector. Default: ${DEFAULT-VALUE}")
    int dim;

    @Option(
            names = "--noise",
            defaultValue = "0.5",
            description =
                    "Expected length of the noise added to the unit-length signal. Default:"
                            + " ${DEFAULT-VALUE}")
    float noise;

    @Option(
            names = "--missing-rate",
            defaultValue = "0",
            description = "Probability an item gets no vector. Default: ${DEFAULT-VALUE}")
    float missingRate;

    @Option(
            names = "--pure-noise",
            description = "Vectors independent of the item: a modality that carries no signal.")
    boolean pureNoise;

    @Option(
            names = "--attribute",
            defaultValue = "genres",
            description =
                    "Item attribute the SYNTHETIC signal derives from, e.g. genres; '"
                            + SyntheticModalityGenerator.RELEASE_YEAR
                            + "': the release year parsed from titles like 'Heat (1995)',"
                            + " encoded smoothly as an era (items without a year get no vector)."
                            + " Default: ${DEFAULT-VALUE}")
    String attribute;

    @Option(names = "--seed", defaultValue = "7", description = "Seed. Default: ${DEFAULT-VALUE}")
    long seed;

    @Override
    public Integer call() {
        if (!out.getFileName().toString().toLowerCase(Locale.ROOT).contains("synthetic")) {
            return fail("--out " + out + ": the file name must contain 'synthetic'");
        }
        if (!ModalityFile.VISUAL.equals(modality) && !ModalityFile.AUDIO.equals(modality)) {
            return fail("--modality must be visual or audio, is " + modality);
        }
        SyntheticModalityGenerator generator;
        Dataset data;
        try {
            generator =
                    new SyntheticModalityGenerator(
                            new SyntheticModalityGenerator.Settings(
                                    dim, noise, missingRate, pureNoise, attribute, seed));
            data = DatasetLoader.load(dataset);
        } catch (IllegalArgumentException | DatasetFormatException e) {
            return fail(e.getMessage());
        }
        Map<String, float[]> vectors = generator.generate(data.items());
        try {
            ModalityFile.write(out, modality, vectors);
        } catch (IOException e) {
            System.err.println("error: cannot write " + out + ": " + e.getMessage());
            return TrainCommand.EXIT_FAILURE;
        }
        System.out.println(
                String.format(
                        Locale.ROOT,
                        "wrote SYNTHETIC %s vectors (%s, dim %d, noise %.2f, missing rate %.2f) for"
                                + " %d of %d items to %s",
                        modality,
                        pureNoise ? "pure noise" : "from " + attribute,
                        dim,
                        noise,
                        missingRate,
                        vectors.size(),
                        data.items().size(),
                        out));
        return 0;
    }

    private static int fail(String message) {
        System.err.println("error: " + message);
        return TrainCommand.EXIT_BAD_INPUT;
    }
}
