package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/** Reads one operator's keyed state per user through its sections; one JSON line per user. */
final class UserStateReader extends KeyedStateReaderFunction<String, String> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Carries {@code rank} to the merge of the operators' lines; not printed. */
    static final String RANK_FIELD = "_rank";

    private final List<UserStateSection> sections;
    private final int rank;
    private final Set<String> users;

    /**
     * @param rank where this operator's fields go in the merged user line (lower first)
     * @param users the users to print; empty for all
     */
    UserStateReader(List<UserStateSection> sections, int rank, Set<String> users) {
        this.sections = List.copyOf(sections);
        this.rank = rank;
        this.users = Set.copyOf(users);
    }

    @Override
    public void open(OpenContext openContext) {
        for (UserStateSection section : sections) {
            section.open(getRuntimeContext());
        }
    }

    @Override
    public void readKey(String user, Context ctx, Collector<String> out) throws Exception {
        if (!users.isEmpty() && !users.contains(user)) {
            return;
        }
        ObjectNode line = MAPPER.createObjectNode().put("user", user).put(RANK_FIELD, rank);
        boolean any = false;
        for (UserStateSection section : sections) {
            any |= section.write(line);
        }
        if (any) {
            out.collect(MAPPER.writeValueAsString(line));
        }
    }
}
