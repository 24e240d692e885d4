package org.dynmm.rec.models.base;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.Ranker;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;
import org.dynmm.rec.models.train.DeviceChoice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Batched top-K with the frozen base model on a DJL device (PyTorch): {@code S = U Z^T} for a batch
 * of users at once, then top-K per row, with exactly the answer {@link Ranker#topN} gives with a
 * {@link BaseModelScorer} over the same model (same items, same order, same scores).
 *
 * <p><b>Items.</b> The item matrix {@code Z [N, d]} lives on the device; row {@code id} is the
 * latent of dense id {@code id} of the {@link ItemStatsIndex}: its bundle latent, else {@link
 * ItemStatsIndex#latentOf} (latents of the wrong length are ignored). An item with neither gets a
 * zero row and {@code -inf} in an additive mask row, so it scores {@code -inf} like in {@link
 * BaseModelScorer} (which this class does not give a content lookup: items the bundle lacks need
 * their latent in the index). {@link #setItems} brings the matrix up to date and uploads it again
 * only when something changed: the index grew, a latent the index holds for an item the bundle
 * lacks was put or replaced (one reference comparison per such item), a different index instance
 * was given, or {@link #invalidateItems()} was called.
 *
 * <p><b>Popularity prior.</b> When the bundle has a {@link PopularityPrior}, each user's row of
 * prior terms {@link BaseModelScorer#popularityPrior} at that request's time is computed in Java
 * and added on the device, and the exact re-scoring adds the same double values, so the lists equal
 * {@code Ranker.topN} with a {@link BaseModelScorer} at each request's time.
 *
 * <p><b>Users.</b> {@code h_u} is computed in plain Java by {@link
 * BaseModelScorer#userLatent(ItemStatsIndex, UserContext)}, i.e. exactly as on the per-request
 * path.
 *
 * <p><b>Exactness.</b> The device computes float32 scores; seen items are set to {@code -inf}
 * (in-place index_put on the batch's score matrix) and {@code K + margin} candidates per user are
 * taken with DJL's {@code topK}. Their scores are then recomputed in Java in double precision with
 * the same summation as {@link BaseModelScorer} and sorted by Ranker's total order (score
 * descending, item id ascending). The result is provably the exact top-K when the K-th exact score
 * exceeds the smallest candidate's device score by more than a bound on the device's rounding
 * error; otherwise (ties or near-ties straddling the candidate cut) that user is ranked again in
 * Java over the full catalog ({@link #fallbacks()} counts those). Items without a latent ({@code
 * -inf}) are appended in item id order when fewer than K items with a latent remain, as Ranker
 * does.
 *
 * <p><b>Threads.</b> libtorch's intra-op thread pool is per JVM (set {@code
 * -Dai.djl.pytorch.num_threads} before the engine starts). On a machine whose cores are shared with
 * other work (several Flink slots, other processes), every parallel op can stall on its barrier:
 * measured on 2 busy cores, scoring 16 users x 9,742 items (d = 64) took ~30 ms with 2 threads, ~3
 * ms with 1. One thread per scorer is the safe choice when each slot has a core.
 *
 * <p>Every batch runs in its own {@link NDManager#newSubManager() sub-manager}, closed at its end.
 * Not thread-safe: one instance per thread (one per Flink subtask). {@link #close()} frees the
 * device memory.
 */
public final class BatchScorer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BatchScorer.class);

    /** Candidates taken beyond K so that near-ties at the K-th place are resolved exactly. */
    public static final int DEFAULT_MARGIN = 32;

    /**
     * Relative bound on the device's dot-product error, as a fraction of {@code |h| max|z|}: far
     * above float32's {@code d 2^-24} for any practical d, and above TF32's {@code 2^-11} too.
     */
    static final double DEVICE_ERROR = 1e-3;

    private final BaseModel model;
    private final BaseModelScorer userScorer;
    private final int d;
    private final DeviceChoice choice;
    private final Device device;
    private final NDManager manager;
    private final int margin;

    // Host copy of the item view: Z row-major [capacity, d], per dense id.
    private ItemStatsIndex itemsOf;
    private int size;
    private float[] zHost = new float[0];
    private boolean[] hasLatent = new boolean[0];

    /** Latent reference read from the index for each dense id the bundle lacks (null: none). */
    private float[][] indexLatent = new float[0][];

    private int[] notInBundle = new int[0];
    private int notInBundleCount;

    /** Dense ids without any latent, in item id order. */
    private int[] noLatentByItem = new int[0];

    private double maxItemNorm;
    private boolean invalidated = true;

    // Device copy.
    private NDArray zT; // [d, N]
    private NDArray noLatentMask; // [N], 0 or -inf
    private int deviceSize = -1;

    private long batches;
    private long users;
    private long fallbacks;
    private long uploads;
    private boolean closed;

    /**
     * @param model the frozen base
     * @param device {@code cpu}, {@code gpu} or {@code auto} (GPU when PyTorch sees one)
     */
    public BatchScorer(BaseModel model, String device) {
        this(model, DeviceChoice.parse(Objects.requireNonNull(device, "device")), DEFAULT_MARGIN);
    }

    /**
     * @param margin candidates taken beyond K per user (more: fewer full-catalog fallbacks on
     *     near-ties, a slightly larger top-K)
     */
    public BatchScorer(BaseModel model, DeviceChoice choice, int margin) {
        this.model = Objects.requireNonNull(model, "model");
        this.choice = Objects.requireNonNull(choice, "device");
        if (margin < 1) {
            throw new IllegalArgumentException("margin must be positive, is " + margin);
        }
        this.margin = margin;
        this.userScorer = new BaseModelScorer(model);
        this.d = model.jointDim();
        Engine engine = Engine.getEngine("PyTorch");
        int gpus = engine.getGpuCount();
        this.device =
                switch (choice) {
                    case CPU -> Device.cpu();
                    case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
                    case GPU -> {
                        if (gpus == 0) {
                            throw new IllegalStateException(
                                    "device gpu: PyTorch "
                                            + engine.getVersion()
                                            + " sees no GPU (this build ships the CPU libtorch);"
                                            + " use cpu or auto");
                        }
                        yield Device.gpu();
                    }
                };
        this.manager = engine.newBaseManager(device);
        LOG.info(
                "BatchScorer for {} on {} (requested {}, PyTorch {} sees {} GPU(s))",
                model,
                device,
                choice,
                engine.getVersion(),
                gpus);
    }

    /** The device scores are computed on. */
    public Device device() {
        return device;
    }

    /** What was asked for at construction. */
    public DeviceChoice deviceChoice() {
        return choice;
    }

    public BaseModel model() {
        return model;
    }

    /** Batches scored so far. */
    public long batches() {
        return batches;
    }

    /** Users scored so far. */
    public long users() {
        return users;
    }

    /** Users whose near-tied K-th place made the exact full-catalog Java ranking necessary. */
    public long fallbacks() {
        return fallbacks;
    }

    /** How often the item matrix was uploaded to the device. */
    public long uploads() {
        return uploads;
    }

    /** Forces {@link #setItems} to re-read every item latent the bundle does not hold. */
    public void invalidateItems() {
        invalidated = true;
    }

    /**
     * Brings the item matrix up to date with {@code index} (see the class comment for when it is
     * uploaded again). {@link #topK} calls it itself; call it ahead to move the upload out of the
     * first batch.
     */
    public void setItems(ItemStatsIndex index) {
        checkOpen();
        Objects.requireNonNull(index, "index");
        boolean changed = false;
        if (index != itemsOf) {
            itemsOf = index;
            size = 0;
            notInBundleCount = 0;
            changed = true;
        }
        int n = index.size();
        boolean reread = invalidated;
        invalidated = false;
        // Items the bundle lacks: their index latent may have been put or replaced in place.
        for (int k = 0; k < notInBundleCount; k++) {
            int id = notInBundle[k];
            float[] z = index.latentOf(id);
            if (reread || z != indexLatent[id]) {
                changed |= putIndexLatent(id, z);
            }
        }
        if (n > size) {
            ensureCapacity(n);
            float[] table = model.itemLatentTable();
            for (int id = size; id < n; id++) {
                int row = model.rowOf(index.itemAt(id));
                if (row >= 0) {
                    System.arraycopy(table, row * d, zHost, id * d, d);
                    hasLatent[id] = true;
                } else {
                    if (notInBundleCount == notInBundle.length) {
                        notInBundle =
                                Arrays.copyOf(notInBundle, Math.max(16, notInBundleCount * 2));
                    }
                    notInBundle[notInBundleCount++] = id;
                    hasLatent[id] = false;
                    indexLatent[id] = null;
                    Arrays.fill(zHost, id * d, id * d + d, 0f);
                    putIndexLatent(id, index.latentOf(id));
                }
            }
            size = n;
            changed = true;
        }
        if (changed || deviceSize != size) {
            rebuildDerived(index);
            upload();
        }
    }

    /** Stores the index latent {@code z} of an item the bundle lacks; true when its row changed. */
    private boolean putIndexLatent(int id, float[] z) {
        indexLatent[id] = z;
        boolean usable = z != null && z.length == d;
        int offset = id * d;
        if (!usable) {
            boolean had = hasLatent[id];
            hasLatent[id] = false;
            Arrays.fill(zHost, offset, offset + d, 0f);
            return had;
        }
        boolean same = hasLatent[id] && Arrays.equals(zHost, offset, offset + d, z, 0, d);
        System.arraycopy(z, 0, zHost, offset, d);
        hasLatent[id] = true;
        return !same;
    }

    private void rebuildDerived(ItemStatsIndex index) {
        double max = 0.0;
        List<Integer> missing = new ArrayList<>();
        for (int id = 0; id < size; id++) {
            if (!hasLatent[id]) {
                missing.add(id);
                continue;
            }
            double sq = 0.0;
            for (int j = id * d, end = j + d; j < end; j++) {
                sq += (double) zHost[j] * zHost[j];
            }
            max = Math.max(max, sq);
        }
        maxItemNorm = Math.sqrt(max);
        missing.sort(Comparator.comparing(index::itemAt));
        noLatentByItem = missing.stream().mapToInt(Integer::intValue).toArray();
    }

    private void upload() {
        if (zT != null) {
            zT.close();
            noLatentMask.close();
            zT = null;
            noLatentMask = null;
        }
        deviceSize = size;
        if (size == 0) {
            return;
        }
        float[] transposed = new float[d * size];
        for (int id = 0; id < size; id++) {
            for (int j = 0; j < d; j++) {
                transposed[j * size + id] = zHost[id * d + j];
            }
        }
        float[] mask = new float[size];
        for (int id = 0; id < size; id++) {
            mask[id] = hasLatent[id] ? 0f : Float.NEGATIVE_INFINITY;
        }
        zT = manager.create(FloatBuffer.wrap(transposed), new Shape(d, size));
        noLatentMask = manager.create(FloatBuffer.wrap(mask), new Shape(size));
        uploads++;
    }

    private void ensureCapacity(int n) {
        if (hasLatent.length >= n) {
            return;
        }
        int capacity = Math.max(n, hasLatent.length * 2);
        zHost = Arrays.copyOf(zHost, capacity * d);
        hasLatent = Arrays.copyOf(hasLatent, capacity);
        indexLatent = Arrays.copyOf(indexLatent, capacity);
    }

    /**
     * {@link #topK(ItemStatsIndex, List, long[], int)} for a model without a popularity prior,
     * whose scores do not depend on the request time; an {@link IllegalStateException} for a model
     * with one.
     */
    public List<List<ScoredItem>> topK(ItemStatsIndex index, List<UserContext> batch, int k) {
        if (model.popularityPrior().active()) {
            throw new IllegalStateException(
                    "model "
                            + model.modelVersion()
                            + " has a popularity prior: give each request's time");
        }
        return topK(index, batch, null, k);
    }

    /**
     * The best {@code k} unseen items of {@code index} for each user, best first: one list per
     * user, in order, equal to {@code Ranker.topN(index, new BaseModelScorer(model), user, nows[u],
     * k)}.
     *
     * @param nows request time of each user (epoch ms), for the popularity prior; may be null when
     *     the model has no prior
     */
    public List<List<ScoredItem>> topK(
            ItemStatsIndex index, List<UserContext> batch, long[] nows, int k) {
        setItems(index);
        int b = batch.size();
        List<List<ScoredItem>> results = new ArrayList<>(b);
        if (b == 0) {
            return results;
        }
        batches++;
        users += b;
        int n = size;
        if (k <= 0 || n == 0) {
            for (int u = 0; u < b; u++) {
                results.add(new ArrayList<>());
            }
            return results;
        }

        float[][] h = new float[b][];
        float[] flatH = new float[b * d];
        int seenCount = 0;
        for (int u = 0; u < b; u++) {
            UserContext user = batch.get(u);
            h[u] = userScorer.userLatent(index, user);
            System.arraycopy(h[u], 0, flatH, u * d, d);
            seenCount += user.seenItems().size();
        }
        long[] seenRows = new long[seenCount];
        long[] seenCols = new long[seenCount];
        int seen = 0;
        for (int u = 0; u < b; u++) {
            for (String item : batch.get(u).seenItems()) {
                int id = index.idOf(item);
                if (id >= 0) {
                    seenRows[seen] = u;
                    seenCols[seen++] = id;
                }
            }
        }

        double[][] prior = null;
        float[] flatPrior = null;
        if (model.popularityPrior().active()) {
            if (nows == null || nows.length != b) {
                throw new IllegalArgumentException(
                        "model "
                                + model.modelVersion()
                                + " has a popularity prior: one request time per user needed");
            }
            prior = new double[b][n];
            flatPrior = new float[b * n];
            for (int u = 0; u < b; u++) {
                userScorer.popularityPrior(index, nows[u], prior[u]);
                for (int id = 0; id < n; id++) {
                    flatPrior[u * n + id] = (float) prior[u][id];
                }
            }
        }

        int kk = Math.min(n, k + margin);
        float[] values;
        long[] ids;
        try (NDManager sub = manager.newSubManager()) {
            NDArray users = sub.create(FloatBuffer.wrap(flatH), new Shape(b, d));
            NDArray scores = users.matMul(zT).addi(noLatentMask);
            if (flatPrior != null) {
                scores.addi(sub.create(FloatBuffer.wrap(flatPrior), new Shape(b, n)));
            }
            if (seen > 0) {
                scores.set(
                        new NDIndex(
                                "{}, {}",
                                sub.create(Arrays.copyOf(seenRows, seen)),
                                sub.create(Arrays.copyOf(seenCols, seen))),
                        Float.NEGATIVE_INFINITY);
            }
            NDList top = scores.topK(kk, 1, true, true);
            values = top.get(0).toFloatArray();
            ids = top.get(1).toLongArray();
        }

        for (int u = 0; u < b; u++) {
            results.add(
                    exactTop(
                            index,
                            batch.get(u),
                            h[u],
                            prior == null ? null : prior[u],
                            values,
                            ids,
                            u * kk,
                            kk,
                            k));
        }
        return results;
    }

    /** Ranker's top-k for one user from the device's {@code kk} candidates at {@code off}. */
    private List<ScoredItem> exactTop(
            ItemStatsIndex index,
            UserContext user,
            float[] h,
            double[] prior,
            float[] values,
            long[] ids,
            int off,
            int kk,
            int k) {
        int m = 0;
        while (m < kk && values[off + m] != Float.NEGATIVE_INFINITY) {
            m++;
        }
        Candidate[] cands = new Candidate[m];
        for (int j = 0; j < m; j++) {
            int id = (int) ids[off + j];
            cands[j] = new Candidate(id, index.itemAt(id), exactScore(h, prior, id));
        }
        Arrays.sort(cands, Candidate.ORDER);
        // m < kk: every unseen item with a latent is a candidate. Else items left out scored at
        // most the last candidate's device score, so at most that plus the device error exactly.
        boolean complete = m < kk || kk >= size;
        if (!complete) {
            double bound =
                    values[off + kk - 1]
                            + DEVICE_ERROR * (norm(h) * maxItemNorm + maxAbs(prior))
                            + Double.MIN_VALUE;
            if (!(cands[k - 1].score > bound)) {
                fallbacks++;
                return fullRanking(index, user, h, prior, k);
            }
        }
        List<ScoredItem> out = new ArrayList<>(k);
        for (int j = 0; j < m && out.size() < k; j++) {
            out.add(new ScoredItem(cands[j].item, index.titleOf(cands[j].id), cands[j].score));
        }
        if (out.size() < k) {
            Set<String> seen = user.seenItems();
            for (int j = 0; j < noLatentByItem.length && out.size() < k; j++) {
                int id = noLatentByItem[j];
                String item = index.itemAt(id);
                if (!seen.contains(item)) {
                    out.add(new ScoredItem(item, index.titleOf(id), Double.NEGATIVE_INFINITY));
                }
            }
        }
        return out;
    }

    /** The exact ranking over the whole catalog in Java, from the same host latents. */
    private List<ScoredItem> fullRanking(
            ItemStatsIndex index, UserContext user, float[] h, double[] prior, int k) {
        double[] scores = new double[size];
        for (int id = 0; id < size; id++) {
            scores[id] = hasLatent[id] ? exactScore(h, prior, id) : Double.NEGATIVE_INFINITY;
        }
        return Ranker.topN(index, scores, Ranker.excludedMask(index, user), k);
    }

    /** {@code h . z_id} plus the prior term (when any), as {@link BaseModelScorer} adds them. */
    private double exactScore(float[] h, double[] prior, int id) {
        double s = dot(h, zHost, id * d, d);
        return prior == null ? s : s + prior[id];
    }

    private static double maxAbs(double[] values) {
        double max = 0.0;
        if (values != null) {
            for (double v : values) {
                max = Math.max(max, Math.abs(v));
            }
        }
        return max;
    }

    /** Same summation as {@link BaseModelScorer}, so the scores agree to the bit. */
    private static double dot(float[] h, float[] z, int offset, int d) {
        double s = 0.0;
        for (int j = 0; j < d; j++) {
            s += (double) h[j] * z[offset + j];
        }
        return s;
    }

    private static double norm(float[] h) {
        double sq = 0.0;
        for (float v : h) {
            sq += (double) v * v;
        }
        return Math.sqrt(sq);
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("BatchScorer is closed");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            manager.close();
            zT = null;
            noLatentMask = null;
        }
    }

    @Override
    public String toString() {
        return "BatchScorer{" + model + ", device=" + device + ", items=" + size + '}';
    }

    private record Candidate(int id, String item, double score) {
        static final Comparator<Candidate> ORDER =
                (a, b) -> {
                    int c = Double.compare(b.score, a.score);
                    return c != 0 ? c : a.item.compareTo(b.item);
                };
    }
}
