package org.dynmm.rec.models.eval;

/** Subsets of test events that metrics are reported for. */
public enum Slice {
    /** Every ranked test event. */
    ALL("all"),
    /**
     * Events of users with fewer than {@link #COLD_USER_EVENTS} prior events (training included).
     */
    COLD_USERS("cold-users"),
    /** Events on items that had no interaction before the cutoff. */
    UNSEEN_ITEMS("unseen-items");

    /** A user with fewer prior events than this is cold. */
    public static final int COLD_USER_EVENTS = 5;

    private final String label;

    Slice(String label) {
        this.label = label;
    }

    /** The name used in tables and JSON. */
    public String label() {
        return label;
    }
}
