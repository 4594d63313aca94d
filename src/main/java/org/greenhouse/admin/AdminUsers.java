package org.greenhouse.admin;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The admin users of greenhouse.admin.users, read once at startup; a malformed entry stops the start, naming
 * the setting and the entry's position, never its text.
 */
@ApplicationScoped
@Startup
public class AdminUsers {

    /** Admin endpoints: backfill, running a pipeline on demand, queries, the JMX console (Jolokia). */
    public static final String ADMIN = "admin";
    /** Reading what the app exposes for monitoring (metrics, the OpenAPI document) where those are protected. */
    public static final String MONITOR = "monitor";
    private static final Set<String> ROLES = Set.of(ADMIN, MONITOR);
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._@-]{1,64}");

    /** One user: the roles and the stored password hash. */
    public record User(String name, Set<String> roles, PasswordHash password) {
    }

    private final Map<String, User> users;
    /** Checked for an unknown user, with the users' cost, so the answer takes as long as for a wrong password. */
    private final PasswordHash nobody;

    @Inject
    public AdminUsers(AdminConfig config) {
        this(config.users().orElse(List.of()));
    }

    AdminUsers(List<String> entries) {
        Map<String, User> parsed = new HashMap<>();
        for (int i = 0; i < entries.size(); i++) {
            User user = parse(entries.get(i), i + 1);
            if (parsed.put(user.name(), user) != null) {
                throw invalid(i + 1, "the user " + user.name() + " is named twice");
            }
        }
        users = Map.copyOf(parsed);
        int cost = users.values().stream().mapToInt(user -> user.password().iterations()).max()
                .orElse(PasswordHash.ITERATIONS);
        nobody = PasswordHash.parse(PasswordHash.create("not a password".toCharArray(), cost));
    }

    /**
     * The user whose name and password these are; empty otherwise. A password is checked (one PBKDF2
     * derivation) whether or not the user exists, so timing does not tell which names do.
     */
    public Optional<User> authenticate(String name, char[] password) {
        User user = users.get(name);
        boolean matches = (user == null ? nobody : user.password()).matches(password);
        return user != null && matches ? Optional.of(user) : Optional.empty();
    }

    /** What an unknown user's password is checked against. */
    PasswordHash nobody() {
        return nobody;
    }

    private static User parse(String entry, int position) {
        String[] parts = entry.strip().split(":", 3);
        if (parts.length != 3) {
            throw invalid(position, "write name:role[+role]:hash");
        }
        if (!NAME.matcher(parts[0]).matches()) {
            throw invalid(position, "the name is not 1-64 of A-Z a-z 0-9 . _ @ -");
        }
        Set<String> roles = Set.of(parts[1].split("\\+"));
        if (!ROLES.containsAll(roles)) {
            throw invalid(position, "roles are " + ADMIN + " and " + MONITOR);
        }
        try {
            return new User(parts[0], roles, PasswordHash.parse(parts[2]));
        } catch (IllegalArgumentException e) {
            throw invalid(position, "the password hash is " + e.getMessage()
                    + " (java src/main/java/org/greenhouse/admin/PasswordHash.java writes one)");
        }
    }

    private static IllegalArgumentException invalid(int position, String problem) {
        return new IllegalArgumentException("greenhouse.admin.users entry " + position + ": " + problem);
    }
}
