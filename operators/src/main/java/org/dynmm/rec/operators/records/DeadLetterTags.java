package org.dynmm.rec.operators.records;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;

/** Side-output tags shared by every operator that emits dead letters. */
public final class DeadLetterTags {

    /** Side output for records that could not be used; they go to the dead-letter topic. */
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    private DeadLetterTags() {}
}
