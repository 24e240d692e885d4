package org.dynmm.rec.operators.explain;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.explain.Explainer;
import org.dynmm.rec.models.explain.Explanation;
import org.dynmm.rec.models.explain.InterestShiftSource;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.operators.records.LlmContext;
import org.dynmm.rec.operators.records.Recommendation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The explanation stage as the rankers run it: right after ranking, where the item view and the
 * user's context are at hand, it attaches to every item of a {@link Recommendation} the evidence
 * from that state, the realizer's rationale and the verifier's check. Runs inside the ranker rather
 * than as its own operator because the evidence must be read from the exact state the list was
 * ranked from; a separate operator would need a second copy of the broadcast item view.
 */
public final class RecommendationExplainer implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Logger LOG = LoggerFactory.getLogger(RecommendationExplainer.class);

    private final Explainer explainer;
    private final boolean llmContext;

    /** The scorer whose latents go to the LLM context (soft tokens); null when not wanted. */
    private final BaseModelScorer latents;

    private RecommendationExplainer(
            Explainer explainer, boolean llmContext, BaseModelScorer latents) {
        this.explainer = explainer;
        this.llmContext = llmContext;
        this.latents = latents;
    }

    /**
     * The stage for lists ranked by {@code scorer}; null when {@code config} disables it. With
     * {@link ExplainConfig#latents()} the scorer must be the frozen base (it has the latents the
     * soft-token projectors take).
     */
    public static RecommendationExplainer create(ExplainConfig config, ItemScorer scorer) {
        if (!config.enabled()) {
            return null;
        }
        if (config.latents() && !(scorer instanceof BaseModelScorer)) {
            throw new IllegalArgumentException(
                    "soft tokens (rec.llm.soft-tokens.enabled) need the frozen-base ranker, which"
                            + " has the latents F_U and F_I project; this ranker scores with "
                            + scorer.getClass().getSimpleName());
        }
        return new RecommendationExplainer(
                Explainer.forScorer(scorer, config.settings()),
                config.llmContext(),
                config.latents() ? (BaseModelScorer) scorer : null);
    }

    public Explainer explainer() {
        return explainer;
    }

    /**
     * Explains the items of {@code rec}, ranked for {@code user} from {@code index}. The items are
     * matched to the index by id; the list may be shorter than the ranked one (cut before items
     * without a latent).
     *
     * @return how many rationales failed verification (0 for the realizer unless it has a bug)
     */
    public int explain(ItemStatsIndex index, UserContext user, Recommendation rec) {
        return explain(index, user, rec, null);
    }

    /**
     * As {@link #explain(ItemStatsIndex, UserContext, Recommendation)}, with this request's
     * interest shifts (null: the explainer's own, from the history).
     */
    public int explain(
            ItemStatsIndex index,
            UserContext user,
            Recommendation rec,
            InterestShiftSource shifts) {
        List<ScoredItem> ranked = new ArrayList<>(rec.items.size());
        for (var item : rec.items) {
            ranked.add(new ScoredItem(item.item, item.title, item.score));
        }
        List<Explanation> explanations;
        try {
            explanations = explainer.explain(index, rec.user, user, rec.ts, ranked, shifts);
        } catch (RuntimeException e) {
            // An explanation is an addition to the list, never a reason to lose it or the job:
            // the list goes out unexplained (rationale null) and the cause is logged.
            LOG.warn("cannot explain the list for user {}; emitting it unexplained", rec.user, e);
            return 0;
        }
        if (llmContext) {
            rec.llmContext = context(index, user, ranked);
        }
        int failed = 0;
        for (int i = 0; i < rec.items.size(); i++) {
            Explanation e = explanations.get(i);
            rec.items.get(i).explained(e);
            if (!Objects.requireNonNull(e.verification()).passed) {
                failed++;
            }
        }
        return failed;
    }

    private LlmContext context(ItemStatsIndex index, UserContext user, List<ScoredItem> ranked) {
        LlmContext c = new LlmContext();
        for (String item : user.recentItems()) {
            int id = index.idOf(item);
            c.historyItems.add(item);
            c.historyTitles.add(id < 0 ? null : index.titleOf(id));
        }
        c.attributeValues.addAll(explainer.vocabulary(index, user, ranked).attributeValues());
        if (latents != null) {
            c.userLatent = latents.userLatent(index, user);
            int d = c.userLatent.length;
            c.itemLatents = new float[ranked.size() * d];
            for (int i = 0; i < ranked.size(); i++) {
                float[] z = latents.itemLatent(index, index.idOf(ranked.get(i).item));
                if (z != null && z.length == d) {
                    System.arraycopy(z, 0, c.itemLatents, i * d, d);
                }
            }
        }
        return c;
    }
}
