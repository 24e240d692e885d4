package org.dynmm.rec.models.eval;

import java.util.Objects;
import org.dynmm.rec.models.ranking.ItemScorer;

/**
 * A named method under evaluation.
 *
 * @param name label in reports, e.g. {@code cooccurrence}
 * @param scorer how it scores items
 */
public record RankingMethod(String name, ItemScorer scorer) {
    public RankingMethod {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(scorer, "scorer");
    }
}
