package org.dynmm.rec.models.explain;

import java.io.Serializable;
import java.util.List;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Where {@link EvidenceKind#RECENT_INTEREST_SHIFT} evidence comes from: something that knows the
 * user's recent taste against their long-term taste. {@link AttributeShift} computes it from the
 * history and item attributes; the online adapter's recent-taste summary {@code s_u^new} can plug
 * in here by implementing this interface (the explainer takes any source).
 */
public interface InterestShiftSource extends Serializable {

    /** Per request: the user's shift view, asked once per recommended item. */
    UserShifts forUser(ItemStatsIndex index, UserContext user);

    /** One user's shifts; {@link #shiftsFor} lists the ones that concern a candidate. */
    interface UserShifts {
        /** Shift evidence about the attributes of dense id {@code itemId}; empty when none. */
        List<Evidence> shiftsFor(int itemId);
    }

    /** A source that never reports a shift. */
    static InterestShiftSource none() {
        return (index, user) -> itemId -> List.of();
    }
}
