package org.dynmm.rec.operators.adapter;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
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

    private final List<ItemUpdate> updates = new ArrayList<>();

    public void add(ItemUpdate update) {
        updates.add(update);
    }

    public int size() {
        return updates.size();
    }

    /** Removes and returns, in the deterministic order, the updates at or before {@code ts}. */
    public List<ItemUpdate> drainUpTo(long ts) {
        return drain(ts, true);
    }

    /** Removes and returns, in the deterministic order, the updates strictly before {@code ts}. */
    public List<ItemUpdate> drainBefore(long ts) {
        return drain(ts, false);
    }

    private List<ItemUpdate> drain(long ts, boolean inclusive) {
        List<ItemUpdate> due = new ArrayList<>();
        updates.removeIf(
                u -> {
                    boolean isDue = inclusive ? u.ts <= ts : u.ts < ts;
                    if (isDue) {
                        due.add(u);
                    }
                    return isDue;
                });
        due.sort(ORDER);
        return due;
    }

    /** The pending updates in arrival order (for snapshots). */
    public List<ItemUpdate> all() {
        return updates;
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
