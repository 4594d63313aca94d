package org.greenhouse.plant;

/** Image links and licence of a plant, as the API gives them (all optional). */
public record PlantImages(Integer license, String licenseName, String licenseUrl, String originalUrl,
        String regularUrl, String mediumUrl, String smallUrl, String thumbnailUrl) {
}
