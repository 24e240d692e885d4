package org.dynmm.rec.models.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.train.ProjectorTargets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesTest {
    @TempDir Path dir;

    @Test
    void skipsBlankLinesAndNamesTheLineOfEveryProblem() throws Exception {
        Path file = dir.resolve("t.jsonl");
        Files.writeString(file, "{\"a\":1}\n\n{\"a\":2}\n{broken\n");
        List<String> seen = new ArrayList<>();
        assertThatThrownBy(
                        () ->
                                JsonLines.forEach(
                                        file, (where, node) -> seen.add(where + "=" + node)))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageStartingWith(file + ":4: not JSON");
        assertThat(seen).containsExactly(file + ":1={\"a\":1}", file + ":3={\"a\":2}");
    }

    @Test
    void projectorTargetsRejectNonFiniteValuesSizeChangesAndRepeats() throws Exception {
        Path good = dir.resolve("good.jsonl");
        Files.writeString(
                good, "{\"item\":\"a\",\"target\":[1,2]}\n{\"item\":\"b\",\"target\":[3,4]}\n");
        Map<String, float[]> targets = ProjectorTargets.read(good);
        assertThat(targets).containsOnlyKeys("a", "b");
        assertThat(targets.get("b")).containsExactly(3f, 4f);

        for (String[] bad :
                new String[][] {
                    {
                        "{\"item\":\"a\",\"target\":[1,\"x\"]}",
                        ":1: target element 1 is not a finite"
                    },
                    {"{\"item\":\"a\",\"target\":[]}", ":1: target must be a non-empty array"},
                    {
                        "{\"item\":\"a\",\"target\":[1]}\n{\"item\":\"b\",\"target\":[1,2]}",
                        ":2: target has 2 values, earlier lines 1"
                    },
                    {
                        "{\"item\":\"a\",\"target\":[1]}\n{\"item\":\"a\",\"target\":[2]}",
                        ":2: item a repeats"
                    },
                    {"{\"id\":\"a\"}", ":1: expected {\"item\""}
                }) {
            Path file = dir.resolve("bad.jsonl");
            Files.writeString(file, bad[0] + "\n");
            assertThatThrownBy(() -> ProjectorTargets.read(file))
                    .isInstanceOf(DatasetFormatException.class)
                    .hasMessageContaining(file + bad[1]);
        }
    }
}
