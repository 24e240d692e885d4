package org.dynmm.rec.models.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import org.dynmm.rec.models.explain.Evidence;

/**
 * The rerank-and-explain prompt for a text-only LLM: evidence goes in as text tokens (one line per
 * evidence record, with its figures), next to the user's recent titles and the candidates. Several
 * users' lists go in one request (micro-batching); the answer format is JSON. Soft tokens (the
 * {@code F_U}, {@code F_I} projections as prompt embeddings) are not sent: this prompt is for
 * servers that take text only.
 */
public final class RerankPrompt {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String SYSTEM =
            "You rerank recommendation candidates and explain each one in one or two plain"
                    + " sentences. Use only the evidence given for that candidate: every title,"
                    + " attribute and number you state must appear in its evidence. Put titles in"
                    + " double quotes. Answer with JSON only, no prose, in this shape:"
                    + " {\"lists\":[{\"user\":\"<user>\",\"ranking\":[\"<item id>\", ...],"
                    + "\"rationales\":{\"<item id>\":\"<rationale>\"}}]}. The ranking must be a"
                    + " permutation of the list's candidate ids.";

    private RerankPrompt() {}

    public static String system() {
        return SYSTEM;
    }

    /** The user message: the lists as JSON, evidence as text tokens. */
    public static String user(List<PromptList> lists) {
        ObjectNode root = JSON.createObjectNode();
        ArrayNode out = root.putArray("lists");
        for (PromptList list : lists) {
            ObjectNode l = out.addObject();
            l.put("user", list.user());
            ArrayNode recent = l.putArray("recentTitles");
            list.recentTitles().forEach(recent::add);
            ArrayNode candidates = l.putArray("candidates");
            for (PromptList.Candidate c : list.candidates()) {
                ObjectNode node = candidates.addObject();
                node.put("item", c.item());
                node.put("title", c.title());
                ArrayNode evidence = node.putArray("evidence");
                c.evidence().forEach(e -> evidence.add(token(e)));
            }
        }
        try {
            return "Rerank and explain these lists.\n" + JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the prompt", e);
        }
    }

    /** One evidence record as a text token with its figures. */
    public static String token(Evidence e) {
        String item =
                e.historyTitle != null ? "\"" + e.historyTitle + "\"" : "item #" + e.historyItem;
        switch (e.kind) {
            case CO_INTERACTION:
                return "co_interaction(with="
                        + item
                        + ", times_taken_together="
                        + e.count
                        + ", within_items="
                        + e.window
                        + ")";
            case HISTORY_CONTRIBUTION:
                return "history_contribution(item="
                        + item
                        + ", share_of_history_score="
                        + Math.round(e.share * 100)
                        + "%)";
            case SHARED_ATTRIBUTE:
                return "shared_attribute("
                        + e.attribute
                        + "="
                        + e.value
                        + ", history_items_with_it="
                        + e.count
                        + ", of_recent_items="
                        + e.total
                        + ", example="
                        + item
                        + ")";
            case MODALITY_SIMILARITY:
                return "modality_similarity(modality="
                        + e.modality
                        + ", item="
                        + item
                        + ", cosine="
                        + String.format(Locale.ROOT, "%.2f", e.similarity)
                        + ")";
            case RECENT_INTEREST_SHIFT:
                if (e.recentHalfLifeDays != null && e.longTermHalfLifeDays != null) {
                    return "recent_interest_shift("
                            + e.attribute
                            + "="
                            + e.value
                            + ", share_of_activity_half_life_"
                            + e.recentHalfLifeDays
                            + "_days="
                            + Math.round(e.recentWeight * 100)
                            + "%, half_life_"
                            + e.longTermHalfLifeDays
                            + "_days="
                            + Math.round(e.longTermWeight * 100)
                            + "%)";
                }
                return "recent_interest_shift("
                        + e.attribute
                        + "="
                        + e.value
                        + ", share_of_last_"
                        + e.total
                        + "_items="
                        + Math.round(e.recentWeight * 100)
                        + "%, before="
                        + Math.round(e.longTermWeight * 100)
                        + "%)";
            case POPULARITY:
                return "popularity(interactions=" + e.count + ")";
            default:
                throw new IllegalArgumentException("unknown evidence kind " + e.kind);
        }
    }
}
