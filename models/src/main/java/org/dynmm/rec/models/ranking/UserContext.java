package org.dynmm.rec.models.ranking;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a scorer and the ranker need to know about a user: recent distinct items (most recent last)
 * and the items already taken, which are never recommended.
 */
public final class UserContext {
    private final List<String> recentItems;
    private final Set<String> seenItems;

    private UserContext(List<String> recentItems, Set<String> seenItems) {
        this.recentItems = recentItems;
        this.seenItems = seenItems;
    }

    /** From raw lists, e.g. the ones a score request carries. The lists are copied. */
    public static UserContext of(List<String> recentItems, Collection<String> seenItems) {
        return new UserContext(
                List.copyOf(recentItems),
                Collections.unmodifiableSet(new LinkedHashSet<>(seenItems)));
    }

    /**
     * From a profile: its {@code window} most recent distinct items and a live view of its seen
     * set. Valid until the profile changes; build a new context after each {@link
     * UserProfile#append}.
     */
    public static UserContext of(UserProfile profile, int window) {
        return new UserContext(profile.recentDistinctItems(window), profile.seenView());
    }

    /** Recent distinct items, most recent last. */
    public List<String> recentItems() {
        return recentItems;
    }

    /** Items the user has taken; read-only. */
    public Set<String> seenItems() {
        return seenItems;
    }

    @Override
    public String toString() {
        return "UserContext{recent=" + recentItems + ", seen=" + seenItems.size() + '}';
    }
}
