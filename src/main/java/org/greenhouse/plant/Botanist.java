package org.greenhouse.plant;

/** The botanist who looks after a plant; botanists are shared between plants and identified by email. */
public record Botanist(String name, String email, String phone) {
}
