package org.dynmm.rec.models.explain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One piece of evidence behind a recommended item, read from state at recommendation time: a typed
 * record (its {@link #kind}) with ids and figures. Built only through the factories, one per kind,
 * which say which fields a kind fills; the others stay null.
 *
 * <p>One flat class rather than a class per kind because the evidence list travels in Flink records
 * and JSON: a flat Flink POJO with nullable boxed figures needs no polymorphic (Kryo) serializer,
 * which the job disables. In JSON an evidence object carries only its kind's fields.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Evidence {
    public EvidenceKind kind;

    /** The history item the evidence ties the recommended item to; null when none. */
    public String historyItem;

    /** Title of {@link #historyItem}; null when unknown. */
    public String historyTitle;

    /** Attribute name, e.g. {@code genres}; for shared attributes and interest shifts. */
    public String attribute;

    /** Attribute value, e.g. {@code Drama}; for shared attributes and interest shifts. */
    public String value;

    /** Modality of a similarity, e.g. {@code joint}, {@code visual}, {@code audio}. */
    public String modality;

    /**
     * Co-interaction: times the pair was taken by the same user within the window. Shared
     * attribute: how many history items carry the value. Popularity: interactions with the item.
     */
    public Long count;

    /** Shared attribute / interest shift: the number of history items counted over. */
    public Integer total;

    /**
     * Co-interaction: the window, in a user's most recent distinct items, that counts as "also".
     */
    public Integer window;

    /** History contribution: share (0..1] of the item's history-driven score from this item. */
    public Double share;

    /** Modality similarity: cosine in [-1, 1]. */
    public Double similarity;

    /** Interest shift: share (0..1) of the user's recent items carrying the value. */
    public Double recentWeight;

    /** Interest shift: share (0..1) of the user's older items carrying the value. */
    public Double longTermWeight;

    /**
     * Interest shift from the recent-taste summary {@code s_u^new}: the half-life, in days, of the
     * recent weight (the long-term one in {@link #longTermHalfLifeDays}); null for a shift counted
     * over the history's last items ({@link #total}).
     */
    public Integer recentHalfLifeDays;

    public Integer longTermHalfLifeDays;

    public Evidence() {}

    private Evidence(EvidenceKind kind) {
        this.kind = kind;
    }

    /** {@code count} co-interactions of history item {@code item} and the recommended item. */
    public static Evidence coInteraction(String item, String title, long count, int window) {
        Evidence e = new Evidence(EvidenceKind.CO_INTERACTION);
        e.historyItem = item;
        e.historyTitle = title;
        e.count = count;
        e.window = window;
        return e;
    }

    /** History item {@code item} gives {@code share} of the recommended item's score. */
    public static Evidence historyContribution(String item, String title, double share) {
        Evidence e = new Evidence(EvidenceKind.HISTORY_CONTRIBUTION);
        e.historyItem = item;
        e.historyTitle = title;
        e.share = share;
        return e;
    }

    /**
     * The recommended item has {@code attribute = value}, as do {@code count} of the {@code total}
     * history items; {@code example} is one of them.
     */
    public static Evidence sharedAttribute(
            String attribute,
            String value,
            long count,
            int total,
            String exampleItem,
            String exampleTitle) {
        Evidence e = new Evidence(EvidenceKind.SHARED_ATTRIBUTE);
        e.attribute = attribute;
        e.value = value;
        e.count = count;
        e.total = total;
        e.historyItem = exampleItem;
        e.historyTitle = exampleTitle;
        return e;
    }

    /** Cosine {@code similarity} of the recommended item to history item {@code item}. */
    public static Evidence modalitySimilarity(
            String modality, String item, String title, double similarity) {
        Evidence e = new Evidence(EvidenceKind.MODALITY_SIMILARITY);
        e.modality = modality;
        e.historyItem = item;
        e.historyTitle = title;
        e.similarity = similarity;
        return e;
    }

    /**
     * The recommended item has {@code attribute = value}, whose weight among the user's {@code
     * total} recent items rose from {@code longTermWeight} to {@code recentWeight}.
     */
    public static Evidence recentInterestShift(
            String attribute, String value, double recentWeight, double longTermWeight, int total) {
        Evidence e = new Evidence(EvidenceKind.RECENT_INTEREST_SHIFT);
        e.attribute = attribute;
        e.value = value;
        e.recentWeight = recentWeight;
        e.longTermWeight = longTermWeight;
        e.total = total;
        return e;
    }

    /**
     * The recommended item has {@code attribute = value}, whose share of the user's activity rose
     * from {@code longTermWeight} (time-decayed with a {@code longTermDays} half-life) to {@code
     * recentWeight} (a {@code recentDays} half-life): from the recent-taste summary {@code
     * s_u^new}.
     */
    public static Evidence recentTasteShift(
            String attribute,
            String value,
            double recentWeight,
            double longTermWeight,
            int recentDays,
            int longTermDays) {
        Evidence e = new Evidence(EvidenceKind.RECENT_INTEREST_SHIFT);
        e.attribute = attribute;
        e.value = value;
        e.recentWeight = recentWeight;
        e.longTermWeight = longTermWeight;
        e.recentHalfLifeDays = recentDays;
        e.longTermHalfLifeDays = longTermDays;
        return e;
    }

    /** The recommended item has had {@code count} interactions so far. */
    public static Evidence popularity(long count) {
        Evidence e = new Evidence(EvidenceKind.POPULARITY);
        e.count = count;
        return e;
    }

    /** Every figure this evidence holds, as stated numbers may quote them (fractions as is). */
    public List<Double> figures() {
        List<Double> f = new ArrayList<>(4);
        if (count != null) {
            f.add(count.doubleValue());
        }
        if (total != null) {
            f.add(total.doubleValue());
        }
        if (window != null) {
            f.add(window.doubleValue());
        }
        if (recentHalfLifeDays != null) {
            f.add(recentHalfLifeDays.doubleValue());
        }
        if (longTermHalfLifeDays != null) {
            f.add(longTermHalfLifeDays.doubleValue());
        }
        return f;
    }

    /** The figures that are fractions (shares, weights, similarities). */
    public List<Double> fractions() {
        List<Double> f = new ArrayList<>(3);
        if (share != null) {
            f.add(share);
        }
        if (similarity != null) {
            f.add(similarity);
        }
        if (recentWeight != null) {
            f.add(recentWeight);
        }
        if (longTermWeight != null) {
            f.add(longTermWeight);
        }
        return f;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Evidence)) {
            return false;
        }
        Evidence that = (Evidence) o;
        return kind == that.kind
                && Objects.equals(historyItem, that.historyItem)
                && Objects.equals(historyTitle, that.historyTitle)
                && Objects.equals(attribute, that.attribute)
                && Objects.equals(value, that.value)
                && Objects.equals(modality, that.modality)
                && Objects.equals(count, that.count)
                && Objects.equals(total, that.total)
                && Objects.equals(window, that.window)
                && Objects.equals(share, that.share)
                && Objects.equals(similarity, that.similarity)
                && Objects.equals(recentWeight, that.recentWeight)
                && Objects.equals(longTermWeight, that.longTermWeight)
                && Objects.equals(recentHalfLifeDays, that.recentHalfLifeDays)
                && Objects.equals(longTermHalfLifeDays, that.longTermHalfLifeDays);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, historyItem, attribute, value, modality, count, share);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(kind == null ? "Evidence" : kind.name()).append('{');
        append(b, "historyItem", historyItem);
        append(b, "attribute", attribute);
        append(b, "value", value);
        append(b, "modality", modality);
        append(b, "count", count);
        append(b, "total", total);
        append(b, "window", window);
        append(b, "share", share);
        append(b, "similarity", similarity);
        append(b, "recentWeight", recentWeight);
        append(b, "longTermWeight", longTermWeight);
        append(b, "recentHalfLifeDays", recentHalfLifeDays);
        append(b, "longTermHalfLifeDays", longTermHalfLifeDays);
        if (b.charAt(b.length() - 1) == ' ') {
            b.setLength(b.length() - 2);
        }
        return b.append('}').toString();
    }

    private static void append(StringBuilder b, String name, Object value) {
        if (value != null) {
            b.append(name).append('=').append(value).append(", ");
        }
    }
}
