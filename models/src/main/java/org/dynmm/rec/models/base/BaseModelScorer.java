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
 * Scores items with the frozen base model: {@code s(u, i) = h_u . z_i + b_i(t)}, where {@code
 * b_i(t)} is the bundle's {@link PopularityPrior} term {@code w_i log(1 + p_i(t))} over the index's
 * popularity at the request time ({@code w_i}: the warm weight for items with a CF latent in the
 * bundle, the cold weight for every other item), and 0 for bundles without a prior.
 *
 * <p>An item's latent {@code z_i} is, in this order: its bundle latent ({@code f_I(e_cf)} for warm,
 * {@code f_T(e_txt)} for cold items); else the latent the index holds for it ({@link
 * ItemStatsIndex#latentOf}, e.g. put by the job from the item's content); else the latent from the
 * optional {@code contentLatents} lookup given at construction (e.g. {@link BaseModel#textLatent}
 * of the item's text embedding); latents of the wrong length are ignored. An item with no latent
 * scores {@link Double#NEGATIVE_INFINITY}, i.e. below every scorable item.
 *
 * <p>The prior needs the index's popularity half-life to be the one the prior was calibrated with;
 * {@link #score} and {@link #popularityPrior} throw an {@link IllegalArgumentException} otherwise
 * (rankers check {@link PopularityPrior#requireHalfLife} when they start).
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
        boolean prior = model.popularityPrior().active();
        if (prior) {
            popularityPrior(index, now, out, snap);
        }
        for (int id = 0; id < n; id++) {
            int row = snap.rows[id];
            double s;
            if (row >= 0) {
                s = dot(h, table, row * d, d);
            } else {
                float[] z = latentOfUnknown(index, id, snap);
                s = z == null ? Double.NEGATIVE_INFINITY : dot(h, z, 0, d);
            }
            out[id] = prior ? s + out[id] : s;
        }
    }

    /**
     * Writes the prior term {@code b_i(now)} of every dense id into {@code out[0, index.size())}:
     * zeros when the bundle has no prior. {@link #score} adds exactly these values to {@code h_u .
     * z_i} (items without a latent stay at {@code -inf}).
     */
    public void popularityPrior(ItemStatsIndex index, long now, double[] out) {
        if (!model.popularityPrior().active()) {
            Arrays.fill(out, 0, index.size(), 0.0);
            return;
        }
        popularityPrior(index, now, out, refresh(index));
    }

    private void popularityPrior(ItemStatsIndex index, long now, double[] out, Snapshot snap) {
        PopularityPrior prior = model.popularityPrior();
        prior.requireHalfLife(index.popularityHalfLife(), model.modelVersion());
        index.popularitiesAt(now, out);
        int n = snap.size;
        for (int id = 0; id < n; id++) {
            int row = snap.rows[id];
            boolean cold = row < 0 || !model.isWarmRow(row);
            out[id] = prior.term(cold, out[id]);
        }
    }

    /**
     * The prior term {@code b_i(now)} of dense id {@code id}, as {@link #popularityPrior} writes it
     * (up to floating-point rounding); 0 when the bundle has no prior.
     */
    public double popularityPriorOf(ItemStatsIndex index, int id, long now) {
        PopularityPrior prior = model.popularityPrior();
        if (!prior.active()) {
            return 0.0;
        }
        prior.requireHalfLife(index.popularityHalfLife(), model.modelVersion());
        return prior.term(!model.isWarm(index.itemAt(id)), index.popularityAt(id, now));
    }

    /** {@code h_u} for {@code user} as this scorer computes it (for tests and explanations). */
    public float[] userLatent(ItemStatsIndex index, UserContext user) {
        return userLatent(index, user, refresh(index));
    }

    /**
     * {@code h_u} over {@code recentItems} (most recent last) and over the same items without the
     * last one, each exactly as {@link #userLatent} computes it, with the encoder's per-item work
     * shared (see {@link BaseModel#userLatentsWithAndWithoutLast}).
     */
    public float[][] userLatentsWithAndWithoutLast(ItemStatsIndex index, List<String> recentItems) {
        Snapshot snap = refresh(index);
        UserEncoder.KeyCache cache = model.requestCache();
        int size = recentItems.size();
        float[] lastZ = size == 0 ? null : latentOf(index, recentItems.get(size - 1), snap, cache);
        if (lastZ == null) {
            // The last item adds nothing to the history: both lists give the same latent.
            float[] h = userLatent(index, UserContext.of(recentItems, List.of()), snap);
            return new float[][] {h, h.clone()};
        }
        // Newest first: the last item's latent and up to L more, so that both windows are whole.
        int keep = model.historyLength() + 1;
        List<float[]> latents = new ArrayList<>(Math.min(size, keep));
        latents.add(lastZ);
        for (int i = size - 2; i >= 0 && latents.size() < keep; i--) {
            float[] z = latentOf(index, recentItems.get(i), snap, cache);
            if (z != null) {
                latents.add(z);
            }
        }
        Collections.reverse(latents);
        return model.userLatentsWithAndWithoutLast(latents, cache);
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

    /**
     * Whether dense id {@code id} has a latent ({@link #itemLatent} is not null), without copying
     * it.
     */
    public boolean hasItemLatent(ItemStatsIndex index, int id) {
        Snapshot snap = refresh(index);
        return snap.rows[id] >= 0 || latentOfUnknown(index, id, snap) != null;
    }

    private float[] userLatent(ItemStatsIndex index, UserContext user, Snapshot snap) {
        UserEncoder.KeyCache cache = model.requestCache();
        return model.userLatent(
                historyLatents(
                        user.recentItems(), null, item -> latentOf(index, item, snap, cache)),
                cache);
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
        UserEncoder.KeyCache preset = model.requestCache();
        UserEncoder.KeyCache cache = preset == null ? new UserEncoder.KeyCache() : preset;
        Function<String, float[]> lookup =
                item ->
                        latents.computeIfAbsent(
                                        item,
                                        i -> Optional.ofNullable(latentOf(index, i, snap, cache)))
                                .orElse(null);
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
        return latentOf(index, item, snap, null);
    }

    /**
     * The latent of {@code item}; a bundle item's precomputed encoder work goes into {@code cache}
     * (null: not recorded).
     */
    private float[] latentOf(
            ItemStatsIndex index, String item, Snapshot snap, UserEncoder.KeyCache cache) {
        float[] z = model.itemLatent(item, cache);
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
