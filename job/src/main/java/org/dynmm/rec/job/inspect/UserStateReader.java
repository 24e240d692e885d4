package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.state.api.functions.KeyedStateReaderFunction;
import org.apache.flink.util.Collector;

/** Reads each user's keyed state through the registered sections; one JSON line per user. */
final class UserStateReader extends KeyedStateReaderFunction<String, String> {
    private static final long serialVersionUID = 1L;
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final List<UserStateSection> sections;
    private final Set<String> users;

    /**
     * @param users the users to print; empty for all
     */
    UserStateReader(List<UserStateSection> sections, Set<String> users) {
        this.sections = List.copyOf(sections);
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
        ObjectNode line = MAPPER.createObjectNode().put("user", user);
        boolean any = false;
        for (UserStateSection section : sections) {
            any |= section.write(line);
        }
        if (any) {
            out.collect(MAPPER.writeValueAsString(line));
        }
    }
}
