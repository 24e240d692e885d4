package org.dynmm.rec.job.inspect;

import java.util.List;

/** The sections of the user operator's keyed state that inspect-state reads, in output order. */
public final class UserStateSections {
    private UserStateSections() {}

    public static List<UserStateSection> all() {
        return List.of(new ProfileSection(), new WindowSection());
    }
}
