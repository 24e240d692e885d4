package org.dynmm.rec.models.data;

import java.util.Objects;

/**
 * One user-item interaction (view, rating, click, ...). A Flink POJO: public fields and a no-arg
 * constructor so it travels between operators without Kryo.
 */
public class InteractionEvent {
    /** Interaction type used when a record does not name one. */
    public static final String DEFAULT_TYPE = "interaction";

    /** Value used when a record carries none (implicit feedback). */
    public static final float DEFAULT_VALUE = 1.0f;

    public String user;
    public String item;
    public String type = DEFAULT_TYPE;
    public float value = DEFAULT_VALUE;

    /** Event time, epoch milliseconds. */
    public long ts;

    public InteractionEvent() {}

    public InteractionEvent(String user, String item, String type, float value, long ts) {
        this.user = user;
        this.item = item;
        this.type = type;
        this.value = value;
        this.ts = ts;
    }

    /** Identity used for idempotence: the same user, item, type and time is the same event. */
    public String dedupKey() {
        return item + '\u0000' + type + '\u0000' + ts;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof InteractionEvent)) {
            return false;
        }
        InteractionEvent that = (InteractionEvent) o;
        return Float.compare(value, that.value) == 0
                && ts == that.ts
                && Objects.equals(user, that.user)
                && Objects.equals(item, that.item)
                && Objects.equals(type, that.type);
    }

    @Override
    public int hashCode() {
        return Objects.hash(user, item, type, value, ts);
    }

    @Override
    public String toString() {
        return "InteractionEvent{user="
                + user
                + ", item="
                + item
                + ", type="
                + type
                + ", value="
                + value
                + ", ts="
                + ts
                + '}';
    }
}
