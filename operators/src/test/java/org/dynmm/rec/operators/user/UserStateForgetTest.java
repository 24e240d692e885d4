package org.dynmm.rec.operators.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.dynmm.rec.models.data.InteractionEvent;
import org.dynmm.rec.operators.control.ForgetRequests;
import org.dynmm.rec.operators.records.ScoreRequest;
import org.junit.jupiter.api.Test;

/** The forget control marker erases one user's keyed state, emits nothing, and spares others. */
class UserStateForgetTest {
    private static final UserStateConfig CONFIG =
            new UserStateConfig(3, 100, 2, Duration.ofHours(1), Duration.ZERO);

    private static KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ScoreRequest>
            harness() throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ScoreRequest> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new UserStateFunction(CONFIG)),
                        event -> event.user,
                        Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    /** Users with a profile in keyed state, read from the RocksDB backend itself. */
    private static long usersWithState(
            KeyedOneInputStreamOperatorTestHarness<String, InteractionEvent, ScoreRequest> h)
            throws Exception {
        try (var keys =
                h.getOperator()
                        .<String>getKeyedStateBackend()
                        .getKeys(UserStateFunction.STATE_NAME, VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    private static InteractionEvent view(String user, String item, long ts) {
        return new InteractionEvent(user, item, "view", 1f, ts);
    }

    @Test
    void forgetClearsTheUsersStateAcrossASnapshot() throws Exception {
        OperatorSubtaskState snapshot;
        try (var h = harness()) {
            h.open();
            h.processElement(view("u1", "a", 1000), 1000);
            h.processElement(view("u1", "b", 2000), 2000);
            h.processElement(view("u2", "a", 2500), 2500);
            assertThat(usersWithState(h)).isEqualTo(2);

            h.processElement(ForgetRequests.marker("u1", 3000), 3000);

            // Three lists for three interactions; the marker only passes a forget request on, so
            // rankers erase their per-user state too (none of them answers it with a list).
            assertThat(h.extractOutputValues()).hasSize(4);
            assertThat(h.extractOutputValues().get(3).isForget()).isTrue();
            assertThat(h.extractOutputValues().get(3).user).isEqualTo("u1");
            assertThat(usersWithState(h)).isEqualTo(1);
            snapshot = h.snapshot(1, 4000);
        }
        try (var h = harness()) {
            h.initializeState(snapshot);
            h.open();
            assertThat(usersWithState(h)).isEqualTo(1);
            // u1 starts over: its first request carries no history from before the forget...
            h.processElement(view("u1", "c", 5000), 5000);
            ScoreRequest u1 = h.extractOutputValues().get(0);
            assertThat(u1.seenItems).containsExactly("c");
            assertThat(u1.recentItems).containsExactly("c");
            // ... while u2 keeps its history.
            h.processElement(view("u2", "d", 6000), 6000);
            ScoreRequest u2 = h.extractOutputValues().get(1);
            assertThat(u2.seenItems).containsExactly("a", "d");
        }
    }

    @Test
    void forgettingAnUnknownUserIsANoOp() throws Exception {
        try (var h = harness()) {
            h.open();
            h.processElement(ForgetRequests.marker("nobody", 1000), 1000);
            assertThat(h.extractOutputValues()).allMatch(ScoreRequest::isForget);
            assertThat(usersWithState(h)).isEqualTo(0);
        }
    }

    @Test
    void anInteractionCannotPassForAForgetMarker() {
        assertThat(ForgetRequests.isForget(view("u1", "x", 1))).isFalse();
        assertThat(ForgetRequests.isForget(new InteractionEvent("u1", "x", "forget", 1f, 1)))
                .isFalse();
        assertThat(ForgetRequests.isForget(ForgetRequests.marker("u1", 1))).isTrue();
    }
}
