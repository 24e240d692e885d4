package org.dynmm.rec.models.eval;

import java.util.Locale;
import java.util.Map;

/**
 * Explanation metrics of one replay (see {@link ExplanationEvaluator}).
 *
 * @param method the ranking method whose lists were explained
 * @param lists ranked lists explained (one per ranked test event)
 * @param rationales rationales produced (one per listed item)
 * @param claims claims stated across all rationales
 * @param supportedClaims claims the evidence supports
 * @param passedRationales rationales whose every claim is supported
 * @param citing rationales that cite a history item (the counterfactual's denominator)
 * @param scoreDrops citing rationales whose item scores lower without the cited item
 * @param rankDrops citing rationales whose item ranks lower without the cited item
 * @param necessary citing rationales whose item's score or rank drops without the cited item
 * @param uniqueRationales distinct rationale texts
 * @param uniqueSentences distinct sentences; {@code sentences} all sentences
 * @param featureDiversity PETER's DIV: mean number of features two rationales share (lower is more
 *     diverse)
 * @param tasteShiftRationales rationales stating an interest shift from the recent-taste summary
 * @param historyShiftRationales rationales stating an interest shift from the history's last items
 * @param topUnsupportedClaims the most frequent unsupported claims, with their counts
 */
public record ExplanationReport(
        String method,
        long lists,
        long rationales,
        long claims,
        long supportedClaims,
        long passedRationales,
        long citing,
        long scoreDrops,
        long rankDrops,
        long necessary,
        long uniqueRationales,
        long sentences,
        long uniqueSentences,
        double featureDiversity,
        long tasteShiftRationales,
        long historyShiftRationales,
        Map<String, Long> topUnsupportedClaims) {

    /** Supported over stated claims (micro-averaged). */
    public double claimPrecision() {
        return claims == 0 ? 1.0 : supportedClaims / (double) claims;
    }

    /** Citing rationales whose item's score or rank drops when the cited item is removed. */
    public double counterfactualNecessity() {
        return citing == 0 ? 0.0 : necessary / (double) citing;
    }

    /** PETER's unique sentence ratio over rationales (distinct texts over all). */
    public double uniqueSentenceRatio() {
        return rationales == 0 ? 0.0 : uniqueRationales / (double) rationales;
    }

    /** Text table for the evaluate command. */
    public String renderTable() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "explanations of %s (realizer)%n", method));
        row(b, "lists explained", Long.toString(lists));
        row(b, "rationales", Long.toString(rationales));
        row(
                b,
                "claim precision",
                String.format(
                        Locale.ROOT,
                        "%.4f (%d/%d claims; %d/%d rationales fully supported)",
                        claimPrecision(),
                        supportedClaims,
                        claims,
                        passedRationales,
                        rationales));
        row(
                b,
                "counterfactual necessity",
                String.format(
                        Locale.ROOT,
                        "%.4f (%d/%d citing rationales; score drop %d, rank drop %d)",
                        counterfactualNecessity(),
                        necessary,
                        citing,
                        scoreDrops,
                        rankDrops));
        row(
                b,
                "unique sentence ratio",
                String.format(
                        Locale.ROOT,
                        "%.4f (%d distinct of %d rationales; sentences %d distinct of %d)",
                        uniqueSentenceRatio(),
                        uniqueRationales,
                        rationales,
                        uniqueSentences,
                        sentences));
        row(
                b,
                "feature diversity (DIV)",
                String.format(Locale.ROOT, "%.4f (lower = more diverse)", featureDiversity));
        row(
                b,
                "interest shifts stated",
                String.format(
                        Locale.ROOT,
                        "%d rationales (recent-taste summary %d, history's last items %d)",
                        tasteShiftRationales + historyShiftRationales,
                        tasteShiftRationales,
                        historyShiftRationales));
        if (!topUnsupportedClaims.isEmpty()) {
            row(b, "top unsupported claims", topUnsupportedClaims.toString());
        }
        return b.toString();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append(String.format(Locale.ROOT, "  %-26s %s%n", name, value));
    }
}
