package org.dynmm.rec.models.text;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;

/**
 * Which parts of an item's content go into its embedded text ({@link ItemText#describe(
 * org.dynmm.rec.models.data.ItemContent, ItemTextFields)}): any non-empty subset of {@code title},
 * {@code genres}, {@code tags}, {@code attributes} (every other attribute) and {@code text} (the
 * free text). {@link #ALL} by default.
 *
 * <p>The trainer records the choice in the bundle manifest ({@code
 * hyperParameters.itemTextFields}), and every component that embeds an item the bundle does not
 * know (the evaluator, the job's item catalog) reads it from there, so a new item is embedded the
 * same way as the training items. A bundle without the key was trained on {@link #ALL}.
 *
 * <p>Use: a "sparse-text" setting ({@code title} only) in which an attribute withheld from the text
 * can reach the model only through another modality (experiments with SYNTHETIC modality vectors
 * derived from that attribute, see docs/BENCHMARKS.md section 6). Immutable.
 */
public final class ItemTextFields implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The manifest key ({@code hyperParameters}) that records the fields. */
    public static final String HP_ITEM_TEXT_FIELDS = "itemTextFields";

    /** One part of an item's content. */
    public enum Field {
        TITLE,
        GENRES,
        TAGS,
        /** Every attribute other than genres and tags. */
        ATTRIBUTES,
        /** The free text. */
        TEXT;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Title, genres, tags, other attributes and free text: the default. */
    public static final ItemTextFields ALL = new ItemTextFields(EnumSet.allOf(Field.class));

    private final EnumSet<Field> fields;

    private ItemTextFields(EnumSet<Field> fields) {
        this.fields = fields;
    }

    /** The given fields; at least one. */
    public static ItemTextFields of(Field first, Field... rest) {
        return new ItemTextFields(EnumSet.of(first, rest));
    }

    /**
     * Parses a comma-separated list such as {@code "title,genres"} (case and spaces ignored, order
     * and repetitions irrelevant); {@code "all"} is {@link #ALL}. An {@link
     * IllegalArgumentException} names an unknown or missing field.
     */
    public static ItemTextFields parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException(
                    "item text fields: none given (choose from " + known() + " or all)");
        }
        if (spec.strip().equalsIgnoreCase("all")) {
            return ALL;
        }
        EnumSet<Field> set = EnumSet.noneOf(Field.class);
        for (String part : spec.split(",")) {
            String name = part.strip().toLowerCase(Locale.ROOT);
            Field field = null;
            for (Field f : Field.values()) {
                if (f.id().equals(name)) {
                    field = f;
                }
            }
            if (field == null) {
                throw new IllegalArgumentException(
                        "item text fields: unknown field '"
                                + part.strip()
                                + "' in '"
                                + spec
                                + "' (choose from "
                                + known()
                                + " or all)");
            }
            set.add(field);
        }
        return new ItemTextFields(set);
    }

    /**
     * The fields a bundle was trained with: {@code hyperParameters.itemTextFields}, or {@link #ALL}
     * when the manifest has no such key (bundles from before the option); a {@link BundleException}
     * when the value is not a valid list.
     */
    public static ItemTextFields read(BundleManifest manifest) {
        Object value =
                manifest.hyperParameters == null
                        ? null
                        : manifest.hyperParameters.get(HP_ITEM_TEXT_FIELDS);
        if (value == null) {
            return ALL;
        }
        try {
            return parse(value.toString());
        } catch (IllegalArgumentException e) {
            throw new BundleException(
                    "bundle "
                            + manifest.modelVersion
                            + ": hyperParameters."
                            + HP_ITEM_TEXT_FIELDS
                            + ": "
                            + e.getMessage(),
                    e);
        }
    }

    /** Records the fields under {@link #HP_ITEM_TEXT_FIELDS}. */
    public void writeTo(Map<String, Object> hyperParameters) {
        hyperParameters.put(HP_ITEM_TEXT_FIELDS, id());
    }

    public boolean includes(Field field) {
        return fields.contains(field);
    }

    public Set<Field> fields() {
        return EnumSet.copyOf(fields);
    }

    /** The canonical comma-separated form, e.g. {@code "title,genres,tags,attributes,text"}. */
    public String id() {
        List<String> ids = new ArrayList<>(fields.size());
        for (Field f : fields) {
            ids.add(f.id());
        }
        return String.join(",", ids);
    }

    private static String known() {
        return ALL.id();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ItemTextFields && ((ItemTextFields) o).fields.equals(fields);
    }

    @Override
    public int hashCode() {
        return fields.hashCode();
    }

    @Override
    public String toString() {
        return id();
    }
}
