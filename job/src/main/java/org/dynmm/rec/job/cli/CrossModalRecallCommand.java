package org.dynmm.rec.job.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.bundle.ModelBundles;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.DatasetFormatException;
import org.dynmm.rec.models.data.DatasetLoader;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.data.ModalityFile;
import org.dynmm.rec.models.eval.CrossModalRetrieval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Cross-modal retrieval recall@k of a bundle's projection heads (text latent among visual ones).
 */
@Command(
        name = "cross-modal-recall",
        mixinStandardHelpOptions = true,
        description =
                "Recall@k of each item's text latent f_T(e_txt) among the visual (or audio)"
                        + " latents f_V(x) of all items, by cosine.")
public class CrossModalRecallCommand implements Callable<Integer> {

    @Option(names = "--bundle", required = true, description = "Model bundle directory.")
    Path bundle;

    @Option(
            names = "--dataset",
            defaultValue = "data/movielens-latest-small",
            description = "Dataset directory. Default: ${DEFAULT-VALUE}")
    Path dataset;

    @Option(
            names = "--modalities",
            required = true,
            description = "Modality file (JSON lines) with the items' vectors.")
    Path modalities;

    @Option(
            names = "--modality",
            defaultValue = "visual",
            description = "visual or audio. Default: ${DEFAULT-VALUE}")
    String modality;

    @Option(names = "--k", defaultValue = "10", description = "Default: ${DEFAULT-VALUE}")
    int k;

    @Override
    public Integer call() {
        CrossModalRetrieval.Result result;
        try {
            ModelBundle b = ModelBundles.read(bundle);
            BaseModel model = BaseModel.load(b);
            Dataset data = DatasetLoader.load(dataset);
            ModalityFile.attach(data, modalities);
            Map<String, float[]> vectors = new LinkedHashMap<>();
            for (ItemContent c : data.items().values()) {
                float[] v = ModalityFile.AUDIO.equals(modality) ? c.audio : c.visual;
                if (v != null) {
                    vectors.put(c.item, v);
                }
            }
            result = CrossModalRetrieval.recallAtK(b, model, modality, vectors, k);
        } catch (BundleException | DatasetFormatException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return TrainCommand.EXIT_BAD_INPUT;
        }
        System.out.println(
                String.format(
                        Locale.ROOT,
                        "cross-modal recall@%d (text -> %s) over %d items: %.4f (chance %.4f)",
                        result.k(),
                        modality,
                        result.items(),
                        result.recall(),
                        result.items() == 0 ? 0 : Math.min(1.0, (double) k / result.items())));
        return 0;
    }
}
