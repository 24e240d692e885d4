package org.dynmm.rec.models.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.ItemContent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Embedding speed over real MovieLens titles. Off by default to keep the suite fast; run with
 * {@code mvn -pl models test -Dtest=MiniLmThroughputTest -Ddynmm.bench=true}.
 */
@EnabledIfSystemProperty(named = "dynmm.bench", matches = "true")
class MiniLmThroughputTest {

    private static final Path MOVIES = Path.of("../data/movielens-latest-small/movies.csv");
    private static final int ITEMS = 500;

    @Test
    void embedsMovieDescriptions() throws IOException {
        assumeTrue(Files.exists(MOVIES), "needs " + MOVIES.toAbsolutePath());
        List<String> texts = descriptions(MOVIES, ITEMS);
        assertThat(texts).hasSize(ITEMS);

        for (int threads : new int[] {1, 2}) {
            try (MiniLmTextEmbedder embedder = new MiniLmTextEmbedder(threads)) {
                embedder.embedAll(texts.subList(0, 50)); // warm-up
                long start = System.nanoTime();
                List<float[]> vectors = embedder.embedAll(texts);
                double ms = (System.nanoTime() - start) / 1e6;
                System.out.printf(
                        "embedAll, %d worker thread(s): %d items in %.0f ms = %.2f ms/item%n",
                        threads, ITEMS, ms, ms / ITEMS);
                assertThat(vectors).hasSize(ITEMS).allSatisfy(v -> assertThat(v).hasSize(384));
            }
        }
        System.out.println("example text: " + texts.get(0));
    }

    private static List<String> descriptions(Path file, int limit) throws IOException {
        CsvMapper csv = new CsvMapper();
        List<String> texts = new ArrayList<>();
        try (MappingIterator<Map<String, String>> rows =
                csv.readerFor(Map.class)
                        .with(CsvSchema.emptySchema().withHeader())
                        .readValues(file.toFile())) {
            while (rows.hasNext() && texts.size() < limit) {
                Map<String, String> row = rows.next();
                Map<String, List<String>> attributes = new LinkedHashMap<>();
                String genres = row.get("genres");
                if (genres != null && !genres.equals("(no genres listed)")) {
                    attributes.put("genres", Arrays.asList(genres.split("\\|")));
                }
                texts.add(
                        ItemText.describe(
                                new ItemContent(
                                        row.get("movieId"),
                                        row.get("title"),
                                        null,
                                        attributes,
                                        0L)));
            }
        }
        return texts;
    }
}
