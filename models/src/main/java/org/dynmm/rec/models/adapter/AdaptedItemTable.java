package org.dynmm.rec.models.adapter;

import java.util.Arrays;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;

/**
 * Adapted latents {@code z_i = z_i^base + alpha_i g(z_i^base, s_i^new)} of every item, cached: a
 * row is recomputed when the parameters change version, when its item's activity changed, or when
 * event time has moved on by {@link #TIME_BUCKET_MILLIS} (the decayed summaries drift with time).
 * Items with no base latent (no bundle row, no content) have no row and are not scorable. Not
 * thread-safe; one per ranker instance.
 */
public final class AdaptedItemTable {
    /** Decayed features are re-read once per this much event time. */
    public static final long TIME_BUCKET_MILLIS = 86_400_000L;

    private final BaseModelScorer base;
    private final boolean itemSide;
    private int dim;
    private float[] z = new float[0];
    private boolean[] present = new boolean[0];
    private long[] rowStamp = new long[0];
    private long paramsVersion = -1;
    private long bucket = Long.MIN_VALUE;
    private int rows;
    private double driftSum;
    private float[] scratchS;
    private float[] scratchPre;
    private float[] scratchG;

    public AdaptedItemTable(BaseModelScorer base, boolean itemSide) {
        this.base = base;
        this.itemSide = itemSide;
        this.dim = base.model().jointDim();
    }

    /** Brings every row up to date for requests at {@code now}; returns the rows recomputed. */
    public int refresh(
            ItemStatsIndex index, ItemActivity activity, AdapterParameters params, long now) {
        int n = index.size();
        if (present.length < n) {
            int capacity = Math.max(n, present.length * 2);
            z = Arrays.copyOf(z, capacity * dim);
            present = Arrays.copyOf(present, capacity);
            long[] stamps = new long[capacity];
            Arrays.fill(stamps, -1L);
            System.arraycopy(rowStamp, 0, stamps, 0, rowStamp.length);
            rowStamp = stamps;
        }
        long nowBucket = Math.floorDiv(now, TIME_BUCKET_MILLIS);
        boolean all = params.version() != paramsVersion || nowBucket != bucket;
        paramsVersion = params.version();
        bucket = nowBucket;
        AdapterLayout l = params.layout();
        if (scratchS == null) {
            scratchS = new float[l.summaryDim()];
            scratchPre = new float[l.hidden()];
            scratchG = new float[l.dim()];
        }
        int recomputed = 0;
        float[] out = new float[dim];
        for (int id = 0; id < n; id++) {
            long stamp = activity.stampOf(id);
            if (!all && present[id] && rowStamp[id] == stamp) {
                continue;
            }
            float[] v = base.itemLatent(index, id);
            rowStamp[id] = stamp;
            if (v == null) {
                if (present[id]) {
                    present[id] = false;
                    rows--;
                }
                continue;
            }
            if (itemSide) {
                activity.features(
                        id,
                        bucketTime(nowBucket),
                        !base.model().isWarm(index.itemAt(id)),
                        scratchS);
                AdapterFunction.adaptedItem(
                        l, params.theta(), v, scratchS, scratchPre, scratchG, out);
            } else {
                System.arraycopy(v, 0, out, 0, dim);
            }
            if (present[id]) {
                driftSum -= drift(id, v);
            } else {
                rows++;
            }
            System.arraycopy(out, 0, z, id * dim, dim);
            present[id] = true;
            driftSum += drift(id, v);
            recomputed++;
        }
        return recomputed;
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

    /** Mean {@code ||z_i - z_i^base||} over the rows, as of the last refresh. */
    public double meanDrift() {
        return rows == 0 ? 0.0 : driftSum / rows;
    }

    /**
     * Decayed features are read at the start of the bucket, so a row depends on the bucket only.
     */
    private static long bucketTime(long bucket) {
        return bucket * TIME_BUCKET_MILLIS;
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
