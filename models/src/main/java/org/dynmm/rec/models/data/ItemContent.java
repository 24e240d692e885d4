package org.dynmm.rec.models.data;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Content of one catalog item: title, free text, attributes (genres, tags, ...) and optional
 * modality vectors produced upstream by any image or audio encoder. A Flink POJO.
 */
public class ItemContent {
    public String item;
    public String title;

    /** Free text (description, tags); may be null. */
    public String text;

    /** Attribute name to values, e.g. {@code genres -> [Drama, Comedy]}; never null. */
    public Map<String, List<String>> attributes = new LinkedHashMap<>();

    /** Visual vector (e.g. a CLIP poster embedding); null when absent. */
    public float[] visual;

    /** Audio vector (e.g. a VGGish trailer embedding); null when absent. */
    public float[] audio;

    /** Time of this content version, epoch milliseconds. */
    public long ts;

    public ItemContent() {}

    public ItemContent(
            String item, String title, String text, Map<String, List<String>> attributes, long ts) {
        this.item = item;
        this.title = title;
        this.text = text;
        this.attributes = attributes == null ? new LinkedHashMap<>() : attributes;
        this.ts = ts;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ItemContent)) {
            return false;
        }
        ItemContent that = (ItemContent) o;
        return ts == that.ts
                && Objects.equals(item, that.item)
                && Objects.equals(title, that.title)
                && Objects.equals(text, that.text)
                && Objects.equals(attributes, that.attributes)
                && Arrays.equals(visual, that.visual)
                && Arrays.equals(audio, that.audio);
    }

    @Override
    public int hashCode() {
        return Objects.hash(item, title, text, attributes, ts);
    }

    @Override
    public String toString() {
        return "ItemContent{item="
                + item
                + ", title="
                + title
                + ", attributes="
                + attributes
                + ", ts="
                + ts
                + '}';
    }
}
