package org.dynmm.rec.models.data;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Loads a dataset directory, recognising its layout by the files it holds:
 *
 * <ul>
 *   <li>{@code interactions.csv} (+ optional {@code items.csv}): the project's plain format, see
 *       {@link DatasetWriter};
 *   <li>{@code ratings.csv} + {@code movies.csv} (+ optional {@code tags.csv}): MovieLens "latest"
 *       (ml-latest-small, ml-25m, ...);
 *   <li>{@code u.data} + {@code u.item} + {@code u.genre}: MovieLens 100K.
 * </ul>
 *
 * Every problem (missing directory or file, bad header, unparsable field) is a {@link
 * DatasetFormatException} naming the file and line.
 */
public final class DatasetLoader {
    private DatasetLoader() {}

    /** Reads the dataset in {@code dir}; interactions come back in time order. */
    public static Dataset load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new DatasetFormatException(
                    "dataset directory not found: " + dir.toAbsolutePath().normalize());
        }
        if (Files.exists(dir.resolve(PlainFormat.INTERACTIONS_FILE))) {
            return PlainFormat.read(dir);
        }
        if (Files.exists(dir.resolve(MovieLensLatestFormat.RATINGS_FILE))) {
            return MovieLensLatestFormat.read(dir);
        }
        if (Files.exists(dir.resolve(MovieLens100kFormat.DATA_FILE))) {
            return MovieLens100kFormat.read(dir);
        }
        throw new DatasetFormatException(
                "no dataset found in "
                        + dir.toAbsolutePath().normalize()
                        + ": expected interactions.csv (plain format), ratings.csv + movies.csv"
                        + " (MovieLens latest) or u.data + u.item + u.genre (MovieLens 100K)");
    }

    static String nameOf(Path dir) {
        Path name = dir.toAbsolutePath().normalize().getFileName();
        return name == null ? dir.toString() : name.toString();
    }
}
