package org.greenhouse.batch.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import org.junit.jupiter.api.Test;

/** The simulated JSON API answers what batch extraction reads from JSONPlaceholder. */
class BatchApiSimulatorTest {

    @Test
    void usersPostsAndCommentsHaveDistinctIdsAndPointAtEachOther() {
        ArrayNode users = BatchApiSimulator.collection("users").orElseThrow();
        ArrayNode posts = BatchApiSimulator.collection("posts").orElseThrow();
        ArrayNode comments = BatchApiSimulator.collection("comments").orElseThrow();
        assertEquals(10, ids(users).size());
        assertEquals(100, ids(posts).size());
        assertEquals(500, ids(comments).size());
        for (JsonNode post : posts) {
            assertTrue(ids(users).contains(post.get("userId").asInt()), post.toString());
        }
        for (JsonNode comment : comments) {
            assertTrue(ids(posts).contains(comment.get("postId").asInt()), comment.toString());
        }
        assertEquals("Ada Moss", users.get(0).get("name").asText());
    }

    @Test
    void theSameOnEveryCallAndNothingElse() {
        assertEquals(BatchApiSimulator.collection("comments"), BatchApiSimulator.collection("comments"));
        assertTrue(BatchApiSimulator.collection("todos").isEmpty());
    }

    private static Set<Integer> ids(ArrayNode items) {
        Set<Integer> ids = new HashSet<>();
        items.forEach(item -> ids.add(item.get("id").asInt()));
        return ids;
    }
}
