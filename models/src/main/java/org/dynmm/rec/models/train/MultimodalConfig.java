package org.dynmm.rec.models.train;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the multimodal branch of a {@link BaseTrainer} run (DESIGN.md, Models 2). They only
 * take effect when the dataset's items carry visual or audio vectors; without any, training is
 * exactly the text-only frozen base.
 *
 * @param contrastWeight weight of the cross-modal InfoNCE term, averaged over every pair of
 *     modalities (CF, text, visual, audio) present in the dataset (0.1; 0: heads are trained by the
 *     ranking losses only)
 * @param temperature InfoNCE temperature on cosine similarities (0.1)
 * @param modalityDropout probability of masking an item's visual or audio vector out of its fused
 *     content latent in a training step, so the model ranks well with any subset (0.3)
 * @param contrastItems most items per step in the InfoNCE batch (drawn from the step's items),
 *     which bounds its {@code [n, n]} similarity matrices (256)
 * @param fusionRateFactor factor on the learning rate of the fusion weight logits {@code a_m} (see
 *     {@link WeightedFusion}), exempt from weight decay (10: a logit gets one gradient per step,
 *     and at the base rate 0.005 a run of ~100 steps could move it by at most 0.5, i.e. its weight
 *     from 1 to about 0.7; with 10 it can reach weights between about 0.05 and 5). 0 keeps every
 *     weight at 1: the plain mask-weighted mean of the first multimodal runs.
 * @param calibrateFusion pick a factor on every visual / audio fusion weight of text-path (cold)
 *     items from {@code BaseTrainer.FUSION_SCALES} (0 included: the modality is ignored) on the
 *     validation split, together with the text scale and the popularity prior, and store it in the
 *     bundle ({@code hyperParameters.fusionScale}), so a modality that does not help the held-out
 *     ranking can be switched off (true)
 * @param contrastWithoutModalities also train the CF-text InfoNCE term when the items carry no
 *     visual or audio vectors (the only pair then present), so that a text-only run differs from a
 *     multimodal one only by the modality; off by default, which keeps text-only training exactly
 *     the frozen base of the earlier figures (false)
 * @param modalityCheck decide per visual / audio modality whether it carries signal ({@link
 *     ModalityCheck}): hide the vectors of a seeded share {@code checkShare} of the warm items that
 *     carry it from the run that makes the choices (the validation run, else the final one), test
 *     on them whether the head's latent identifies the item's trained latent better than shuffled
 *     pairings, and switch the modality off in the bundle (fusion weight 0, {@code
 *     hyperParameters."modality.<name>.off"}) unless the one-sided permutation p-value is below
 *     {@code checkAlpha} (true)
 * @param checkShare share of the warm items carrying a modality held out for the check (0.2)
 * @param checkAlpha significance level of the check (0.01)
 */
public record MultimodalConfig(
        float contrastWeight,
        float temperature,
        float modalityDropout,
        int contrastItems,
        float fusionRateFactor,
        boolean calibrateFusion,
        boolean contrastWithoutModalities,
        boolean modalityCheck,
        float checkShare,
        float checkAlpha) {

    /** Default factor on the fusion weight logits' learning rate. */
    public static final float DEFAULT_FUSION_RATE_FACTOR = 10f;

    /** Default share of the warm items carrying a modality held out for the modality check. */
    public static final float DEFAULT_CHECK_SHARE = 0.2f;

    /** Default significance level of the modality check. */
    public static final float DEFAULT_CHECK_ALPHA = 0.01f;

    /** The defaults above. */
    public static final MultimodalConfig DEFAULTS =
            new MultimodalConfig(
                    0.1f,
                    0.1f,
                    0.3f,
                    256,
                    DEFAULT_FUSION_RATE_FACTOR,
                    true,
                    false,
                    true,
                    DEFAULT_CHECK_SHARE,
                    DEFAULT_CHECK_ALPHA);

    /** The settings with the modality check at its defaults. */
    public MultimodalConfig(
            float contrastWeight,
            float temperature,
            float modalityDropout,
            int contrastItems,
            float fusionRateFactor,
            boolean calibrateFusion,
            boolean contrastWithoutModalities) {
        this(
                contrastWeight,
                temperature,
                modalityDropout,
                contrastItems,
                fusionRateFactor,
                calibrateFusion,
                contrastWithoutModalities,
                true,
                DEFAULT_CHECK_SHARE,
                DEFAULT_CHECK_ALPHA);
    }

    /** These settings with the modality check on or off and its share and level. */
    public MultimodalConfig withModalityCheck(boolean on, float share, float alpha) {
        return new MultimodalConfig(
                contrastWeight,
                temperature,
                modalityDropout,
                contrastItems,
                fusionRateFactor,
                calibrateFusion,
                contrastWithoutModalities,
                on,
                share,
                alpha);
    }

    /** The settings with the CF-text InfoNCE term off for text-only data. */
    public MultimodalConfig(
            float contrastWeight,
            float temperature,
            float modalityDropout,
            int contrastItems,
            float fusionRateFactor,
            boolean calibrateFusion) {
        this(
                contrastWeight,
                temperature,
                modalityDropout,
                contrastItems,
                fusionRateFactor,
                calibrateFusion,
                false);
    }

    /** The settings with fusion-scale calibration on. */
    public MultimodalConfig(
            float contrastWeight,
            float temperature,
            float modalityDropout,
            int contrastItems,
            float fusionRateFactor) {
        this(contrastWeight, temperature, modalityDropout, contrastItems, fusionRateFactor, true);
    }

    /** The settings with the default fusion rate factor. */
    public MultimodalConfig(
            float contrastWeight, float temperature, float modalityDropout, int contrastItems) {
        this(
                contrastWeight,
                temperature,
                modalityDropout,
                contrastItems,
                DEFAULT_FUSION_RATE_FACTOR);
    }

    public MultimodalConfig {
        if (!(contrastWeight >= 0f) || !Float.isFinite(contrastWeight)) {
            throw new IllegalArgumentException(
                    "contrast weight must be >= 0, is " + contrastWeight);
        }
        if (!(temperature > 0f) || !Float.isFinite(temperature)) {
            throw new IllegalArgumentException("temperature must be > 0, is " + temperature);
        }
        if (!(modalityDropout >= 0f && modalityDropout < 1f)) {
            throw new IllegalArgumentException(
                    "modality dropout must be in [0, 1), is " + modalityDropout);
        }
        if (!(fusionRateFactor >= 0f) || !Float.isFinite(fusionRateFactor)) {
            throw new IllegalArgumentException(
                    "fusion rate factor must be >= 0, is " + fusionRateFactor);
        }
        if (!(checkShare > 0f && checkShare < 1f)) {
            throw new IllegalArgumentException(
                    "modality check share must be in (0, 1), is " + checkShare);
        }
        if (!(checkAlpha > 0f && checkAlpha < 1f)) {
            throw new IllegalArgumentException(
                    "modality check alpha must be in (0, 1), is " + checkAlpha);
        }
        if (contrastItems < 2) {
            throw new IllegalArgumentException(
                    "contrast items must be at least 2, is " + contrastItems);
        }
    }

    /** The settings as manifest hyper-parameters. */
    public Map<String, Object> hyperParameters() {
        Map<String, Object> hp = new LinkedHashMap<>();
        hp.put("contrastWeight", (double) contrastWeight);
        hp.put("contrastTemperature", (double) temperature);
        hp.put("modalityDropout", (double) modalityDropout);
        hp.put("contrastItems", contrastItems);
        hp.put("fusionRateFactor", (double) fusionRateFactor);
        hp.put("calibrateFusion", calibrateFusion);
        hp.put("contrastWithoutModalities", contrastWithoutModalities);
        hp.put("modalityCheck", modalityCheck);
        if (modalityCheck) {
            hp.put("modalityCheckShare", (double) checkShare);
            hp.put("modalityCheckAlpha", (double) checkAlpha);
        }
        return hp;
    }
}
