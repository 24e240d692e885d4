package org.dynmm.rec.models.data;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A loaded dataset: interactions in time order and the item catalog in file order.
 *
 * <p>Interactions are sorted by {@code ts} ascending with a stable sort, so events with equal
 * timestamps keep their file order; every replay of the same files sees the same sequence.
 */
public final class Dataset {
    private final String name;
    private final List<InteractionEvent> interactions;
    private final Map<String, ItemContent> items;

    /**
     * @param name a short name, usually the directory name
     * @param interactions events in any order; they are copied and sorted stably by time
     * @param items catalog keyed by item id, kept in the given iteration order
     */
    public Dataset(
            String name, List<InteractionEvent> interactions, Map<String, ItemContent> items) {
        this.name = name;
        List<InteractionEvent> sorted = new ArrayList<>(interactions);
        sorted.sort(Comparator.comparingLong(e -> e.ts)); // List.sort is stable (TimSort)
        this.interactions = Collections.unmodifiableList(sorted);
        this.items = Collections.unmodifiableMap(new LinkedHashMap<>(items));
    }

    public String name() {
        return name;
    }

    /** All interactions, ascending by time, ties in file order. Unmodifiable. */
    public List<InteractionEvent> interactions() {
        return interactions;
    }

    /** Catalog by item id in file order. Unmodifiable. */
    public Map<String, ItemContent> items() {
        return items;
    }

    @Override
    public String toString() {
        return "Dataset{name="
                + name
                + ", interactions="
                + interactions.size()
                + ", items="
                + items.size()
                + '}';
    }
}
