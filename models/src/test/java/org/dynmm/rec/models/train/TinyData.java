package org.dynmm.rec.models.train;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.dynmm.rec.models.data.Dataset;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.text.TextEmbedder;

/**
 * A small synthetic world with learnable structure: three genres of ten items each; every user
 * likes one genre and takes its items in catalog order from a random start (so item k is followed
 * by item k+1 of the same genre). Two extra catalog items per genre ({@code c<genre>_<n>}) never
 * occur: they are cold. The fake text embedder puts the genre in the first dimensions, so text
 * carries the genre and nothing else useful.
 */
final class TinyData {
    static final int GENRES = 3;
    static final int ITEMS_PER_GENRE = 10;
    static final int TEXT_DIM = 12;
    static final String[] GENRE_NAMES = {"Comedy", "Horror", "Western"};

    private TinyData() {}

    static String item(int genre, int k) {
        return "i" + (genre * ITEMS_PER_GENRE + k % ITEMS_PER_GENRE);
    }

    static String coldItem(int genre, int n) {
        return "c" + genre + "_" + n;
    }

    /** {@code users} users taking {@code perUser} items each, interleaved in time. */
    static Dataset dataset(int users, int perUser, long seed) {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (int g = 0; g < GENRES; g++) {
            for (int k = 0; k < ITEMS_PER_GENRE; k++) {
                String id = item(g, k);
                items.put(id, content(id, "Film " + id, g));
            }
        }
        for (int g = 0; g < GENRES; g++) {
            for (int n = 0; n < 2; n++) {
                String id = coldItem(g, n);
                items.put(id, content(id, "New film " + id, g));
            }
        }
        Random random = new Random(seed);
        List<InteractionEvent> events = new ArrayList<>();
        int[] genre = new int[users];
        int[] start = new int[users];
        for (int u = 0; u < users; u++) {
            genre[u] = u % GENRES;
            start[u] = random.nextInt(ITEMS_PER_GENRE);
        }
        long ts = 1_000_000L;
        for (int t = 0; t < perUser; t++) {
            for (int u = 0; u < users; u++) {
                events.add(
                        new InteractionEvent(
                                "u" + u, item(genre[u], start[u] + t), "rating", 4f, ts += 1000));
            }
        }
        return new Dataset("tiny", events, items);
    }

    private static ItemContent content(String id, String title, int genre) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("genres", List.of(GENRE_NAMES[genre]));
        return new ItemContent(id, title, null, attributes, 0L);
    }

    /**
     * A deterministic fake of the text encoder: genre one-hot (read from the description) in the
     * first dimensions plus a little title-dependent noise, L2-normalized.
     */
    static final class GenreEmbedder implements TextEmbedder {
        int calls;

        @Override
        public String modelId() {
            return "test/genre-embedder";
        }

        @Override
        public int dimension() {
            return TEXT_DIM;
        }

        @Override
        public float[] embed(String text) {
            calls++;
            float[] v = new float[TEXT_DIM];
            for (int g = 0; g < GENRES; g++) {
                if (text.contains(GENRE_NAMES[g])) {
                    v[g] = 1f;
                }
            }
            Random noise =
                    new Random(java.util.Arrays.hashCode(text.getBytes(StandardCharsets.UTF_8)));
            for (int i = GENRES; i < TEXT_DIM; i++) {
                v[i] = (float) (noise.nextGaussian() * 0.1);
            }
            double norm = 0;
            for (float x : v) {
                norm += x * x;
            }
            for (int i = 0; i < v.length; i++) {
                v[i] /= (float) Math.sqrt(norm);
            }
            return v;
        }
    }

    /** Small, fast settings for the tiny world. */
    static TrainingConfig.Builder config() {
        return TrainingConfig.builder()
                .jointDim(8)
                .cfDim(8)
                .hiddenDim(16)
                .historyLength(5)
                .batchSize(32)
                .learningRate(0.01f)
                .maxEpochs(15)
                // The plain objective: most tests check its mechanics on this stationary world;
                // cold swap and recency weighting (the shipped defaults) are tested on their own.
                .coldSwap(0f)
                .recencyHalfLife(0f)
                .validationFraction(0)
                .threads(1)
                .progress(false)
                .clock(
                        java.time.Clock.fixed(
                                java.time.Instant.parse("2026-11-25T10:00:00Z"),
                                java.time.ZoneOffset.UTC));
    }
}
