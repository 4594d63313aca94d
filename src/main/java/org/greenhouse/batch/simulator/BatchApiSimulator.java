package org.greenhouse.batch.simulator;

import java.util.List;
import java.util.Optional;
import java.util.function.IntFunction;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Message;

/**
 * A JSON API of JSONPlaceholder's shape (seed 002's batch source) for running without the network: 10 users,
 * 100 posts (10 each), 500 comments (5 a post), the same on every call, as JSONPlaceholder's are.
 */
@ApplicationScoped
@Named("batchApiSimulator")
@RegisterForReflection // its methods are called by name from the routes, also in a native image
public class BatchApiSimulator {

    static final int USERS = 10;
    static final int POSTS_PER_USER = 10;
    static final int COMMENTS_PER_POST = 5;
    private static final ObjectMapper JSON = new ObjectMapper();

    public void respond(@Header("collection") String collection, Exchange exchange) {
        Message answer = exchange.getMessage();
        answer.setHeader(Exchange.CONTENT_TYPE, "application/json");
        Optional<ArrayNode> items = collection(collection);
        answer.setHeader(Exchange.HTTP_RESPONSE_CODE, items.isPresent() ? 200 : 404);
        answer.setBody(items.map(ArrayNode::toString).orElse("{}"));
    }

    /** The collection's items; empty for a collection this API does not have. */
    static Optional<ArrayNode> collection(String name) {
        return switch (name) {
            case "users" -> Optional.of(items(USERS, BatchApiSimulator::user));
            case "posts" -> Optional.of(items(USERS * POSTS_PER_USER, BatchApiSimulator::post));
            case "comments" -> Optional.of(items(USERS * POSTS_PER_USER * COMMENTS_PER_POST, BatchApiSimulator::comment));
            default -> Optional.empty();
        };
    }

    private static ArrayNode items(int count, IntFunction<ObjectNode> item) {
        ArrayNode items = JSON.createArrayNode();
        for (int id = 1; id <= count; id++) {
            items.add(item.apply(id));
        }
        return items;
    }

    private static ObjectNode user(int id) {
        List<String> names = List.of("Ada Moss", "Ben Hart", "Cleo Rand", "Dev Okafor", "Eli Stone", "Fay Lund",
                "Gus Marr", "Hana Ito", "Ivo Cruz", "Jo Bell");
        String name = names.get((id - 1) % names.size());
        String username = name.toLowerCase().replace(' ', '.');
        ObjectNode user = JSON.createObjectNode().put("id", id).put("name", name).put("username", username)
                .put("email", username + "@example.org").put("phone", "555-01" + String.format("%02d", id))
                .put("website", username.replace(".", "") + ".example.org");
        user.putObject("address").put("street", id + " Glasshouse Lane").put("city", "Kew").put("zipcode", "TW9 3AB");
        user.putObject("company").put("name", "Greenhouse " + id).put("catchPhrase", "grows on data");
        return user;
    }

    private static ObjectNode post(int id) {
        return JSON.createObjectNode().put("userId", (id - 1) / POSTS_PER_USER + 1).put("id", id)
                .put("title", "post " + id).put("body", "what grew in bed " + id);
    }

    private static ObjectNode comment(int id) {
        return JSON.createObjectNode().put("postId", (id - 1) / COMMENTS_PER_POST + 1).put("id", id)
                .put("name", "comment " + id).put("email", "reader" + id + "@example.org")
                .put("body", "seen on visit " + id);
    }
}
