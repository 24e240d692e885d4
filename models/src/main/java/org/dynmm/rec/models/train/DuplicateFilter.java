package org.dynmm.rec.models.train;

import java.util.HashMap;
import java.util.Map;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.ranking.UserProfile;

/**
 * Tells which events, taken in order, count as the evaluator's item view counts them: an event that
 * duplicates one already taken (same user, item, type and time, {@link UserProfile#isDuplicate})
 * does not. Not thread-safe.
 */
final class DuplicateFilter {
    private final Map<String, UserProfile> profiles = new HashMap<>();

    /** True when {@code event} counts (and remembers it); false for a duplicate. */
    boolean accept(InteractionEvent event) {
        UserProfile profile =
                profiles.computeIfAbsent(
                        event.user,
                        u ->
                                new UserProfile(
                                        UserProfile.DEFAULT_HISTORY_CAPACITY,
                                        UserProfile.DEFAULT_SEEN_CAPACITY));
        if (profile.isDuplicate(event)) {
            return false;
        }
        profile.append(event);
        return true;
    }
}
