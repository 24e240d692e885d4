package org.dynmm.rec.models.train;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.dynmm.rec.models.base.UserEncoderType;
import org.dynmm.rec.models.text.ItemTextFields;

/**
 * Settings of a {@link BaseTrainer} run. Build with {@link #builder()}; every setter has the
 * default given here.
 *
 * @param cutoffFraction share of events (in time order) the model trains on; the same split as the
 *     evaluator's (0.8)
 * @param maxEpochs most passes over the training examples (20)
 * @param batchSize examples per step (512)
 * @param learningRate Adam step size (0.005)
 * @param learningRateDecay factor applied to the learning rate after every epoch (1: constant)
 * @param weightDecay decoupled (AdamW) weight decay on every parameter (0)
 * @param weightAverageDecay decay of the exponential moving average of the parameters that is
 *     validated and stored (Polyak averaging); 0 (the default) validates and stores the last step's
 *     parameters
 * @param jointDim d, the joint latent size (64)
 * @param cfDim size of the CF item embeddings (64)
 * @param hiddenDim hidden size of f_I, f_T and the decoders (128)
 * @param historyLength L, the most recent distinct items the user encoder reads (50)
 * @param encoder user encoder variant (attention pooling)
 * @param textRankWeight weight of the ranking loss computed with text latents (1)
 * @param matchWeight weight of the f_I / f_T matching MSE (1)
 * @param itemReconWeight a, weight of the CF reconstruction MSE (0.1)
 * @param textReconWeight b, weight of the text reconstruction MSE (0.1)
 * @param historyDropout probability of dropping each history item of a training example, the rest
 *     staying right-aligned (0)
 * @param recencyHalfLife with a value h &gt; 0, each training example's ranking losses are weighted
 *     {@code 2^(-age / (h * n))}, where n is the number of training events and age the number of
 *     events between the example and the end of the training data (weights normalized to mean 1):
 *     the events just before the cutoff resemble the test window most. 0 weighs all examples alike
 *     (0)
 * @param coldSwap share of items whose latent in the ranking loss (candidates and history) is their
 *     text latent instead of the CF one, re-drawn every step: modality dropout that puts
 *     text-scored (cold) items on the same scale as warm ones (0.25)
 * @param itemTextFields the parts of an item's content embedded as its text, recorded in the
 *     manifest so new items are embedded the same way ({@link ItemTextFields#ALL})
 * @param calibrateText pick the factor on text-path (cold) item latents from {@code
 *     BaseTrainer.TEXT_SCALES} by validation NDCG@10, along with the number of epochs, and store it
 *     in the bundle (true)
 * @param calibratePopularity pick the weights of the popularity prior ({@code
 *     org.dynmm.rec.models.base.PopularityPrior}: {@code w log(1 + p_i(t))} on items with a CF
 *     latent, {@code w_cold log(1 + p_i(t))} on text-path items) from {@code
 *     BaseTrainer.POPULARITY_WEIGHTS} and {@code BaseTrainer.POPULARITY_COLD_WEIGHTS} on the
 *     validation split, along with the text scale and the number of epochs, and store them in the
 *     bundle (true)
 * @param popularityHalfLife half-life of the decayed popularity {@code p_i(t)} the prior is
 *     calibrated with; must equal the ranker's {@code rec.ranker.popularity-half-life} (30 days)
 * @param unseenWeight the validation choice maximizes {@code NDCG@10 + unseenWeight *
 *     NDCG@10(unseen items)}, i.e. weighs the validation events on items without training
 *     interactions once more by this factor (0)
 * @param unseenAbovePopularity the validation choice only takes grid points (and epochs) whose
 *     unseen-items NDCG@10 beats decayed popularity's on the same validation events (popularity
 *     with {@code popularityHalfLife}), when any does; among them the criterion above decides
 *     (true)
 * @param textScale the factor on text-path latents when fixed; 0 leaves it to the calibration (or 1
 *     without it) (0)
 * @param popularityWeight the prior's weight on items with a CF latent when fixed; NaN leaves it to
 *     the calibration (or 0 without it) (NaN)
 * @param popularityColdWeight the prior's weight on text-path items when fixed; NaN leaves it to
 *     the calibration (or 0 without it) (NaN)
 * @param maskSeen leave the items a user had already taken out of the softmax of that user's
 *     examples, as ranking leaves them out of the candidates (true)
 * @param popularityInLoss add the popularity prior's feature {@code log(1 + p_i(t))}, with {@code
 *     p_i(t)} as of each training example's own time, to the ranking losses' logits under two
 *     learned weights (warm and text-path), so the item latents need not learn popularity that the
 *     prior adds at serving time; the learned weights join the calibration grid (false)
 * @param validationFraction share of the training window (its last events) held out to pick the
 *     number of epochs and report validation metrics; 0 trains once for {@code maxEpochs} (0.1)
 * @param patience epochs without a better validation NDCG@10 before stopping (2)
 * @param fixedEpochs train exactly {@code maxEpochs} epochs: the validation run still calibrates
 *     the text scale, the popularity prior and the fusion scale, but on its last epoch only (the
 *     only epoch it validates), with no early stopping; for comparing configurations at equal
 *     training length (false)
 * @param seed seed of initialization and shuffling (42)
 * @param device where to train (cpu)
 * @param threads PyTorch intra-op CPU threads, set for the whole JVM; 0 keeps PyTorch's default
 *     (one per core). 1 is much faster for tiny models and on a machine busy with other work, where
 *     spinning OpenMP threads contend (0)
 * @param progress whether to draw a progress bar with the live loss on stderr (true)
 * @param clock time source for the manifest's creation time and the model version's date
 */
public record TrainingConfig(
        double cutoffFraction,
        int maxEpochs,
        int batchSize,
        float learningRate,
        float learningRateDecay,
        float weightDecay,
        float weightAverageDecay,
        int jointDim,
        int cfDim,
        int hiddenDim,
        int historyLength,
        UserEncoderType encoder,
        float textRankWeight,
        float matchWeight,
        float itemReconWeight,
        float textReconWeight,
        float historyDropout,
        float recencyHalfLife,
        float coldSwap,
        ItemTextFields itemTextFields,
        boolean calibrateText,
        boolean calibratePopularity,
        Duration popularityHalfLife,
        float unseenWeight,
        boolean unseenAbovePopularity,
        float textScale,
        float popularityWeight,
        float popularityColdWeight,
        boolean maskSeen,
        boolean popularityInLoss,
        double validationFraction,
        int patience,
        boolean fixedEpochs,
        long seed,
        DeviceChoice device,
        int threads,
        boolean progress,
        Clock clock) {

    public TrainingConfig {
        Objects.requireNonNull(encoder, "encoder");
        Objects.requireNonNull(itemTextFields, "itemTextFields");
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(popularityHalfLife, "popularityHalfLife");
        if (popularityHalfLife.isNegative()) {
            throw new IllegalArgumentException(
                    "popularity half-life must not be negative: " + popularityHalfLife);
        }
        if (!(unseenWeight >= 0f) || !Float.isFinite(unseenWeight)) {
            throw new IllegalArgumentException(
                    "unseen-item weight must be finite and >= 0: " + unseenWeight);
        }
        if (!(textScale >= 0f) || !Float.isFinite(textScale)) {
            throw new IllegalArgumentException(
                    "text scale must be positive (0: calibrated): " + textScale);
        }
        if (Float.isInfinite(popularityWeight) || Float.isInfinite(popularityColdWeight)) {
            throw new IllegalArgumentException(
                    "popularity weights must be finite (NaN: calibrated): "
                            + popularityWeight
                            + ", "
                            + popularityColdWeight);
        }
        if (!(cutoffFraction > 0.0 && cutoffFraction <= 1.0)) {
            throw new IllegalArgumentException(
                    "cutoff fraction must be in (0, 1]: " + cutoffFraction);
        }
        if (!(validationFraction >= 0.0 && validationFraction < 1.0)) {
            throw new IllegalArgumentException(
                    "validation fraction must be in [0, 1): " + validationFraction);
        }
        positive("epochs", maxEpochs);
        positive("batch size", batchSize);
        positive("joint dimension", jointDim);
        positive("CF dimension", cfDim);
        positive("hidden dimension", hiddenDim);
        positive("history length", historyLength);
        positive("patience", patience);
        if (threads < 0) {
            throw new IllegalArgumentException("threads must be >= 0: " + threads);
        }
        if (!(historyDropout >= 0f && historyDropout < 1f) || !(coldSwap >= 0f && coldSwap <= 1f)) {
            throw new IllegalArgumentException(
                    "history dropout must be in [0, 1) and cold swap in [0, 1]: "
                            + historyDropout
                            + ", "
                            + coldSwap);
        }
        if (!(learningRateDecay > 0f && learningRateDecay <= 1f)) {
            throw new IllegalArgumentException(
                    "learning rate decay must be in (0, 1]: " + learningRateDecay);
        }
        if (!(weightAverageDecay >= 0f && weightAverageDecay < 1f)) {
            throw new IllegalArgumentException(
                    "weight average decay must be in [0, 1): " + weightAverageDecay);
        }
        if (!(learningRate > 0f) || !Float.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive: " + learningRate);
        }
        for (float w :
                new float[] {
                    weightDecay, textRankWeight, matchWeight, itemReconWeight, textReconWeight
                }) {
            if (!(w >= 0f) || !Float.isFinite(w)) {
                throw new IllegalArgumentException(
                        "loss weights and weight decay must be finite and >= 0: " + w);
            }
        }
    }

    private static void positive(String what, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(what + " must be positive: " + value);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The hyper-parameters recorded in the bundle manifest (JSON scalars), by name. The clock,
     * progress flag and device are not among them: they do not change the model.
     */
    public Map<String, Object> hyperParameters() {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("encoder", encoder.id());
        hp.put("cutoffFraction", cutoffFraction);
        hp.put("maxEpochs", maxEpochs);
        hp.put("batchSize", batchSize);
        hp.put("learningRate", (double) learningRate);
        hp.put("learningRateDecay", (double) learningRateDecay);
        hp.put("weightDecay", (double) weightDecay);
        if (weightAverageDecay > 0f) {
            // Only when on, so the manifests of runs without it stay as they were.
            hp.put("weightAverageDecay", (double) weightAverageDecay);
        }
        hp.put("hiddenDim", hiddenDim);
        hp.put("historyLength", historyLength);
        hp.put("textRankWeight", (double) textRankWeight);
        hp.put("matchWeight", (double) matchWeight);
        hp.put("itemReconWeight", (double) itemReconWeight);
        hp.put("textReconWeight", (double) textReconWeight);
        hp.put("historyDropout", (double) historyDropout);
        hp.put("recencyHalfLife", (double) recencyHalfLife);
        hp.put("coldSwap", (double) coldSwap);
        itemTextFields.writeTo(hp);
        hp.put("calibrateText", calibrateText);
        hp.put("calibratePopularity", calibratePopularity);
        hp.put("selectionUnseenWeight", (double) unseenWeight);
        hp.put("selectionUnseenAbovePopularity", unseenAbovePopularity);
        hp.put("maskSeen", maskSeen);
        hp.put("popularityInLoss", popularityInLoss);
        hp.put("validationFraction", validationFraction);
        hp.put("patience", patience);
        hp.put("fixedEpochs", fixedEpochs);
        hp.put("seed", seed);
        hp.put("optimizer", "adam");
        return hp;
    }

    /** Builder with the documented defaults. */
    public static final class Builder {
        private double cutoffFraction = 0.8;
        private int maxEpochs = 20;
        private int batchSize = 512;
        private float learningRate = 0.005f;
        private float learningRateDecay = 1f;
        private float weightDecay = 0f;
        private float weightAverageDecay = 0f;
        private int jointDim = 64;
        private int cfDim = 64;
        private int hiddenDim = 128;
        private int historyLength = 50;
        private UserEncoderType encoder = UserEncoderType.ATTENTION;
        private float textRankWeight = 1f;
        private float matchWeight = 1f;
        private float itemReconWeight = 0.1f;
        private float textReconWeight = 0.1f;
        private float historyDropout = 0f;
        private float recencyHalfLife = 0.2f;
        private float coldSwap = 0.25f;
        private ItemTextFields itemTextFields = ItemTextFields.ALL;
        private boolean calibrateText = true;
        private boolean calibratePopularity = true;
        private Duration popularityHalfLife = Duration.ofDays(30);
        private float unseenWeight = 0f;
        private boolean unseenAbovePopularity = true;
        private float textScale = 0f;
        private float popularityWeight = Float.NaN;
        private float popularityColdWeight = Float.NaN;
        private boolean maskSeen = true;
        private boolean popularityInLoss = false;
        private double validationFraction = 0.1;
        private int patience = 2;
        private boolean fixedEpochs = false;
        private long seed = 42;
        private DeviceChoice device = DeviceChoice.CPU;
        private int threads = 0;
        private boolean progress = true;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        private Builder(TrainingConfig c) {
            cutoffFraction = c.cutoffFraction;
            maxEpochs = c.maxEpochs;
            batchSize = c.batchSize;
            learningRate = c.learningRate;
            learningRateDecay = c.learningRateDecay;
            weightDecay = c.weightDecay;
            weightAverageDecay = c.weightAverageDecay;
            jointDim = c.jointDim;
            cfDim = c.cfDim;
            hiddenDim = c.hiddenDim;
            historyLength = c.historyLength;
            encoder = c.encoder;
            textRankWeight = c.textRankWeight;
            matchWeight = c.matchWeight;
            itemReconWeight = c.itemReconWeight;
            textReconWeight = c.textReconWeight;
            historyDropout = c.historyDropout;
            recencyHalfLife = c.recencyHalfLife;
            coldSwap = c.coldSwap;
            itemTextFields = c.itemTextFields;
            calibrateText = c.calibrateText;
            calibratePopularity = c.calibratePopularity;
            popularityHalfLife = c.popularityHalfLife;
            unseenWeight = c.unseenWeight;
            unseenAbovePopularity = c.unseenAbovePopularity;
            textScale = c.textScale;
            popularityWeight = c.popularityWeight;
            popularityColdWeight = c.popularityColdWeight;
            maskSeen = c.maskSeen;
            popularityInLoss = c.popularityInLoss;
            validationFraction = c.validationFraction;
            patience = c.patience;
            fixedEpochs = c.fixedEpochs;
            seed = c.seed;
            device = c.device;
            threads = c.threads;
            progress = c.progress;
            clock = c.clock;
        }

        public Builder cutoffFraction(double v) {
            cutoffFraction = v;
            return this;
        }

        public Builder maxEpochs(int v) {
            maxEpochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(float v) {
            learningRate = v;
            return this;
        }

        public Builder learningRateDecay(float v) {
            learningRateDecay = v;
            return this;
        }

        public Builder weightDecay(float v) {
            weightDecay = v;
            return this;
        }

        public Builder weightAverageDecay(float v) {
            weightAverageDecay = v;
            return this;
        }

        public Builder jointDim(int v) {
            jointDim = v;
            return this;
        }

        public Builder cfDim(int v) {
            cfDim = v;
            return this;
        }

        public Builder hiddenDim(int v) {
            hiddenDim = v;
            return this;
        }

        public Builder historyLength(int v) {
            historyLength = v;
            return this;
        }

        public Builder encoder(UserEncoderType v) {
            encoder = v;
            return this;
        }

        public Builder textRankWeight(float v) {
            textRankWeight = v;
            return this;
        }

        public Builder matchWeight(float v) {
            matchWeight = v;
            return this;
        }

        public Builder itemReconWeight(float v) {
            itemReconWeight = v;
            return this;
        }

        public Builder textReconWeight(float v) {
            textReconWeight = v;
            return this;
        }

        public Builder historyDropout(float v) {
            historyDropout = v;
            return this;
        }

        public Builder recencyHalfLife(float v) {
            recencyHalfLife = v;
            return this;
        }

        public Builder coldSwap(float v) {
            coldSwap = v;
            return this;
        }

        public Builder calibrateText(boolean v) {
            calibrateText = v;
            return this;
        }

        public Builder calibratePopularity(boolean v) {
            calibratePopularity = v;
            return this;
        }

        public Builder popularityHalfLife(Duration v) {
            popularityHalfLife = v;
            return this;
        }

        public Builder unseenWeight(float v) {
            unseenWeight = v;
            return this;
        }

        public Builder unseenAbovePopularity(boolean v) {
            unseenAbovePopularity = v;
            return this;
        }

        public Builder textScale(float v) {
            textScale = v;
            return this;
        }

        public Builder popularityWeight(float v) {
            popularityWeight = v;
            return this;
        }

        public Builder popularityColdWeight(float v) {
            popularityColdWeight = v;
            return this;
        }

        public Builder maskSeen(boolean v) {
            maskSeen = v;
            return this;
        }

        public Builder popularityInLoss(boolean v) {
            popularityInLoss = v;
            return this;
        }

        public Builder validationFraction(double v) {
            validationFraction = v;
            return this;
        }

        public Builder patience(int v) {
            patience = v;
            return this;
        }

        public Builder itemTextFields(ItemTextFields v) {
            itemTextFields = v;
            return this;
        }

        public Builder fixedEpochs(boolean v) {
            fixedEpochs = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder device(DeviceChoice v) {
            device = v;
            return this;
        }

        public Builder threads(int v) {
            threads = v;
            return this;
        }

        public Builder progress(boolean v) {
            progress = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        public TrainingConfig build() {
            return new TrainingConfig(
                    cutoffFraction,
                    maxEpochs,
                    batchSize,
                    learningRate,
                    learningRateDecay,
                    weightDecay,
                    weightAverageDecay,
                    jointDim,
                    cfDim,
                    hiddenDim,
                    historyLength,
                    encoder,
                    textRankWeight,
                    matchWeight,
                    itemReconWeight,
                    textReconWeight,
                    historyDropout,
                    recencyHalfLife,
                    coldSwap,
                    itemTextFields,
                    calibrateText,
                    calibratePopularity,
                    popularityHalfLife,
                    unseenWeight,
                    unseenAbovePopularity,
                    textScale,
                    popularityWeight,
                    popularityColdWeight,
                    maskSeen,
                    popularityInLoss,
                    validationFraction,
                    patience,
                    fixedEpochs,
                    seed,
                    device,
                    threads,
                    progress,
                    clock);
        }
    }
}
