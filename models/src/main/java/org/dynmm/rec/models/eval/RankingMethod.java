package org.dynmm.rec.models.eval;

import java.util.Objects;
import org.dynmm.rec.models.ranking.ItemScorer;

/**
 * A named method under evaluation: a stateless {@link ItemScorer} or an {@link OnlineMethod} that
 * learns from the replay.
 *
 * @param name label in reports, e.g. {@code cooccurrence}
 * @param scorer how it scores items, null for an online method
 * @param online the online method, null for a scorer
 */
public record RankingMethod(String name, ItemScorer scorer, OnlineMethod online) {
    public RankingMethod {
        Objects.requireNonNull(name, "name");
        if ((scorer == null) == (online == null)) {
            throw new IllegalArgumentException("a method is either a scorer or an online method");
        }
    }

    public RankingMethod(String name, ItemScorer scorer) {
        this(name, Objects.requireNonNull(scorer, "scorer"), null);
    }

    public static RankingMethod online(String name, OnlineMethod method) {
        return new RankingMethod(name, null, Objects.requireNonNull(method, "method"));
    }
}
