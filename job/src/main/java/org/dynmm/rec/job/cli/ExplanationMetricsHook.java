package org.dynmm.rec.job.cli;

import java.util.List;
import org.dynmm.rec.models.eval.EvaluationConfig;
import org.dynmm.rec.models.eval.ExplanationEvaluator;
import org.dynmm.rec.models.eval.PrequentialEvaluator;
import org.dynmm.rec.models.eval.RankingMethod;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.explain.Explainer;

/** Attaches explanation metrics for one method to an evaluator run (evaluate --explain). */
final class ExplanationMetricsHook {
    private ExplanationMetricsHook() {}

    /**
     * An {@link ExplanationEvaluator} for method {@code name}, observing {@code evaluator}; null
     * for {@code none}. The explainer uses the job's default settings with the replay's
     * co-interaction window.
     */
    static ExplanationEvaluator attach(
            PrequentialEvaluator evaluator,
            List<RankingMethod> methods,
            String name,
            EvaluationConfig config) {
        if (name == null || name.equalsIgnoreCase("none")) {
            return null;
        }
        RankingMethod method =
                methods.stream()
                        .filter(m -> m.name().equals(name))
                        .findFirst()
                        .orElseThrow(
                                () ->
                                        new IllegalArgumentException(
                                                "--explain names no evaluated method: "
                                                        + name
                                                        + "; one of "
                                                        + methods.stream()
                                                                .map(RankingMethod::name)
                                                                .toList()));
        if (method.scorer() == null) {
            throw new IllegalArgumentException(
                    "--explain needs a method with a fixed scorer; "
                            + name
                            + " learns online (explain frozen-base instead)");
        }
        ExplainSettings d = ExplainSettings.defaults();
        ExplainSettings settings =
                new ExplainSettings(
                        d.maxContributions(),
                        d.minShare(),
                        config.cooccurrenceWindow(),
                        d.attributeKeys(),
                        d.maxSharedAttributes(),
                        d.minSimilarity(),
                        d.recentWindow(),
                        d.minShiftRise());
        ExplanationEvaluator explanations =
                new ExplanationEvaluator(
                        name,
                        method.scorer(),
                        Explainer.forScorer(method.scorer(), settings),
                        config.k());
        evaluator.addObserver(explanations);
        return explanations;
    }
}
