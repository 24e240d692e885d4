package org.dynmm.rec.models.adapter;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.dynmm.rec.models.base.BaseModelScorer;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.ScoredItem;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Dynamic alignment around a frozen base: builds the online training examples and the adapted user
 * latent {@code h_u = h_u^base + beta_u g(h_u^base, s_u^new)}. The same code serves the job's
 * operators and the evaluator, so both compute identical examples and scores.
 */
public final class DynamicAdapter implements Serializable {
    private static final long serialVersionUID = 1L;

    private final BaseModelScorer base;
    private final AdapterConfig config;

    public DynamicAdapter(BaseModelScorer base, AdapterConfig config) {
        this.base = Objects.requireNonNull(base, "base");
        this.config = Objects.requireNonNull(config, "config");
    }

    public BaseModelScorer base() {
        return base;
    }

    public AdapterConfig config() {
        return config;
    }

    public AdapterLayout layout() {
        return config.layout(base.model().jointDim());
    }

    /** A fresh trainer for this base's joint size. */
    public OnlineAdapterTrainer newTrainer() {
        return new OnlineAdapterTrainer(config, base.model().jointDim());
    }

    /** {@code h_u^base} over the user's recent items (most recent last). */
    public float[] userBase(ItemStatsIndex index, List<String> recentItems) {
        return base.userLatent(index, UserContext.of(recentItems, List.of()));
    }

    /** Whether the base has no collaborative signal for the item (text path or unknown). */
    public boolean isCold(ItemStatsIndex index, int id) {
        return !base.model().isWarm(index.itemAt(id));
    }

    /**
     * The example of a user taking {@code item} at {@code ts} after {@code recentItems}: the item
     * as positive, {@link AdapterConfig#negatives()} items sampled from the catalog (not among the
     * recent items, seeded by user, item and time; half uniform, half popularity-proportional, with
     * the log-probability correction) as negatives, all with base latents and summaries as of
     * {@code ts}, and with the base's popularity prior as of {@code ts} when {@link
     * AdapterConfig#popularityPriorInLoss} is on. Null when the item has no latent yet (unknown or
     * no content).
     *
     * @param userSummary {@code s_u^new} just before the event
     */
    public AdapterExample example(
            ItemStatsIndex index,
            ItemActivity activity,
            String user,
            List<String> recentItems,
            String item,
            long ts,
            float[] userSummary) {
        return example(index, activity, user, recentItems, item, ts, userSummary, null);
    }

    /**
     * {@link #example} with {@code h_u^base} over {@code recentItems} already computed by the
     * caller ({@code userBase}; null: computed here), e.g. together with the user's latent after
     * the event ({@link BaseModelScorer#userLatentsWithAndWithoutLast}).
     */
    public AdapterExample example(
            ItemStatsIndex index,
            ItemActivity activity,
            String user,
            List<String> recentItems,
            String item,
            long ts,
            float[] userSummary,
            float[] userBase) {
        int positive = index.idOf(item);
        if (positive < 0) {
            return null;
        }
        float[] zPositive = base.itemLatent(index, positive);
        if (zPositive == null) {
            return null;
        }
        Set<String> recent = new HashSet<>(recentItems);
        int[] negatives =
                NegativeSampler.sampleMixed(
                        index.size(),
                        positive,
                        id -> !recent.contains(index.itemAt(id)) && base.hasItemLatent(index, id),
                        NegativeSampler.seed(config.seed(), user, item, ts),
                        config.negatives(),
                        activity);
        if (negatives.length == 0) {
            return null;
        }
        int rows = negatives.length + 1;
        int[] ids = new int[rows];
        float[][] itemBase = new float[rows][];
        float[][] itemSummary = new float[rows][];
        float[] logQ = new float[rows];
        float[] prior = config.popularityPriorInLoss() ? new float[rows] : null;
        for (int j = 0; j < rows; j++) {
            int id = j == 0 ? positive : negatives[j - 1];
            ids[j] = id;
            logQ[j] =
                    (float)
                            Math.log(
                                    NegativeSampler.mixtureProbability(index.size(), id, activity));
            itemBase[j] = j == 0 ? zPositive : base.itemLatent(index, id);
            if (prior != null) {
                prior[j] = (float) base.popularityPriorOf(index, id, ts);
            }
            itemSummary[j] = new float[AdapterFeatures.SIZE];
            activity.features(id, ts, isCold(index, id), itemSummary[j]);
        }
        return new AdapterExample(
                userBase != null ? userBase : userBase(index, recentItems),
                userSummary,
                0f,
                itemBase,
                itemSummary,
                logQ,
                ids,
                prior);
    }

    /**
     * The ids the shown-items term keeps of a list shown to a user (best first): its first {@link
     * AdapterConfig#userShownNegatives} items.
     */
    public List<String> shownList(List<ScoredItem> shown) {
        int n = Math.min(shown.size(), config.userShownNegatives());
        List<String> ids = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ids.add(shown.get(i).item);
        }
        return ids;
    }

    /**
     * The first {@link AdapterConfig#userShownNegatives} items of {@code shownList} (the list shown
     * to the user before the interaction of {@code example}, best first) other than the taken item,
     * with latents as scored under {@code params} and the gaps of the served popularity prior as of
     * {@code ts}; items without a latent are skipped. {@link ShownItems#NONE} when the term is off
     * or there is no list.
     */
    public ShownItems shownItems(
            ItemStatsIndex index,
            ItemActivity activity,
            AdapterParameters params,
            AdapterExample example,
            List<String> shownList,
            long ts) {
        if (!config.usesShownItems()
                || shownList == null
                || shownList.isEmpty()
                || example.itemIds() == null) {
            return ShownItems.NONE;
        }
        int taken = example.itemIds()[0];
        double takenPrior = base.popularityPriorOf(index, taken, ts);
        AdapterLayout l = params.layout();
        int most = Math.min(shownList.size(), config.userShownNegatives());
        float[][] latents = new float[most][];
        float[] gaps = new float[most];
        float[] summary = new float[AdapterFeatures.SIZE];
        float[] pre = new float[l.hidden()];
        float[] g = new float[l.dim()];
        int count = 0;
        for (String item : shownList) {
            if (count == most) {
                break;
            }
            int id = index.idOf(item);
            float[] z = id < 0 || id == taken ? null : base.itemLatent(index, id);
            if (z == null) {
                continue;
            }
            boolean cold = isCold(index, id);
            if (config.adaptsItem(cold)) {
                // Only adapted items need the summary (as the item table scores them).
                activity.features(id, ts, cold, summary);
                float[] adapted = new float[l.dim()];
                AdapterFunction.adaptedItem(l, params.theta(), z, summary, pre, g, adapted);
                z = adapted;
            }
            latents[count] = z;
            gaps[count] = (float) (takenPrior - base.popularityPriorOf(index, id, ts));
            count++;
        }
        return new ShownItems(Arrays.copyOf(latents, count), Arrays.copyOf(gaps, count));
    }

    /**
     * {@link #adaptedItems(AdapterParameters, AdapterExample)}, bit for bit, with the latent's
     * share of each bundle item's first layer taken from (or added to) {@code table}'s cache for
     * {@code params} ({@link AdaptedItemTable#adaptedItems}); {@code index} is the one the example
     * was built from. Without item ids in the example, or with the item side off, computed from
     * scratch.
     */
    public float[][] adaptedItems(
            AdapterParameters params,
            AdapterExample example,
            ItemStatsIndex index,
            AdaptedItemTable table) {
        if (!config.itemSide() || example.itemIds() == null) {
            return adaptedItems(params, example);
        }
        return table.adaptedItems(index, params, example);
    }

    /**
     * Adapted latents of an example's items under {@code params} (base latents for the items the
     * configuration does not adapt, {@link AdapterConfig#adaptsItem}).
     */
    public float[][] adaptedItems(AdapterParameters params, AdapterExample example) {
        AdapterLayout l = params.layout();
        float[] pre = new float[l.hidden()];
        float[] g = new float[l.dim()];
        float[][] out = new float[example.itemBase().length][];
        for (int j = 0; j < out.length; j++) {
            if (config.adaptsItem(example.itemSummary()[j])) {
                out[j] = new float[l.dim()];
                AdapterFunction.adaptedItem(
                        l,
                        params.theta(),
                        example.itemBase()[j],
                        example.itemSummary()[j],
                        pre,
                        g,
                        out[j]);
            } else {
                out[j] = example.itemBase()[j];
            }
        }
        return out;
    }

    /**
     * {@code h_u = h_u^base + beta_u g + o_u} under {@code params} for a user with base latent
     * {@code userBase} ({@code o_u} only while the residual is on).
     */
    public float[] userLatent(
            AdapterParameters params, float[] userBase, float[] userSummary, UserGate gate) {
        AdapterLayout l = params.layout();
        float[] h = new float[l.dim()];
        AdapterFunction.adaptedUser(
                l,
                params.theta(),
                userBase,
                userSummary,
                gate.beta(params),
                new float[l.hidden()],
                new float[l.dim()],
                h);
        if (config.userResidualLearningRate() > 0f) {
            gate.addResidual(h); // off: a residual restored from earlier state is not used
        }
        return h;
    }

    /** {@code s_u^new} of {@code window} at {@code now} as a fresh vector. */
    public static float[] userSummary(UserWindow window, long now) {
        float[] s = new float[AdapterFeatures.SIZE];
        window.features(now, s);
        return s;
    }
}
