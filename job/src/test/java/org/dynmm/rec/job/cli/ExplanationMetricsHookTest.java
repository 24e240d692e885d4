package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.dynmm.rec.job.cli.ExplanationMetricsHook.ShiftSource;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.SyntheticTasteShift;
import org.dynmm.rec.models.eval.EvaluationConfig;
import org.dynmm.rec.models.eval.ExplanationEvaluator;
import org.dynmm.rec.models.eval.ExplanationReport;
import org.dynmm.rec.models.eval.PrequentialEvaluator;
import org.dynmm.rec.models.eval.RankingMethod;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.junit.jupiter.api.Test;

class ExplanationMetricsHookTest {
    private static final EvaluationConfig CONFIG =
            new EvaluationConfig(0.6, 5, 50, 5000, 20, Duration.ZERO);

    private static Configuration conf(Map<String, String> keys) {
        return Configuration.fromMap(keys);
    }

    @Test
    void theJobSourceIsTheTasteSummaryExactlyWhenTheJobRanksWithTheAdapter() {
        Configuration adapted =
                conf(Map.of("rec.ranker.kind", "FROZEN_BASE", "rec.adapter.enabled", "true"));
        Configuration frozenOnly =
                conf(Map.of("rec.ranker.kind", "FROZEN_BASE", "rec.adapter.enabled", "false"));
        Configuration baseline = conf(Map.of());

        assertThat(ShiftSource.JOB.resolve(adapted)).isEqualTo(ShiftSource.TASTE);
        assertThat(ShiftSource.JOB.resolve(frozenOnly)).isEqualTo(ShiftSource.HISTORY);
        assertThat(ShiftSource.JOB.resolve(baseline)).isEqualTo(ShiftSource.HISTORY);
        assertThat(ShiftSource.TASTE.resolve(baseline)).isEqualTo(ShiftSource.TASTE);
        assertThat(ShiftSource.HISTORY.resolve(adapted)).isEqualTo(ShiftSource.HISTORY);
        assertThat(new EvaluateCommand.ShiftSourceConverter().convert(" Taste "))
                .isEqualTo(ShiftSource.TASTE);
        assertThatThrownBy(() -> new EvaluateCommand.ShiftSourceConverter().convert("llm"))
                .hasMessageContaining("job, history, taste");
    }

    @Test
    void theExplainSettingsAreTheJobsWithTheReplaysWindow() {
        var settings =
                ExplanationMetricsHook.settings(
                        conf(
                                Map.of(
                                        "rec.explain.attribute-keys", "genres",
                                        "rec.explain.min-shift-rise", "0.3",
                                        "rec.ranker.cooccurrence-window", "7")),
                        CONFIG);
        assertThat(settings.attributeKeys()).containsExactly("genres");
        assertThat(settings.minShiftRise()).isEqualTo(0.3);
        assertThat(settings.coInteractionWindow()).isEqualTo(CONFIG.cooccurrenceWindow());
    }

    @Test
    void withTheAdapterConfiguredTheReplayStatesTasteShiftsAndVerifiesThem() {
        ExplanationReport adapted =
                run(
                        conf(
                                Map.of(
                                        "rec.ranker.kind", "FROZEN_BASE",
                                        "rec.adapter.enabled", "true")),
                        ShiftSource.JOB);
        ExplanationReport baseline = run(conf(Map.of()), ShiftSource.JOB);

        assertThat(adapted.tasteShiftRationales()).isPositive();
        assertThat(adapted.claimPrecision()).isEqualTo(1.0);
        assertThat(adapted.passedRationales()).isEqualTo(adapted.rationales());
        assertThat(baseline.tasteShiftRationales()).isZero();
        assertThat(baseline.historyShiftRationales()).isPositive();
        assertThat(baseline.rationales()).isEqualTo(adapted.rationales());
    }

    private static ExplanationReport run(Configuration conf, ShiftSource shifts) {
        List<RankingMethod> methods =
                List.of(new RankingMethod("cooccurrence-cosine", CooccurrenceScorer.cosine(20)));
        PrequentialEvaluator evaluator = new PrequentialEvaluator(CONFIG, methods);
        ExplanationEvaluator explanations =
                ExplanationMetricsHook.attach(
                        evaluator, methods, "cooccurrence-cosine", CONFIG, conf, shifts);
        evaluator.evaluate(shiftingDataset());
        return explanations.report();
    }

    /** SYNTHETIC: see {@link SyntheticTasteShift}. */
    private static Dataset shiftingDataset() {
        return SyntheticTasteShift.dataset(false);
    }
}
