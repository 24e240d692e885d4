package org.dynmm.rec.operators.records;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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

    public Recommendation() {}

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
