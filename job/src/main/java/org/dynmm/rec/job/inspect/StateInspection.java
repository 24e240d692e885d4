package org.dynmm.rec.job.inspect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;

/**
 * What inspect-state read from a snapshot: one JSON object per user (every section of every
 * operator merged), sorted by user, and the shared adapter's state when the job ran with it.
 */
public record StateInspection(List<ObjectNode> users, Optional<ObjectNode> adapter) {}
