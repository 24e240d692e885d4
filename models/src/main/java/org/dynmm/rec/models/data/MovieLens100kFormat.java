package org.dynmm.rec.models.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MovieLens 100K layout: {@code u.data} (tab-separated {@code user item rating unix-seconds}),
 * {@code u.item} ({@code |}-separated: id, title, release date, video release date, IMDb URL, then
 * one 0/1 flag per genre) and {@code u.genre} ({@code name|index}). The files are ISO-8859-1.
 *
 * <p>Ratings become events of type {@code rating}; genre flags become the attribute {@code genres}.
 * The genre "unknown" means none, like "(no genres listed)" in the newer layout.
 */
final class MovieLens100kFormat {
    static final String DATA_FILE = "u.data";
    static final String ITEM_FILE = "u.item";
    static final String GENRE_FILE = "u.genre";

    private static final Charset CHARSET = StandardCharsets.ISO_8859_1;
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");
    private static final Pattern BAR = Pattern.compile("\\|");

    /** Columns of u.item before the genre flags. */
    private static final int GENRE_FLAGS_START = 5;

    private static final String UNKNOWN_GENRE = "unknown";

    private MovieLens100kFormat() {}

    static Dataset read(Path dir) {
        StringPool ids = new StringPool();
        List<String> genres = readGenres(dir.resolve(GENRE_FILE));
        Map<String, ItemContent> items = readItems(dir.resolve(ITEM_FILE), genres, ids);
        List<InteractionEvent> ratings = readRatings(dir.resolve(DATA_FILE), ids);
        return new Dataset(DatasetLoader.nameOf(dir), ratings, items);
    }

    private static List<InteractionEvent> readRatings(Path file, StringPool ids) {
        List<InteractionEvent> events = new ArrayList<>();
        forEachLine(
                file,
                (line, number) -> {
                    String[] f = WHITESPACE.split(line.trim());
                    if (f.length < 4) {
                        throw DatasetFormatException.at(
                                file,
                                number,
                                "expected 4 tab-separated fields (user item rating timestamp)");
                    }
                    events.add(
                            new InteractionEvent(
                                    ids.intern(f[0]),
                                    ids.intern(f[1]),
                                    MovieLensLatestFormat.RATING_TYPE,
                                    parseFloat(file, number, f[2]),
                                    parseLong(file, number, f[3]) * 1000L));
                });
        return events;
    }

    private static List<String> readGenres(Path file) {
        List<String> genres = new ArrayList<>();
        forEachLine(
                file,
                (line, number) -> {
                    String[] f = BAR.split(line.trim());
                    if (f.length < 2) {
                        throw DatasetFormatException.at(file, number, "expected name|index");
                    }
                    int index = (int) parseLong(file, number, f[1]);
                    while (genres.size() <= index) {
                        genres.add(null);
                    }
                    genres.set(index, f[0]);
                });
        return genres;
    }

    private static Map<String, ItemContent> readItems(
            Path file, List<String> genres, StringPool ids) {
        Map<String, ItemContent> items = new LinkedHashMap<>();
        forEachLine(
                file,
                (line, number) -> {
                    String[] f = BAR.split(line, -1);
                    if (f.length < GENRE_FLAGS_START + genres.size()) {
                        throw DatasetFormatException.at(
                                file,
                                number,
                                "expected "
                                        + (GENRE_FLAGS_START + genres.size())
                                        + " '|'-separated fields, found "
                                        + f.length);
                    }
                    ItemContent c = new ItemContent();
                    c.item = ids.intern(f[0].trim());
                    c.title = f[1].trim();
                    List<String> itemGenres = new ArrayList<>();
                    for (int g = 0; g < genres.size(); g++) {
                        String name = genres.get(g);
                        if ("1".equals(f[GENRE_FLAGS_START + g].trim())
                                && name != null
                                && !name.equals(UNKNOWN_GENRE)) {
                            itemGenres.add(ids.intern(name));
                        }
                    }
                    if (!itemGenres.isEmpty()) {
                        c.attributes.put(MovieLensLatestFormat.GENRES, itemGenres);
                    }
                    items.put(c.item, c);
                });
        return items;
    }

    /** Receives one non-blank line and its 1-based number. */
    private interface LineHandler {
        void accept(String line, long number);
    }

    private static void forEachLine(Path file, LineHandler handler) {
        try (BufferedReader reader = Files.newBufferedReader(file, CHARSET)) {
            long number = 0;
            String line;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    handler.accept(line, number);
                }
            }
        } catch (NoSuchFileException e) {
            throw DatasetFormatException.in(file, "file not found (MovieLens 100K layout)");
        } catch (IOException e) {
            throw DatasetFormatException.in(file, "cannot read: " + e.getMessage());
        }
    }

    private static long parseLong(Path file, long line, String s) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw DatasetFormatException.at(file, line, "not a number: '" + s + "'");
        }
    }

    private static float parseFloat(Path file, long line, String s) {
        try {
            return Float.parseFloat(s.trim());
        } catch (NumberFormatException e) {
            throw DatasetFormatException.at(file, line, "not a number: '" + s + "'");
        }
    }
}
