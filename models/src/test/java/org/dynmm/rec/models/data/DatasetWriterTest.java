package org.dynmm.rec.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetWriterTest {
    @TempDir Path dir;

    @Test
    void writtenDatasetLoadsBackEqual() throws IOException {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        attributes.put("genres", List.of("Drama", "Film-Noir"));
        attributes.put("tags", List.of("twist, ending", "\"noir\""));
        items.put(
                "m,1", new ItemContent("m,1", "Big Sleep, The", "multi\nline text", attributes, 5));
        items.put("m2", new ItemContent("m2", "Plain", null, new LinkedHashMap<>(), 0));
        Dataset original =
                new Dataset(
                        "x",
                        List.of(
                                new InteractionEvent("u,1", "m,1", "rating", 3.5f, 2000),
                                new InteractionEvent("u2", "m2", "click", 1.0f, 1000),
                                new InteractionEvent("u2", "m,1", "view", 0.25f, 2000)),
                        items);

        DatasetWriter.write(original, dir.resolve("out"));
        Dataset loaded = DatasetLoader.load(dir.resolve("out"));

        assertThat(loaded.interactions()).isEqualTo(original.interactions());
        assertThat(loaded.items()).isEqualTo(original.items());
        assertThat(loaded.items().keySet()).containsExactly("m,1", "m2");
    }

    @Test
    void converterRoundTripsAMovieLensLayout() throws IOException {
        Path ml = dir.resolve("ml");
        Files.createDirectories(ml);
        Files.writeString(
                ml.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,10,4.0,20\n");
        Files.writeString(
                ml.resolve("movies.csv"), "movieId,title,genres\n10,\"A, B\",Drama|War\n");
        Dataset original = DatasetLoader.load(ml);

        DatasetWriter.write(original, dir.resolve("plain"));
        Dataset converted = DatasetLoader.load(dir.resolve("plain"));

        assertThat(converted.interactions()).isEqualTo(original.interactions());
        assertThat(converted.items()).isEqualTo(original.items());
    }

    @Test
    void rejectsAttributeValuesContainingTheSeparator() {
        Map<String, ItemContent> items =
                Map.of("i", new ItemContent("i", "t", null, Map.of("tags", List.of("a|b")), 0));
        Dataset data = new Dataset("x", List.of(), items);
        assertThatThrownBy(() -> DatasetWriter.write(data, dir.resolve("out")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a|b");
    }
}
