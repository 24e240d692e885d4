package org.dynmm.rec.operators.control;

import org.dynmm.rec.models.data.InteractionEvent;

/**
 * A {@code forget} control record ("erase everything kept about this user") travels to the user
 * operator on the interaction path, as an {@link InteractionEvent} marker: same key, same keyed
 * operator, no new record type on the wire. The marker has no item, which no parsed interaction can
 * have (the interaction parser requires one), so interaction input can never forge it.
 */
public final class ForgetRequests {
    private ForgetRequests() {}

    /** The {@code type} of a forget marker and of the control record that asks for it. */
    public static final String FORGET_TYPE = "forget";

    /** The marker that asks the user operator to erase {@code user}'s state. */
    public static InteractionEvent marker(String user, long ts) {
        return new InteractionEvent(user, null, FORGET_TYPE, 0f, ts);
    }

    /** True for a marker built by {@link #marker}, false for every parsed interaction. */
    public static boolean isForget(InteractionEvent event) {
        return event.item == null && FORGET_TYPE.equals(event.type);
    }
}
