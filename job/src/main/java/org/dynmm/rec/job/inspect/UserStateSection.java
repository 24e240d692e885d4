package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.Serializable;
import org.apache.flink.api.common.functions.RuntimeContext;

/**
 * One part of the user operator's keyed state as inspect-state shows it. Each section registers the
 * state descriptors it reads (same names and serializers as the operator) and writes its fields
 * into the user's JSON line. New per-user state (e.g. the adapter's {@code s_u^new} and {@code
 * beta_u}) is shown by adding a section to {@link UserStateSections}; a section whose state a
 * savepoint does not hold simply writes nothing.
 */
public interface UserStateSection extends Serializable {

    /** Registers this section's state with the reader; called once per reader instance. */
    void open(RuntimeContext context);

    /**
     * Adds the current user's fields to {@code user}. A field named {@code ...Bytes} counts into
     * the summary's state bytes.
     *
     * @return false when this section holds nothing for the user
     */
    boolean write(ObjectNode user) throws Exception;
}
