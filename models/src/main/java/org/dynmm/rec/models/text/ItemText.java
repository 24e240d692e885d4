package org.dynmm.rec.models.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.ItemTextFields.Field;

/**
 * The text embedded for an item ({@code e_txt} in the design): title, genres, tags, other
 * attributes, then the free text, e.g. {@code "Toy Story (1995). Genres: Animation, Comedy. Tags:
 * pixar. A toy cowboy..."}.
 *
 * <p>Deterministic, so that equal content gives an equal string (and a cache hit): genres and tags
 * first, other attributes sorted by name, values in their given order, whitespace collapsed and
 * empty parts left out. {@link ItemTextFields} can restrict the text to some of these parts (e.g.
 * the title alone); a bundle records its choice, see {@link ItemTextFields#read}.
 */
public final class ItemText {

    static final String GENRES = "genres";
    static final String TAGS = "tags";

    private ItemText() {}

    /**
     * The description of {@code content} from all its parts ({@link ItemTextFields#ALL}); empty
     * when it has no title, attributes or text, in which case the item has no text modality.
     */
    public static String describe(ItemContent content) {
        return describe(content, ItemTextFields.ALL);
    }

    /**
     * The description of {@code content} from the parts in {@code fields} only, in the same order
     * and form as {@link #describe(ItemContent)}; empty when none of those parts is present.
     */
    public static String describe(ItemContent content, ItemTextFields fields) {
        List<String> parts = new ArrayList<>();
        if (fields.includes(Field.TITLE)) {
            addSentence(parts, clean(content.title));
        }
        Map<String, List<String>> attributes =
                content.attributes == null ? Map.of() : content.attributes;
        if (fields.includes(Field.GENRES)) {
            addAttribute(parts, "Genres", attributes.get(GENRES));
        }
        if (fields.includes(Field.TAGS)) {
            addAttribute(parts, "Tags", attributes.get(TAGS));
        }
        if (fields.includes(Field.ATTRIBUTES)) {
            for (Map.Entry<String, List<String>> a : new TreeMap<>(attributes).entrySet()) {
                if (!GENRES.equals(a.getKey()) && !TAGS.equals(a.getKey())) {
                    addAttribute(parts, label(a.getKey()), a.getValue());
                }
            }
        }
        String text = fields.includes(Field.TEXT) ? clean(content.text) : "";
        if (!text.isEmpty()) {
            parts.add(text);
        }
        return String.join(" ", parts);
    }

    private static void addAttribute(List<String> parts, String label, List<String> values) {
        if (values == null || label.isEmpty()) {
            return;
        }
        List<String> cleaned = new ArrayList<>(values.size());
        for (String v : values) {
            String c = clean(v);
            if (!c.isEmpty()) {
                cleaned.add(c);
            }
        }
        if (!cleaned.isEmpty()) {
            addSentence(parts, label + ": " + String.join(", ", cleaned));
        }
    }

    /** Adds {@code s} ending in a full stop unless it already ends a sentence. */
    private static void addSentence(List<String> parts, String s) {
        if (s.isEmpty()) {
            return;
        }
        char last = s.charAt(s.length() - 1);
        parts.add(last == '.' || last == '!' || last == '?' ? s : s + ".");
    }

    /** {@code "release_year"} becomes {@code "Release year"}. */
    private static String label(String name) {
        String words = clean(name.replace('_', ' ').replace('-', ' '));
        if (words.isEmpty()) {
            return "";
        }
        return words.substring(0, 1).toUpperCase(Locale.ROOT) + words.substring(1);
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}
