package org.dynmm.rec.models.explain;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Evidence, realizer and verifier for one ranked list: {@link #explain} returns, per item, the
 * evidence read from the state the ranker used, the realizer's rationale and its verification.
 * Shared by the job's ranker and the offline evaluator, so both explain the same way.
 */
public final class Explainer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EvidenceCollector collector;
    private final Realizer realizer = new Realizer();
    private final Verifier verifier = new Verifier();

    public Explainer(EvidenceCollector collector) {
        this.collector = Objects.requireNonNull(collector);
    }

    /**
     * The explainer that fits {@code scorer}: its history attribution, attribute interest shifts
     * from the history, and joint-latent similarity when the scorer has latents.
     */
    public static Explainer forScorer(ItemScorer scorer, ExplainSettings settings) {
        List<ModalityVectors> modalities =
                scorer instanceof BaseModelScorer
                        ? List.of(ModalityVectors.joint((BaseModelScorer) scorer))
                        : List.of();
        return forScorer(
                scorer,
                settings,
                new AttributeShift(
                        settings.attributeKeys(), settings.recentWindow(), settings.minShiftRise()),
                modalities);
    }

    /** As {@link #forScorer(ItemScorer, ExplainSettings)} with a given shift source. */
    public static Explainer forScorer(
            ItemScorer scorer,
            ExplainSettings settings,
            InterestShiftSource shifts,
            List<ModalityVectors> modalities) {
        return new Explainer(
                new EvidenceCollector(
                        settings, HistoryAttribution.forScorer(scorer), shifts, modalities));
    }

    public Verifier verifier() {
        return verifier;
    }

    public Realizer realizer() {
        return realizer;
    }

    public ExplainSettings settings() {
        return collector.settings();
    }

    /** The shift source the explainer uses when a request brings none. */
    public InterestShiftSource shifts() {
        return collector.shifts();
    }

    /** Explanations of {@code ranked} (best first) for {@code userId}, in the same order. */
    public List<Explanation> explain(
            ItemStatsIndex index,
            String userId,
            UserContext user,
            long now,
            List<ScoredItem> ranked) {
        return explain(index, userId, user, now, ranked, null);
    }

    /**
     * As {@link #explain(ItemStatsIndex, String, UserContext, long, List)}, with interest shifts
     * from {@code shifts} (this request's, e.g. the user's recent-taste summary) instead of the
     * configured source; null: the configured source.
     */
    public List<Explanation> explain(
            ItemStatsIndex index,
            String userId,
            UserContext user,
            long now,
            List<ScoredItem> ranked,
            InterestShiftSource shifts) {
        int[] ids = new int[ranked.size()];
        for (int c = 0; c < ids.length; c++) {
            ids[c] = index.idOf(ranked.get(c).item);
            if (ids[c] < 0) {
                throw new IllegalArgumentException(
                        "ranked item unknown to the index: " + ranked.get(c).item);
            }
        }
        List<List<Evidence>> evidence =
                shifts == null
                        ? collector.collect(index, user, now, ids)
                        : collector.collect(index, user, now, ids, shifts);
        ClaimVocabulary vocabulary = vocabulary(index, user, ranked);
        List<Explanation> out = new ArrayList<>(ranked.size());
        for (int c = 0; c < ids.length; c++) {
            ScoredItem s = ranked.get(c);
            String rationale = realizer.realize(userId, s.item, s.title, evidence.get(c));
            Verification v =
                    verifier.verify(rationale, s.item, s.title, evidence.get(c), vocabulary);
            out.add(new Explanation(rationale, Explanation.REALIZER, evidence.get(c), v));
        }
        return out;
    }

    /** The vocabulary a rationale for {@code ranked} is checked with: history and candidates. */
    public ClaimVocabulary vocabulary(
            ItemStatsIndex index, UserContext user, List<ScoredItem> ranked) {
        Set<String> shown = new LinkedHashSet<>(user.recentItems());
        for (ScoredItem s : ranked) {
            shown.add(s.item);
        }
        return ClaimVocabulary.of(index, shown, collector.settings().attributeKeys());
    }
}
