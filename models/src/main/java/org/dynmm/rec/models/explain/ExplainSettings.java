package org.dynmm.rec.models.explain;

import java.io.Serializable;
import java.util.List;

/**
 * What evidence the {@link EvidenceCollector} gathers per recommended item.
 *
 * @param maxContributions most history items cited as contributions (and co-interactions)
 * @param minShare smallest share of the history-driven score a cited contribution may have
 * @param coInteractionWindow the window, in a user's recent distinct items, within which the item
 *     index counts co-interactions (the user state's {@code rec.user.co-interaction-window}); it is
 *     stated in co-interaction evidence, not used to count
 * @param attributeKeys attribute names cited as shared attributes and interest shifts, e.g. genres
 * @param maxSharedAttributes most shared attribute values cited per item
 * @param minSimilarity smallest cosine cited as modality similarity
 * @param recentWindow the last items that count as recent for interest shifts
 * @param minShiftRise smallest rise of an attribute's weight that counts as a shift
 */
public record ExplainSettings(
        int maxContributions,
        double minShare,
        int coInteractionWindow,
        List<String> attributeKeys,
        int maxSharedAttributes,
        double minSimilarity,
        int recentWindow,
        double minShiftRise)
        implements Serializable {

    public ExplainSettings {
        attributeKeys = List.copyOf(attributeKeys);
        if (maxContributions <= 0 || coInteractionWindow <= 0 || recentWindow <= 0) {
            throw new IllegalArgumentException(
                    "contributions, co-interaction window and recent window must be positive");
        }
        if (minShare < 0.0 || minShare > 1.0 || minShiftRise <= 0.0 || minShiftRise > 1.0) {
            throw new IllegalArgumentException("shares and rises lie in [0, 1]");
        }
    }

    public static ExplainSettings defaults() {
        return new ExplainSettings(2, 0.05, 20, List.of("genres", "tags"), 1, 0.5, 5, 0.25);
    }
}
