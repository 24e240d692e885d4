package org.dynmm.rec.job.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.models.eval.RankListener;

/**
 * Writes every ranked test event's rank per method as CSV ({@code
 * method,user,item,ts,unseen_item,rank}, in replay order), for paired per-event comparisons of
 * evaluation runs over the same events ({@code evaluate --ranks-out}).
 */
final class RankCsvWriter implements RankListener, AutoCloseable {
    static final String HEADER = "method,user,item,ts,unseen_item,rank";

    private final Writer out;

    RankCsvWriter(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        out.write(HEADER);
        out.write('\n');
    }

    @Override
    public void onRank(String method, InteractionEvent event, boolean unseenItem, int rank) {
        try {
            out.write(
                    csv(method)
                            + ','
                            + csv(event.user)
                            + ','
                            + csv(event.item)
                            + ','
                            + event.ts
                            + ','
                            + unseenItem
                            + ','
                            + rank
                            + '\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The value, quoted when it holds a comma, quote or line break. */
    static String csv(String value) {
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
