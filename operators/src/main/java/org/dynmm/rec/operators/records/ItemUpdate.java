package org.dynmm.rec.operators.records;

import java.util.ArrayList;
import java.util.List;
import org.dynmm.rec.models.data.ItemContent;

/**
 * A change to the global item view broadcast to every ranker: new content for an item, one
 * interaction with it (with the user's recent items, for co-interaction counts), or a newly
 * published version of the online adapter's shared parameters.
 */
public class ItemUpdate {
    /** New or changed catalog content; null for an interaction update. */
    public ItemContent content;

    /** The item taken; null for a content update. */
    public String item;

    public long ts;

    /** The taker's recent distinct items before this interaction. */
    public List<String> coItems = new ArrayList<>();

    /**
     * The model's latent for the content's item, computed from its content when the model bundle
     * does not know the item (its text path); null otherwise.
     */
    public float[] latent;

    /** A published adapter version; null for content and interaction updates. */
    public AdapterSnapshot adapter;

    public ItemUpdate() {}

    public static ItemUpdate content(ItemContent content) {
        ItemUpdate u = new ItemUpdate();
        u.content = content;
        u.ts = content.ts;
        return u;
    }

    public static ItemUpdate interaction(String item, long ts, List<String> coItems) {
        ItemUpdate u = new ItemUpdate();
        u.item = item;
        u.ts = ts;
        u.coItems = coItems;
        return u;
    }

    public static ItemUpdate adapter(AdapterSnapshot adapter, long ts) {
        ItemUpdate u = new ItemUpdate();
        u.adapter = adapter;
        u.ts = ts;
        return u;
    }

    @Override
    public String toString() {
        if (adapter != null) {
            return "ItemUpdate{" + adapter + '}';
        }
        return content != null
                ? "ItemUpdate{content=" + content.item + '}'
                : "ItemUpdate{item=" + item + ", ts=" + ts + '}';
    }
}
