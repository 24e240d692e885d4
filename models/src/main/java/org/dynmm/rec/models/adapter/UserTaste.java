package org.dynmm.rec.models.adapter;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.dynmm.rec.models.explain.Evidence;
import org.dynmm.rec.models.explain.ExplainSettings;
import org.dynmm.rec.models.explain.InterestShiftSource;
import org.dynmm.rec.models.ranking.ItemStatsIndex;

/**
 * The recent-taste half of a user's sliding-window summary {@code s_u^new} ({@link UserWindow} is
 * the activity half): per attribute value (e.g. {@code genres=Drama}), the time-decayed number of
 * the user's events whose item carries it, at the same two half-lives as the window (one day and
 * fourteen days), next to the decayed number of all events. A value's weight at a half-life is its
 * decayed count over the decayed event count: the share of the user's activity carrying it,
 * weighted to that horizon. A value whose one-day weight rose above its fourteen-day weight is a
 * recent interest shift, stated with both weights and both half-lives ({@link #shifts}).
 *
 * <p>Kept by the adapted ranker (where item attributes are at hand) in keyed state, at most {@link
 * #MAX_VALUES} values (the one with the smallest fourteen-day weight goes first). Mutable, not
 * thread-safe; versioned binary format.
 */
public final class UserTaste {
    private static final int FORMAT_VERSION = 1;
    private static final double LN2 = Math.log(2.0);
    private static final char SEPARATOR = '\u0000';

    /** Most attribute values kept per user. */
    public static final int MAX_VALUES = 64;

    /** The half-lives in days, as stated in evidence. */
    public static final int RECENT_HALF_LIFE_DAYS = (int) (UserWindow.FAST_HALF_LIFE / 86_400_000L);

    public static final int LONG_TERM_HALF_LIFE_DAYS =
            (int) (UserWindow.SLOW_HALF_LIFE / 86_400_000L);

    private long events;
    private long lastTs = Long.MIN_VALUE;
    private double fastMass;
    private double slowMass;

    /** "key\0value" -> {fast, slow} decayed counts as of {@link #lastTs}. */
    private final Map<String, double[]> counts = new HashMap<>();

    /** Applies one event at {@code ts} on an item with {@code attributes} (only {@code keys}). */
    public void record(long ts, Map<String, List<String>> attributes, List<String> keys) {
        double add;
        if (events == 0 || ts >= lastTs) {
            double age = events == 0 ? 0 : ts - lastTs;
            double fast = decay(age, UserWindow.FAST_HALF_LIFE);
            double slow = decay(age, UserWindow.SLOW_HALF_LIFE);
            fastMass *= fast;
            slowMass *= slow;
            for (double[] c : counts.values()) {
                c[0] *= fast;
                c[1] *= slow;
            }
            lastTs = ts;
            add = 1.0;
        } else {
            add = -1.0; // an older event: added decayed to lastTs, below
        }
        double fastAdd = add > 0 ? 1.0 : decay(lastTs - ts, UserWindow.FAST_HALF_LIFE);
        double slowAdd = add > 0 ? 1.0 : decay(lastTs - ts, UserWindow.SLOW_HALF_LIFE);
        fastMass += fastAdd;
        slowMass += slowAdd;
        for (String key : keys) {
            for (String value : new LinkedHashSet<>(attributes.getOrDefault(key, List.of()))) {
                double[] c = counts.computeIfAbsent(key + SEPARATOR + value, k -> new double[2]);
                c[0] += fastAdd;
                c[1] += slowAdd;
            }
        }
        events++;
        while (counts.size() > MAX_VALUES) {
            String smallest =
                    counts.entrySet().stream()
                            .min(
                                    Comparator.comparingDouble(
                                                    (Map.Entry<String, double[]> e) ->
                                                            e.getValue()[1])
                                            .thenComparing(Map.Entry::getKey))
                            .orElseThrow()
                            .getKey();
            counts.remove(smallest);
        }
    }

    /**
     * Applies the interaction with {@code item} at {@code ts} as the explanation stage counts it:
     * the item's {@link ExplainSettings#attributeKeys()} values from {@code index}. The adapted
     * ranker calls it with every request's triggering interaction, the replay evaluator with every
     * applied event, so both keep the same summary.
     *
     * @return false (nothing recorded) when {@code item} is null or unknown to {@code index}
     */
    public boolean recordInteraction(
            ItemStatsIndex index, String item, long ts, ExplainSettings settings) {
        int id = item == null ? -1 : index.idOf(item);
        if (id < 0) {
            return false;
        }
        record(ts, index.attributesOf(id), settings.attributeKeys());
        return true;
    }

    /**
     * The interest shifts one request at {@code now} is explained with: this summary's ({@link
     * #shifts(List, double, double, long)} with {@code settings}' keys, least rise and, as the
     * least recent activity, its recent window), and {@code fallback}'s for candidates it reports
     * none for.
     */
    public InterestShiftSource shifts(
            ExplainSettings settings, long now, InterestShiftSource fallback) {
        return InterestShiftSource.firstOf(
                shifts(
                        settings.attributeKeys(),
                        settings.minShiftRise(),
                        settings.recentWindow(),
                        now),
                fallback);
    }

    public long events() {
        return events;
    }

    /** Number of attribute values kept. */
    public int values() {
        return counts.size();
    }

    /** Decayed event count at the one-day half-life, at time {@code now}. */
    public double recentMass(long now) {
        return events == 0
                ? 0
                : fastMass * decay(Math.max(0L, now - lastTs), UserWindow.FAST_HALF_LIFE);
    }

    /** Share (0..1) of the activity carrying {@code key=value}, at the one-day half-life. */
    public double recentWeight(String key, String value) {
        double[] c = counts.get(key + SEPARATOR + value);
        return c == null || fastMass <= 0 ? 0 : c[0] / fastMass;
    }

    /** Share (0..1) of the activity carrying {@code key=value}, at the fourteen-day half-life. */
    public double longTermWeight(String key, String value) {
        double[] c = counts.get(key + SEPARATOR + value);
        return c == null || slowMass <= 0 ? 0 : c[1] / slowMass;
    }

    /**
     * The shift source for one request at {@code now}: for a candidate, every value of its {@code
     * keys} attributes whose recent weight exceeds its long-term weight by at least {@code
     * minRise}, largest rise first; none while the activity weighted to the last day is below
     * {@code minRecentEvents} events (too little to speak of a shift).
     */
    public InterestShiftSource shifts(
            List<String> keys, double minRise, double minRecentEvents, long now) {
        boolean enough = recentMass(now) >= minRecentEvents;
        return (index, user) ->
                itemId -> {
                    if (!enough) {
                        return List.of();
                    }
                    List<Evidence> out = new ArrayList<>();
                    for (String key : keys) {
                        for (String value :
                                new LinkedHashSet<>(
                                        index.attributesOf(itemId).getOrDefault(key, List.of()))) {
                            double recent = recentWeight(key, value);
                            double before = longTermWeight(key, value);
                            if (recent - before >= minRise) {
                                out.add(
                                        Evidence.recentTasteShift(
                                                key,
                                                value,
                                                recent,
                                                before,
                                                RECENT_HALF_LIFE_DAYS,
                                                LONG_TERM_HALF_LIFE_DAYS));
                            }
                        }
                    }
                    out.sort(
                            Comparator.comparingDouble(
                                    (Evidence e) -> e.longTermWeight - e.recentWeight));
                    return out;
                };
    }

    public UserTaste copy() {
        UserTaste c = new UserTaste();
        c.events = events;
        c.lastTs = lastTs;
        c.fastMass = fastMass;
        c.slowMass = slowMass;
        counts.forEach((k, v) -> c.counts.put(k, v.clone()));
        return c;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeByte(FORMAT_VERSION);
        out.writeLong(events);
        out.writeLong(lastTs);
        out.writeDouble(fastMass);
        out.writeDouble(slowMass);
        out.writeInt(counts.size());
        for (Map.Entry<String, double[]> e : counts.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeDouble(e.getValue()[0]);
            out.writeDouble(e.getValue()[1]);
        }
    }

    public static UserTaste readFrom(DataInput in) throws IOException {
        int format = in.readByte();
        if (format != FORMAT_VERSION) {
            throw new IOException("unknown user taste format " + format);
        }
        UserTaste t = new UserTaste();
        t.events = in.readLong();
        t.lastTs = in.readLong();
        t.fastMass = in.readDouble();
        t.slowMass = in.readDouble();
        int n = in.readInt();
        if (n < 0 || n > MAX_VALUES) {
            throw new IOException("user taste holds " + n + " values, at most " + MAX_VALUES);
        }
        for (int i = 0; i < n; i++) {
            String key = in.readUTF();
            t.counts.put(key, new double[] {in.readDouble(), in.readDouble()});
        }
        return t;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof UserTaste)) {
            return false;
        }
        UserTaste t = (UserTaste) o;
        if (t.events != events
                || t.lastTs != lastTs
                || t.fastMass != fastMass
                || t.slowMass != slowMass
                || !t.counts.keySet().equals(counts.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : counts.entrySet()) {
            if (!java.util.Arrays.equals(e.getValue(), t.counts.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(events, lastTs, counts.keySet());
    }

    @Override
    public String toString() {
        return "UserTaste{events="
                + events
                + ", lastTs="
                + lastTs
                + ", values="
                + counts.size()
                + '}';
    }

    private static double decay(double ageMillis, long halfLifeMillis) {
        return Math.exp(-LN2 * ageMillis / halfLifeMillis);
    }
}
