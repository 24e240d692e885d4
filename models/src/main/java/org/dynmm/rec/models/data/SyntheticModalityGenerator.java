package org.dynmm.rec.models.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

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
 */
public final class SyntheticModalityGenerator {

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
        Map<String, Integer> vocabulary = new TreeMap<>();
        for (ItemContent content : items.values()) {
            for (String value : values(content)) {
                vocabulary.putIfAbsent(value, 0);
            }
        }
        int k = 0;
        for (Map.Entry<String, Integer> e : vocabulary.entrySet()) {
            e.setValue(k++);
        }
        Random projectionRandom = new Random(settings.seed());
        float[] projection = new float[vocabulary.size() * dim];
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
            if (settings.pureNoise()) {
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
                double norm = 0;
                for (float f : v) {
                    norm += f * f;
                }
                norm = Math.sqrt(norm);
                for (int j = 0; j < dim; j++) {
                    v[j] =
                            (float)
                                    ((norm > 0 ? v[j] / norm : 0)
                                            + random.nextGaussian() * elementNoise);
                }
            }
            if (!missing) {
                out.put(content.item, v);
            }
        }
        return out;
    }

    private List<String> values(ItemContent content) {
        List<String> values =
                content.attributes == null ? null : content.attributes.get(settings.attribute());
        return values == null ? List.of() : values;
    }
}
