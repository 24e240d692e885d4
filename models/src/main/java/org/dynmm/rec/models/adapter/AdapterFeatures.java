package org.dynmm.rec.models.adapter;

/**
 * The sliding-window summaries {@code s^new} as the adapter sees them: one vector of {@link #SIZE}
 * values, items filling the first {@link #ITEM_SLOTS} and users the rest, so one shared {@code g}
 * can tell them apart. Every value is finite and of order one (logs of counts, flags).
 */
public final class AdapterFeatures {
    private AdapterFeatures() {}

    /** Item slots: fast and slow decayed popularity, trend, co-interaction rate, cold, total. */
    public static final int ITEM_SLOTS = 6;

    /** User slots: events, cold-user flag, gap, fast and slow activity, bias. */
    public static final int USER_SLOTS = 6;

    public static final int SIZE = ITEM_SLOTS + USER_SLOTS;

    /** The item slot flagging an item without collaborative signal (1) or with it (0). */
    public static final int ITEM_COLD_SLOT = 4;

    /** A user with fewer prior events than this is flagged cold (the evaluator's slice too). */
    public static final int COLD_USER_EVENTS = 5;

    /** Whether item summary {@code s} flags its item cold ({@link #ITEM_COLD_SLOT}). */
    public static boolean isColdItem(float[] s) {
        return s[ITEM_COLD_SLOT] > 0.5f;
    }

    static float log1p(double x) {
        return (float) Math.log1p(Math.max(0.0, x));
    }
}
