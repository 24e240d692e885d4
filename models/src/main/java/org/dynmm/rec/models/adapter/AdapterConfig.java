package org.dynmm.rec.models.adapter;

import java.io.Serializable;

/**
 * Hyper-parameters of the online adapter (all exposed as {@code rec.adapter.*} keys by the job).
 *
 * @param hidden width of {@code g}'s hidden layer
 * @param negatives sampled negatives per training example (sampled softmax)
 * @param learningRate Adam step size of the shared parameters
 * @param stabilitySigma {@code s} of {@code L_stab = ||z - z_base||^2 / 2 s^2}
 * @param stability whether {@code L_stab} is on (off for the ablation)
 * @param ewcLambda weight of the EWC penalty; 0 turns it off
 * @param consolidateEvery examples between EWC consolidations (anchor and Fisher snapshot)
 * @param publishEvery examples between published parameter versions
 * @param itemSide whether items are adapted too ({@code alpha_i g}); off for the ablation
 * @param userLearningRate step size of each user's gate offset {@code delta_u}
 * @param userL2 pull of {@code delta_u} back to 0
 * @param gradientClip largest gradient norm applied in one step
 * @param seed seeds the initial parameters and negative sampling
 * @param trainerSampleRate share of the accepted interactions the shared trainer takes a step on,
 *     in {@code (0, 1]}; which ones is a deterministic function of user, item, time and seed
 *     ({@link TrainingSample}), so the job and the evaluator train on the same events. The users'
 *     gates still step on every interaction.
 * @param itemSummaryBucketMillis event time over which an adapted item row keeps its decayed
 *     summary: rows read the summaries at the start of their bucket ({@link AdaptedItemTable})
 * @param userResidualLearningRate step size of each user's residual {@code o_u} in {@code h_u =
 *     h_u^base + beta_u g + o_u} ({@link UserGate}); 0 turns it off (a stored residual is not used)
 * @param coldItemsOnly with the item side on, whether only items without collaborative signal (the
 *     base's text path) are adapted; warm items then keep {@code z_i^base}
 * @param popularityPriorInLoss whether the online losses (the shared trainer's and the users')
 *     score an example's items as the rankers serve them, with the base's popularity prior {@code
 *     b_i(t)} added ({@link AdapterExample#itemPrior}); without it they rank by {@code h . z} alone
 * @param userShownNegatives how many items of the list shown to the user before an interaction
 *     (best first, the taken item left out) the user's own loss pushes below the taken item ({@link
 *     ShownItems}); 0 turns the term off
 * @param userShownWeight weight of that pairwise term against the user's ranking loss
 */
public record AdapterConfig(
        int hidden,
        int negatives,
        float learningRate,
        float stabilitySigma,
        boolean stability,
        float ewcLambda,
        int consolidateEvery,
        int publishEvery,
        boolean itemSide,
        float userLearningRate,
        float userL2,
        float gradientClip,
        long seed,
        float trainerSampleRate,
        long itemSummaryBucketMillis,
        float userResidualLearningRate,
        boolean coldItemsOnly,
        boolean popularityPriorInLoss,
        int userShownNegatives,
        float userShownWeight)
        implements Serializable {

    /**
     * Default of {@link #trainerSampleRate}: every event. Half was the validation choice on bases
     * trained without weight averaging; on the averaged bases of the current trainer default it
     * lost to every event (docs/BENCHMARKS.md section 7, session 8).
     */
    public static final float DEFAULT_TRAINER_SAMPLE_RATE = 1f;

    /**
     * Default of {@link #itemSide}: off. On two validation replays of bases trained with the
     * trainer's defaults the adapter without its item side was within the selection rule's
     * tolerance of the best and cheaper (no adapted item table to keep), and lifted cold users more
     * (docs/BENCHMARKS.md section 7, session 8).
     */
    public static final boolean DEFAULT_ITEM_SIDE = false;

    /**
     * Default of {@link #stabilitySigma}: 4. Chosen over 2 on two validation replays of bases
     * trained with the trainer's defaults (docs/BENCHMARKS.md section 7, session 9).
     */
    public static final float DEFAULT_STABILITY_SIGMA = 4.0f;

    /**
     * Default of {@link #userResidualLearningRate}: 0.03. Chosen among 0, 0.01, 0.03 and 0.1 on two
     * validation replays of bases trained with the trainer's defaults (docs/BENCHMARKS.md section
     * 7, session 9).
     */
    public static final float DEFAULT_USER_RESIDUAL_LEARNING_RATE = 0.03f;

    /** Default of {@link #coldItemsOnly}: every item (when the item side is on). */
    public static final boolean DEFAULT_COLD_ITEMS_ONLY = false;

    /**
     * Default of {@link #popularityPriorInLoss}: off. With the prior in both losses the adapter
     * gained less over its base on two validation replays (pooled NDCG@10 +0.0017 against +0.0024,
     * docs/BENCHMARKS.md section 7, session 10): part of what it learns is popularity that the
     * served prior under-weights in the replay.
     */
    public static final boolean DEFAULT_POPULARITY_PRIOR_IN_LOSS = false;

    /**
     * Default of {@link #userShownNegatives}: the first 10 items of the last list. Chosen with
     * {@link #DEFAULT_USER_SHOWN_WEIGHT} among off, 10 at weight 1, 10 at weight 0.3 and 3 at
     * weight 1 on two validation replays (docs/BENCHMARKS.md section 7, session 10).
     */
    public static final int DEFAULT_USER_SHOWN_NEGATIVES = 10;

    /** Default of {@link #userShownWeight}: 1 (see {@link #DEFAULT_USER_SHOWN_NEGATIVES}). */
    public static final float DEFAULT_USER_SHOWN_WEIGHT = 1f;

    /** Default of {@link #itemSummaryBucketMillis}: one day. */
    public static final long DEFAULT_ITEM_SUMMARY_BUCKET_MILLIS = 86_400_000L;

    public AdapterConfig {
        if (hidden <= 0 || negatives <= 0 || consolidateEvery <= 0 || publishEvery <= 0) {
            throw new IllegalArgumentException(
                    "adapter hidden size, negatives and intervals must be positive");
        }
        if (!(learningRate > 0) || !(stabilitySigma > 0) || !(gradientClip > 0)) {
            throw new IllegalArgumentException(
                    "adapter learning rate, stability sigma and gradient clip must be positive");
        }
        if (!(ewcLambda >= 0)
                || !(userLearningRate >= 0)
                || !(userL2 >= 0)
                || !(userResidualLearningRate >= 0)) {
            throw new IllegalArgumentException(
                    "adapter EWC lambda, user learning rates and user L2 must not be negative");
        }
        if (!(trainerSampleRate > 0f && trainerSampleRate <= 1f)) {
            throw new IllegalArgumentException(
                    "adapter trainer sample rate must be in (0, 1]: " + trainerSampleRate);
        }
        if (userShownNegatives < 0 || !(userShownWeight >= 0)) {
            throw new IllegalArgumentException(
                    "adapter shown negatives and their weight must not be negative: "
                            + userShownNegatives
                            + ", "
                            + userShownWeight);
        }
        if (itemSummaryBucketMillis <= 0) {
            throw new IllegalArgumentException(
                    "adapter item summary bucket must be positive: " + itemSummaryBucketMillis);
        }
    }

    public static AdapterConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.hidden = hidden;
        b.negatives = negatives;
        b.learningRate = learningRate;
        b.stabilitySigma = stabilitySigma;
        b.stability = stability;
        b.ewcLambda = ewcLambda;
        b.consolidateEvery = consolidateEvery;
        b.publishEvery = publishEvery;
        b.itemSide = itemSide;
        b.userLearningRate = userLearningRate;
        b.userL2 = userL2;
        b.gradientClip = gradientClip;
        b.seed = seed;
        b.trainerSampleRate = trainerSampleRate;
        b.itemSummaryBucketMillis = itemSummaryBucketMillis;
        b.userResidualLearningRate = userResidualLearningRate;
        b.coldItemsOnly = coldItemsOnly;
        b.popularityPriorInLoss = popularityPriorInLoss;
        b.userShownNegatives = userShownNegatives;
        b.userShownWeight = userShownWeight;
        return b;
    }

    public AdapterConfig withStability(boolean on) {
        return toBuilder().stability(on).build();
    }

    public AdapterConfig withEwcLambda(float lambda) {
        return toBuilder().ewcLambda(lambda).build();
    }

    public AdapterConfig withItemSide(boolean on) {
        return toBuilder().itemSide(on).build();
    }

    public AdapterConfig withLearningRate(float lr) {
        return toBuilder().learningRate(lr).build();
    }

    public AdapterConfig withPublishEvery(int every) {
        return toBuilder().publishEvery(every).build();
    }

    /**
     * Whether an item is adapted ({@code z_i = z_i^base + alpha_i g}) rather than kept at its base
     * latent: the item side is on, and the item is cold or every item is in scope.
     */
    public boolean adaptsItem(boolean cold) {
        return adaptsItem(itemSide, coldItemsOnly, cold);
    }

    /** {@link #adaptsItem(boolean)} for the given item-side settings. */
    public static boolean adaptsItem(boolean itemSide, boolean coldItemsOnly, boolean cold) {
        return itemSide && (cold || !coldItemsOnly);
    }

    /** {@link #adaptsItem} of the item an item summary describes ({@link AdapterFeatures}). */
    public boolean adaptsItem(float[] itemSummary) {
        return adaptsItem(AdapterFeatures.isColdItem(itemSummary));
    }

    /** Weight {@code 1 / 2 s^2} of the squared drift, 0 when the term is off. */
    /** Whether the users' losses include the shown-list term. */
    public boolean usesShownItems() {
        return userShownNegatives > 0 && userShownWeight > 0f;
    }

    public float stabilityWeight() {
        return stability ? 1f / (2f * stabilitySigma * stabilitySigma) : 0f;
    }

    public AdapterLayout layout(int dim) {
        return new AdapterLayout(dim, AdapterFeatures.SIZE, hidden);
    }

    /** Builds an {@link AdapterConfig}; starts from the defaults. */
    public static final class Builder {
        private int hidden = 16;
        private int negatives = 16;
        private float learningRate = 1e-3f;
        private float stabilitySigma = DEFAULT_STABILITY_SIGMA;
        private boolean stability = true;
        private float ewcLambda = 0f;
        private int consolidateEvery = 2000;
        private int publishEvery = 1000;
        private boolean itemSide = DEFAULT_ITEM_SIDE;
        private float userLearningRate = 0.05f;
        private float userL2 = 0.01f;
        private float gradientClip = 5f;
        private long seed = 42L;
        private float trainerSampleRate = DEFAULT_TRAINER_SAMPLE_RATE;
        private long itemSummaryBucketMillis = DEFAULT_ITEM_SUMMARY_BUCKET_MILLIS;
        private float userResidualLearningRate = DEFAULT_USER_RESIDUAL_LEARNING_RATE;
        private boolean coldItemsOnly = DEFAULT_COLD_ITEMS_ONLY;
        private boolean popularityPriorInLoss = DEFAULT_POPULARITY_PRIOR_IN_LOSS;
        private int userShownNegatives = DEFAULT_USER_SHOWN_NEGATIVES;
        private float userShownWeight = DEFAULT_USER_SHOWN_WEIGHT;

        private Builder() {}

        public Builder hidden(int value) {
            this.hidden = value;
            return this;
        }

        public Builder negatives(int value) {
            this.negatives = value;
            return this;
        }

        public Builder learningRate(float value) {
            this.learningRate = value;
            return this;
        }

        public Builder stabilitySigma(float value) {
            this.stabilitySigma = value;
            return this;
        }

        public Builder stability(boolean value) {
            this.stability = value;
            return this;
        }

        public Builder ewcLambda(float value) {
            this.ewcLambda = value;
            return this;
        }

        public Builder consolidateEvery(int value) {
            this.consolidateEvery = value;
            return this;
        }

        public Builder publishEvery(int value) {
            this.publishEvery = value;
            return this;
        }

        public Builder itemSide(boolean value) {
            this.itemSide = value;
            return this;
        }

        public Builder userLearningRate(float value) {
            this.userLearningRate = value;
            return this;
        }

        public Builder userL2(float value) {
            this.userL2 = value;
            return this;
        }

        public Builder gradientClip(float value) {
            this.gradientClip = value;
            return this;
        }

        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        public Builder trainerSampleRate(float value) {
            this.trainerSampleRate = value;
            return this;
        }

        public Builder itemSummaryBucketMillis(long value) {
            this.itemSummaryBucketMillis = value;
            return this;
        }

        public Builder userResidualLearningRate(float value) {
            this.userResidualLearningRate = value;
            return this;
        }

        public Builder coldItemsOnly(boolean value) {
            this.coldItemsOnly = value;
            return this;
        }

        public Builder popularityPriorInLoss(boolean value) {
            this.popularityPriorInLoss = value;
            return this;
        }

        public Builder userShownNegatives(int value) {
            this.userShownNegatives = value;
            return this;
        }

        public Builder userShownWeight(float value) {
            this.userShownWeight = value;
            return this;
        }

        public AdapterConfig build() {
            return new AdapterConfig(
                    hidden,
                    negatives,
                    learningRate,
                    stabilitySigma,
                    stability,
                    ewcLambda,
                    consolidateEvery,
                    publishEvery,
                    itemSide,
                    userLearningRate,
                    userL2,
                    gradientClip,
                    seed,
                    trainerSampleRate,
                    itemSummaryBucketMillis,
                    userResidualLearningRate,
                    coldItemsOnly,
                    popularityPriorInLoss,
                    userShownNegatives,
                    userShownWeight);
        }
    }
}
