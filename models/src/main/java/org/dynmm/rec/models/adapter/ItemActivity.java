package org.dynmm.rec.models.adapter;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * Item-side sliding-window summaries {@code s_i^new}, by the dense ids of the item index: decayed
 * interaction counts over a short and a long half-life (popularity trend) and a decayed
 * co-interaction rate (how many recent items the taking users had, i.e. how connected the item is
 * right now). Counters are stored as values at their last update and decayed on read, so an update
 * costs O(1) and the summary follows time without events. Every update bumps the item's stamp,
 * which tells caches of adapted latents what to recompute.
 */
public final class ItemActivity {
    private static final int FORMAT_VERSION = 2;

    /** Recent interactions remembered for popularity-proportional negative sampling. */
    public static final int RECENT_CAPACITY = 10_000;

    private static final double LN2 = Math.log(2.0);

    private final long fastHalfLifeMillis;
    private final long slowHalfLifeMillis;
    private int size;
    private double[] fast = new double[0];
    private double[] slow = new double[0];
    private double[] coRate = new double[0];
    private long[] lastTs = new long[0];
    private long[] count = new long[0];
    private long[] stamps = new long[0];
    private long clock;
    private final int[] recent = new int[RECENT_CAPACITY];
    private int recentNext;
    private int recentSize;
    private int[] recentCount = new int[0];

    public ItemActivity(long fastHalfLifeMillis, long slowHalfLifeMillis) {
        if (fastHalfLifeMillis <= 0 || slowHalfLifeMillis <= 0) {
            throw new IllegalArgumentException("half-lives must be positive");
        }
        this.fastHalfLifeMillis = fastHalfLifeMillis;
        this.slowHalfLifeMillis = slowHalfLifeMillis;
    }

    /** One day and fourteen days. */
    public static ItemActivity withDefaultHalfLives() {
        return new ItemActivity(86_400_000L, 14 * 86_400_000L);
    }

    /**
     * Records one interaction with dense id {@code id} at {@code ts}, whose user had {@code
     * coItems} recent items.
     */
    public void record(int id, long ts, int coItems) {
        ensure(id + 1);
        long ref = lastTs[id];
        if (count[id] == 0 || ts > ref) {
            double fDecay = count[id] == 0 ? 0.0 : decay(ts - ref, fastHalfLifeMillis);
            double sDecay = count[id] == 0 ? 0.0 : decay(ts - ref, slowHalfLifeMillis);
            fast[id] = fast[id] * fDecay + 1.0;
            slow[id] = slow[id] * sDecay + 1.0;
            coRate[id] = coRate[id] * fDecay + coItems;
            lastTs[id] = ts;
        } else {
            // Out of order: add the event decayed to the reference time.
            fast[id] += decay(ref - ts, fastHalfLifeMillis);
            slow[id] += decay(ref - ts, slowHalfLifeMillis);
            coRate[id] += coItems * decay(ref - ts, fastHalfLifeMillis);
        }
        count[id]++;
        stamps[id] = ++clock;
        remember(id);
    }

    private void remember(int id) {
        if (recentSize == RECENT_CAPACITY) {
            recentCount[recent[recentNext]]--;
        } else {
            recentSize++;
        }
        recent[recentNext] = id;
        recentCount[id]++;
        recentNext = (recentNext + 1) % RECENT_CAPACITY;
    }

    /** How many interactions {@link #recentItem} draws from (at most {@link #RECENT_CAPACITY}). */
    public int recentSize() {
        return recentSize;
    }

    /** The id of the {@code k}-th remembered recent interaction, {@code 0 <= k < recentSize()}. */
    public int recentItem(int k) {
        return recent[k];
    }

    /** Share of the remembered recent interactions that took {@code id}. */
    public double recentShare(int id) {
        return recentSize == 0 || id >= size ? 0.0 : recentCount[id] / (double) recentSize;
    }

    /** Number of ids with a slot (at least every recorded id + 1). */
    public int size() {
        return size;
    }

    /** Changes whenever {@link #record} touches {@code id}; 0 for an item never recorded. */
    public long stampOf(int id) {
        return id < size ? stamps[id] : 0L;
    }

    public long countOf(int id) {
        return id < size ? count[id] : 0L;
    }

    /**
     * Writes item slots {@code [0, ITEM_SLOTS)} of {@code s} for {@code id} at time {@code now};
     * user slots are zeroed.
     */
    public void features(int id, long now, boolean cold, float[] s) {
        Arrays.fill(s, 0f);
        double f = 0;
        double sl = 0;
        double co = 0;
        long n = 0;
        if (id < size && count[id] > 0) {
            long age = Math.max(0L, now - lastTs[id]);
            f = fast[id] * decay(age, fastHalfLifeMillis);
            sl = slow[id] * decay(age, slowHalfLifeMillis);
            co = coRate[id] * decay(age, fastHalfLifeMillis);
            n = count[id];
        }
        s[0] = AdapterFeatures.log1p(f);
        s[1] = AdapterFeatures.log1p(sl) / 2f;
        s[2] = AdapterFeatures.log1p(f) - AdapterFeatures.log1p(sl / 14.0);
        s[3] = AdapterFeatures.log1p(co) / 3f;
        s[AdapterFeatures.ITEM_COLD_SLOT] = cold ? 1f : 0f;
        s[5] = AdapterFeatures.log1p(n) / 5f;
    }

    public ItemActivity copy() {
        ItemActivity c = new ItemActivity(fastHalfLifeMillis, slowHalfLifeMillis);
        c.size = size;
        c.fast = fast.clone();
        c.slow = slow.clone();
        c.coRate = coRate.clone();
        c.lastTs = lastTs.clone();
        c.count = count.clone();
        c.stamps = stamps.clone();
        c.clock = clock;
        System.arraycopy(recent, 0, c.recent, 0, RECENT_CAPACITY);
        c.recentNext = recentNext;
        c.recentSize = recentSize;
        c.recentCount = recentCount.clone();
        return c;
    }

    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(fastHalfLifeMillis);
        out.writeLong(slowHalfLifeMillis);
        out.writeLong(clock);
        out.writeInt(size);
        for (int i = 0; i < size; i++) {
            out.writeDouble(fast[i]);
            out.writeDouble(slow[i]);
            out.writeDouble(coRate[i]);
            out.writeLong(lastTs[i]);
            out.writeLong(count[i]);
            out.writeLong(stamps[i]);
        }
        out.writeInt(recentSize);
        out.writeInt(recentNext);
        for (int k = 0; k < recentSize; k++) {
            out.writeInt(recent[k]);
        }
    }

    public static ItemActivity readFrom(DataInput in) throws IOException {
        int format = in.readInt();
        if (format != FORMAT_VERSION && format != 1) {
            throw new IOException("unknown item activity format " + format);
        }
        ItemActivity a = new ItemActivity(in.readLong(), in.readLong());
        a.clock = in.readLong();
        int n = in.readInt();
        a.ensure(n);
        for (int i = 0; i < n; i++) {
            a.fast[i] = in.readDouble();
            a.slow[i] = in.readDouble();
            a.coRate[i] = in.readDouble();
            a.lastTs[i] = in.readLong();
            a.count[i] = in.readLong();
            a.stamps[i] = in.readLong();
        }
        if (format >= 2) {
            a.recentSize = in.readInt();
            a.recentNext = in.readInt();
            for (int k = 0; k < a.recentSize; k++) {
                a.recent[k] = in.readInt();
                a.recentCount[a.recent[k]]++;
            }
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ItemActivity)) {
            return false;
        }
        ItemActivity a = (ItemActivity) o;
        return a.size == size
                && a.clock == clock
                && a.fastHalfLifeMillis == fastHalfLifeMillis
                && a.slowHalfLifeMillis == slowHalfLifeMillis
                && Arrays.equals(a.fast, 0, size, fast, 0, size)
                && Arrays.equals(a.slow, 0, size, slow, 0, size)
                && Arrays.equals(a.coRate, 0, size, coRate, 0, size)
                && Arrays.equals(a.lastTs, 0, size, lastTs, 0, size)
                && Arrays.equals(a.count, 0, size, count, 0, size)
                && Arrays.equals(a.stamps, 0, size, stamps, 0, size)
                && a.recentSize == recentSize
                && a.recentNext == recentNext
                && Arrays.equals(a.recent, 0, recentSize, recent, 0, recentSize);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(clock) * 31 + size;
    }

    private void ensure(int needed) {
        if (needed > fast.length) {
            int capacity = Math.max(needed, Math.max(64, fast.length * 2));
            fast = Arrays.copyOf(fast, capacity);
            slow = Arrays.copyOf(slow, capacity);
            coRate = Arrays.copyOf(coRate, capacity);
            lastTs = Arrays.copyOf(lastTs, capacity);
            count = Arrays.copyOf(count, capacity);
            stamps = Arrays.copyOf(stamps, capacity);
            recentCount = Arrays.copyOf(recentCount, capacity);
        }
        size = Math.max(size, needed);
    }

    private static double decay(long ageMillis, long halfLifeMillis) {
        return Math.exp(-LN2 * ageMillis / halfLifeMillis);
    }
}
