package org.dynmm.rec.models.data;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The MovieLens "latest" layout (ml-latest-small, ml-latest, ml-20m, ml-25m, ml-32m): {@code
 * ratings.csv} ({@code userId,movieId,rating,timestamp}, Unix seconds), {@code movies.csv} ({@code
 * movieId,title,genres}) and optional {@code tags.csv} ({@code userId,movieId,tag,timestamp}).
 *
 * <p>Ratings become events of type {@code rating} with the rating as value. Genres become the
 * attribute {@code genres} ("(no genres listed)" means none); tags become the attribute {@code
 * tags}, distinct per movie in first-seen order. Tags of movies missing from movies.csv are
 * ignored.
 */
final class MovieLensLatestFormat {
    static final String RATINGS_FILE = "ratings.csv";
    static final String MOVIES_FILE = "movies.csv";
    static final String TAGS_FILE = "tags.csv";

    static final String RATING_TYPE = "rating";
    static final String GENRES = "genres";
    static final String TAGS = "tags";

    private static final String NO_GENRES = "(no genres listed)";

    private MovieLensLatestFormat() {}

    static Dataset read(Path dir) {
        StringPool ids = new StringPool();
        Path movies = dir.resolve(MOVIES_FILE);
        if (!Files.exists(movies)) {
            throw DatasetFormatException.in(
                    movies, "file not found (MovieLens layout needs ratings.csv and movies.csv)");
        }
        Map<String, ItemContent> items = readMovies(movies, ids);
        Path tags = dir.resolve(TAGS_FILE);
        if (Files.exists(tags)) {
            readTags(tags, items, ids);
        }
        List<InteractionEvent> ratings = readRatings(dir.resolve(RATINGS_FILE), ids);
        return new Dataset(DatasetLoader.nameOf(dir), ratings, items);
    }

    private static List<InteractionEvent> readRatings(Path file, StringPool ids) {
        String expected = "userId,movieId,rating,timestamp";
        List<InteractionEvent> events = new ArrayList<>();
        try (CsvFile csv = CsvFile.open(file, StandardCharsets.UTF_8)) {
            int user = csv.requireColumn("userId", expected);
            int movie = csv.requireColumn("movieId", expected);
            int rating = csv.requireColumn("rating", expected);
            int ts = csv.requireColumn("timestamp", expected);
            while (csv.next()) {
                events.add(
                        new InteractionEvent(
                                ids.intern(csv.get(user)),
                                ids.intern(csv.get(movie)),
                                RATING_TYPE,
                                csv.getFloat(rating),
                                csv.getLong(ts) * 1000L));
            }
        }
        return events;
    }

    private static Map<String, ItemContent> readMovies(Path file, StringPool ids) {
        String expected = "movieId,title,genres";
        Map<String, ItemContent> items = new LinkedHashMap<>();
        try (CsvFile csv = CsvFile.open(file, StandardCharsets.UTF_8)) {
            int movie = csv.requireColumn("movieId", expected);
            int title = csv.requireColumn("title", expected);
            int genres = csv.requireColumn("genres", expected);
            while (csv.next()) {
                ItemContent c = new ItemContent();
                c.item = ids.intern(csv.get(movie));
                c.title = csv.get(title);
                String genreCell = csv.getOptional(genres);
                if (genreCell != null && !genreCell.equals(NO_GENRES)) {
                    c.attributes.put(GENRES, PlainFormat.splitValues(genreCell, ids));
                }
                items.put(c.item, c);
            }
        }
        return items;
    }

    private static void readTags(Path file, Map<String, ItemContent> items, StringPool ids) {
        String expected = "userId,movieId,tag,timestamp";
        Map<String, Set<String>> tagsByMovie = new LinkedHashMap<>();
        try (CsvFile csv = CsvFile.open(file, StandardCharsets.UTF_8)) {
            int movie = csv.requireColumn("movieId", expected);
            int tag = csv.requireColumn("tag", expected);
            while (csv.next()) {
                String tagText = csv.getOptional(tag);
                String movieId = csv.get(movie);
                if (tagText != null && items.containsKey(movieId)) {
                    tagsByMovie
                            .computeIfAbsent(movieId, k -> new LinkedHashSet<>())
                            .add(ids.intern(tagText));
                }
            }
        }
        tagsByMovie.forEach(
                (movieId, tags) -> items.get(movieId).attributes.put(TAGS, new ArrayList<>(tags)));
    }
}
