package org.dynmm.rec.models.explain;

import java.util.List;

/**
 * How much each history item raises each candidate's score: {@code values[c][h]} for candidate
 * {@code c} (in the order asked) and history item {@code historyItems.get(h)}. Positive raises the
 * score; an item with no effect is 0.
 */
public record HistoryContributions(List<String> historyItems, double[][] values) {

    /** No history item affects any of {@code candidates} candidates. */
    public static HistoryContributions none(int candidates) {
        return new HistoryContributions(List.of(), new double[candidates][0]);
    }
}
