package org.dynmm.rec.models.ranking;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.dynmm.rec.models.data.InteractionEvent;
import org.junit.jupiter.api.Test;

class UserProfileTest {
    private static InteractionEvent event(String item, long ts) {
        return new InteractionEvent("u", item, "view", 1.0f, ts);
    }

    @Test
    void historyIsBoundedAndRecentItemsAreDistinctMostRecentLast() {
        UserProfile profile = new UserProfile(4, 100);
        for (String item : new String[] {"a", "b", "c", "b", "d", "e"}) {
            profile.append(event(item, profile.eventCount()));
        }
        // History keeps the newest 4 events: c, b, d, e.
        assertThat(profile.historySize()).isEqualTo(4);
        assertThat(profile.historyAt(0, "u").item).isEqualTo("c");
        assertThat(profile.recentDistinctItems(10)).containsExactly("c", "b", "d", "e");
        assertThat(profile.recentDistinctItems(2)).containsExactly("d", "e");
        assertThat(profile.eventCount()).isEqualTo(6);
        assertThat(profile.lastEventTs()).isEqualTo(5);
    }

    @Test
    void recentDistinctItemsSkipsRepeatsOfLaterItems() {
        UserProfile profile = new UserProfile();
        for (String item : new String[] {"a", "b", "a", "c", "a"}) {
            profile.append(event(item, 1));
        }
        assertThat(profile.recentDistinctItems(10)).containsExactly("b", "c", "a");
    }

    @Test
    void seenSetIsBoundedEvictingTheLeastRecentlyTaken() {
        UserProfile profile = new UserProfile(10, 3);
        for (String item : new String[] {"a", "b", "c", "a", "d"}) {
            profile.append(event(item, 1));
        }
        // "a" was taken again before "d", so "b" is the oldest and goes.
        assertThat(profile.seenItems()).containsExactly("c", "a", "d");
        assertThat(profile.hasSeen("b")).isFalse();
        assertThat(profile.hasSeen("a")).isTrue();
    }

    @Test
    void duplicatesAreRecognisedUntilPruned() {
        UserProfile profile = new UserProfile();
        profile.append(event("a", 100));
        profile.append(event("b", 200));

        assertThat(profile.isDuplicate(event("a", 100))).isTrue();
        assertThat(profile.isDuplicate(event("a", 101))).isFalse();
        assertThat(profile.isDuplicate(new InteractionEvent("u", "a", "rating", 1f, 100)))
                .isFalse();

        profile.pruneDedupKeysBefore(150);
        assertThat(profile.isDuplicate(event("a", 100))).isFalse();
        assertThat(profile.isDuplicate(event("b", 200))).isTrue();
    }

    @Test
    void serializationRoundTripAndCopyPreserveEverything() throws IOException {
        UserProfile profile = new UserProfile(3, 4, 5);
        for (int i = 0; i < 7; i++) {
            profile.append(new InteractionEvent("u", "i" + (i % 5), "rating", i * 0.5f, 10L * i));
        }

        byte[] bytes = StateBytes.of(profile::writeTo);
        UserProfile read = UserProfile.readFrom(StateBytes.in(bytes));
        UserProfile copy = profile.copy();

        assertThat(read).isEqualTo(profile).hasSameHashCodeAs(profile);
        assertThat(StateBytes.of(read::writeTo)).isEqualTo(bytes);
        assertThat(read.recentDistinctItems(3)).isEqualTo(profile.recentDistinctItems(3));
        assertThat(read.historyAt(2, "u"))
                .isEqualTo(new InteractionEvent("u", "i1", "rating", 3.0f, 60));
        assertThat(read.isDuplicate(event("x", 0))).isFalse();
        assertThat(copy).isEqualTo(profile);

        copy.append(event("new", 100));
        assertThat(copy).isNotEqualTo(profile);
        assertThat(profile.hasSeen("new")).isFalse();
        assertThat(profile.eventCount()).isEqualTo(7);
    }

    @Test
    void anEmptyProfileRoundTrips() throws IOException {
        UserProfile empty = new UserProfile();
        UserProfile read = UserProfile.readFrom(StateBytes.in(StateBytes.of(empty::writeTo)));
        assertThat(read).isEqualTo(empty);
        assertThat(read.recentDistinctItems(5)).isEmpty();
        assertThat(read.lastEventTs()).isEqualTo(Long.MIN_VALUE);
    }
}
