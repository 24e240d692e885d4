package org.dynmm.rec.models.ranking;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.dynmm.rec.models.data.InteractionEvent;

/**
 * One user's bounded state, shared by the job's keyed user operator and the offline evaluator: the
 * recent history of (item, type, value, ts) entries, the set of items taken (for exclusion from
 * ranking), the event count, the latest event time and the keys of recent events for
 * de-duplication.
 *
 * <p>Everything is bounded: the history keeps the newest {@code historyCapacity} entries, the seen
 * set the {@code seenCapacity} most recently taken items, the dedup keys at most {@code
 * dedupCapacity} keys (and fewer once {@link #pruneDedupKeysBefore} drops old ones). Order is
 * arrival order. Not thread-safe.
 */
public final class UserProfile {
    public static final int DEFAULT_HISTORY_CAPACITY = 50;
    public static final int DEFAULT_SEEN_CAPACITY = 5000;
    public static final int DEFAULT_DEDUP_CAPACITY = 1000;

    private static final int FORMAT_VERSION = 1;

    private final int historyCapacity;
    private final int seenCapacity;
    private final int dedupCapacity;

    // History as a ring buffer of parallel arrays: start is the oldest entry.
    private final String[] historyItems;
    private final String[] historyTypes;
    private final float[] historyValues;
    private final long[] historyTs;
    private int historyStart;
    private int historySize;

    /** Items taken, least recently taken first. */
    private final LinkedHashSet<String> seen = new LinkedHashSet<>();

    /**
     * Recent event keys ({@link InteractionEvent#dedupKey()}) to their event time, oldest first.
     */
    private final LinkedHashMap<String, Long> dedupKeys = new LinkedHashMap<>();

    private long eventCount;
    private long lastEventTs = Long.MIN_VALUE;

    public UserProfile() {
        this(DEFAULT_HISTORY_CAPACITY, DEFAULT_SEEN_CAPACITY);
    }

    public UserProfile(int historyCapacity, int seenCapacity) {
        this(historyCapacity, seenCapacity, DEFAULT_DEDUP_CAPACITY);
    }

    public UserProfile(int historyCapacity, int seenCapacity, int dedupCapacity) {
        if (historyCapacity <= 0 || seenCapacity <= 0 || dedupCapacity <= 0) {
            throw new IllegalArgumentException("capacities must be positive");
        }
        this.historyCapacity = historyCapacity;
        this.seenCapacity = seenCapacity;
        this.dedupCapacity = dedupCapacity;
        historyItems = new String[historyCapacity];
        historyTypes = new String[historyCapacity];
        historyValues = new float[historyCapacity];
        historyTs = new long[historyCapacity];
    }

    /** Applies one event: history, seen set, counters and dedup keys. */
    public void append(InteractionEvent e) {
        int slot;
        if (historySize < historyCapacity) {
            slot = (historyStart + historySize) % historyCapacity;
            historySize++;
        } else {
            slot = historyStart; // overwrite the oldest
            historyStart = (historyStart + 1) % historyCapacity;
        }
        historyItems[slot] = e.item;
        historyTypes[slot] = e.type;
        historyValues[slot] = e.value;
        historyTs[slot] = e.ts;

        seen.remove(e.item); // re-taking an item makes it the most recent, last to be evicted
        seen.add(e.item);
        if (seen.size() > seenCapacity) {
            evictOldest(seen.iterator());
        }

        dedupKeys.put(e.dedupKey(), e.ts);
        if (dedupKeys.size() > dedupCapacity) {
            evictOldest(dedupKeys.keySet().iterator());
        }

        eventCount++;
        lastEventTs = Math.max(lastEventTs, e.ts);
    }

    /** True when an event with the same item, type and time was appended and not yet pruned. */
    public boolean isDuplicate(InteractionEvent e) {
        return dedupKeys.containsKey(e.dedupKey());
    }

    /** Forgets the dedup keys of events older than {@code ts}. */
    public void pruneDedupKeysBefore(long ts) {
        dedupKeys.values().removeIf(eventTs -> eventTs < ts);
    }

    /** Up to {@code n} distinct items from the history, most recent last. */
    public List<String> recentDistinctItems(int n) {
        List<String> newestFirst = new ArrayList<>(Math.min(n, historySize));
        for (int i = historySize - 1; i >= 0 && newestFirst.size() < n; i--) {
            String item = historyItems[(historyStart + i) % historyCapacity];
            if (!newestFirst.contains(item)) { // at most historyCapacity entries: a scan is cheap
                newestFirst.add(item);
            }
        }
        Collections.reverse(newestFirst);
        return newestFirst;
    }

    public boolean hasSeen(String item) {
        return seen.contains(item);
    }

    /** A copy of the seen items, least recently taken first. */
    public List<String> seenItems() {
        return new ArrayList<>(seen);
    }

    /** Read-only live view of the seen set, valid until the next {@link #append}. */
    Set<String> seenView() {
        return Collections.unmodifiableSet(seen);
    }

    /** All events ever appended, including those no longer in the history. */
    public long eventCount() {
        return eventCount;
    }

    /** Latest event time appended, {@link Long#MIN_VALUE} when none. */
    public long lastEventTs() {
        return lastEventTs;
    }

    /** Number of entries in the bounded history. */
    public int historySize() {
        return historySize;
    }

    /** The history entry at {@code index} (0 = oldest kept) as an event of {@code user}. */
    public InteractionEvent historyAt(int index, String user) {
        Objects.checkIndex(index, historySize);
        int slot = (historyStart + index) % historyCapacity;
        return new InteractionEvent(
                user, historyItems[slot], historyTypes[slot], historyValues[slot], historyTs[slot]);
    }

    public int historyCapacity() {
        return historyCapacity;
    }

    public int seenCapacity() {
        return seenCapacity;
    }

    public UserProfile copy() {
        UserProfile copy = new UserProfile(historyCapacity, seenCapacity, dedupCapacity);
        System.arraycopy(historyItems, 0, copy.historyItems, 0, historyCapacity);
        System.arraycopy(historyTypes, 0, copy.historyTypes, 0, historyCapacity);
        System.arraycopy(historyValues, 0, copy.historyValues, 0, historyCapacity);
        System.arraycopy(historyTs, 0, copy.historyTs, 0, historyCapacity);
        copy.historyStart = historyStart;
        copy.historySize = historySize;
        copy.seen.addAll(seen);
        copy.dedupKeys.putAll(dedupKeys);
        copy.eventCount = eventCount;
        copy.lastEventTs = lastEventTs;
        return copy;
    }

    /** Writes the profile in a versioned binary format read by {@link #readFrom}. */
    public void writeTo(DataOutput out) throws IOException {
        out.writeInt(FORMAT_VERSION);
        out.writeInt(historyCapacity);
        out.writeInt(seenCapacity);
        out.writeInt(dedupCapacity);
        out.writeLong(eventCount);
        out.writeLong(lastEventTs);
        out.writeInt(historySize);
        for (int i = 0; i < historySize; i++) {
            int slot = (historyStart + i) % historyCapacity;
            StateStrings.write(out, historyItems[slot]);
            StateStrings.write(out, historyTypes[slot]);
            out.writeFloat(historyValues[slot]);
            out.writeLong(historyTs[slot]);
        }
        out.writeInt(seen.size());
        for (String item : seen) {
            StateStrings.write(out, item);
        }
        out.writeInt(dedupKeys.size());
        for (Map.Entry<String, Long> key : dedupKeys.entrySet()) {
            StateStrings.write(out, key.getKey());
            out.writeLong(key.getValue());
        }
    }

    public static UserProfile readFrom(DataInput in) throws IOException {
        StateStrings.readVersion(in, "UserProfile", FORMAT_VERSION);
        UserProfile p = new UserProfile(in.readInt(), in.readInt(), in.readInt());
        p.eventCount = in.readLong();
        p.lastEventTs = in.readLong();
        p.historySize = in.readInt();
        for (int i = 0; i < p.historySize; i++) {
            p.historyItems[i] = StateStrings.read(in);
            p.historyTypes[i] = StateStrings.read(in);
            p.historyValues[i] = in.readFloat();
            p.historyTs[i] = in.readLong();
        }
        int seenSize = in.readInt();
        for (int i = 0; i < seenSize; i++) {
            p.seen.add(StateStrings.read(in));
        }
        int dedupSize = in.readInt();
        for (int i = 0; i < dedupSize; i++) {
            p.dedupKeys.put(StateStrings.read(in), in.readLong());
        }
        return p;
    }

    /** Equal when capacities, counters, history, seen order and dedup keys are. */
    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof UserProfile)) {
            return false;
        }
        UserProfile that = (UserProfile) o;
        if (historyCapacity != that.historyCapacity
                || seenCapacity != that.seenCapacity
                || dedupCapacity != that.dedupCapacity
                || eventCount != that.eventCount
                || lastEventTs != that.lastEventTs
                || historySize != that.historySize
                || !seenItems().equals(that.seenItems())
                || !dedupKeys.equals(that.dedupKeys)) {
            return false;
        }
        for (int i = 0; i < historySize; i++) {
            int a = (historyStart + i) % historyCapacity;
            int b = (that.historyStart + i) % that.historyCapacity;
            if (!Objects.equals(historyItems[a], that.historyItems[b])
                    || !Objects.equals(historyTypes[a], that.historyTypes[b])
                    || Float.compare(historyValues[a], that.historyValues[b]) != 0
                    || historyTs[a] != that.historyTs[b]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return Objects.hash(eventCount, lastEventTs, historySize, seenItems(), dedupKeys);
    }

    @Override
    public String toString() {
        return "UserProfile{events="
                + eventCount
                + ", history="
                + historySize
                + ", seen="
                + seen.size()
                + ", lastEventTs="
                + lastEventTs
                + '}';
    }

    private static void evictOldest(Iterator<String> oldestFirst) {
        oldestFirst.next();
        oldestFirst.remove();
    }
}
