package org.dynmm.rec.models.base;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.dynmm.rec.models.ranking.ItemScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Scores items with the frozen base model: {@code s(u, i) = h_u . z_i}.
 *
 * <p>An item's latent {@code z_i} is, in this order: its bundle latent ({@code f_I(e_cf)} for warm,
 * {@code f_T(e_txt)} for cold items); else the latent the index holds for it ({@link
 * ItemStatsIndex#latentOf}, e.g. put by the job from the item's content); else the latent from the
 * optional {@code contentLatents} lookup given at construction (e.g. {@link BaseModel#textLatent}
 * of the item's text embedding); latents of the wrong length are ignored. An item with no latent
 * scores {@link Double#NEGATIVE_INFINITY}, i.e. below every scorable item.
 *
 * <p>The user latent {@code h_u} comes from {@link BaseModel#userLatent} over the latents of {@link
 * UserContext#recentItems()} (most recent last; items without a latent are skipped). A user with no
 * usable history gets the encoder's learned empty-history latent, which the trainer fits on every
 * user's first event: a popularity-like ranking.
 *
 * <p>Per dense id the bundle row and the lookup's answer are cached (the index only grows; a
 * different index instance resets the cache); a lookup that returned null is asked again on the
 * next call, so it should be cheap (a map). The index's own latents are read on every call, so
 * replacing one takes effect at once. Safe for concurrent calls. To serialize the scorer, the
 * lookup must be serializable too (or null).
 */
public final class BaseModelScorer implements ItemScorer {
    private static final long serialVersionUID = 1L;

    private final BaseModel model;
    private final Function<String, float[]> contentLatents;

    private transient Cache cache;

    /** A scorer over the bundle's item latents only. */
    public BaseModelScorer(BaseModel model) {
        this(model, null);
    }

    /**
     * @param model the frozen base
     * @param contentLatents latent of an item the bundle does not know, or null when there is none;
     *     may itself be null
     */
    public BaseModelScorer(BaseModel model, Function<String, float[]> contentLatents) {
        this.model = Objects.requireNonNull(model, "model");
        this.contentLatents = contentLatents;
    }

    public BaseModel model() {
        return model;
    }

    @Override
    public void score(ItemStatsIndex index, UserContext user, long now, double[] out) {
        int n = index.size();
        int d = model.jointDim();
        Snapshot snap = refresh(index);
        float[] h = userLatent(index, user, snap);
        float[] table = model.itemLatentTable();
        for (int id = 0; id < n; id++) {
            int row = snap.rows[id];
            double s;
            if (row >= 0) {
                s = dot(h, table, row * d, d);
            } else {
                float[] z = latentOfUnknown(index, id, snap);
                s = z == null ? Double.NEGATIVE_INFINITY : dot(h, z, 0, d);
            }
            out[id] = s;
        }
    }

    /** {@code h_u} for {@code user} as this scorer computes it (for tests and explanations). */
    public float[] userLatent(ItemStatsIndex index, UserContext user) {
        return userLatent(index, user, refresh(index));
    }

    /** {@code z} of dense id {@code id} as this scorer uses it, or null when the item has none. */
    public float[] itemLatent(ItemStatsIndex index, int id) {
        Snapshot snap = refresh(index);
        int row = snap.rows[id];
        if (row >= 0) {
            return model.itemLatent(index.itemAt(id));
        }
        float[] z = latentOfUnknown(index, id, snap);
        return z == null ? null : z.clone();
    }

    private float[] userLatent(ItemStatsIndex index, UserContext user, Snapshot snap) {
        return model.userLatent(
                historyLatents(user.recentItems(), null, item -> latentOf(index, item, snap)),
                null);
    }

    /**
     * {@code h_u} of {@code user} with each of {@code removed} taken out of its recent items in
     * turn (every occurrence, as {@code Counterfactuals.without} does): element r equals {@link
     * #userLatent(ItemStatsIndex, UserContext)} of that context value for value. Cheaper than those
     * calls: each history item's latent is looked up once, and the attention-pooling encoder
     * computes each item's attention key once for all the passes ({@link UserEncoder.KeyCache}).
     */
    public float[][] userLatentsWithout(
            ItemStatsIndex index, UserContext user, List<String> removed) {
        Snapshot snap = refresh(index);
        Map<String, Optional<float[]>> latents = new HashMap<>();
        Function<String, float[]> lookup =
                item ->
                        latents.computeIfAbsent(
                                        item, i -> Optional.ofNullable(latentOf(index, i, snap)))
                                .orElse(null);
        UserEncoder.KeyCache cache = new UserEncoder.KeyCache();
        float[][] out = new float[removed.size()][];
        for (int r = 0; r < out.length; r++) {
            out[r] =
                    model.userLatent(
                            historyLatents(user.recentItems(), removed.get(r), lookup), cache);
        }
        return out;
    }

    /**
     * The latents of the last L items of {@code recent} that have one, most recent last, leaving
     * out {@code removed} (null: none).
     */
    private List<float[]> historyLatents(
            List<String> recent, String removed, Function<String, float[]> latent) {
        int keep = model.historyLength();
        List<float[]> latents = new ArrayList<>(Math.min(recent.size(), keep));
        // Newest first until L latents are found, then back to most recent last.
        for (int i = recent.size() - 1; i >= 0 && latents.size() < keep; i--) {
            String item = recent.get(i);
            if (item.equals(removed)) {
                continue;
            }
            float[] z = latent.apply(item);
            if (z != null) {
                latents.add(z);
            }
        }
        Collections.reverse(latents);
        return latents;
    }

    private float[] latentOf(ItemStatsIndex index, String item, Snapshot snap) {
        float[] z = model.itemLatent(item);
        if (z != null) {
            return z;
        }
        int id = index.idOf(item);
        if (id >= 0 && id < snap.size) {
            return latentOfUnknown(index, id, snap);
        }
        return usable(contentLatents == null ? null : contentLatents.apply(item));
    }

    /** Latent of a dense id the bundle does not know: the index's, else the lookup's. */
    private float[] latentOfUnknown(ItemStatsIndex index, int id, Snapshot snap) {
        float[] z = usable(index.latentOf(id));
        if (z != null) {
            return z;
        }
        z = snap.fallback[id];
        if (z != null || contentLatents == null) {
            return z;
        }
        z = usable(contentLatents.apply(index.itemAt(id)));
        if (z != null) {
            synchronized (this) {
                z = z.clone();
                snap.fallback[id] = z;
            }
        }
        return z;
    }

    private float[] usable(float[] z) {
        return z != null && z.length == model.jointDim() ? z : null;
    }

    /** Brings the per-dense-id cache up to the index's size and returns a consistent view. */
    private synchronized Snapshot refresh(ItemStatsIndex index) {
        Cache c = cache;
        if (c == null || c.index != index) {
            c = new Cache(index);
            cache = c;
        }
        int n = index.size();
        if (c.rows.length < n) {
            int capacity = Math.max(n, c.rows.length * 2);
            c.rows = Arrays.copyOf(c.rows, capacity);
            c.fallback = Arrays.copyOf(c.fallback, capacity);
        }
        for (int id = c.resolved; id < n; id++) {
            c.rows[id] = model.rowOf(index.itemAt(id));
        }
        c.resolved = Math.max(c.resolved, n);
        return new Snapshot(c.rows, c.fallback, n);
    }

    private static double dot(float[] h, float[] z, int offset, int d) {
        double s = 0.0;
        for (int j = 0; j < d; j++) {
            s += (double) h[j] * z[offset + j];
        }
        return s;
    }

    @Override
    public String toString() {
        return "BaseModelScorer{"
                + model
                + (contentLatents == null ? "" : ", content lookup")
                + '}';
    }

    /** Per dense id: bundle row (-1: not in the bundle) and the lookup's latent once found. */
    private static final class Cache {
        final ItemStatsIndex index;
        int[] rows = new int[0];
        float[][] fallback = new float[0][];
        int resolved;

        Cache(ItemStatsIndex index) {
            this.index = index;
        }
    }

    private record Snapshot(int[] rows, float[][] fallback, int size) {}
}
