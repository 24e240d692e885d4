package org.dynmm.rec.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MiniLmTextEmbedderTest {

    private static MiniLmTextEmbedder embedder;

    @BeforeAll
    static void load() {
        embedder = new MiniLmTextEmbedder();
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    @Test
    void vectorsHave384UnitLengthDimensions() {
        float[] v = embedder.embed("Toy Story (1995). Genres: Adventure, Animation, Children.");

        assertThat(embedder.dimension()).isEqualTo(384);
        assertThat(v).hasSize(384);
        double norm = 0;
        for (float x : v) {
            assertThat(Float.isFinite(x)).isTrue();
            norm += (double) x * x;
        }
        assertThat(Math.sqrt(norm)).isCloseTo(1.0, within(1e-5));
    }

    @Test
    void sameTextGivesIdenticalFloats() {
        String text = "Heat (1995). Genres: Action, Crime, Thriller.";
        float[] a = embedder.embed(text);
        float[] b = embedder.embed(text);

        assertThat(b).containsExactly(a);
    }

    @Test
    void similarMeaningIsCloser() {
        float[] space = embedder.embed("a space adventure with starships and aliens");
        float[] scifi = embedder.embed("science fiction film about interstellar war");
        float[] romcom = embedder.embed("a romantic comedy about a wedding in Paris");

        double related = cosine(space, scifi);
        double unrelated = cosine(space, romcom);
        assertThat(related).isGreaterThan(unrelated + 0.1);
    }

    @Test
    void embedAllMatchesEmbed() {
        List<String> texts =
                List.of(
                        "Jumanji (1995). Genres: Adventure, Children, Fantasy.",
                        "Grumpier Old Men (1995). Genres: Comedy, Romance.",
                        "Jumanji (1995). Genres: Adventure, Children, Fantasy.");

        List<float[]> all = embedder.embedAll(texts);

        assertThat(all).hasSize(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            float[] single = embedder.embed(texts.get(i));
            for (int d = 0; d < single.length; d++) {
                assertThat(all.get(i)[d]).isCloseTo(single[d], within(1e-5f));
            }
        }
        assertThat(embedder.embedAll(List.of())).isEmpty();
    }

    @Test
    void blankTextIsRejectedAsMissingModality() {
        assertThatThrownBy(() -> embedder.embed(" \n"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no text modality");
        assertThatThrownBy(() -> embedder.embedAll(List.of("ok", "")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void workerThreadsGiveTheSameVectors() {
        List<String> texts = List.of("Alien (1979). Genres: Horror, Sci-Fi.", "Amélie (2001).");
        try (MiniLmTextEmbedder parallel = new MiniLmTextEmbedder(2)) {
            List<float[]> a = parallel.embedAll(texts);
            List<float[]> b = embedder.embedAll(texts);
            assertThat(a.get(0)).containsExactly(b.get(0));
            assertThat(a.get(1)).containsExactly(b.get(1));
        }
    }

    @Test
    void longTextsAreEmbedded() {
        String longText = "A story about a robot who learns to love. ".repeat(200);
        float[] v = embedder.embed(longText);

        assertThat(cosine(v, embedder.embed("A robot learns to love."))).isGreaterThan(0.5);
    }
}
