package org.dynmm.rec.operators.records;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.dynmm.rec.models.ranking.ScoredItem;

/** A ranked list for one user, emitted after the event that triggered it. */
public class Recommendation {
    public String user;

    /** Event time of the trigger, epoch milliseconds. */
    public long ts;

    /** What caused it: {@code interaction} (a new event) or {@code request} (a control record). */
    public String trigger;

    /** The item of the triggering interaction; null for explicit requests. */
    public String triggerItem;

    /** Which model ranked the items, e.g. {@code baseline-cooccurrence}. */
    public String modelVersion;

    public List<RecommendedItem> items = new ArrayList<>();

    /** Input of the LLM stage, null unless it is on; never written out, not part of equality. */
    @JsonIgnore public LlmContext llmContext;

    public Recommendation() {}

    /** A copy whose items (and their evidence lists) can be changed without touching this one. */
    public Recommendation copy() {
        Recommendation c = new Recommendation();
        c.user = user;
        c.ts = ts;
        c.trigger = trigger;
        c.triggerItem = triggerItem;
        c.modelVersion = modelVersion;
        for (RecommendedItem item : items) {
            c.items.add(item.copy());
        }
        c.llmContext = llmContext;
        return c;
    }

    /**
     * The recommendation answering {@code request} with {@code ranked} (best first). The list is
     * cut at the first item scored negative infinity: the model has no latent for it or those after
     * it.
     */
    public static Recommendation of(
            ScoreRequest request, List<ScoredItem> ranked, String modelVersion) {
        Recommendation rec = new Recommendation();
        rec.user = request.user;
        rec.ts = request.ts;
        rec.trigger = request.trigger;
        rec.triggerItem = request.triggerItem;
        rec.modelVersion = modelVersion;
        for (ScoredItem s : ranked) {
            if (s.score == Double.NEGATIVE_INFINITY) {
                break;
            }
            rec.items.add(new RecommendedItem(rec.items.size() + 1, s.item, s.title, s.score));
        }
        return rec;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Recommendation)) {
            return false;
        }
        Recommendation that = (Recommendation) o;
        return ts == that.ts
                && Objects.equals(user, that.user)
                && Objects.equals(trigger, that.trigger)
                && Objects.equals(triggerItem, that.triggerItem)
                && Objects.equals(modelVersion, that.modelVersion)
                && Objects.equals(items, that.items);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, ts, trigger, triggerItem, modelVersion, items);
    }

    @Override
    public String toString() {
        return "Recommendation{user="
                + user
                + ", ts="
                + ts
                + ", triggerItem="
                + triggerItem
                + ", items="
                + items
                + '}';
    }
}
