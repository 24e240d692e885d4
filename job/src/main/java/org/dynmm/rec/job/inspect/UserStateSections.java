package org.dynmm.rec.job.inspect;

import java.util.List;

/** The per-user keyed state that inspect-state reads, per operator, in output order. */
public final class UserStateSections {
    private UserStateSections() {}

    /** The user operator (uid {@code user-state}): profile and the adapter's window. */
    public static List<UserStateSection> userOperator() {
        return List.of(new ProfileSection(), new WindowSection());
    }

    /**
     * The ranker (uid {@code ranker}): the adapted ranker's gate, last shown list, recent taste,
     * waiting requests.
     */
    public static List<UserStateSection> rankerOperator() {
        return List.of(
                new GateSection(),
                new ShownSection(),
                new TasteSection(),
                new PendingRequestsSection());
    }
}
