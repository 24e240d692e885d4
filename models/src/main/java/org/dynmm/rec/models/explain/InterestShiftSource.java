package org.dynmm.rec.models.explain;

import java.io.Serializable;
import java.util.List;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;

/**
 * Where {@link EvidenceKind#RECENT_INTEREST_SHIFT} evidence comes from: something that knows the
 * user's recent taste against their long-term taste. {@link AttributeShift} computes it from the
 * history and item attributes; the online adapter's recent-taste summary {@code s_u^new} ({@code
 * UserTaste.shifts}) is the source when the adapter is on, per request.
 */
public interface InterestShiftSource extends Serializable {

    /** Per request: the user's shift view, asked once per recommended item. */
    UserShifts forUser(ItemStatsIndex index, UserContext user);

    /** One user's shifts; {@link #shiftsFor} lists the ones that concern a candidate. */
    interface UserShifts {
        /** Shift evidence about the attributes of dense id {@code itemId}; empty when none. */
        List<Evidence> shiftsFor(int itemId);
    }

    /**
     * Shifts from {@code first}, and from {@code second} for candidates {@code first} has none for.
     */
    static InterestShiftSource firstOf(InterestShiftSource first, InterestShiftSource second) {
        return (index, user) -> {
            UserShifts a = first.forUser(index, user);
            UserShifts b = second.forUser(index, user);
            return itemId -> {
                List<Evidence> shifts = a.shiftsFor(itemId);
                return shifts.isEmpty() ? b.shiftsFor(itemId) : shifts;
            };
        };
    }

    /** A source that never reports a shift. */
    static InterestShiftSource none() {
        return (index, user) -> itemId -> List.of();
    }
}
