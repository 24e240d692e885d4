package org.dynmm.rec.models.explain;

import java.util.ArrayList;
import java.util.List;
import org.dynmm.rec.models.ranking.UserContext;

/** The user's context with one history item removed, as counterfactual checks need it. */
public final class Counterfactuals {
    private Counterfactuals() {}

    /**
     * {@code user} without {@code item} in its recent items. The item stays in the seen set: it is
     * still taken (and not rankable), it just no longer informs the scores.
     */
    public static UserContext without(UserContext user, String item) {
        List<String> recent = new ArrayList<>(user.recentItems());
        recent.removeIf(item::equals);
        return UserContext.of(recent, user.seenItems());
    }
}
