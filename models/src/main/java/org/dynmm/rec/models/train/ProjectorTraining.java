package org.dynmm.rec.models.train;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.dynmm.rec.models.base.BaseModel;
import org.dynmm.rec.models.base.SoftTokenProjectors;
import org.dynmm.rec.models.bundle.ModelBundle;
import org.dynmm.rec.models.data.InteractionEvent;

/**
 * Adds soft-token projectors to a frozen-base bundle: builds the {@link ProjectorExamples} from the
 * bundle's training window, fits {@code F_I} and {@code F_U} with the {@link ProjectorTrainer} and
 * returns the bundle with them (a new model version; the input bundle is not changed).
 */
public final class ProjectorTraining {

    /** The new bundle, both fits, and the pair counts. */
    public record Result(
            ModelBundle bundle,
            ProjectorTrainer.Fit item,
            ProjectorTrainer.Fit user,
            int itemPairs,
            int userPairs) {}

    private ProjectorTraining() {}

    /**
     * @param bundle a frozen-base bundle
     * @param events the dataset's events in time order; those before the bundle's cutoff are used
     * @param targets per-item targets (see {@link ProjectorTargets})
     * @param target what the targets are, stored in the manifest
     * @param next the next items whose mean target is a user's target
     * @param maxUserPairs most {@code F_U} pairs
     */
    public static Result run(
            ModelBundle bundle,
            List<InteractionEvent> events,
            Map<String, float[]> targets,
            String target,
            ProjectorTrainer.Config config,
            int next,
            int maxUserPairs) {
        if (targets.isEmpty()) {
            throw new TrainingException("no target vectors");
        }
        BaseModel base = BaseModel.load(bundle);
        long cutoff = bundle.manifest().trainingData.cutoffTs;
        long before = cutoff > 0 ? cutoff : Long.MAX_VALUE;
        ProjectorExamples.Pairs items = ProjectorExamples.items(base, targets);
        ProjectorExamples.Pairs users =
                ProjectorExamples.users(
                        base,
                        events,
                        before,
                        targets,
                        next,
                        maxUserPairs,
                        new Random(config.seed()));
        if (items.size() < 2 || users.size() < 2) {
            throw new TrainingException(
                    "too few pairs to fit the projectors: "
                            + items.size()
                            + " items with a target in the bundle, "
                            + users.size()
                            + " user positions before the cutoff; do the targets' item ids match"
                            + " the bundle's?");
        }
        ProjectorTrainer trainer = new ProjectorTrainer(config);
        ProjectorTrainer.Fit item = trainer.fit(items.x(), items.y());
        ProjectorTrainer.Fit user = trainer.fit(users.x(), users.y());
        int m = items.y()[0].length;
        SoftTokenProjectors projectors =
                SoftTokenProjectors.of(
                        base.jointDim(),
                        config.hidden(),
                        m,
                        user.weights(),
                        item.weights(),
                        target);
        Map<String, Object> extra = new TreeMap<>();
        extra.put("softTokenHidden", config.hidden());
        extra.put("softTokenEpochs", config.epochs());
        extra.put("softTokenNextItems", next);
        extra.put("softTokenItemPairs", items.size());
        extra.put("softTokenUserPairs", users.size());
        extra.put("softTokenItemValidationMse", finite(item.validationLoss()));
        extra.put("softTokenItemMeanBaselineMse", finite(item.meanBaselineLoss()));
        extra.put("softTokenUserValidationMse", finite(user.validationLoss()));
        extra.put("softTokenUserMeanBaselineMse", finite(user.meanBaselineLoss()));
        ModelBundle out = projectors.addTo(bundle, bundle.modelVersion() + "+soft-tokens", extra);
        return new Result(out, item, user, items.size(), users.size());
    }

    /** JSON has no NaN: a missing figure is stored as -1. */
    private static double finite(double v) {
        return Double.isFinite(v) ? v : -1.0;
    }
}
