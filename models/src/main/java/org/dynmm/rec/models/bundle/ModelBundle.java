package org.dynmm.rec.models.bundle;

import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A trained model as the job loads it: the {@link BundleManifest}, the item ids giving the row
 * order of every item-indexed tensor, and the tensors by name.
 *
 * <p>By convention tensors whose name starts with {@value #ITEM_TENSOR_PREFIX} have one row per
 * item id, in {@link #itemIds()} order; this is checked on construction and on read.
 */
public final class ModelBundle {

    /** Name prefix of tensors indexed by item (first dimension = number of item ids). */
    public static final String ITEM_TENSOR_PREFIX = "item.";

    private final BundleManifest manifest;
    private final List<String> itemIds;
    private final Map<String, Tensor> tensors;
    private final Map<String, Integer> itemRows;

    public ModelBundle(BundleManifest manifest, List<String> itemIds, Map<String, Tensor> tensors) {
        this.manifest = Objects.requireNonNull(manifest, "manifest");
        this.itemIds = List.copyOf(itemIds);
        this.itemRows = new HashMap<>(itemIds.size() * 2);
        for (int i = 0; i < this.itemIds.size(); i++) {
            Integer previous = itemRows.putIfAbsent(this.itemIds.get(i), i);
            if (previous != null) {
                throw new BundleException(
                        "bundle "
                                + manifest.modelVersion
                                + ": item id '"
                                + this.itemIds.get(i)
                                + "' appears at rows "
                                + previous
                                + " and "
                                + i);
            }
        }
        Map<String, Tensor> copy = new TreeMap<>();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            if (!e.getKey().equals(e.getValue().name())) {
                throw new IllegalArgumentException(
                        "tensor '"
                                + e.getValue().name()
                                + "' is stored under '"
                                + e.getKey()
                                + "'");
            }
            copy.put(e.getKey(), e.getValue());
        }
        this.tensors = Collections.unmodifiableMap(copy);
        for (Tensor t : this.tensors.values()) {
            if (t.name().startsWith(ITEM_TENSOR_PREFIX) && t.rows() != this.itemIds.size()) {
                throw new BundleException(
                        "bundle "
                                + manifest.modelVersion
                                + ": tensor '"
                                + t.name()
                                + "' has "
                                + t.rows()
                                + " rows but there are "
                                + this.itemIds.size()
                                + " item ids");
            }
        }
    }

    /** A bundle over the given tensors, keyed by their names. */
    public static ModelBundle of(
            BundleManifest manifest, List<String> itemIds, Collection<Tensor> tensors) {
        Map<String, Tensor> byName = new TreeMap<>();
        for (Tensor t : tensors) {
            if (byName.put(t.name(), t) != null) {
                throw new IllegalArgumentException("duplicate tensor name '" + t.name() + "'");
            }
        }
        return new ModelBundle(manifest, itemIds, byName);
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** The bundle's model version, used in messages and outputs. */
    public String modelVersion() {
        return manifest.modelVersion;
    }

    /** Item ids in row order of the item-indexed tensors (unmodifiable). */
    public List<String> itemIds() {
        return itemIds;
    }

    /**
     * Row of {@code itemId} in the item-indexed tensors, or -1 when the bundle does not know it.
     */
    public int itemRow(String itemId) {
        Integer row = itemRows.get(itemId);
        return row == null ? -1 : row;
    }

    /** All tensors by name, sorted (unmodifiable). */
    public Map<String, Tensor> tensors() {
        return tensors;
    }

    public boolean hasTensor(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor called {@code name}; a {@link BundleException} listing what exists otherwise. */
    public Tensor tensor(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new BundleException(
                    "bundle "
                            + manifest.modelVersion
                            + " has no tensor '"
                            + name
                            + "' (it has: "
                            + String.join(", ", tensors.keySet())
                            + ")");
        }
        return t;
    }

    /**
     * The tensor called {@code name}, checked to have the expected shape; {@code -1} matches any
     * size on that axis. Throws a {@link BundleException} naming the tensor and both shapes.
     */
    public Tensor requireShape(String name, int... expected) {
        Tensor t = tensor(name);
        int[] actual = t.shape();
        boolean ok = actual.length == expected.length;
        for (int i = 0; ok && i < expected.length; i++) {
            ok = expected[i] == -1 || expected[i] == actual[i];
        }
        if (!ok) {
            throw new BundleException(
                    "bundle "
                            + manifest.modelVersion
                            + ": tensor '"
                            + name
                            + "' has shape "
                            + Arrays.toString(actual)
                            + " but "
                            + Arrays.toString(expected)
                            + " is expected (-1 = any size); the bundle does not match this job's"
                            + " configuration");
        }
        return t;
    }

    @Override
    public String toString() {
        return "ModelBundle{"
                + manifest.modelVersion
                + ", "
                + itemIds.size()
                + " items, tensors="
                + tensors.values()
                + "}";
    }
}
