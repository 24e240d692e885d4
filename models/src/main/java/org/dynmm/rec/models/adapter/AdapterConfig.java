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
        long seed)
        implements Serializable {

    public AdapterConfig {
        if (hidden <= 0 || negatives <= 0 || consolidateEvery <= 0 || publishEvery <= 0) {
            throw new IllegalArgumentException(
                    "adapter hidden size, negatives and intervals must be positive");
        }
        if (!(learningRate > 0) || !(stabilitySigma > 0) || !(gradientClip > 0)) {
            throw new IllegalArgumentException(
                    "adapter learning rate, stability sigma and gradient clip must be positive");
        }
        if (!(ewcLambda >= 0) || !(userLearningRate >= 0) || !(userL2 >= 0)) {
            throw new IllegalArgumentException(
                    "adapter EWC lambda, user learning rate and user L2 must not be negative");
        }
    }

    public static AdapterConfig defaults() {
        return new AdapterConfig(
                16, 16, 1e-3f, 0.5f, true, 100f, 2000, 1000, true, 0.05f, 0.01f, 5f, 42L);
    }

    public AdapterConfig withStability(boolean on) {
        return new AdapterConfig(
                hidden,
                negatives,
                learningRate,
                stabilitySigma,
                on,
                ewcLambda,
                consolidateEvery,
                publishEvery,
                itemSide,
                userLearningRate,
                userL2,
                gradientClip,
                seed);
    }

    public AdapterConfig withEwcLambda(float lambda) {
        return new AdapterConfig(
                hidden,
                negatives,
                learningRate,
                stabilitySigma,
                stability,
                lambda,
                consolidateEvery,
                publishEvery,
                itemSide,
                userLearningRate,
                userL2,
                gradientClip,
                seed);
    }

    public AdapterConfig withItemSide(boolean on) {
        return new AdapterConfig(
                hidden,
                negatives,
                learningRate,
                stabilitySigma,
                stability,
                ewcLambda,
                consolidateEvery,
                publishEvery,
                on,
                userLearningRate,
                userL2,
                gradientClip,
                seed);
    }

    public AdapterConfig withLearningRate(float lr) {
        return new AdapterConfig(
                hidden,
                negatives,
                lr,
                stabilitySigma,
                stability,
                ewcLambda,
                consolidateEvery,
                publishEvery,
                itemSide,
                userLearningRate,
                userL2,
                gradientClip,
                seed);
    }

    public AdapterConfig withPublishEvery(int every) {
        return new AdapterConfig(
                hidden,
                negatives,
                learningRate,
                stabilitySigma,
                stability,
                ewcLambda,
                consolidateEvery,
                every,
                itemSide,
                userLearningRate,
                userL2,
                gradientClip,
                seed);
    }

    /** Weight {@code 1 / 2 s^2} of the squared drift, 0 when the term is off. */
    public float stabilityWeight() {
        return stability ? 1f / (2f * stabilitySigma * stabilitySigma) : 0f;
    }

    public AdapterLayout layout(int dim) {
        return new AdapterLayout(dim, AdapterFeatures.SIZE, hidden);
    }
}
