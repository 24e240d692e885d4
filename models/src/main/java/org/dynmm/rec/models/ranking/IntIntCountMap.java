package org.dynmm.rec.models.ranking;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Arrays;

/**
 * A primitive map from non-negative int keys to int counts: open addressing with linear probing, no
 * boxing. Absent keys read as 0. Used for one item's co-interaction row.
 */
final class IntIntCountMap {
    private static final int FREE = -1;
    private static final int MIN_CAPACITY = 4;

    private int[] keys;
    private int[] values;
    private int size;

    IntIntCountMap() {
        this(0);
    }

    /** A map able to hold {@code expected} entries without growing. */
    IntIntCountMap(int expected) {
        allocate(capacityFor(expected));
    }

    int size() {
        return size;
    }

    /** The count stored for {@code key}, 0 when absent. */
    int get(int key) {
        int mask = keys.length - 1;
        for (int slot = slotOf(key, mask); ; slot = (slot + 1) & mask) {
            int k = keys[slot];
            if (k == key) {
                return values[slot];
            }
            if (k == FREE) {
                return 0;
            }
        }
    }

    /** Adds {@code delta} to the count of {@code key} (inserting it at 0 first). */
    void add(int key, int delta) {
        if (key < 0) {
            throw new IllegalArgumentException("keys must be non-negative: " + key);
        }
        int mask = keys.length - 1;
        int slot = slotOf(key, mask);
        while (true) {
            int k = keys[slot];
            if (k == key) {
                values[slot] += delta;
                return;
            }
            if (k == FREE) {
                break;
            }
            slot = (slot + 1) & mask;
        }
        keys[slot] = key;
        values[slot] = delta;
        size++;
        if (size * 2 > keys.length) { // keep the load factor at most 1/2 so probes stay short
            rehash(keys.length * 2);
        }
    }

    /** Adds every count to {@code acc[key]}: the hot loop of co-occurrence scoring. */
    void addTo(double[] acc) {
        int[] k = keys;
        int[] v = values;
        for (int slot = 0; slot < k.length; slot++) {
            int key = k[slot];
            if (key != FREE) {
                acc[key] += v[slot];
            }
        }
    }

    /** Adds {@code weight * count} to {@code acc[key]} for every entry. */
    void addTo(double[] acc, double weight) {
        int[] k = keys;
        int[] v = values;
        for (int slot = 0; slot < k.length; slot++) {
            int key = k[slot];
            if (key != FREE) {
                acc[key] += weight * v[slot];
            }
        }
    }

    void forEach(IntIntConsumer consumer) {
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != FREE) {
                consumer.accept(keys[slot], values[slot]);
            }
        }
    }

    IntIntCountMap copy() {
        IntIntCountMap copy = new IntIntCountMap();
        copy.keys = keys.clone();
        copy.values = values.clone();
        copy.size = size;
        return copy;
    }

    /** Writes the entries sorted by key, so equal maps always give equal bytes. */
    void writeTo(DataOutput out) throws IOException {
        long[] entries = new long[size];
        int n = 0;
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != FREE) {
                entries[n++] = ((long) keys[slot] << 32) | (values[slot] & 0xFFFFFFFFL);
            }
        }
        Arrays.sort(entries); // keys are non-negative, so this sorts by key
        out.writeInt(size);
        for (long entry : entries) {
            out.writeInt((int) (entry >>> 32));
            out.writeInt((int) entry);
        }
    }

    static IntIntCountMap readFrom(DataInput in) throws IOException {
        int n = in.readInt();
        IntIntCountMap map = new IntIntCountMap(n);
        for (int i = 0; i < n; i++) {
            int key = in.readInt();
            map.add(key, in.readInt());
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof IntIntCountMap)) {
            return false;
        }
        IntIntCountMap that = (IntIntCountMap) o;
        if (size != that.size) {
            return false;
        }
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != FREE && that.get(keys[slot]) != values[slot]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (int slot = 0; slot < keys.length; slot++) {
            if (keys[slot] != FREE) {
                h += keys[slot] * 31 ^ values[slot]; // a sum, so the slot layout does not matter
            }
        }
        return h;
    }

    private static int slotOf(int key, int mask) {
        int h = key * 0x9E3779B9; // Fibonacci hashing spreads sequential dense ids
        return (h ^ (h >>> 16)) & mask;
    }

    private static int capacityFor(int expected) {
        int capacity = MIN_CAPACITY;
        while (capacity < expected * 2 + 1) {
            capacity <<= 1;
        }
        return capacity;
    }

    private void allocate(int capacity) {
        keys = new int[capacity];
        Arrays.fill(keys, FREE);
        values = new int[capacity];
        size = 0;
    }

    private void rehash(int capacity) {
        int[] oldKeys = keys;
        int[] oldValues = values;
        allocate(capacity);
        int mask = capacity - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != FREE) {
                int slot = slotOf(oldKeys[i], mask);
                while (keys[slot] != FREE) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                values[slot] = oldValues[i];
                size++;
            }
        }
    }
}
