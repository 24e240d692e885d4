package org.dynmm.rec.models.explain;

import java.io.Serializable;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns evidence into one or two plain sentences. The first sentence states the strongest evidence
 * (a history contribution, joined with its co-interaction count when there is one), the second a
 * different kind (interest shift, shared attribute, modality similarity, or a second contribution).
 * Each kind has several phrasings; which one is used is chosen deterministically from the user,
 * item and kind, so a replay gives the same text and neighbouring items read differently.
 *
 * <p>Every title, attribute value and number the text states is copied from the evidence, and
 * titles are set in curly quotes, so {@link Verifier} can check every claim.
 */
public final class Realizer implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The sentence for one recommended item of {@code user}. */
    public String realize(String user, String item, String title, List<Evidence> evidence) {
        String self = name(item, title);
        Evidence primary = first(evidence, EvidenceKind.HISTORY_CONTRIBUTION);
        StringBuilder text = new StringBuilder();
        EvidenceKind used;
        if (primary != null) {
            Evidence co = coInteractionWith(evidence, primary.historyItem);
            text.append(contribution(user, item, self, primary, co));
            used = EvidenceKind.HISTORY_CONTRIBUTION;
        } else {
            primary =
                    firstOf(
                            evidence,
                            EvidenceKind.CO_INTERACTION,
                            EvidenceKind.SHARED_ATTRIBUTE,
                            EvidenceKind.MODALITY_SIMILARITY,
                            EvidenceKind.RECENT_INTEREST_SHIFT,
                            EvidenceKind.POPULARITY);
            if (primary == null) {
                return "";
            }
            text.append(sentence(user, item, self, primary));
            used = primary.kind;
        }
        Evidence secondary = secondary(evidence, used, primary);
        if (secondary != null) {
            text.append(' ').append(sentence(user, item, self, secondary));
        }
        return text.toString();
    }

    private static Evidence secondary(
            List<Evidence> evidence, EvidenceKind used, Evidence primary) {
        for (EvidenceKind kind :
                List.of(
                        EvidenceKind.RECENT_INTEREST_SHIFT,
                        EvidenceKind.SHARED_ATTRIBUTE,
                        EvidenceKind.MODALITY_SIMILARITY)) {
            if (kind != used) {
                Evidence e = first(evidence, kind);
                if (e != null) {
                    return e;
                }
            }
        }
        for (Evidence e : evidence) {
            if (e.kind == EvidenceKind.HISTORY_CONTRIBUTION && e != primary) {
                return e;
            }
        }
        return null;
    }

    private String contribution(String user, String item, String self, Evidence hc, Evidence co) {
        String h = name(hc.historyItem, hc.historyTitle);
        String share = percent(hc.share);
        if (co == null) {
            return pick(
                    user,
                    item,
                    "contribution",
                    h
                            + " among your past picks gives "
                            + share
                            + " of the score your past picks earn it.",
                    "Your interest in "
                            + h
                            + " drives "
                            + share
                            + " of the score your past picks give it.",
                    self
                            + " is here because of "
                            + h
                            + ", which gives "
                            + share
                            + " of the score your past picks earn it.");
        }
        String count = Long.toString(co.count);
        String window = Integer.toString(co.window);
        return pick(
                user,
                item,
                "contribution+co",
                h
                        + " and "
                        + self
                        + " were taken together "
                        + count
                        + " times, within "
                        + window
                        + " items of each other; "
                        + h
                        + " gives "
                        + share
                        + " of the score your past picks earn it.",
                "Because you took "
                        + h
                        + ": users took both "
                        + count
                        + " times within a "
                        + window
                        + "-item window, and "
                        + h
                        + " carries "
                        + share
                        + " of the score from your past picks.",
                share
                        + " of the score your past picks give "
                        + self
                        + " comes from "
                        + h
                        + "; the pair appears together "
                        + count
                        + " times, at most "
                        + window
                        + " items apart.");
    }

    private String sentence(String user, String item, String self, Evidence e) {
        switch (e.kind) {
            case HISTORY_CONTRIBUTION:
                return contribution(user, item, self, e, null);
            case CO_INTERACTION:
                {
                    String h = name(e.historyItem, e.historyTitle);
                    return pick(
                            user,
                            item,
                            "co",
                            h
                                    + " and "
                                    + self
                                    + " were taken together "
                                    + e.count
                                    + " times, within "
                                    + e.window
                                    + " items of each other.",
                            "Users who took "
                                    + h
                                    + " also took "
                                    + self
                                    + " "
                                    + e.count
                                    + " times within "
                                    + e.window
                                    + " items.");
                }
            case SHARED_ATTRIBUTE:
                {
                    String h = name(e.historyItem, e.historyTitle);
                    String what = singular(e.attribute);
                    return pick(
                            user,
                            item,
                            "shared",
                            "Its "
                                    + what
                                    + " "
                                    + e.value
                                    + " matches "
                                    + e.count
                                    + " of your last "
                                    + e.total
                                    + " items, such as "
                                    + h
                                    + ".",
                            e.count
                                    + " of your "
                                    + e.total
                                    + " recent items, including "
                                    + h
                                    + ", share its "
                                    + what
                                    + " "
                                    + e.value
                                    + ".",
                            "It has the "
                                    + what
                                    + " "
                                    + e.value
                                    + ", as do "
                                    + e.count
                                    + " of your "
                                    + e.total
                                    + " recent items, "
                                    + h
                                    + " among them.");
                }
            case MODALITY_SIMILARITY:
                {
                    String h = name(e.historyItem, e.historyTitle);
                    String cos = String.format(Locale.ROOT, "%.2f", e.similarity);
                    return pick(
                            user,
                            item,
                            "modality",
                            "In the "
                                    + e.modality
                                    + " embedding it sits close to "
                                    + h
                                    + " (cosine "
                                    + cos
                                    + ").",
                            "Its "
                                    + e.modality
                                    + " embedding has cosine similarity "
                                    + cos
                                    + " with "
                                    + h
                                    + ".");
                }
            case RECENT_INTEREST_SHIFT:
                if (e.recentHalfLifeDays != null && e.longTermHalfLifeDays != null) {
                    return tasteShift(user, item, e);
                }
                {
                    String recent = percent(e.recentWeight);
                    String before = percent(e.longTermWeight);
                    return pick(
                            user,
                            item,
                            "shift",
                            "Your recent picks lean to "
                                    + e.value
                                    + ": "
                                    + recent
                                    + " of your last "
                                    + e.total
                                    + " items, up from "
                                    + before
                                    + " before.",
                            e.value
                                    + " rose to "
                                    + recent
                                    + " of your last "
                                    + e.total
                                    + " items, from "
                                    + before
                                    + " earlier.",
                            "Lately "
                                    + e.value
                                    + " makes up "
                                    + recent
                                    + " of your last "
                                    + e.total
                                    + " items, against "
                                    + before
                                    + " before.");
                }
            case POPULARITY:
                return pick(
                        user,
                        item,
                        "popularity",
                        "It is picked for its popularity: " + e.count + " interactions so far.",
                        "A popular pick, with " + e.count + " interactions to date.");
            default:
                throw new IllegalArgumentException("unknown evidence kind " + e.kind);
        }
    }

    /** A shift from the recent-taste summary: time-decayed weights and their half-lives. */
    private static String tasteShift(String user, String item, Evidence e) {
        String recent = percent(e.recentWeight);
        String before = percent(e.longTermWeight);
        String shortSpan = span(e.recentHalfLifeDays);
        String longSpan = span(e.longTermHalfLifeDays);
        return pick(
                user,
                item,
                "taste-shift",
                "Your taste is turning to "
                        + e.value
                        + ": "
                        + recent
                        + " of your activity weighted to the last "
                        + shortSpan
                        + ", against "
                        + before
                        + " over the last "
                        + longSpan
                        + ".",
                e.value
                        + " rose to "
                        + recent
                        + " of your recent activity (last "
                        + shortSpan
                        + "), from "
                        + before
                        + " over the last "
                        + longSpan
                        + ".",
                "Lately "
                        + e.value
                        + " makes up "
                        + recent
                        + " of what you take (last "
                        + shortSpan
                        + "), up from "
                        + before
                        + " over the last "
                        + longSpan
                        + ".");
    }

    /** "day" for one day, "N days" otherwise. */
    private static String span(int days) {
        return days == 1 ? "day" : days + " days";
    }

    /** A title in curly quotes; an item without a title as {@code item #id}. */
    static String name(String item, String title) {
        return title == null || title.isBlank() ? "item #" + item : "\u201c" + title + "\u201d";
    }

    static String percent(double fraction) {
        return Math.round(fraction * 100.0) + "%";
    }

    private static String singular(String attribute) {
        switch (attribute) {
            case "genres":
                return "genre";
            case "tags":
                return "tag";
            default:
                return attribute;
        }
    }

    private static String pick(String user, String item, String kind, String... phrasings) {
        int h = Objects.hash(user, item, kind);
        return phrasings[Math.floorMod(h ^ (h >>> 16), phrasings.length)];
    }

    private static Evidence first(List<Evidence> evidence, EvidenceKind kind) {
        for (Evidence e : evidence) {
            if (e.kind == kind) {
                return e;
            }
        }
        return null;
    }

    private static Evidence firstOf(List<Evidence> evidence, EvidenceKind... kinds) {
        for (EvidenceKind kind : kinds) {
            Evidence e = first(evidence, kind);
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static Evidence coInteractionWith(List<Evidence> evidence, String historyItem) {
        for (Evidence e : evidence) {
            if (e.kind == EvidenceKind.CO_INTERACTION
                    && Objects.equals(e.historyItem, historyItem)) {
                return e;
            }
        }
        return null;
    }
}
