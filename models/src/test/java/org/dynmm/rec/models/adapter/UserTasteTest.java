package org.dynmm.rec.models.adapter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.dynmm.rec.models.data.ItemContent;
import org.dynmm.rec.models.explain.ClaimVocabulary;
import org.dynmm.rec.models.explain.Evidence;
import org.dynmm.rec.models.explain.EvidenceKind;
import org.dynmm.rec.models.explain.Realizer;
import org.dynmm.rec.models.explain.Verification;
import org.dynmm.rec.models.explain.Verifier;
import org.dynmm.rec.models.ranking.ItemStatsIndex;
import org.dynmm.rec.models.ranking.UserContext;
import org.junit.jupiter.api.Test;

class UserTasteTest {
    private static final long DAY = 86_400_000L;
    private static final List<String> KEYS = List.of("genres");

    private static Map<String, List<String>> genre(String g) {
        return Map.of("genres", List.of(g));
    }

    /** SYNTHETIC: 20 Comedy events over ten days, then 6 Drama events within two hours. */
    private static UserTaste shiftingToDrama() {
        UserTaste taste = new UserTaste();
        for (int k = 0; k < 20; k++) {
            taste.record(k * DAY / 2, genre("Comedy"), KEYS);
        }
        long start = 10 * DAY;
        for (int k = 0; k < 6; k++) {
            taste.record(start + k * 1_200_000L, genre("Drama"), KEYS);
        }
        return taste;
    }

    @Test
    void recentWeightRisesAboveTheLongTermWeightAfterAShift() {
        UserTaste taste = shiftingToDrama();
        double recent = taste.recentWeight("genres", "Drama");
        double before = taste.longTermWeight("genres", "Drama");
        assertThat(recent).isGreaterThan(0.7);
        assertThat(before).isLessThan(0.45);
        assertThat(taste.recentWeight("genres", "Comedy") + recent).isCloseTo(1.0, within(1e-9));
        assertThat(taste.events()).isEqualTo(26);
    }

    @Test
    void shiftEvidenceIsRealizedWithFiguresTheVerifierFindsInIt() {
        UserTaste taste = shiftingToDrama();
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        index.putContent(new ItemContent("d1", "Some Drama (2001)", null, genre("Drama"), 0));
        index.putContent(new ItemContent("c1", "Some Comedy (2002)", null, genre("Comedy"), 0));
        long now = 10 * DAY + 7_200_000L;
        var shifts =
                taste.shifts(KEYS, 0.25, 5, now)
                        .forUser(index, UserContext.of(List.of(), List.of()));

        assertThat(shifts.shiftsFor(index.idOf("c1"))).isEmpty();
        List<Evidence> drama = shifts.shiftsFor(index.idOf("d1"));
        assertThat(drama).hasSize(1);
        Evidence e = drama.get(0);
        assertThat(e.kind).isEqualTo(EvidenceKind.RECENT_INTEREST_SHIFT);
        assertThat(e.value).isEqualTo("Drama");
        assertThat(e.recentHalfLifeDays).isEqualTo(1);
        assertThat(e.longTermHalfLifeDays).isEqualTo(14);
        assertThat(e.total).isNull();

        ClaimVocabulary vocabulary = ClaimVocabulary.of(Map.of(), List.of("Drama", "Comedy"));
        Realizer realizer = new Realizer();
        Verifier verifier = new Verifier();
        // Several users, so every phrasing is seen; each must verify with every claim supported.
        for (int u = 0; u < 12; u++) {
            String text = realizer.realize("u" + u, "d1", "Some Drama (2001)", drama);
            Verification v = verifier.verify(text, "d1", "Some Drama (2001)", drama, vocabulary);
            assertThat(v.passed).as(text).isTrue();
            assertThat(v.claims).as(text).isGreaterThanOrEqualTo(4); // value, 2 shares, 14 days
            assertThat(v.supported).isEqualTo(v.claims);
            assertThat(text).contains("Drama").contains("14 days");
        }
    }

    @Test
    void noShiftWhileTheRecentActivityIsTooThin() {
        UserTaste taste = new UserTaste();
        for (int k = 0; k < 20; k++) {
            taste.record(k * DAY, genre("Comedy"), KEYS);
        }
        taste.record(20 * DAY, genre("Drama"), KEYS); // one Drama event: 100% of the last day
        ItemStatsIndex index = new ItemStatsIndex(Duration.ZERO);
        index.putContent(new ItemContent("d1", "D", null, genre("Drama"), 0));
        var shifts =
                taste.shifts(KEYS, 0.25, 5, 20 * DAY)
                        .forUser(index, UserContext.of(List.of(), List.of()));
        assertThat(taste.recentMass(20 * DAY)).isLessThan(5);
        assertThat(shifts.shiftsFor(index.idOf("d1"))).isEmpty();
    }

    @Test
    void keepsAtMostMaxValuesAndRoundTripsItsBinaryFormat() throws IOException {
        UserTaste taste = new UserTaste();
        for (int k = 0; k < UserTaste.MAX_VALUES + 20; k++) {
            taste.record(k * 60_000L, genre("g" + k), KEYS);
        }
        taste.record(0, genre("late"), KEYS); // older than the last event: added decayed
        assertThat(taste.values()).isEqualTo(UserTaste.MAX_VALUES);

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        taste.writeTo(new DataOutputStream(bytes));
        UserTaste read =
                UserTaste.readFrom(
                        new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));
        assertThat(read).isEqualTo(taste);
        assertThat(read.copy()).isEqualTo(taste);
        assertThat(read.longTermWeight("genres", "g83"))
                .isEqualTo(taste.longTermWeight("genres", "g83"))
                .isPositive();
    }
}
