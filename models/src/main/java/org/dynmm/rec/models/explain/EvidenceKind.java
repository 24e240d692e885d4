package org.dynmm.rec.models.explain;

/** The kinds of {@link Evidence} an explanation can cite. */
public enum EvidenceKind {
    /** Users who took a history item also took the recommended item, within a window of items. */
    CO_INTERACTION,
    /** A history item that raises the recommended item's score, with its share of the raise. */
    HISTORY_CONTRIBUTION,
    /** An attribute value (genre, tag) the recommended item shares with history items. */
    SHARED_ATTRIBUTE,
    /** Cosine similarity of the recommended item to a history item in one modality's space. */
    MODALITY_SIMILARITY,
    /** An attribute value whose weight in the user's recent items rose above its long-term one. */
    RECENT_INTEREST_SHIFT,
    /** How many interactions the item has had: the only evidence for a user with no history. */
    POPULARITY
}
