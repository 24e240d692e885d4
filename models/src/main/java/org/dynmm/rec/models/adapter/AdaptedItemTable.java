package org.dynmm.rec.models.adapter;

import java.util.Arrays;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;

/**
 * Adapted latents {@code z_i = z_i^base + alpha_i g(z_i^base, s_i^new)} of every item, cached: a
 * row is recomputed when the parameters change version, when its item's activity changed, or when
 * event time has moved into a new bucket ({@link AdapterConfig#itemSummaryBucketMillis()}, by
 * default {@link #TIME_BUCKET_MILLIS}; the decayed summaries drift with time, and a row reads them
 * at the start of its bucket). Items with no base latent (no bundle row, no content) have no row
 * and are not scorable. Not thread-safe; one per ranker instance.
 *
 * <p>Two shortcuts keep the refresh cheap, and both give bit-identical rows to recomputing every
 * row from scratch:
 *
 * <ul>
 *   <li>A bundle item's base latent never changes, so the latent's share of the first layer and of
 *       the gate ({@link AdapterFunction#latentPart}, {@link AdapterFunction#gateLatentPart}) is
 *       cached per parameter version; a new time bucket or a new interaction only adds the
 *       summary's share and the second layer (about half the multiply-adds).
 *   <li>A bundle item that never had an interaction has a summary that does not depend on time, so
 *       its row is kept across time buckets (only a new version or its first interaction changes
 *       it). On the shipped dataset most of the catalog is such items at any time.
 *   <li>A bundle item the configuration does not adapt (item side off, or a warm item with {@link
 *       AdapterConfig#coldItemsOnly}) keeps its bundle latent, which never changes: its row is
 *       written once.
 * </ul>
 *
 * Items outside the bundle (latents from content, which an update may replace) are recomputed in
 * full whenever the version, the bucket or their activity changes, as before.
 */
public final class AdaptedItemTable {
    /** Decayed features are re-read once per this much event time, by default. */
    public static final long TIME_BUCKET_MILLIS = AdapterConfig.DEFAULT_ITEM_SUMMARY_BUCKET_MILLIS;

    private static final byte UNRESOLVED = 0;
    private static final byte BUNDLE = 1;
    private static final byte OTHER = 2;

    private final BaseModelScorer base;
    private final boolean itemSide;
    private final boolean coldItemsOnly;
    private final long bucketMillis;
    private final boolean trackDrift;
    private int dim;
    private float[] z = new float[0];
    private boolean[] present = new boolean[0];
    private long[] rowStamp = new long[0];

    /** Per id: whether the base latent is the bundle's (fixed) or not; resolved on first use. */
    private byte[] origin = new byte[0];

    /** Per bundle id: its bundle row (read without a lookup once resolved). */
    private int[] bundleRow = new int[0];

    /** Per bundle id: the latent's shares of the first layer ({@code hidden} values) and gate. */
    private double[] hiddenParts = new double[0];

    private double[] gateParts = new double[0];

    /** Per id: the parameter version the cached shares belong to (-1: none). */
    private long[] partsVersion = new long[0];

    /** Ids whose rows may still change ({@link #isFinal} is false), ascending; see refresh. */
    private int[] live = new int[0];

    private int liveCount;

    /** Ids below this have been seen by a refresh (in {@link #live} unless final). */
    private int scannedUpTo;

    private long paramsVersion = -1;
    private long bucket = Long.MIN_VALUE;
    private int rows;
    private double driftSum;
    private float[] scratchS;
    private float[] scratchPre;
    private float[] scratchG;
    private float[] scratchV;

    public AdaptedItemTable(BaseModelScorer base, boolean itemSide) {
        this(base, itemSide, TIME_BUCKET_MILLIS, true);
    }

    /**
     * A table for {@code config}'s item side and summary bucket.
     *
     * @param trackDrift whether {@link #meanDrift} is kept (the evaluator's diagnostic; costs two
     *     passes over each recomputed row)
     */
    public AdaptedItemTable(BaseModelScorer base, AdapterConfig config, boolean trackDrift) {
        this(
                base,
                config.itemSide(),
                config.coldItemsOnly(),
                config.itemSummaryBucketMillis(),
                trackDrift);
    }

    /**
     * @param bucketMillis event time over which a row keeps the decayed summaries read at the
     *     bucket's start
     * @param trackDrift whether {@link #meanDrift} is kept
     */
    public AdaptedItemTable(
            BaseModelScorer base, boolean itemSide, long bucketMillis, boolean trackDrift) {
        this(base, itemSide, false, bucketMillis, trackDrift);
    }

    /**
     * @param coldItemsOnly whether only cold items (no collaborative signal) are adapted; the
     *     others keep their base latents
     * @param bucketMillis event time over which a row keeps the decayed summaries read at the
     *     bucket's start
     * @param trackDrift whether {@link #meanDrift} is kept
     */
    public AdaptedItemTable(
            BaseModelScorer base,
            boolean itemSide,
            boolean coldItemsOnly,
            long bucketMillis,
            boolean trackDrift) {
        if (bucketMillis <= 0) {
            throw new IllegalArgumentException("bucket must be positive: " + bucketMillis);
        }
        this.base = base;
        this.itemSide = itemSide;
        this.coldItemsOnly = coldItemsOnly;
        this.bucketMillis = bucketMillis;
        this.trackDrift = trackDrift;
        this.dim = base.model().jointDim();
    }

    /** Brings every row up to date for requests at {@code now}; returns the rows recomputed. */
    public int refresh(
            ItemStatsIndex index, ItemActivity activity, AdapterParameters params, long now) {
        int n = index.size();
        AdapterLayout l = params.layout();
        if (scratchS == null) {
            scratchS = new float[l.summaryDim()];
            scratchPre = new float[l.hidden()];
            scratchG = new float[l.dim()];
            scratchV = new float[dim];
        }
        ensureCapacity(n, l.hidden());
        long nowBucket = Math.floorDiv(now, bucketMillis);
        boolean newVersion = params.version() != paramsVersion;
        boolean newBucket = nowBucket != bucket;
        paramsVersion = params.version();
        bucket = nowBucket;
        int recomputed = 0;
        float[] out = new float[dim];
        // Rows that can still change, in id order (new ids join at the end, in order): the
        // same rows in the same order as a scan of every id, without visiting the final ones.
        if (live.length < n) {
            live = Arrays.copyOf(live, Math.max(n, live.length * 2));
        }
        for (int id = scannedUpTo; id < n; id++) {
            live[liveCount++] = id;
        }
        scannedUpTo = n;
        int kept = 0;
        for (int i = 0; i < liveCount; i++) {
            int id = live[i];
            if (refreshRow(index, activity, params, id, newVersion, newBucket, nowBucket, out)) {
                recomputed++;
            }
            if (!isFinal(id)) {
                live[kept++] = id;
            }
        }
        liveCount = kept;
        return recomputed;
    }

    /**
     * Whether a row can never change again: a bundle item the configuration does not adapt keeps
     * its bundle latent, which never changes.
     */
    private boolean isFinal(int id) {
        return present[id]
                && origin[id] == BUNDLE
                && !adapts(!base.model().isWarmRow(bundleRow[id]));
    }

    /** Brings row {@code id} up to date; true when it was (re)computed. */
    private boolean refreshRow(
            ItemStatsIndex index,
            ItemActivity activity,
            AdapterParameters params,
            int id,
            boolean newVersion,
            boolean newBucket,
            long nowBucket,
            float[] out) {
        AdapterLayout l = params.layout();
        long stamp = activity.stampOf(id);
        if (present[id] && rowStamp[id] == stamp && !newVersion) {
            // Unchanged inputs; a bundle item without interactions does not depend on time.
            if (!newBucket || (origin[id] == BUNDLE && activity.countOf(id) == 0)) {
                return false;
            }
        }
        resolveOrigin(index, id);
        rowStamp[id] = stamp;
        float[] v;
        boolean cold;
        if (origin[id] == BUNDLE) {
            // The scorer's latent for a bundle item is its bundle row's (never null).
            v = scratchV;
            base.model().copyRowLatent(bundleRow[id], v);
            cold = !base.model().isWarmRow(bundleRow[id]);
        } else {
            v = base.itemLatent(index, id);
            cold = true;
        }
        if (v == null) {
            if (present[id]) {
                present[id] = false;
                rows--;
            }
            return false;
        }
        if (adapts(cold)) {
            activity.features(id, bucketTime(nowBucket), cold, scratchS);
            if (origin[id] == BUNDLE) {
                adaptBundleItem(l, params, id, v, scratchS, scratchPre, scratchG, out);
            } else {
                AdapterFunction.adaptedItem(
                        l, params.theta(), v, scratchS, scratchPre, scratchG, out);
            }
        } else {
            System.arraycopy(v, 0, out, 0, dim);
        }
        if (present[id]) {
            if (trackDrift) {
                driftSum -= drift(id, v);
            }
        } else {
            rows++;
        }
        System.arraycopy(out, 0, z, id * dim, dim);
        present[id] = true;
        if (trackDrift) {
            driftSum += drift(id, v);
        }
        return true;
    }

    /**
     * Adapted latents of {@code example}'s items under {@code params} (item side on), with each
     * item's own summary from the example: bit-identical to {@link
     * DynamicAdapter#adaptedItems(AdapterParameters, AdapterExample)}. For bundle items the
     * latent's share of the first layer and of the gate comes from this table's cache for {@code
     * params} (computed and kept for the next refresh when missing), so only the summary's share
     * and the second layer are computed. Rows and their stamps are not touched.
     *
     * @param index the index the example was built from (its {@link AdapterExample#itemIds})
     */
    public float[][] adaptedItems(
            ItemStatsIndex index, AdapterParameters params, AdapterExample example) {
        AdapterLayout l = params.layout();
        int hidden = l.hidden();
        float[] theta = params.theta();
        ensureCapacity(index.size(), hidden);
        float[] pre = new float[hidden];
        float[] g = new float[l.dim()];
        int[] ids = example.itemIds();
        float[][] out = new float[ids.length][];
        for (int j = 0; j < ids.length; j++) {
            int id = ids[j];
            float[] v = example.itemBase()[j];
            float[] s = example.itemSummary()[j];
            if (!adapts(AdapterFeatures.isColdItem(s))) {
                out[j] = v;
                continue;
            }
            out[j] = new float[l.dim()];
            resolveOrigin(index, id);
            if (origin[id] != BUNDLE) {
                AdapterFunction.adaptedItem(l, theta, v, s, pre, g, out[j]);
                continue;
            }
            adaptBundleItem(l, params, id, v, s, pre, g, out[j]);
        }
        return out;
    }

    /** Whether an item is adapted (see {@link AdapterConfig#adaptsItem}). */
    private boolean adapts(boolean cold) {
        return AdapterConfig.adaptsItem(itemSide, coldItemsOnly, cold);
    }

    /** Whether dense id {@code id}'s base latent is a bundle row (and which), on first use. */
    private void resolveOrigin(ItemStatsIndex index, int id) {
        if (origin[id] == UNRESOLVED) {
            int row = base.model().rowOf(index.itemAt(id));
            origin[id] = row >= 0 ? BUNDLE : OTHER;
            bundleRow[id] = row;
        }
    }

    /**
     * A bundle item's adapted latent for summary {@code s} from its cached latent shares (computed
     * first for a new version); {@code pre} and {@code g} are scratch.
     */
    private void adaptBundleItem(
            AdapterLayout l,
            AdapterParameters params,
            int id,
            float[] v,
            float[] s,
            float[] pre,
            float[] g,
            float[] out) {
        int off = ensureLatentParts(l, params, id, v);
        AdapterFunction.adaptedItemFromParts(
                l, params.theta(), v, hiddenParts, off, gateParts[id], s, pre, g, out);
    }

    /**
     * Computes a bundle item's latent shares of the first layer and the gate for this parameter
     * version unless cached; returns the item's offset into {@code hiddenParts}.
     */
    private int ensureLatentParts(AdapterLayout l, AdapterParameters params, int id, float[] v) {
        int off = id * l.hidden();
        if (partsVersion[id] != params.version()) {
            AdapterFunction.latentParts(l, params.theta(), v, hiddenParts, off);
            gateParts[id] = AdapterFunction.gateLatentPart(l, params.theta(), v);
            partsVersion[id] = params.version();
        }
        return off;
    }

    private void ensureCapacity(int n, int hidden) {
        if (present.length >= n && hiddenParts.length >= n * hidden) {
            return;
        }
        int capacity = Math.max(n, present.length * 2);
        z = Arrays.copyOf(z, capacity * dim);
        present = Arrays.copyOf(present, capacity);
        origin = Arrays.copyOf(origin, capacity);
        bundleRow = Arrays.copyOf(bundleRow, capacity);
        rowStamp = grow(rowStamp, capacity);
        partsVersion = grow(partsVersion, capacity);
        hiddenParts = Arrays.copyOf(hiddenParts, capacity * hidden);
        gateParts = Arrays.copyOf(gateParts, capacity);
    }

    /** A copy of {@code a} at {@code capacity}, new slots -1. */
    private static long[] grow(long[] a, int capacity) {
        long[] grown = new long[capacity];
        Arrays.fill(grown, -1L);
        System.arraycopy(a, 0, grown, 0, a.length);
        return grown;
    }

    /**
     * Scores every item of {@code index} against {@code h} at time {@code now} into {@code out}:
     * {@code h . z_i} plus the base model's popularity prior {@link
     * BaseModelScorer#popularityPrior} (as the frozen base scores); items without a row get
     * -infinity.
     */
    public void score(ItemStatsIndex index, float[] h, long now, double[] out) {
        int n = index.size();
        boolean prior = base.model().popularityPrior().active();
        if (prior) {
            base.popularityPrior(index, now, out);
        }
        for (int id = 0; id < n; id++) {
            if (id >= present.length || !present[id]) {
                out[id] = Double.NEGATIVE_INFINITY;
                continue;
            }
            double s = 0;
            int o = id * dim;
            for (int k = 0; k < dim; k++) {
                s += (double) h[k] * z[o + k];
            }
            out[id] = prior ? s + out[id] : s;
        }
    }

    /** The adapted latent of {@code id} (a copy), or null. */
    public float[] latent(int id) {
        return id < present.length && present[id]
                ? Arrays.copyOfRange(z, id * dim, id * dim + dim)
                : null;
    }

    /**
     * Mean {@code ||z_i - z_i^base||} over the rows, as of the last refresh; NaN when the table
     * does not track drift.
     */
    public double meanDrift() {
        if (!trackDrift) {
            return Double.NaN;
        }
        return rows == 0 ? 0.0 : driftSum / rows;
    }

    /**
     * Decayed features are read at the start of the bucket, so a row depends on the bucket only.
     */
    private long bucketTime(long bucket) {
        return bucket * bucketMillis;
    }

    private double drift(int id, float[] v) {
        double sq = 0;
        int o = id * dim;
        for (int k = 0; k < dim; k++) {
            double d = z[o + k] - v[k];
            sq += d * d;
        }
        return Math.sqrt(sq);
    }
}
