package org.dynmm.rec.models.ranking;

/** Receives an (int, int) pair without boxing, e.g. a (dense item id, count) entry. */
@FunctionalInterface
public interface IntIntConsumer {
    void accept(int key, int value);
}
