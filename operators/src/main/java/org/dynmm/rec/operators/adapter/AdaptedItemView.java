package org.dynmm.rec.operators.adapter;

import java.util.List;
import org.dynmm.rec.models.adapter.AdapterParameters;
import org.dynmm.rec.models.adapter.ItemActivity;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.operators.records.ItemUpdate;

/**
 * Everything the adapted ranker knows about items, held as one broadcast-state entry: the item
 * index, the items' sliding-window activity, the adapter version in use, and the updates whose
 * event time has not come yet. Mutable; the ranker advances it to each request's time with {@link
 * #advanceTo}.
 */
public final class AdaptedItemView {
    private final ItemStatsIndex index;
    private final ItemActivity activity;
    private AdapterParameters parameters;
    private final PendingItemUpdates pending;

    public AdaptedItemView(
            ItemStatsIndex index,
            ItemActivity activity,
            AdapterParameters parameters,
            PendingItemUpdates pending) {
        this.index = index;
        this.activity = activity;
        this.parameters = parameters;
        this.pending = pending;
    }

    public ItemStatsIndex index() {
        return index;
    }

    public ItemActivity activity() {
        return activity;
    }

    /** The adapter version in use; null until the first version arrived. */
    public AdapterParameters parameters() {
        return parameters;
    }

    public PendingItemUpdates pending() {
        return pending;
    }

    /** Applies every pending update with event time at or before {@code ts}. */
    public void advanceTo(long ts) {
        apply(pending.drainUpTo(ts));
    }

    /** Applies {@code updates} in the given order. */
    public void apply(List<ItemUpdate> updates) {
        for (ItemUpdate u : updates) {
            if (u.adapter != null) {
                if (parameters == null || parameters.version() < u.adapter.version) {
                    parameters = u.adapter.toParameters();
                }
            } else {
                AdapterTrainerFunction.applyItemUpdate(index, activity, u);
            }
        }
    }
}
