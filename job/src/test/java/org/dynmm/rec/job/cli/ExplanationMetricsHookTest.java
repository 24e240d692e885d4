package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.flink.configuration.Configuration;
import org.dynmm.rec.job.cli.ExplanationMetricsHook.ShiftSource;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.eval.EvaluationConfig;
import org.dynmm.rec.models.eval.ExplanationEvaluator;
import org.dynmm.rec.models.eval.ExplanationReport;
import org.dynmm.rec.models.eval.PrequentialEvaluator;
import org.dynmm.rec.models.eval.RankingMethod;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.junit.jupiter.api.Test;

class ExplanationMetricsHookTest {
    private static final long HOUR = 3_600_000L;
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

    /**
     * SYNTHETIC: 24 users; each takes 20 comedies (of 12) twelve hours apart, then 8 random dramas
     * ten minutes apart (a taste shift), user u starting 6u hours after user 0.
     */
    private static Dataset shiftingDataset() {
        Random random = new Random(11);
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (int i = 0; i < 60; i++) {
            String genre = i < 30 ? "Comedy" : "Drama";
            items.put(
                    "m" + i,
                    new ItemContent(
                            "m" + i,
                            genre + " film " + i + " (1999)",
                            null,
                            Map.of("genres", List.of(genre)),
                            0));
        }
        List<InteractionEvent> events = new ArrayList<>();
        for (int u = 0; u < 24; u++) {
            long ts = 1_000_000L + u * 6 * HOUR;
            for (int k = 0; k < 28; k++) {
                String item = k < 20 ? "m" + random.nextInt(12) : "m" + (30 + random.nextInt(30));
                events.add(new InteractionEvent("u" + u, item, "view", 1f, ts));
                ts += k < 20 ? 12 * HOUR : HOUR / 6;
            }
        }
        events.sort(Comparator.comparingLong(e -> e.ts));
        return new Dataset("shifting-synthetic", events, items);
    }
}
