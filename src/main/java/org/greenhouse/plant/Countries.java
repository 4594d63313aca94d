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

    static Optional<String> codeOf(String name) {
        return Optional.ofNullable(CODE_BY_NAME.get(name.toLowerCase(Locale.ROOT)));
    }

    static boolean isIsoCode(String code) {
        return Arrays.asList(Locale.getISOCountries()).contains(code.toUpperCase(Locale.ROOT));
    }
}
