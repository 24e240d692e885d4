package org.dynmm.rec.models.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SYNTHETIC visual or audio vectors for testing the multimodal branch where no real,
 * redistributable image or audio features are at hand. Not features of any real poster or trailer.
 *
 * <p>Informative mode: the item's attribute values (e.g. its genres) as a multi-hot vector, divided
 * by its number of values, through a fixed random Gaussian projection to {@code dimension} values
 * (seeded, so the same seed gives the same "encoder"), scaled to unit length, plus i.i.d. Gaussian
 * noise of total expected length {@code noise}. Items sharing attributes get similar vectors: the
 * modality carries signal. Pure-noise mode: i.i.d. Gaussian values of expected length 1,
 * independent of the item: the modality carries none. In both modes each item lacks the vector with
 * probability {@code missingRate}.
 *
 * <p>Release-year mode (attribute {@link #RELEASE_YEAR}): the signal is the item's release era, the
 * year parsed from a MovieLens-style title ending in {@code "(1995)"}, encoded smoothly as {@link
 * #ERA_CENTRES} Gaussian bumps ({@link #ERA_WIDTH} years wide) at {@link #ERA_FIRST}, {@code
 * ERA_FIRST + ERA_STEP}, ...; then projected, normalized and noised as above. Nearby years get
 * similar vectors. The text embedding sees the year only as a title token, so this modality carries
 * an attribute the text path does not encode smoothly. Items whose title has no year get no vector
 * (there is no attribute to derive it from). Still SYNTHETIC: no real poster or trailer.
 */
public final class SyntheticModalityGenerator {

    /** The {@link Settings#attribute} that selects the release-year (era) signal. */
    public static final String RELEASE_YEAR = "release-year";

    /** First era centre (year). */
    static final int ERA_FIRST = 1900;

    /** Years between era centres. */
    static final int ERA_STEP = 5;

    /** Number of era centres: 1900, 1905, ..., 2025. */
    static final int ERA_CENTRES = 26;

    /** Standard deviation of each era bump, in years. */
    static final double ERA_WIDTH = 5.0;

    /** A year in parentheses at the end of a title, e.g. {@code "Toy Story (1995)"}. */
    private static final Pattern TITLE_YEAR = Pattern.compile("\\((\\d{4})\\)\\s*$");

    /**
     * @param dimension values per vector
     * @param noise expected length of the added noise (the signal has length 1)
     * @param missingRate probability an item has no vector, in [0, 1]
     * @param pureNoise vectors independent of the item (no signal)
     * @param attribute the item attribute the signal derives from, e.g. {@code genres}
     * @param seed seed of the projection, noise and missing draws
     */
    public record Settings(
            int dimension,
            float noise,
            float missingRate,
            boolean pureNoise,
            String attribute,
            long seed) {
        public Settings {
            if (dimension <= 0) {
                throw new IllegalArgumentException("dimension must be positive, is " + dimension);
            }
            if (!(noise >= 0f) || !Float.isFinite(noise)) {
                throw new IllegalArgumentException("noise must be >= 0, is " + noise);
            }
            if (!(missingRate >= 0f && missingRate <= 1f)) {
                throw new IllegalArgumentException(
                        "missing rate must be in [0, 1], is " + missingRate);
            }
        }
    }

    private final Settings settings;

    public SyntheticModalityGenerator(Settings settings) {
        this.settings = settings;
    }

    /**
     * A vector per item of {@code items} (in their order), except the items drawn as missing;
     * deterministic for a seed and catalog.
     */
    public Map<String, float[]> generate(Map<String, ItemContent> items) {
        int dim = settings.dimension();
        boolean era = RELEASE_YEAR.equals(settings.attribute());
        Map<String, Integer> vocabulary = new TreeMap<>();
        if (!era) {
            for (ItemContent content : items.values()) {
                for (String value : values(content)) {
                    vocabulary.putIfAbsent(value, 0);
                }
            }
        }
        int k = 0;
        for (Map.Entry<String, Integer> e : vocabulary.entrySet()) {
            e.setValue(k++);
        }
        int features = era ? ERA_CENTRES : vocabulary.size();
        Random projectionRandom = new Random(settings.seed());
        float[] projection = new float[features * dim];
        for (int i = 0; i < projection.length; i++) {
            projection[i] = (float) projectionRandom.nextGaussian();
        }
        Random random = new Random(settings.seed() ^ 0x5DEECE66DL);
        double elementNoise = settings.noise() / Math.sqrt(dim);
        double pureNoise = 1.0 / Math.sqrt(dim);
        Map<String, float[]> out = new LinkedHashMap<>();
        for (ItemContent content : items.values()) {
            // Draw in a fixed pattern per item, so the missing rate does not shift other items'
            // noise.
            boolean missing = random.nextFloat() < settings.missingRate();
            float[] v = new float[dim];
            if (era && !settings.pureNoise()) {
                int year = releaseYear(content.title);
                missing |= year < 0;
                double[] bumps = eraFeatures(Math.max(year, 0));
                for (int c = 0; c < bumps.length; c++) {
                    for (int j = 0; j < dim; j++) {
                        v[j] += (float) (projection[c * dim + j] * bumps[c]);
                    }
                }
                normalizeAndNoise(v, random, elementNoise);
            } else if (settings.pureNoise()) {
                for (int j = 0; j < dim; j++) {
                    v[j] = (float) (random.nextGaussian() * pureNoise);
                }
            } else {
                List<String> values = values(content);
                for (String value : values) {
                    int row = vocabulary.get(value) * dim;
                    for (int j = 0; j < dim; j++) {
                        v[j] += projection[row + j] / values.size();
                    }
                }
                normalizeAndNoise(v, random, elementNoise);
            }
            if (!missing) {
                out.put(content.item, v);
            }
        }
        return out;
    }

    /** Scales {@code v} to unit length (zero stays zero), then adds Gaussian noise per element. */
    private static void normalizeAndNoise(float[] v, Random random, double elementNoise) {
        double norm = 0;
        for (float f : v) {
            norm += f * f;
        }
        norm = Math.sqrt(norm);
        for (int j = 0; j < v.length; j++) {
            v[j] = (float) ((norm > 0 ? v[j] / norm : 0) + random.nextGaussian() * elementNoise);
        }
    }

    /**
     * The release year at the end of a MovieLens-style title ({@code "Heat (1995)"}), or -1 when
     * there is none.
     */
    static int releaseYear(String title) {
        if (title == null) {
            return -1;
        }
        Matcher m = TITLE_YEAR.matcher(title);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** The smooth era encoding of {@code year}: one Gaussian bump value per era centre. */
    static double[] eraFeatures(int year) {
        double[] f = new double[ERA_CENTRES];
        for (int c = 0; c < ERA_CENTRES; c++) {
            double d = (year - (ERA_FIRST + c * ERA_STEP)) / ERA_WIDTH;
            f[c] = Math.exp(-0.5 * d * d);
        }
        return f;
    }

    private List<String> values(ItemContent content) {
        List<String> values =
                content.attributes == null ? null : content.attributes.get(settings.attribute());
        return values == null ? List.of() : values;
    }
}
