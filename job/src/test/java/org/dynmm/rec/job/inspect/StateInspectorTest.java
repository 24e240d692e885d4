package org.dynmm.rec.job.inspect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.dynmm.rec.models.adapter.AdapterConfig;
import org.dynmm.rec.models.adapter.OnlineAdapterTrainer;
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
    void mergesEachUsersOperatorLinesInOperatorOrderAndAddsBetaFromTheSharedBias()
            throws Exception {
        OnlineAdapterTrainer trainer = new OnlineAdapterTrainer(AdapterConfig.defaults(), 8);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        trainer.writeTo(new DataOutputStream(bytes));
        String adapterLine = new AdapterStateLine().map(bytes.toByteArray());
        float bias = trainer.published().theta()[trainer.published().layout().userGateBias()];

        StateInspection inspection =
                StateInspector.merge(
                        List.of(
                                "{\"user\":\"b\",\"_rank\":1,\"gateOffset\":0.5,\"gateSteps\":2}",
                                adapterLine,
                                "{\"user\":\"b\",\"_rank\":0,\"eventCount\":3}",
                                "{\"user\":\"a\",\"_rank\":0,\"eventCount\":1}"));

        assertThat(inspection.users())
                .extracting(u -> u.get("user").asText())
                .containsExactly("a", "b");
        ObjectNode b = inspection.users().get(1);
        assertThat(b.fieldNames())
                .toIterable()
                .containsExactly("user", "eventCount", "gateOffset", "gateSteps", "betaU");
        assertThat(b.get("betaU").floatValue())
                .isEqualTo((float) (1 / (1 + Math.exp(-(bias + 0.5f)))), within(1e-6f));
        assertThat(inspection.users().get(0).has("betaU")).isFalse();
        ObjectNode adapter = inspection.adapter().orElseThrow();
        assertThat(adapter.get("version").asLong()).isEqualTo(trainer.published().version());
        assertThat(adapter.get("hidden").asInt()).isEqualTo(AdapterConfig.defaults().hidden());
        assertThat(adapter.get("dim").asInt()).isEqualTo(8);
        assertThat(adapter.get("stateBytes").asInt()).isEqualTo(bytes.size());
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
