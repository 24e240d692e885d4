package org.dynmm.rec.models.ranking;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dynmm.rec.models.data.ItemContent;

/**
 * The global item view the baselines rank from: a dense registry of items (string id to int id,
 * assigned in arrival order) and, per item, title, interaction count, time-decayed popularity and
 * co-interaction counts with other items, and optionally a content latent (the model's item vector
 * for items the frozen base did not see, computed from their content by the job).
 *
 * <p>All updates commute: the counts are sums, and popularity is kept as a value at a reference
 * time equal to the latest event time seen ({@code sum over events of 2^(-(ref - t)/H)}), which
 * does not depend on the order events arrive in. Parallel copies fed the same updates in different
 * orders therefore agree (popularity up to floating-point rounding), though their dense ids may
 * differ; rankings break ties by the string id, never the dense id.
 *
 * <p>Not thread-safe.
 */
public final class ItemStatsIndex {
    /** Version of the {@link #writeTo} format. */
    private static final int FORMAT_VERSION = 3;

    private static final int INITIAL_CAPACITY = 64;

    /** Co-items beyond this many are de-duplicated with a hash set instead of a linear scan. */
    private static final int LINEAR_DEDUP_LIMIT = 32;

    private final long halfLifeMillis;

    /** ln(2) / half-life in ms; 0 when popularity does not decay. */
    private final double decayPerMilli;

    private final Map<String, Integer> idByItem = new HashMap<>();
    private final List<String> items = new ArrayList<>();
    private String[] titles = new String[INITIAL_CAPACITY];
    private long[] counts = new long[INITIAL_CAPACITY];
    private double[] popularity = new double[INITIAL_CAPACITY];
    private long[] popularityRefTs = new long[INITIAL_CAPACITY];
    private IntIntCountMap[] coCounts = new IntIntCountMap[INITIAL_CAPACITY];
    private float[][] latents = new float[INITIAL_CAPACITY][];

    /** Attributes from the item's content (e.g. genres, tags), read-only; null when none. */
    @SuppressWarnings("unchecked")
    private Map<String, List<String>>[] attributes = new Map[INITIAL_CAPACITY];

    /**
     * Derived cache for {@link #popularitiesAt}: each item's popularity decayed to {@link
     * #anchorTs}, a grid point that depends only on the query time, so scoring the catalog costs
     * one exponential per call instead of one per item, with the same bits on every parallel copy.
     * Not part of the state (not copied, written or compared).
     */
    private double[] anchored = new double[INITIAL_CAPACITY];

    private long anchorTs = NO_ANCHOR;

    private static final long NO_ANCHOR = Long.MIN_VALUE;

    /** Anchors lie this many half-lives apart, so a cached factor stays within 2^±64. */
    private static final long ANCHOR_PERIOD_HALF_LIVES = 64;

    /**
     * @param popularityHalfLife half-life of popularity; {@link Duration#ZERO} means no decay, so
     *     popularity is the plain interaction count
     */
    public ItemStatsIndex(Duration popularityHalfLife) {
        this(popularityHalfLife.toMillis());
    }

    private ItemStatsIndex(long halfLifeMillis) {
        if (halfLifeMillis < 0) {
            throw new IllegalArgumentException("popularity half-life must not be negative");
        }
        this.halfLifeMillis = halfLifeMillis;
        this.decayPerMilli = halfLifeMillis == 0 ? 0.0 : Math.log(2) / halfLifeMillis;
    }

    public Duration popularityHalfLife() {
        return Duration.ofMillis(halfLifeMillis);
    }

    /** Returns the dense id of {@code item}, assigning the next one if it is new. */
    public int register(String item) {
        Integer existing = idByItem.get(item);
        if (existing != null) {
            return existing;
        }
        int id = items.size();
        ensureCapacity(id + 1);
        items.add(item);
        idByItem.put(item, id);
        return id;
    }

    /** Dense id of {@code item}, or -1 when it is unknown. */
    public int idOf(String item) {
        Integer id = idByItem.get(item);
        return id == null ? -1 : id;
    }

    public String itemAt(int id) {
        return items.get(id);
    }

    /** Number of registered items; dense ids are {@code [0, size())}. */
    public int size() {
        return items.size();
    }

    /** Registers the item of {@code content} and stores its title. */
    public void putContent(ItemContent content) {
        int id = register(content.item);
        titles[id] = content.title;
        attributes[id] = frozenAttributes(content.attributes);
    }

    /**
     * Attributes from the item's content (attribute name to values, e.g. {@code genres ->
     * [Drama]}), empty when none arrived; read-only. Explanations cite them as shared attributes.
     */
    public Map<String, List<String>> attributesOf(int id) {
        checkId(id);
        Map<String, List<String>> a = attributes[id];
        return a == null ? Map.of() : a;
    }

    private static Map<String, List<String>> frozenAttributes(Map<String, List<String>> source) {
        if (source == null || source.isEmpty()) {
            return null;
        }
        Map<String, List<String>> copy = new LinkedHashMap<>();
        source.forEach(
                (name, values) -> {
                    if (name != null && values != null && !values.isEmpty()) {
                        copy.put(name, List.copyOf(values));
                    }
                });
        return copy.isEmpty() ? null : Collections.unmodifiableMap(copy);
    }

    /** Registers {@code item} and stores its latent (replacing an earlier one). */
    public void putLatent(String item, float[] latent) {
        int id = register(item); // may grow the arrays: index them only afterwards
        latents[id] = latent.clone();
    }

    /** The latent stored for {@code id}, or null when none was put. Callers must not modify it. */
    public float[] latentOf(int id) {
        checkId(id);
        return latents[id];
    }

    /** Title from the item's content, or null when no content has arrived. */
    public String titleOf(int id) {
        checkId(id);
        return titles[id];
    }

    /**
     * Records one interaction with {@code item} at {@code ts}, taken by a user whose recent items
     * were {@code coItems}: registers unknown items, counts the interaction, updates popularity and
     * adds one co-interaction in both directions between {@code item} and each distinct other
     * co-item.
     */
    public void recordInteraction(String item, long ts, List<String> coItems) {
        int id = register(item);
        counts[id]++;
        addPopularity(id, ts);
        if (coItems == null || coItems.isEmpty()) {
            return;
        }
        int[] coIds = new int[coItems.size()];
        int n = 0;
        Set<Integer> distinct = coItems.size() > LINEAR_DEDUP_LIMIT ? new HashSet<>() : null;
        for (String coItem : coItems) {
            int coId = register(coItem);
            if (coId == id || (distinct != null ? !distinct.add(coId) : contains(coIds, n, coId))) {
                continue;
            }
            coIds[n++] = coId;
        }
        for (int i = 0; i < n; i++) {
            coRow(id).add(coIds[i], 1);
            coRow(coIds[i]).add(id, 1);
        }
    }

    /** Popularity of {@code id} as of time {@code now}: the decayed sum of its interactions. */
    public double popularityAt(int id, long now) {
        checkId(id);
        if (decayPerMilli == 0.0 || counts[id] == 0) {
            return popularity[id];
        }
        return popularity[id] * decay(now - popularityRefTs[id]);
    }

    /**
     * Writes {@link #popularityAt} of every dense id into {@code out[0, size())} (equal up to
     * floating-point rounding; identical across copies holding the same state).
     */
    public void popularitiesAt(long now, double[] out) {
        int n = size();
        if (decayPerMilli == 0.0) {
            System.arraycopy(popularity, 0, out, 0, n);
            return;
        }
        long period = halfLifeMillis * ANCHOR_PERIOD_HALF_LIVES;
        long anchor = Math.floorDiv(now, period) * period;
        if (anchor != anchorTs) {
            anchorTs = anchor;
            for (int id = 0; id < n; id++) {
                updateAnchored(id);
            }
        }
        double sinceAnchor = decay(now - anchor);
        for (int id = 0; id < n; id++) {
            out[id] = anchored[id] * sinceAnchor;
        }
    }

    private void updateAnchored(int id) {
        anchored[id] =
                counts[id] == 0 ? 0.0 : popularity[id] * decay(anchorTs - popularityRefTs[id]);
    }

    public long countOf(int id) {
        checkId(id);
        return counts[id];
    }

    /** How often {@code a} and {@code b} were taken by the same user within the co-item window. */
    public int coCount(int a, int b) {
        checkId(a);
        checkId(b);
        IntIntCountMap row = coCounts[a];
        return row == null ? 0 : row.get(b);
    }

    /** Number of items with a non-zero co-count with {@code id}. */
    public int coRowSize(int id) {
        checkId(id);
        IntIntCountMap row = coCounts[id];
        return row == null ? 0 : row.size();
    }

    /** Calls {@code consumer} with (other id, co-count) for each item co-taken with {@code id}. */
    public void forEachCoCount(int id, IntIntConsumer consumer) {
        checkId(id);
        IntIntCountMap row = coCounts[id];
        if (row != null) {
            row.forEach(consumer);
        }
    }

    /** Adds {@code coCount(id, j)} to {@code acc[j]} for every j, in one pass over the row. */
    public void addCoCountsTo(int id, double[] acc) {
        checkId(id);
        IntIntCountMap row = coCounts[id];
        if (row != null) {
            row.addTo(acc);
        }
    }

    /** Adds {@code weight * coCount(id, j)} to {@code acc[j]} for every j. */
    public void addCoCountsTo(int id, double weight, double[] acc) {
        checkId(id);
        IntIntCountMap row = coCounts[id];
        if (row != null) {
            row.addTo(acc, weight);
        }
    }

    /** A deep copy sharing nothing mutable with this index. */
    public ItemStatsIndex copy() {
        ItemStatsIndex copy = new ItemStatsIndex(halfLifeMillis);
        int n = size();
        copy.ensureCapacity(n);
        copy.items.addAll(items);
        copy.idByItem.putAll(idByItem);
        System.arraycopy(titles, 0, copy.titles, 0, n);
        System.arraycopy(counts, 0, copy.counts, 0, n);
        System.arraycopy(popularity, 0, copy.popularity, 0, n);
        System.arraycopy(popularityRefTs, 0, copy.popularityRefTs, 0, n);
        for (int i = 0; i < n; i++) {
            copy.coCounts[i] = coCounts[i] == null ? null : coCounts[i].copy();
            copy.latents[i] = latents[i] == null ? null : latents[i].clone();
            copy.attributes[i] = attributes[i]; // immutable: shared
        }
        return copy;
    }

    /** Writes the index in a versioned binary format read by {@link #readFrom}. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeLong(halfLifeMillis);
        int n = size();
        out.writeInt(n);
        for (int i = 0; i < n; i++) {
            StateStrings.write(out, items.get(i));
            StateStrings.write(out, titles[i]);
            out.writeLong(counts[i]);
            out.writeDouble(popularity[i]);
            out.writeLong(popularityRefTs[i]);
        }
        for (int i = 0; i < n; i++) {
            (coCounts[i] == null ? new IntIntCountMap() : coCounts[i]).writeTo(out);
        }
        for (int i = 0; i < n; i++) {
            float[] latent = latents[i];
            out.writeInt(latent == null ? -1 : latent.length);
            if (latent != null) {
                for (float v : latent) {
                    out.writeFloat(v);
                }
            }
        }
        for (int i = 0; i < n; i++) {
            Map<String, List<String>> a = attributes[i];
            out.writeInt(a == null ? 0 : a.size());
            if (a != null) {
                for (Map.Entry<String, List<String>> e : a.entrySet()) {
                    StateStrings.write(out, e.getKey());
                    out.writeInt(e.getValue().size());
                    for (String v : e.getValue()) {
                        StateStrings.write(out, v);
                    }
                }
            }
        }
    }

    public static ItemStatsIndex readFrom(DataInput in) throws IOException {
        int version = StateStrings.readVersion(in, "ItemStatsIndex", FORMAT_VERSION);
        ItemStatsIndex index = new ItemStatsIndex(in.readLong());
        int n = in.readInt();
        index.ensureCapacity(n);
        for (int i = 0; i < n; i++) {
            int id = index.register(StateStrings.read(in));
            index.titles[id] = StateStrings.read(in);
            index.counts[id] = in.readLong();
            index.popularity[id] = in.readDouble();
            index.popularityRefTs[id] = in.readLong();
        }
        for (int i = 0; i < n; i++) {
            IntIntCountMap row = IntIntCountMap.readFrom(in);
            index.coCounts[i] = row.size() == 0 ? null : row;
        }
        if (version >= 2) {
            for (int i = 0; i < n; i++) {
                int dim = in.readInt();
                if (dim >= 0) {
                    float[] latent = new float[dim];
                    for (int k = 0; k < dim; k++) {
                        latent[k] = in.readFloat();
                    }
                    index.latents[i] = latent;
                }
            }
        }
        if (version >= 3) {
            for (int i = 0; i < n; i++) {
                int names = in.readInt();
                Map<String, List<String>> a = new LinkedHashMap<>();
                for (int k = 0; k < names; k++) {
                    String name = StateStrings.read(in);
                    int size = in.readInt();
                    List<String> values = new ArrayList<>(size);
                    for (int v = 0; v < size; v++) {
                        values.add(StateStrings.read(in));
                    }
                    a.put(name, values);
                }
                index.attributes[i] = frozenAttributes(a);
            }
        }
        return index;
    }

    /** Equal when registry, dense ids, titles, counts, popularity (bit-exact) and co-counts are. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ItemStatsIndex)) {
            return false;
        }
        ItemStatsIndex that = (ItemStatsIndex) o;
        int n = size();
        if (halfLifeMillis != that.halfLifeMillis || !items.equals(that.items)) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (!Objects.equals(titles[i], that.titles[i])
                    || counts[i] != that.counts[i]
                    || Double.doubleToLongBits(popularity[i])
                            != Double.doubleToLongBits(that.popularity[i])
                    || popularityRefTs[i] != that.popularityRefTs[i]
                    || !Objects.equals(rowOrEmpty(i), that.rowOrEmpty(i))
                    || !Arrays.equals(latents[i], that.latents[i])
                    || !Objects.equals(attributes[i], that.attributes[i])) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Long.hashCode(halfLifeMillis) * 31 + items.hashCode();
        for (int i = 0; i < size(); i++) {
            h = h * 31 + Long.hashCode(counts[i]);
            h = h * 31 + Double.hashCode(popularity[i]);
            h = h * 31 + rowOrEmpty(i).hashCode();
        }
        return h;
    }

    @Override
    public String toString() {
        return "ItemStatsIndex{items=" + size() + ", halfLifeMillis=" + halfLifeMillis + '}';
    }

    /**
     * Adds one event at {@code ts} to the decayed sum. The sum is kept at reference time {@code ref
     * = max ts seen}: an older event adds its weight at {@code ref}, a newer one moves {@code ref}
     * forward (decaying the sum) and adds 1. Either way the result is the same set sum.
     */
    private void addPopularity(int id, long ts) {
        if (decayPerMilli == 0.0) {
            popularity[id] += 1.0;
            popularityRefTs[id] = counts[id] == 1 ? ts : Math.max(popularityRefTs[id], ts);
            return;
        }
        if (counts[id] == 1) { // first event of this item
            popularity[id] = 1.0;
            popularityRefTs[id] = ts;
        } else if (ts <= popularityRefTs[id]) {
            popularity[id] += decay(popularityRefTs[id] - ts);
        } else {
            popularity[id] = popularity[id] * decay(ts - popularityRefTs[id]) + 1.0;
            popularityRefTs[id] = ts;
        }
        if (anchorTs != NO_ANCHOR) {
            updateAnchored(id);
        }
    }

    /** Weight of an event {@code ageMillis} old: {@code 2^(-age/H)}. */
    private double decay(long ageMillis) {
        // StrictMath: the same bits on every JVM, so parallel copies and re-runs agree exactly.
        return StrictMath.exp(-decayPerMilli * ageMillis);
    }

    private IntIntCountMap coRow(int id) {
        IntIntCountMap row = coCounts[id];
        if (row == null) {
            row = new IntIntCountMap();
            coCounts[id] = row;
        }
        return row;
    }

    private IntIntCountMap rowOrEmpty(int id) {
        return coCounts[id] == null ? new IntIntCountMap() : coCounts[id];
    }

    private static boolean contains(int[] ids, int n, int id) {
        for (int i = 0; i < n; i++) {
            if (ids[i] == id) {
                return true;
            }
        }
        return false;
    }

    private void checkId(int id) {
        if (id < 0 || id >= items.size()) {
            throw new IndexOutOfBoundsException(
                    "dense id " + id + " outside [0, " + items.size() + ")");
        }
    }

    private void ensureCapacity(int needed) {
        if (needed <= titles.length) {
            return;
        }
        int capacity = Math.max(needed, titles.length * 2);
        titles = Arrays.copyOf(titles, capacity);
        counts = Arrays.copyOf(counts, capacity);
        popularity = Arrays.copyOf(popularity, capacity);
        popularityRefTs = Arrays.copyOf(popularityRefTs, capacity);
        coCounts = Arrays.copyOf(coCounts, capacity);
        latents = Arrays.copyOf(latents, capacity);
        attributes = Arrays.copyOf(attributes, capacity);
        anchored = Arrays.copyOf(anchored, capacity);
    }
}
