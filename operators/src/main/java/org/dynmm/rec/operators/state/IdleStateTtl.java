package org.dynmm.rec.operators.state;

import java.time.Duration;
import org.apache.flink.api.common.state.StateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;

/** Expiry of per-user keyed state after {@code rec.user.state-ttl} without writes. */
public final class IdleStateTtl {
    private IdleStateTtl() {}

    /** Enables expiry on {@code descriptor}; a zero duration keeps state forever. */
    public static <T extends StateDescriptor<?, ?>> T apply(T descriptor, Duration ttl) {
        if (!ttl.isZero()) {
            descriptor.enableTimeToLive(
                    StateTtlConfig.newBuilder(ttl)
                            .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                            .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                            .build());
        }
        return descriptor;
    }
}
