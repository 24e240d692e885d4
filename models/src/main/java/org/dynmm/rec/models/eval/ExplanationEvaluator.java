package org.dynmm.rec.models.eval;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.explain.Counterfactuals;
import org.dynmm.rec.models.explain.Evidence;
import org.dynmm.rec.models.explain.EvidenceKind;
import org.dynmm.rec.models.explain.Explainer;
import org.dynmm.rec.models.explain.Explanation;
import org.dynmm.rec.models.explain.InterestShiftSource;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Explanation metrics on the prequential replay: for every ranked test event, the method's top-k
 * list for the user is explained exactly as the job does ({@link Explainer}) and measured.
 *
 * <ul>
 *   <li><b>Claim precision</b>: the verifier's supported claims over stated claims.
 *   <li><b>Counterfactual necessity</b>: a rationale cites a history item (the one its first
 *       sentence names: the top contribution, else the co-interaction, shared-attribute or
 *       similarity item); remove that item from the user's recent items (it stays taken) and
 *       rescore the catalog; the rationale is necessary when the item's score or its rank drops.
 *   <li><b>Unique sentence ratio</b> (PETER): distinct rationale texts over all rationales; also
 *       distinct sentences over all sentences.
 *   <li><b>Feature diversity</b> (PETER's DIV): the mean, over pairs of rationales, of the number
 *       of features both mention, features being the attribute values and history items a rationale
 *       names; computed exactly from per-feature counts.
 *   <li><b>Interest shifts</b>: rationales that state a recent-interest shift, split into shifts
 *       from the recent-taste summary (time-decayed weights with half-lives) and from the history
 *       (shares of the last items).
 * </ul>
 *
 * <p>Interest shifts come from the explainer's own source, or per request from {@link
 * RequestShifts} (the user's recent-taste summary, as the adapted ranker explains with).
 *
 * <p>Not thread-safe; one instance per replay.
 */
public final class ExplanationEvaluator implements ReplayObserver {
    private final String method;
    private final ItemScorer scorer;
    private final Explainer explainer;
    private final int k;
    private final RequestShifts requestShifts;

    private long lists;
    private long rationales;
    private long claims;
    private long supported;
    private long passed;
    private long citing;
    private long scoreDrops;
    private long rankDrops;
    private long necessary;
    private long sentences;
    private long tasteShifts;
    private long historyShifts;
    private final Set<String> uniqueRationales = new HashSet<>();
    private final Set<String> uniqueSentences = new HashSet<>();
    private final Map<String, Long> featureCounts = new HashMap<>();
    private final Map<String, Long> unsupportedClaims = new HashMap<>();

    private double[] scores = new double[0];
    private double[] counterfactual = new double[0];

    public ExplanationEvaluator(String method, ItemScorer scorer, Explainer explainer, int k) {
        this(method, scorer, explainer, k, null);
    }

    /**
     * @param requestShifts each request's interest shifts; null: the explainer's own source
     */
    public ExplanationEvaluator(
            String method,
            ItemScorer scorer,
            Explainer explainer,
            int k,
            RequestShifts requestShifts) {
        this.method = method;
        this.scorer = scorer;
        this.explainer = explainer;
        this.k = k;
        this.requestShifts = requestShifts;
    }

    @Override
    public void onTestEvent(
            InteractionEvent event, UserContext user, ItemStatsIndex index, boolean[] excluded) {
        int n = index.size();
        if (scores.length < n) {
            scores = new double[n * 2];
            counterfactual = new double[n * 2];
        }
        scorer.score(index, user, event.ts, scores);
        List<ScoredItem> top = Ranker.topN(index, scores, excluded, k);
        top.removeIf(s -> s.score == Double.NEGATIVE_INFINITY); // the job cuts them too
        InterestShiftSource shifts =
                requestShifts == null ? null : requestShifts.forRequest(event, index);
        List<Explanation> explanations =
                explainer.explain(index, event.user, user, event.ts, top, shifts);
        lists++;
        Map<String, double[]> without = new HashMap<>();
        for (int c = 0; c < top.size(); c++) {
            Explanation e = explanations.get(c);
            String rationale = e.rationale();
            rationales++;
            claims += e.verification().claims;
            supported += e.verification().supported;
            if (e.verification().passed) {
                passed++;
            }
            for (String claim : e.verification().unsupported) {
                unsupportedClaims.merge(claim, 1L, Long::sum);
            }
            uniqueRationales.add(rationale);
            for (String sentence : rationale.split("(?<=[.!?])\\s+")) {
                sentences++;
                uniqueSentences.add(sentence);
            }
            Evidence shift = statedShift(e);
            if (shift != null) {
                if (shift.recentHalfLifeDays != null) {
                    tasteShifts++;
                } else {
                    historyShifts++;
                }
            }
            for (String feature : features(e)) {
                featureCounts.merge(feature, 1L, Long::sum);
            }
            String cited = cited(e);
            if (cited != null) {
                citing++;
                int id = index.idOf(top.get(c).item);
                double[] after =
                        without.computeIfAbsent(
                                cited,
                                h -> {
                                    double[] s = new double[n];
                                    scorer.score(
                                            index, Counterfactuals.without(user, h), event.ts, s);
                                    return s;
                                });
                boolean scoreDrop = after[id] < scores[id];
                boolean rankDrop =
                        Ranker.rankOf(index, after, excluded, id)
                                > Ranker.rankOf(index, scores, excluded, id);
                scoreDrops += scoreDrop ? 1 : 0;
                rankDrops += rankDrop ? 1 : 0;
                necessary += scoreDrop || rankDrop ? 1 : 0;
            }
        }
    }

    /** The history item the rationale's first sentence names, or null. */
    static String cited(Explanation e) {
        for (EvidenceKind kind :
                List.of(
                        EvidenceKind.HISTORY_CONTRIBUTION,
                        EvidenceKind.CO_INTERACTION,
                        EvidenceKind.SHARED_ATTRIBUTE,
                        EvidenceKind.MODALITY_SIMILARITY)) {
            for (Evidence ev : e.evidence()) {
                if (ev.kind == kind && ev.historyItem != null && mentions(e.rationale(), ev)) {
                    return ev.historyItem;
                }
            }
        }
        return null;
    }

    /** The recent-interest shift the rationale states, or null. */
    static Evidence statedShift(Explanation e) {
        for (Evidence ev : e.evidence()) {
            if (ev.kind == EvidenceKind.RECENT_INTEREST_SHIFT
                    && ev.value != null
                    && e.rationale().contains(ev.value)) {
                return ev;
            }
        }
        return null;
    }

    /** Attribute values and history items the rationale names. */
    private static Set<String> features(Explanation e) {
        Set<String> features = new HashSet<>();
        for (Evidence ev : e.evidence()) {
            if (ev.value != null && e.rationale().contains(ev.value)) {
                features.add("attribute:" + ev.attribute + "=" + ev.value);
            }
            if (ev.historyItem != null && mentions(e.rationale(), ev)) {
                features.add("item:" + ev.historyItem);
            }
        }
        return features;
    }

    private static boolean mentions(String rationale, Evidence ev) {
        return ev.historyTitle != null
                ? rationale.contains(ev.historyTitle)
                : rationale.contains("#" + ev.historyItem);
    }

    public ExplanationReport report() {
        double pairs = rationales * (double) (rationales - 1);
        double shared = 0.0;
        for (long count : featureCounts.values()) {
            shared += count * (double) (count - 1);
        }
        return new ExplanationReport(
                method,
                lists,
                rationales,
                claims,
                supported,
                passed,
                citing,
                scoreDrops,
                rankDrops,
                necessary,
                uniqueRationales.size(),
                sentences,
                uniqueSentences.size(),
                pairs == 0 ? 0.0 : shared / pairs,
                tasteShifts,
                historyShifts,
                topUnsupported(5));
    }

    private Map<String, Long> topUnsupported(int n) {
        Map<String, Long> top = new java.util.LinkedHashMap<>();
        unsupportedClaims.entrySet().stream()
                .sorted(
                        Map.Entry.<String, Long>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                .limit(n)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
