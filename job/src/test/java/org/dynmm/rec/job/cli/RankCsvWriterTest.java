package org.dynmm.rec.job.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dynmm.rec.models.data.InteractionEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code evaluate --ranks-out}: one CSV row per ranked event and method. */
class RankCsvWriterTest {
    @TempDir Path dir;

    @Test
    void writesAHeaderAndOneQuotedRowPerRank() throws IOException {
        Path file = dir.resolve("sub/ranks.csv");
        try (RankCsvWriter writer = new RankCsvWriter(file)) {
            writer.onRank(
                    "frozen-base", new InteractionEvent("u1", "42", "rating", 4f, 1000L), true, 3);
            writer.onRank(
                    "pop",
                    new InteractionEvent("u,2", "say \"hi\"", "rating", 4f, 2000L),
                    false,
                    17);
        }
        assertThat(Files.readAllLines(file))
                .containsExactly(
                        RankCsvWriter.HEADER,
                        "frozen-base,u1,42,1000,true,3",
                        "pop,\"u,2\",\"say \"\"hi\"\"\",2000,false,17");
    }
}
