package org.dynmm.rec.job.cli;

import java.util.List;
import java.util.Locale;
import org.apache.flink.configuration.Configuration;
import org.dynmm.rec.job.config.RecSettings;
import org.dynmm.rec.models.adapter.ReplayTastes;
import org.dynmm.rec.models.eval.EvaluationConfig;
import org.dynmm.rec.models.eval.ExplanationEvaluator;
import org.dynmm.rec.models.eval.PrequentialEvaluator;
import org.dynmm.rec.models.eval.RankingMethod;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.explain.Explainer;

/** Attaches explanation metrics for one method to an evaluator run (evaluate --explain). */
final class ExplanationMetricsHook {
    private ExplanationMetricsHook() {}

    /** Where the explained lists' interest shifts come from (evaluate --explain-shifts). */
    enum ShiftSource {
        /** As the job with the command's configuration would: {@link #TASTE} with the adapter. */
        JOB,
        /** From the user's last items against the earlier ones (the baseline rankers' source). */
        HISTORY,
        /** From the user's recent-taste summary, kept per user along the replay (the adapter's). */
        TASTE;

        /** This source resolved against {@code conf}: never {@link #JOB}. */
        ShiftSource resolve(Configuration conf) {
            if (this != JOB) {
                return this;
            }
            return RecSettings.adapterEnabled(conf) ? TASTE : HISTORY;
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * An {@link ExplanationEvaluator} for method {@code name}, observing {@code evaluator}; null
     * for {@code none}. The explainer uses the job's settings from {@code conf} ({@code
     * rec.explain.*}) with the replay's co-interaction window, and interest shifts from {@code
     * shifts}: with {@link ShiftSource#TASTE}, each user's recent-taste summary is kept along the
     * replay exactly as the adapted ranker keeps it ({@link ReplayTastes}).
     */
    static ExplanationEvaluator attach(
            PrequentialEvaluator evaluator,
            List<RankingMethod> methods,
            String name,
            EvaluationConfig config,
            Configuration conf,
            ShiftSource shifts) {
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
        ExplainSettings settings = settings(conf, config);
        Explainer explainer = Explainer.forScorer(method.scorer(), settings);
        ExplanationEvaluator explanations;
        if (shifts.resolve(conf) == ShiftSource.TASTE) {
            ReplayTastes tastes = new ReplayTastes(settings, explainer.shifts());
            explanations =
                    new ExplanationEvaluator(name, method.scorer(), explainer, config.k(), tastes);
            // Sees every applied event, training ones included; a test event's list is explained
            // (onTestEvent) before the event is recorded (onApplied).
            evaluator.addObserver(tastes);
        } else {
            explanations = new ExplanationEvaluator(name, method.scorer(), explainer, config.k());
        }
        evaluator.addObserver(explanations);
        return explanations;
    }

    /** The job's explanation settings ({@code rec.explain.*}) with the replay's window. */
    static ExplainSettings settings(Configuration conf, EvaluationConfig config) {
        ExplainSettings job = RecSettings.explain(conf).settings();
        return new ExplainSettings(
                job.maxContributions(),
                job.minShare(),
                config.cooccurrenceWindow(),
                job.attributeKeys(),
                job.maxSharedAttributes(),
                job.minSimilarity(),
                job.recentWindow(),
                job.minShiftRise());
    }
}
