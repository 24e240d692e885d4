package org.dynmm.rec.models.train;

import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.bundle.ModelBundle;

/**
 * What {@link BaseTrainer#train} produced.
 *
 * @param bundle the trained frozen base, not yet written (null from {@link
 *     BaseTrainer#validateOnly})
 * @param epochs epochs of the final training run (the best epoch from {@code validateOnly})
 * @param finalLosses mean loss terms of the final epoch, by name (also in the manifest)
 * @param validation validation metrics by name (empty without validation; also in the manifest)
 * @param validationCurve per epoch of the validation run: NDCG@10 on the held-out events
 * @param trainingSeconds wall time of the whole training, text embedding included
 */
public record TrainingResult(
        ModelBundle bundle,
        int epochs,
        Map<String, Double> finalLosses,
        Map<String, Double> validation,
        List<Double> validationCurve,
        double trainingSeconds) {}
