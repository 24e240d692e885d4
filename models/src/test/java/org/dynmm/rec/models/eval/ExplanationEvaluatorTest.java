package org.dynmm.rec.models.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.explain.Explainer;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.PopularityScorer;
import org.junit.jupiter.api.Test;

class ExplanationEvaluatorTest {

    /** SYNTHETIC: 30 users taking random items of two genre clusters, in time order. */
    private static Dataset clusteredDataset() {
        Random random = new Random(7);
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            String genre = i < 20 ? "Drama" : "Comedy";
            items.put(
                    "i" + i,
                    new ItemContent(
                            "i" + i,
                            "Item " + i + " (2000)",
                            null,
                            Map.of("genres", List.of(genre)),
                            0));
        }
        List<InteractionEvent> events = new ArrayList<>();
        long ts = 1;
        for (int step = 0; step < 12; step++) {
            for (int u = 0; u < 30; u++) {
                int cluster = u % 2 == 0 ? 0 : 20;
                String item = "i" + (cluster + random.nextInt(20));
                events.add(new InteractionEvent("u" + u, item, "view", 1f, ts++));
            }
        }
        return new Dataset("clustered-synthetic", events, items);
    }

    private static ExplanationReport run(
            String name, org.dynmm.rec.models.ranking.ItemScorer scorer) {
        EvaluationConfig config = new EvaluationConfig(0.5, 5, 50, 5000, 20, Duration.ZERO);
        ExplanationEvaluator explanations =
                new ExplanationEvaluator(
                        name, scorer, Explainer.forScorer(scorer, ExplainSettings.defaults()), 5);
        new PrequentialEvaluator(config, List.of(new RankingMethod(name, scorer)))
                .addObserver(explanations)
                .evaluate(clusteredDataset());
        return explanations.report();
    }

    @Test
    void realizerRationalesAreFullySupportedAndTheirCitedItemsNecessary() {
        ExplanationReport report = run("cooccurrence", new CooccurrenceScorer(20));

        assertThat(report.lists()).isPositive();
        assertThat(report.rationales()).isGreaterThanOrEqualTo(report.lists());
        assertThat(report.claims()).isGreaterThan(report.rationales());
        assertThat(report.claimPrecision()).isEqualTo(1.0);
        assertThat(report.passedRationales()).isEqualTo(report.rationales());
        // Co-occurrence is a sum over history items: removing a cited contributor always lowers
        // the score, so every citing rationale is necessary.
        assertThat(report.citing()).isPositive();
        assertThat(report.counterfactualNecessity()).isCloseTo(1.0, within(1e-12));
        assertThat(report.uniqueSentenceRatio()).isBetween(0.0, 1.0).isPositive();
        assertThat(report.featureDiversity()).isPositive();
        assertThat(report.renderTable()).contains("claim precision", "1.0000");
    }

    @Test
    void popularityRationalesCiteNoHistoryItem() {
        ExplanationReport report = run("popularity", PopularityScorer.plainCounts());

        assertThat(report.claimPrecision()).isEqualTo(1.0);
        // Popularity ignores history: its rationales cite shared genres, whose items are not
        // necessary for the score; the metric must say so rather than pass by construction.
        assertThat(report.counterfactualNecessity()).isLessThan(0.5);
    }
}
