package org.dynmm.rec.operators.records;

import java.util.ArrayList;
import java.util.List;

/** Asks the ranker for a user's list, carrying the user's state as of the trigger. */
public class ScoreRequest {
    public String user;
    public long ts;
    public String trigger;
    public String triggerItem;

    /** Recent distinct items, oldest first, most recent last. */
    public List<String> recentItems = new ArrayList<>();

    /** Every item the user has taken (bounded), excluded from ranking. */
    public List<String> seenItems = new ArrayList<>();

    /** The user's sliding-window summary {@code s_u^new} at {@code ts}; null when not kept. */
    public float[] userSummary;

    /**
     * {@code s_u^new} just before the triggering interaction (the user's gate learns from it); null
     * for other triggers.
     */
    public float[] userSummaryBefore;

    public ScoreRequest() {}

    /** Trigger of a request that erases the user's state downstream and asks for no list. */
    public static final String FORGET_TRIGGER = "forget";

    /** The request that tells rankers to forget {@code user}. */
    public static ScoreRequest forget(String user, long ts) {
        ScoreRequest r = new ScoreRequest();
        r.user = user;
        r.ts = ts;
        r.trigger = FORGET_TRIGGER;
        return r;
    }

    /** True for a {@link #forget} request. */
    public boolean isForget() {
        return FORGET_TRIGGER.equals(trigger);
    }

    @Override
    public String toString() {
        return "ScoreRequest{user=" + user + ", ts=" + ts + ", triggerItem=" + triggerItem + '}';
    }
}
