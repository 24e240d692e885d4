package org.dynmm.rec.models.data;

import java.nio.file.Path;

/**
 * A dataset directory or file that cannot be read as a dataset: missing directory or file, bad
 * header, unparsable field. The message names the file and, where there is one, the line.
 */
public class DatasetFormatException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    /** A problem at one line of one file. */
    public static DatasetFormatException at(Path file, long line, String problem) {
        return new DatasetFormatException(file + ":" + line + ": " + problem);
    }

    /** A problem with a whole file (missing, unreadable, bad header). */
    public static DatasetFormatException in(Path file, String problem) {
        return new DatasetFormatException(file + ": " + problem);
    }
}
