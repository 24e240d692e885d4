package org.dynmm.rec.models.adapter;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A user's sliding-window summary {@code s_u^new}: how many events, how recent, and how active the
 * user is right now (decayed counts over one day and fourteen days). Kept in keyed state next to
 * the history; mutable, a few dozen bytes.
 */
public final class UserWindow {
    private static final int FORMAT_VERSION = 1;
    private static final double LN2 = Math.log(2.0);
    static final long FAST_HALF_LIFE = 86_400_000L;
    static final long SLOW_HALF_LIFE = 14 * 86_400_000L;

    private long events;
    private long lastTs = Long.MIN_VALUE;
    private double fast;
    private double slow;

    /** Applies one accepted event. */
    public void record(long ts) {
        if (events == 0 || ts >= lastTs) {
            double age = events == 0 ? 0 : ts - lastTs;
            fast = (events == 0 ? 0 : fast * decay(age, FAST_HALF_LIFE)) + 1.0;
            slow = (events == 0 ? 0 : slow * decay(age, SLOW_HALF_LIFE)) + 1.0;
            lastTs = ts;
        } else {
            fast += decay(lastTs - ts, FAST_HALF_LIFE);
            slow += decay(lastTs - ts, SLOW_HALF_LIFE);
        }
        events++;
    }

    public long events() {
        return events;
    }

    /**
     * Writes the user slots of {@code s} (after the item slots, which are zeroed) at time {@code
     * now}.
     */
    public void features(long now, float[] s) {
        Arrays.fill(s, 0f);
        int o = AdapterFeatures.ITEM_SLOTS;
        double age = events == 0 ? 0 : Math.max(0L, now - lastTs);
        s[o] = AdapterFeatures.log1p(events) / 5f;
        s[o + 1] = events < AdapterFeatures.COLD_USER_EVENTS ? 1f : 0f;
        s[o + 2] = events == 0 ? 0f : AdapterFeatures.log1p(age / 3_600_000.0) / 5f;
        s[o + 3] = events == 0 ? 0f : AdapterFeatures.log1p(fast * decay(age, FAST_HALF_LIFE));
        s[o + 4] = events == 0 ? 0f : AdapterFeatures.log1p(slow * decay(age, SLOW_HALF_LIFE)) / 2f;
        s[o + 5] = 1f;
    }

    public UserWindow copy() {
        UserWindow c = new UserWindow();
        c.events = events;
        c.lastTs = lastTs;
        c.fast = fast;
        c.slow = slow;
        return c;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeLong(events);
        out.writeLong(lastTs);
        out.writeDouble(fast);
        out.writeDouble(slow);
    }

    public static UserWindow readFrom(DataInput in) throws IOException {
        int format = in.readByte();
        if (format != FORMAT_VERSION) {
            throw new IOException("unknown user window format " + format);
        }
        UserWindow w = new UserWindow();
        w.events = in.readLong();
        w.lastTs = in.readLong();
        w.fast = in.readDouble();
        w.slow = in.readDouble();
        return w;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof UserWindow
                && ((UserWindow) o).events == events
                && ((UserWindow) o).lastTs == lastTs
                && ((UserWindow) o).fast == fast
                && ((UserWindow) o).slow == slow;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(events) * 31 + Long.hashCode(lastTs);
    }

    @Override
    public String toString() {
        return "UserWindow{events="
                + events
                + ", lastTs="
                + lastTs
                + ", fast="
                + fast
                + ", slow="
                + slow
                + '}';
    }

    private static double decay(double ageMillis, long halfLifeMillis) {
        return Math.exp(-LN2 * ageMillis / halfLifeMillis);
    }
}
