package org.dynmm.rec.models.base;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import org.dynmm.rec.models.bundle.BundleException;
import org.dynmm.rec.models.bundle.BundleManifest;

/**
 * The popularity prior of the frozen base: {@code s(u, i) = h_u . z_i + w_i log(1 + p_i(t))}, where
 * {@code p_i(t)} is item i's time-decayed interaction count as of the request time (the job's
 * {@code ItemStatsIndex} popularity, decayed with {@link #halfLife()}) and {@code w_i} is {@link
 * #warmWeight()} for items with a CF latent, {@link #coldWeight()} for text-path (cold) items.
 *
 * <p>The weights are calibrated on the validation split by the trainer and stored in the bundle
 * manifest's hyper-parameters ({@link BaseTensors#HP_POPULARITY_WEIGHT}, {@link
 * BaseTensors#HP_POPULARITY_COLD_WEIGHT}, {@link BaseTensors#HP_POPULARITY_HALF_LIFE_MILLIS}). A
 * bundle without them has no prior ({@link #NONE}) and scores {@code h_u . z_i} as before. The
 * prior only makes sense with the popularity it was calibrated on, so rankers check {@link
 * #requireHalfLife} against their item view's half-life when they start.
 *
 * @param warmWeight weight on items with a CF latent (finite)
 * @param coldWeight weight on text-path items (finite)
 * @param halfLife half-life of {@code p_i(t)}; zero means plain counts
 */
public record PopularityPrior(double warmWeight, double coldWeight, Duration halfLife)
        implements Serializable {
    private static final long serialVersionUID = 1L;

    /** No prior: both weights zero. */
    public static final PopularityPrior NONE = new PopularityPrior(0, 0, Duration.ZERO);

    public PopularityPrior {
        if (!Double.isFinite(warmWeight) || !Double.isFinite(coldWeight)) {
            throw new IllegalArgumentException(
                    "popularity prior weights must be finite: " + warmWeight + ", " + coldWeight);
        }
        if (halfLife == null || halfLife.isNegative()) {
            throw new IllegalArgumentException(
                    "popularity prior half-life must not be negative: " + halfLife);
        }
    }

    /** True when the prior changes any score. */
    public boolean active() {
        return warmWeight != 0 || coldWeight != 0;
    }

    /** {@code log(1 + p)}: the prior's feature of a popularity {@code p >= 0}. */
    public static double feature(double popularity) {
        return Math.log1p(popularity);
    }

    /** The term added to the score of an item with popularity {@code p}. */
    public double term(boolean cold, double popularity) {
        return (cold ? coldWeight : warmWeight) * feature(popularity);
    }

    /**
     * Throws an {@link IllegalArgumentException} naming both values when the prior is active and
     * {@code indexHalfLife} (the ranker's popularity half-life) is not the one it was calibrated
     * with.
     */
    public void requireHalfLife(Duration indexHalfLife, String modelVersion) {
        if (active() && !halfLife.equals(indexHalfLife)) {
            throw new IllegalArgumentException(
                    "bundle "
                            + modelVersion
                            + " has a popularity prior calibrated with a popularity half-life of "
                            + halfLife
                            + " (hyperParameters."
                            + BaseTensors.HP_POPULARITY_HALF_LIFE_MILLIS
                            + "), but the ranker keeps popularity with a half-life of "
                            + indexHalfLife
                            + "; set the ranker's popularity half-life to "
                            + halfLife);
        }
    }

    /** Writes the prior into {@code hyperParameters} (all three keys). */
    public void writeTo(Map<String, Object> hyperParameters) {
        hyperParameters.put(BaseTensors.HP_POPULARITY_WEIGHT, warmWeight);
        hyperParameters.put(BaseTensors.HP_POPULARITY_COLD_WEIGHT, coldWeight);
        hyperParameters.put(BaseTensors.HP_POPULARITY_HALF_LIFE_MILLIS, halfLife.toMillis());
    }

    /**
     * The prior in a manifest: {@link #NONE} when it names no weights (bundles written before the
     * prior existed); a {@link BundleException} for a weight that is not a finite number, or a
     * missing or negative half-life next to a non-zero weight.
     */
    public static PopularityPrior read(BundleManifest manifest) {
        Map<String, Object> hp = manifest.hyperParameters;
        if (hp == null) {
            return NONE;
        }
        double warm = weight(manifest, BaseTensors.HP_POPULARITY_WEIGHT);
        double cold = weight(manifest, BaseTensors.HP_POPULARITY_COLD_WEIGHT);
        Object halfLife = hp.get(BaseTensors.HP_POPULARITY_HALF_LIFE_MILLIS);
        if (warm == 0 && cold == 0) {
            return NONE;
        }
        if (!(halfLife instanceof Number) || ((Number) halfLife).longValue() < 0) {
            throw new BundleException(
                    "bundle "
                            + manifest.modelVersion
                            + ": a popularity prior needs a non-negative hyperParameters."
                            + BaseTensors.HP_POPULARITY_HALF_LIFE_MILLIS
                            + ", is "
                            + halfLife);
        }
        return new PopularityPrior(warm, cold, Duration.ofMillis(((Number) halfLife).longValue()));
    }

    private static double weight(BundleManifest manifest, String key) {
        Object value = manifest.hyperParameters.get(key);
        if (value == null) {
            return 0;
        }
        if (!(value instanceof Number) || !Double.isFinite(((Number) value).doubleValue())) {
            throw new BundleException(
                    "bundle "
                            + manifest.modelVersion
                            + ": hyperParameters."
                            + key
                            + " must be a finite number, is "
                            + value);
        }
        return ((Number) value).doubleValue();
    }
}
