package org.dynmm.rec.job.inspect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateInspectorTest {
    @TempDir Path dir;

    @Test
    void resolvesSavepointsMetadataFilesUrisAndTheNewestRetainedCheckpoint() throws Exception {
        Path savepoint = Files.createDirectories(dir.resolve("savepoint-1"));
        Files.writeString(savepoint.resolve("_metadata"), "x");
        assertThat(StateInspector.resolve(savepoint.toString())).isEqualTo(savepoint);
        assertThat(StateInspector.resolve(savepoint.resolve("_metadata").toString()))
                .isEqualTo(savepoint);
        assertThat(StateInspector.resolve("file:" + savepoint)).isEqualTo(savepoint);
        assertThat(StateInspector.resolve("file://" + savepoint)).isEqualTo(savepoint);

        Path job = Files.createDirectories(dir.resolve("job"));
        for (int n : new int[] {2, 10, 9}) {
            Files.writeString(
                    Files.createDirectories(job.resolve("chk-" + n)).resolve("_metadata"), "x");
        }
        Files.createDirectories(job.resolve("chk-11")); // in progress: no metadata yet
        assertThat(StateInspector.resolve(job.toString())).isEqualTo(job.resolve("chk-10"));
    }

    @Test
    void summaryCountsUsersEventsHistoryAndEveryBytesField() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        StateSummary summary = new StateSummary();
        summary.add(
                mapper.readTree(
                        "{\"user\":\"a\",\"eventCount\":5,\"historyLength\":3,\"seenCount\":3,\"profileBytes\":100}"));
        summary.add(
                mapper.readTree(
                        "{\"user\":\"b\",\"eventCount\":1,\"historyLength\":1,\"seenCount\":1,\"profileBytes\":40,\"adapterBytes\":60}"));
        assertThat(summary.users()).isEqualTo(2);
        assertThat(summary.events()).isEqualTo(6);
        assertThat(summary.meanHistoryLength()).isEqualTo(2.0);
        assertThat(summary.stateBytes()).isEqualTo(200);
    }
}
