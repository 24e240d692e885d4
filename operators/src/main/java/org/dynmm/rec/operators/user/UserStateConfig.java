package org.dynmm.rec.operators.user;

import java.io.Serializable;
import java.time.Duration;

/**
 * Settings of {@link UserStateFunction}.
 *
 * @param historySize recent events kept per user
 * @param maxSeenItems items remembered per user for exclusion from ranking
 * @param coInteractionWindow recent distinct items that count as co-interactions
 * @param allowedLateness how far behind the watermark an event may still be applied
 * @param stateTtl idle time after which a user's state expires; zero disables expiry
 * @param trainingExamples whether accepted events also go to the adapter trainer
 */
public record UserStateConfig(
        int historySize,
        int maxSeenItems,
        int coInteractionWindow,
        Duration allowedLateness,
        Duration stateTtl,
        boolean trainingExamples)
        implements Serializable {

    /** Settings without adapter training examples. */
    public UserStateConfig(
            int historySize,
            int maxSeenItems,
            int coInteractionWindow,
            Duration allowedLateness,
            Duration stateTtl) {
        this(historySize, maxSeenItems, coInteractionWindow, allowedLateness, stateTtl, false);
    }

    public UserStateConfig {
        if (historySize <= 0 || maxSeenItems <= 0 || coInteractionWindow <= 0) {
            throw new IllegalArgumentException(
                    "history size, max seen items and co-interaction window must be positive");
        }
        if (allowedLateness.isNegative() || stateTtl.isNegative()) {
            throw new IllegalArgumentException("durations must not be negative");
        }
    }

    /** Defaults matching the documented configuration defaults. */
    public static UserStateConfig defaults() {
        return new UserStateConfig(50, 5000, 20, Duration.ofHours(1), Duration.ZERO);
    }

    public UserStateConfig withTrainingExamples(boolean on) {
        return new UserStateConfig(
                historySize, maxSeenItems, coInteractionWindow, allowedLateness, stateTtl, on);
    }
}
