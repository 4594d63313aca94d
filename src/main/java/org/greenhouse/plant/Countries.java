package org.greenhouse.plant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** English country names and ISO 3166 codes, from the JDK's own table. */
final class Countries {

    private static final Map<String, String> CODE_BY_NAME = Arrays.stream(Locale.getISOCountries())
            .collect(Collectors.toUnmodifiableMap(code -> nameOf(code).toLowerCase(Locale.ROOT), code -> code,
                    (first, second) -> first));

    private Countries() {
    }

    static String nameOf(String isoCode) {
        return new Locale("", isoCode.toUpperCase(Locale.ROOT)).getDisplayCountry(Locale.ENGLISH);
    }

    /** Names the plant API uses that the JDK spells otherwise. */
    private static final Map<String, String> CODE_BY_OTHER_NAME = Map.of(
            "united states minor outlying islands", "UM",
            "swaziland", "SZ",
            "congo", "CG",
            "macao", "MO",
            "bouvet island (bouvetoya)", "BV",
            "russian federation", "RU",
            "wallis and futuna", "WF",
            "saint helena", "SH");

    static Optional<String> codeOf(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return Optional.ofNullable(CODE_BY_NAME.getOrDefault(key, CODE_BY_OTHER_NAME.get(key)));
    }

    static boolean isIsoCode(String code) {
        return Arrays.asList(Locale.getISOCountries()).contains(code.toUpperCase(Locale.ROOT));
    }
}
