package org.dynmm.rec.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticModalityGeneratorTest {
    @TempDir Path dir;

    /** 200 items: even ids Drama, odd ids Comedy. */
    private static Map<String, ItemContent> catalog() {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            String genre = i % 2 == 0 ? "Drama" : "Comedy";
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            attributes.put("genres", List.of(genre));
            items.put("i" + i, new ItemContent("i" + i, "Film " + i, null, attributes, 0L));
        }
        return items;
    }

    private static Map<String, float[]> generate(float noise, float missing, boolean pure) {
        return new SyntheticModalityGenerator(
                        new SyntheticModalityGenerator.Settings(
                                16, noise, missing, pure, "genres", 3))
                .generate(catalog());
    }

    private static double cos(float[] a, float[] b) {
        double ab = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            ab += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return ab / Math.sqrt(aa * bb);
    }

    /** Mean cosine of pairs of the same genre minus that of pairs of different genres. */
    private static double genreGap(Map<String, float[]> v) {
        double same = 0;
        double other = 0;
        int ns = 0;
        int no = 0;
        List<Integer> ids = new ArrayList<>();
        for (String id : v.keySet()) {
            ids.add(Integer.parseInt(id.substring(1)));
        }
        for (int a = 0; a < ids.size(); a++) {
            for (int b = a + 1; b < ids.size(); b++) {
                double c = cos(v.get("i" + ids.get(a)), v.get("i" + ids.get(b)));
                if (ids.get(a) % 2 == ids.get(b) % 2) {
                    same += c;
                    ns++;
                } else {
                    other += c;
                    no++;
                }
            }
        }
        return same / ns - other / no;
    }

    @Test
    void informativeVectorsSeparateTheGenresAndPureNoiseDoesNot() {
        assertThat(genreGap(generate(0.5f, 0f, false))).isGreaterThan(0.5);
        assertThat(Math.abs(genreGap(generate(0.5f, 0f, true)))).isLessThan(0.05);
    }

    @Test
    void missingRateAndDeterminism() {
        Map<String, float[]> all = generate(0.5f, 0f, false);
        Map<String, float[]> half = generate(0.5f, 0.5f, false);
        assertThat(all).hasSize(200);
        assertThat(half.size()).isBetween(70, 130);
        // The items kept have the same vectors as without missing draws' effect on the seed.
        assertThat(generate(0.5f, 0.5f, false).keySet()).isEqualTo(half.keySet());
        assertThat(all.get("i0")).hasSize(16);
    }

    @Test
    void modalityFileRoundTripsAndRejectsBadLines() throws IOException {
        Map<String, float[]> vectors = generate(0.5f, 0.2f, false);
        Path file = dir.resolve("synthetic-visual.jsonl");
        ModalityFile.write(file, "visual", vectors);
        Dataset data = new Dataset("t", List.of(), catalog());
        ModalityFile.Attached attached = ModalityFile.attach(data, file);
        assertThat(attached.visual()).isEqualTo(vectors.size());
        assertThat(attached.unknownItems()).isZero();
        for (Map.Entry<String, float[]> e : vectors.entrySet()) {
            assertThat(data.items().get(e.getKey()).visual).containsExactly(e.getValue());
        }
        long missing = data.items().values().stream().filter(c -> c.visual == null).count();
        assertThat(missing).isEqualTo(200 - vectors.size());

        Path bad = dir.resolve("bad.jsonl");
        Files.writeString(
                bad, "{\"item\":\"i1\",\"visual\":[1,2]}\n{\"item\":\"i2\",\"visual\":[1]}\n");
        assertThatThrownBy(() -> ModalityFile.attach(new Dataset("t", List.of(), catalog()), bad))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("bad.jsonl:2")
                .hasMessageContaining("has 1 values, earlier lines have 2");
        Files.writeString(bad, "{\"item\":\"i1\",\"audio\":[1,\"x\"]}\n");
        assertThatThrownBy(() -> ModalityFile.attach(new Dataset("t", List.of(), catalog()), bad))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("audio element 1 is not a finite number");
    }

    /**
     * SYNTHETIC catalog: item e&lt;y&gt; released in year y, 1950 to 2010; plus two without a year.
     */
    private static Map<String, ItemContent> eraCatalog() {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        for (int y = 1950; y <= 2010; y++) {
            Map<String, List<String>> attributes = new LinkedHashMap<>();
            attributes.put("genres", List.of(y % 2 == 0 ? "Drama" : "Comedy"));
            items.put(
                    "e" + y,
                    new ItemContent("e" + y, "Film " + y + " (" + y + ")", null, attributes, 0L));
        }
        items.put("x1", new ItemContent("x1", "Babylon 5", null, new LinkedHashMap<>(), 0L));
        items.put("x2", new ItemContent("x2", null, null, new LinkedHashMap<>(), 0L));
        return items;
    }

    private static Map<String, float[]> generateEra(float noise, float missing, long seed) {
        return new SyntheticModalityGenerator(
                        new SyntheticModalityGenerator.Settings(
                                16,
                                noise,
                                missing,
                                false,
                                SyntheticModalityGenerator.RELEASE_YEAR,
                                seed))
                .generate(eraCatalog());
    }

    @Test
    void releaseYearIsParsedFromTheEndOfMovieLensTitles() {
        assertThat(SyntheticModalityGenerator.releaseYear("Toy Story (1995)")).isEqualTo(1995);
        assertThat(SyntheticModalityGenerator.releaseYear("(500) Days of Summer (2009)"))
                .isEqualTo(2009);
        assertThat(SyntheticModalityGenerator.releaseYear("Heat (1995) ")).isEqualTo(1995);
        assertThat(SyntheticModalityGenerator.releaseYear("Babylon 5")).isEqualTo(-1);
        assertThat(SyntheticModalityGenerator.releaseYear("1984 (film)")).isEqualTo(-1);
        assertThat(SyntheticModalityGenerator.releaseYear(null)).isEqualTo(-1);
    }

    @Test
    void eraVectorsAreSmoothInTheYearAndIgnoreTheGenres() {
        Map<String, float[]> v = generateEra(0f, 0f, 3);
        // Items without a year in the title get no vector; every other item gets one.
        assertThat(v).hasSize(61).doesNotContainKeys("x1", "x2");
        // Nearby years are near, far years far; without noise the similarity falls with the gap.
        double near = cos(v.get("e1990"), v.get("e1992"));
        double mid = cos(v.get("e1990"), v.get("e2000"));
        double far = cos(v.get("e1990"), v.get("e1960"));
        assertThat(near).isGreaterThan(0.9);
        assertThat(near).isGreaterThan(mid);
        assertThat(mid).isGreaterThan(far);
        // Genres play no part: two years of different genres are as near as two of the same.
        assertThat(cos(v.get("e1990"), v.get("e1991")))
                .isGreaterThan(cos(v.get("e1990"), v.get("e1994")));
    }

    @Test
    void eraVectorsAreDeterministicAndHonourTheMissingRate() {
        Map<String, float[]> a = generateEra(0.5f, 0.5f, 3);
        Map<String, float[]> b = generateEra(0.5f, 0.5f, 3);
        assertThat(b.keySet()).isEqualTo(a.keySet());
        for (String id : a.keySet()) {
            assertThat(b.get(id)).containsExactly(a.get(id));
        }
        assertThat(a.size()).isBetween(15, 46);
        assertThat(generateEra(0.5f, 0.5f, 4).get("e1990"))
                .isNotEqualTo(generateEra(0.5f, 0f, 3).get("e1990"));
        // With noise the signal is still there on average: nearby years beat distant ones.
        Map<String, float[]> noisy = generateEra(0.5f, 0f, 3);
        double nearSum = 0;
        double farSum = 0;
        for (int y = 1960; y < 2000; y++) {
            nearSum += cos(noisy.get("e" + y), noisy.get("e" + (y + 1)));
            farSum += cos(noisy.get("e" + y), noisy.get("e" + (y - 10 < 1950 ? y + 10 : y - 10)));
        }
        assertThat(nearSum / 40).isGreaterThan(farSum / 40 + 0.2);
    }
}
