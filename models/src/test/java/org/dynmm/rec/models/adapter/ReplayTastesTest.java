package org.dynmm.rec.models.adapter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.SyntheticTasteShift;
import org.dynmm.rec.models.eval.EvaluationConfig;
import org.dynmm.rec.models.eval.ExplanationEvaluator;
import org.dynmm.rec.models.eval.ExplanationReport;
import org.dynmm.rec.models.eval.PrequentialEvaluator;
import org.dynmm.rec.models.eval.RankingMethod;
import org.dynmm.rec.models.eval.ReplayObserver;
import org.dynmm.rec.models.explain.Evidence;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.explain.Explainer;
import org.dynmm.rec.models.ranking.CooccurrenceScorer;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;
import org.junit.jupiter.api.Test;

class ReplayTastesTest {
    private static final long HOUR = 3_600_000L;
    private static final ExplainSettings SETTINGS = ExplainSettings.defaults();
    private static final EvaluationConfig CONFIG =
            new EvaluationConfig(0.6, 5, 50, 5000, 20, Duration.ZERO);

    /** SYNTHETIC: see {@link SyntheticTasteShift}. */
    private static Dataset shiftingDataset() {
        return SyntheticTasteShift.dataset(true);
    }

    private static InteractionEvent event(int user, String item, long ts) {
        return new InteractionEvent("u" + user, item, "view", 1f, ts);
    }

    /** Each user's summary as the adapted ranker builds it: every non-duplicate event recorded. */
    private static Map<String, UserTaste> expectedTastes(
            List<InteractionEvent> events, ItemStatsIndex index, long before) {
        Map<String, UserTaste> tastes = new HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (InteractionEvent e : events) {
            if (e.ts >= before || !seen.add(e.user + '\u0000' + e.dedupKey())) {
                continue;
            }
            tastes.computeIfAbsent(e.user, u -> new UserTaste())
                    .record(e.ts, index.attributesOf(index.idOf(e.item)), SETTINGS.attributeKeys());
        }
        return tastes;
    }

    @Test
    void eachTestListSeesTheUsersEarlierEventsButNotItsOwn() {
        Dataset data = shiftingDataset();
        ItemScorer scorer = CooccurrenceScorer.cosine(20);
        ReplayTastes tastes =
                new ReplayTastes(SETTINGS, Explainer.forScorer(scorer, SETTINGS).shifts());
        List<String> mismatches = new ArrayList<>();
        int[] checked = {0};
        ReplayObserver probe =
                new ReplayObserver() {
                    @Override
                    public void onTestEvent(
                            InteractionEvent event,
                            UserContext user,
                            ItemStatsIndex index,
                            boolean[] excluded) {
                        // Event times are distinct per user, so "before ts" is "before it".
                        UserTaste expected =
                                expectedTastes(data.interactions(), index, event.ts)
                                        .get(event.user);
                        if (!java.util.Objects.equals(expected, tastes.tasteOf(event.user))) {
                            mismatches.add(event.user + "@" + event.ts);
                        }
                        checked[0]++;
                    }
                };
        new PrequentialEvaluator(CONFIG, List.of(new RankingMethod("cooc", scorer)))
                .addObserver(tastes)
                .addObserver(probe)
                .evaluate(data);

        assertThat(checked[0]).isGreaterThan(100);
        assertThat(mismatches).isEmpty();
        assertThat(tastes.users()).isEqualTo(24);
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        data.items().values().forEach(index::putContent);
        Map<String, UserTaste> all = expectedTastes(data.interactions(), index, Long.MAX_VALUE);
        for (Map.Entry<String, UserTaste> e : all.entrySet()) {
            assertThat(tastes.tasteOf(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
            assertThat(e.getValue().events()).isEqualTo(28); // the duplicate was not recorded
        }
    }

    @Test
    void tasteShiftsAreStatedOnTheReplayAndEveryClaimIsSupported() {
        ExplanationReport taste = run(true);
        ExplanationReport history = run(false);

        assertThat(taste.tasteShiftRationales()).isPositive();
        assertThat(taste.claimPrecision()).isEqualTo(1.0);
        assertThat(taste.passedRationales()).isEqualTo(taste.rationales());
        assertThat(taste.renderTable())
                .contains("recent-taste summary " + taste.tasteShiftRationales());
        // Same lists: only where the shifts come from differs.
        assertThat(taste.lists()).isEqualTo(history.lists());
        assertThat(taste.rationales()).isEqualTo(history.rationales());
        assertThat(history.tasteShiftRationales()).isZero();
        assertThat(history.claimPrecision()).isEqualTo(1.0);
    }

    @Test
    void aUserWithoutEventsHasNoShiftYet() {
        ItemScorer scorer = CooccurrenceScorer.cosine(20);
        ReplayTastes tastes =
                new ReplayTastes(SETTINGS, Explainer.forScorer(scorer, SETTINGS).shifts());
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        shiftingDataset().items().values().forEach(index::putContent);
        List<Evidence> shifts =
                tastes.forRequest(event(0, "m31", 5 * HOUR), index)
                        .forUser(index, UserContext.of(List.of(), List.of()))
                        .shiftsFor(index.idOf("m31"));
        assertThat(shifts).isEmpty();
        assertThat(tastes.tasteOf("u0")).isNull();

        for (int k = 0; k < 8; k++) {
            tastes.onApplied(event(0, "m" + (30 + k), 5 * HOUR + k * 60_000L), index);
        }
        shifts =
                tastes.forRequest(event(0, "m40", 6 * HOUR), index)
                        .forUser(index, UserContext.of(List.of(), List.of()))
                        .shiftsFor(index.idOf("m40"));
        // Only dramas, all within the hour: 100% at both half-lives, so no rise, no shift.
        assertThat(shifts).isEmpty();
        assertThat(tastes.tasteOf("u0").events()).isEqualTo(8);
        tastes.onApplied(event(0, "unknown-item", 7 * HOUR), index);
        assertThat(tastes.tasteOf("u0").events())
                .as("an unknown item is not recorded")
                .isEqualTo(8);
    }

    private static ExplanationReport run(boolean taste) {
        Dataset data = shiftingDataset();
        ItemScorer scorer = CooccurrenceScorer.cosine(20);
        Explainer explainer = Explainer.forScorer(scorer, SETTINGS);
        PrequentialEvaluator evaluator =
                new PrequentialEvaluator(CONFIG, List.of(new RankingMethod("cooc", scorer)));
        ExplanationEvaluator explanations;
        if (taste) {
            ReplayTastes tastes = new ReplayTastes(SETTINGS, explainer.shifts());
            explanations = new ExplanationEvaluator("cooc", scorer, explainer, 5, tastes);
            evaluator.addObserver(tastes);
        } else {
            explanations = new ExplanationEvaluator("cooc", scorer, explainer, 5);
        }
        evaluator.addObserver(explanations).evaluate(data);
        ExplanationReport report = explanations.report();
        assertThat(report.lists()).isPositive();
        return report;
    }
}
