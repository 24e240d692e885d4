package org.dynmm.rec.operators.adapter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.dynmm.rec.operators.records.ItemUpdate;

/**
 * Item-view updates that arrived but whose event time has not come yet. Operators that align the
 * broadcast item view with event time hold updates here and apply, before serving a request at time
 * {@code t}, exactly the updates up to {@code t}, in an order that does not depend on arrival
 * (time, then kind, then item and content): so every run, and every run restored from a checkpoint,
 * sees the same view at the same time.
 */
public final class PendingItemUpdates {
    static final Comparator<ItemUpdate> ORDER =
            Comparator.<ItemUpdate>comparingLong(u -> u.ts)
                    .thenComparingInt(PendingItemUpdates::kind)
                    .thenComparing(
                            PendingItemUpdates::itemOf,
                            Comparator.nullsFirst(Comparator.naturalOrder()))
                    .thenComparingLong(u -> u.adapter == null ? 0 : u.adapter.version)
                    .thenComparing(u -> Objects.toString(u.coItems));

    /** By event time, each time's updates in arrival order: a drain touches only what is due. */
    private final TreeMap<Long, List<ItemUpdate>> byTime = new TreeMap<>();

    private int size;

    public void add(ItemUpdate update) {
        byTime.computeIfAbsent(update.ts, ts -> new ArrayList<>(1)).add(update);
        size++;
    }

    public int size() {
        return size;
    }

    /** Removes and returns, in the deterministic order, the updates at or before {@code ts}. */
    public List<ItemUpdate> drainUpTo(long ts) {
        return drain(byTime.headMap(ts, true));
    }

    /** Removes and returns, in the deterministic order, the updates strictly before {@code ts}. */
    public List<ItemUpdate> drainBefore(long ts) {
        return drain(byTime.headMap(ts, false));
    }

    private List<ItemUpdate> drain(Map<Long, List<ItemUpdate>> due) {
        if (due.isEmpty()) {
            return List.of();
        }
        List<ItemUpdate> drained = new ArrayList<>();
        for (Iterator<List<ItemUpdate>> it = due.values().iterator(); it.hasNext(); ) {
            drained.addAll(it.next());
            it.remove();
        }
        size -= drained.size();
        drained.sort(ORDER);
        return drained;
    }

    /** The pending updates by time, each time's in arrival order (for snapshots). */
    public List<ItemUpdate> all() {
        List<ItemUpdate> all = new ArrayList<>(size);
        byTime.values().forEach(all::addAll);
        return all;
    }

    private static int kind(ItemUpdate u) {
        return u.content != null ? 0 : u.adapter != null ? 2 : 1;
    }

    private static String itemOf(ItemUpdate u) {
        return u.content != null
                ? u.content.item + '\u0000' + Objects.toString(u.content.title)
                : u.item;
    }
}
