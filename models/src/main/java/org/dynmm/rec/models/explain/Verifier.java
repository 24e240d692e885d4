package org.dynmm.rec.models.explain;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a rationale against the evidence of its item: extracts every item, attribute value and
 * number the text states and marks each supported or not. Claim precision = supported / stated.
 *
 * <p>Extraction, in this order, each found span masked so later steps do not see it again:
 *
 * <ol>
 *   <li>items in quotes ({@code “...”} or {@code "..."}): each quoted span names an item;
 *   <li>{@code item #id}: an item named by id;
 *   <li>unquoted titles from the {@link ClaimVocabulary} (history and candidates);
 *   <li>attribute values from the vocabulary, as whole words, case-insensitive;
 *   <li>numbers ({@code 37}, {@code 0.82}, {@code 64%}).
 * </ol>
 *
 * <p>Support: an item claim must be the recommended item itself or an item the evidence names (by
 * title, title without its {@code (year)}, or id); an attribute claim must be a value the evidence
 * states; an integer must equal a count, total or window of the evidence; a percentage must be a
 * share or weight of the evidence times 100, rounded; a decimal must be within 0.005 of a share,
 * weight or similarity. Numbers written as words and paraphrased attributes are not recognised: the
 * check proves what is stated in the recognised forms is backed, nothing more.
 */
public final class Verifier implements Serializable {
    private static final long serialVersionUID = 1L;

    private static final Pattern CURLY = Pattern.compile("\u201c([^\u201d]*)\u201d");
    private static final Pattern STRAIGHT = Pattern.compile("\"([^\"]*)\"");
    private static final Pattern ITEM_ID = Pattern.compile("\\bitem #([^\\s,.;:!?()]+)");
    private static final Pattern NUMBER =
            Pattern.compile("(?<![\\w.])(\\d+(?:\\.\\d+)?)(\\s*%|\\s+percent)?");
    private static final Pattern YEAR_SUFFIX = Pattern.compile("\\s*\\(\\d{4}\\)\\s*$");

    private static final char MASK = '\u0000';

    /** Checks {@code rationale} about {@code item} (title {@code title}) against its evidence. */
    public Verification verify(
            String rationale,
            String item,
            String title,
            List<Evidence> evidence,
            ClaimVocabulary vocabulary) {
        if (rationale == null || rationale.isBlank()) {
            return new Verification(0, 0, List.of());
        }
        Set<String> knownItems = new HashSet<>();
        addItemNames(knownItems, item, title);
        Set<String> knownValues = new HashSet<>();
        for (Evidence e : evidence) {
            addItemNames(knownItems, e.historyItem, e.historyTitle);
            if (e.value != null) {
                knownValues.add(ClaimVocabulary.normalize(e.value));
            }
        }
        Claims claims = new Claims();
        StringBuilder text = new StringBuilder(rationale);

        for (Pattern quoted : List.of(CURLY, STRAIGHT)) {
            Matcher m = quoted.matcher(text);
            List<int[]> spans = new ArrayList<>();
            while (m.find()) {
                String name = m.group(1);
                claims.add("item:" + name, knownItems.contains(ClaimVocabulary.normalize(name)));
                spans.add(new int[] {m.start(), m.end()});
            }
            spans.forEach(s -> mask(text, s[0], s[1]));
        }
        Matcher ids = ITEM_ID.matcher(text);
        List<int[]> idSpans = new ArrayList<>();
        while (ids.find()) {
            String id = ids.group(1);
            claims.add("item:#" + id, knownItems.contains(ClaimVocabulary.normalize(id)));
            idSpans.add(new int[] {ids.start(), ids.end()});
        }
        idSpans.forEach(s -> mask(text, s[0], s[1]));

        String lower = text.toString().toLowerCase(Locale.ROOT);
        Set<String> words = words(lower);
        for (String[] known : vocabulary.titlesLongestFirst()) {
            String t = known[0];
            String needle = known[1];
            if (cannotOccur(needle, words)) {
                continue;
            }
            for (int at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
                if (wordBoundaries(lower, at, needle.length())) {
                    claims.add("item:" + t, knownItems.contains(needle.trim()));
                    mask(text, at, at + needle.length());
                    lower = text.toString().toLowerCase(Locale.ROOT);
                }
            }
        }
        for (String[] attribute : vocabulary.valuesLongestFirst()) {
            String value = attribute[0];
            String needle = attribute[1];
            if (cannotOccur(needle, words)) {
                continue;
            }
            for (int at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, at + 1)) {
                if (wordBoundaries(lower, at, needle.length())) {
                    claims.add("attribute:" + value, knownValues.contains(needle.trim()));
                    mask(text, at, at + needle.length());
                    lower = text.toString().toLowerCase(Locale.ROOT);
                }
            }
        }
        Matcher numbers = NUMBER.matcher(text);
        while (numbers.find()) {
            String digits = numbers.group(1);
            boolean percent = numbers.group(2) != null;
            claims.add(
                    "number:" + digits + (percent ? "%" : ""),
                    numberSupported(
                            Double.parseDouble(digits), percent, digits.contains("."), evidence));
        }
        return new Verification(claims.stated, claims.supported, claims.unsupported);
    }

    private static boolean numberSupported(
            double x, boolean percent, boolean decimal, List<Evidence> evidence) {
        for (Evidence e : evidence) {
            if (percent) {
                for (double f : e.fractions()) {
                    if (Math.abs(f * 100.0 - x) <= 0.5 + 1e-9) {
                        return true;
                    }
                }
            } else if (decimal) {
                for (double f : e.fractions()) {
                    if (Math.abs(f - x) <= 0.005 + 1e-9) {
                        return true;
                    }
                }
            } else {
                for (double f : e.figures()) {
                    if (f == x) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    private static void addItemNames(Set<String> names, String item, String title) {
        if (item != null) {
            names.add(ClaimVocabulary.normalize(item));
        }
        if (title != null && !title.isBlank()) {
            names.add(ClaimVocabulary.normalize(title));
            names.add(ClaimVocabulary.normalize(YEAR_SUFFIX.matcher(title).replaceFirst("")));
        }
    }

    /** The text's words (letters and digits), to skip names whose first word is absent. */
    private static Set<String> words(String lower) {
        Set<String> words = new HashSet<>();
        int start = -1;
        for (int i = 0; i <= lower.length(); i++) {
            boolean word = i < lower.length() && Character.isLetterOrDigit(lower.charAt(i));
            if (word && start < 0) {
                start = i;
            } else if (!word && start >= 0) {
                words.add(lower.substring(start, i));
                start = -1;
            }
        }
        return words;
    }

    /**
     * True when {@code needle} cannot occur as a whole-word match: its first word is not among the
     * text's words. Only a speed-up; names that do not start with a letter or digit are searched.
     */
    private static boolean cannotOccur(String needle, Set<String> words) {
        int end = 0;
        while (end < needle.length() && Character.isLetterOrDigit(needle.charAt(end))) {
            end++;
        }
        return end > 0 && !words.contains(needle.substring(0, end));
    }

    private static boolean wordBoundaries(String text, int at, int length) {
        boolean before = at == 0 || !Character.isLetterOrDigit(text.charAt(at - 1));
        int end = at + length;
        boolean after = end >= text.length() || !Character.isLetterOrDigit(text.charAt(end));
        return before && after;
    }

    private static void mask(StringBuilder text, int from, int to) {
        for (int i = from; i < to; i++) {
            text.setCharAt(i, MASK);
        }
    }

    private static final class Claims {
        int stated;
        int supported;
        final List<String> unsupported = new ArrayList<>();

        void add(String claim, boolean ok) {
            stated++;
            if (ok) {
                supported++;
            } else {
                unsupported.add(claim);
            }
        }
    }
}
