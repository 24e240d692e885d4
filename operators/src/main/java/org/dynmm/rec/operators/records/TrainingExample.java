package org.dynmm.rec.operators.records;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One accepted interaction as the adapter trainer learns from it: the user's recent items and
 * sliding-window summary just before it, and the item taken. Negatives are sampled by the trainer.
 */
public class TrainingExample {
    public String user;
    public String item;
    public long ts;

    /** Recent distinct items before the event, most recent last. */
    public List<String> recentItems = new ArrayList<>();

    /** {@code s_u^new} just before the event. */
    public float[] userSummary;

    public TrainingExample() {}

    @Override
    public String toString() {
        return "TrainingExample{user="
                + user
                + ", item="
                + item
                + ", ts="
                + ts
                + ", summary="
                + Arrays.toString(userSummary)
                + '}';
    }
}
