package org.greenhouse.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** Users and password hashes as configured: who gets in, and what a bad entry says (never its text). */
class AdminUsersTest {

    private static final String ALICE = "alice:admin:" + PasswordHash.create("correct horse".toCharArray(), 20_000);
    private static final String BOB = "bob:monitor+admin:" + PasswordHash.create("battery staple".toCharArray(), 30_000);

    @Test
    void theRightPasswordGivesTheUsersRolesAndNothingElseGetsIn() {
        AdminUsers users = new AdminUsers(List.of(ALICE, BOB));
        assertEquals(Set.of("admin"), users.authenticate("alice", "correct horse".toCharArray()).orElseThrow().roles());
        assertEquals(Set.of("admin", "monitor"),
                users.authenticate("bob", "battery staple".toCharArray()).orElseThrow().roles());
        assertTrue(users.authenticate("alice", "battery staple".toCharArray()).isEmpty());
        assertTrue(users.authenticate("alice", "correct hors".toCharArray()).isEmpty());
        assertTrue(users.authenticate("carol", "correct horse".toCharArray()).isEmpty());
        assertTrue(new AdminUsers(List.of()).authenticate("alice", "correct horse".toCharArray()).isEmpty());
    }

    @Test
    void anUnknownNameCostsTheSameDerivationAsAKnownOne() {
        AdminUsers users = new AdminUsers(List.of(ALICE, BOB));
        // the dearest configured hash: an unknown name is never answered faster than a known one
        assertEquals(30_000, users.nobody().iterations());
        assertEquals(PasswordHash.ITERATIONS, new AdminUsers(List.of()).nobody().iterations());
    }

    @Test
    void aHashIsCheckedNotCompared() {
        String stored = PasswordHash.create("s3cret".toCharArray(), 10_000);
        PasswordHash hash = PasswordHash.parse(stored);
        assertTrue(hash.matches("s3cret".toCharArray()));
        assertFalse(hash.matches("s3cre".toCharArray()));
        assertFalse(hash.matches(stored.toCharArray()), "the stored form is not a password");
        assertTrue(stored.startsWith("pbkdf2-sha256$10000$"), stored);
        // salted: the same password never gives the same stored form twice
        assertFalse(stored.equals(PasswordHash.create("s3cret".toCharArray(), 10_000)));
    }

    @Test
    void aBadEntryStopsTheStartNamingItsPositionNotItsText() {
        assertEquals("greenhouse.admin.users entry 2: write name:role[+role]:hash",
                refused(ALICE, "carol-plaintext-password"));
        assertEquals("greenhouse.admin.users entry 1: roles are admin and monitor",
                refused("carol:root:" + PasswordHash.create("x".toCharArray(), 10_000)));
        assertEquals("greenhouse.admin.users entry 1: the password hash is not pbkdf2-sha256$<iterations>$<salt>$<hash>"
                + " (java src/main/java/org/greenhouse/admin/PasswordHash.java writes one)", refused("carol:admin:hunter2"));
        assertEquals("greenhouse.admin.users entry 1: the password hash is at least 10000 iterations, 8 salt bytes and "
                + "a 32-byte hash needed (java src/main/java/org/greenhouse/admin/PasswordHash.java writes one)",
                refused("carol:admin:pbkdf2-sha256$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAA"));
        assertEquals("greenhouse.admin.users entry 2: the user alice is named twice", refused(ALICE, ALICE));
    }

    private static String refused(String... entries) {
        return assertThrows(IllegalArgumentException.class, () -> new AdminUsers(List.of(entries))).getMessage();
    }
}
