package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.api.common.state.MapState;
import org.dynmm.rec.operators.adapter.AdaptedRankerFunction;
import org.dynmm.rec.operators.records.ScoreRequest;

/**
 * Score requests the adapted ranker holds for the user until the watermark passes them ({@link
 * AdaptedRankerFunction#PENDING_REQUESTS_STATE}): a snapshot taken mid-stream shows the requests
 * still to be answered.
 */
final class PendingRequestsSection implements UserStateSection {
    private static final long serialVersionUID = 1L;

    private transient MapState<Long, List<ScoreRequest>> pending;

    @Override
    public void open(RuntimeContext context) {
        pending = context.getMapState(AdaptedRankerFunction.pendingRequestsDescriptor());
    }

    @Override
    public boolean write(ObjectNode user) throws Exception {
        int count = 0;
        for (List<ScoreRequest> atTime : pending.values()) {
            count += atTime.size();
        }
        if (count == 0) {
            return false;
        }
        user.put("pendingRequests", count);
        return true;
    }
}
