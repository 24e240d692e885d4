package org.dynmm.rec.models.data;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file with a header row, read row by row with RFC 4180 quoting (commas and line breaks
 * inside quotes) and the line number of each row for error messages.
 */
final class CsvFile implements Closeable {
    private static final CsvMapper MAPPER =
            CsvMapper.builder()
                    .enable(CsvParser.Feature.WRAP_AS_ARRAY)
                    .enable(CsvParser.Feature.SKIP_EMPTY_LINES)
                    .enable(CsvParser.Feature.TRIM_SPACES)
                    .build();

    private final Path path;
    private final MappingIterator<String[]> rows;
    private final String[] header;
    private final Map<String, Integer> columns = new HashMap<>();
    private String[] row;
    private long line;

    private CsvFile(Path path, MappingIterator<String[]> rows) throws IOException {
        this.path = path;
        this.rows = rows;
        if (!rows.hasNextValue()) {
            throw DatasetFormatException.in(path, "empty file, expected a header row");
        }
        header = rows.nextValue();
        if (header.length > 0 && header[0].startsWith("\uFEFF")) {
            header[0] = header[0].substring(1); // a UTF-8 byte order mark is not part of the name
        }
        for (int i = 0; i < header.length; i++) {
            columns.putIfAbsent(header[i].trim(), i);
        }
    }

    /** Opens {@code path}; a missing file is a {@link DatasetFormatException}. */
    static CsvFile open(Path path, Charset charset) {
        try {
            BufferedReader reader = Files.newBufferedReader(path, charset);
            MappingIterator<String[]> rows =
                    MAPPER.readerFor(String[].class)
                            .with(CsvSchema.emptySchema())
                            .readValues(reader);
            return new CsvFile(path, rows);
        } catch (NoSuchFileException e) {
            throw DatasetFormatException.in(path, "file not found");
        } catch (IOException | RuntimeException e) {
            throw wrap(path, 1, e);
        }
    }

    Path path() {
        return path;
    }

    /** Index of a header column, or -1 when the header does not name it. */
    int column(String name) {
        return columns.getOrDefault(name, -1);
    }

    /** Index of a header column that must be present. */
    int requireColumn(String name, String expectedHeader) {
        int index = column(name);
        if (index < 0) {
            throw DatasetFormatException.at(
                    path,
                    1,
                    "bad header "
                            + Arrays.toString(header)
                            + ": missing column '"
                            + name
                            + "', expected "
                            + expectedHeader);
        }
        return index;
    }

    List<String> headerNames() {
        return List.of(header);
    }

    /** Advances to the next data row; false at the end of the file. */
    boolean next() {
        try {
            if (!rows.hasNextValue()) {
                return false;
            }
            row = rows.nextValue();
            line = rows.getParser().currentTokenLocation().getLineNr();
            return true;
        } catch (IOException | RuntimeException e) {
            throw wrap(path, line + 1, e);
        }
    }

    /** Line of the current row (its last line when a quoted field spans lines). */
    long line() {
        return line;
    }

    /** Field of the current row; a missing trailing field is an error. */
    String get(int column) {
        if (column >= row.length) {
            throw DatasetFormatException.at(
                    path,
                    line,
                    "expected at least " + (column + 1) + " fields, found " + row.length);
        }
        return row[column];
    }

    /** Field of the current row, or null when the column is absent, short or empty. */
    String getOptional(int column) {
        if (column < 0 || column >= row.length || row[column].isEmpty()) {
            return null;
        }
        return row[column];
    }

    long getLong(int column) {
        String value = get(column);
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw notANumber(column, value);
        }
    }

    float getFloat(int column) {
        String value = get(column);
        try {
            return Float.parseFloat(value);
        } catch (NumberFormatException e) {
            throw notANumber(column, value);
        }
    }

    private DatasetFormatException notANumber(int column, String value) {
        return DatasetFormatException.at(
                path, line, "column '" + header[column] + "': not a number: '" + value + "'");
    }

    private static DatasetFormatException wrap(Path path, long line, Exception e) {
        if (e instanceof DatasetFormatException) {
            return (DatasetFormatException) e;
        }
        if (e instanceof UncheckedIOException && e.getCause() != null) {
            return new DatasetFormatException(
                    path + ":" + line + ": " + e.getCause().getMessage(), e);
        }
        return new DatasetFormatException(path + ":" + line + ": " + e.getMessage(), e);
    }

    @Override
    public void close() {
        try {
            rows.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
