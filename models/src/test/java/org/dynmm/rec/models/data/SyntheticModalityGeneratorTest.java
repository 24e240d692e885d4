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
}
