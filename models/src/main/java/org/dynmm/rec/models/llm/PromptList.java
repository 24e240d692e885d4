package org.dynmm.rec.models.llm;

import java.util.List;
import org.dynmm.rec.models.explain.Evidence;

/**
 * One user's ranked list as the LLM sees it: the user's recent titles and the candidates, best
 * first, each with its evidence.
 */
public record PromptList(String user, List<String> recentTitles, List<Candidate> candidates) {

    public PromptList {
        recentTitles = List.copyOf(recentTitles);
        candidates = List.copyOf(candidates);
    }

    /** A candidate: id, title (may be null) and evidence. */
    public record Candidate(String item, String title, List<Evidence> evidence) {
        public Candidate {
            evidence = List.copyOf(evidence);
        }
    }
}
