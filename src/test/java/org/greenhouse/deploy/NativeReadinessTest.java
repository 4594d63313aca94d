package org.greenhouse.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Named;
import org.junit.jupiter.api.Test;

/**
 * What a native image needs of the app's own code, checked on the JVM (no GraalVM here): every bean the
 * routes call by name is registered for reflection, and every name they use is a bean the app defines.
 */
class NativeReadinessTest {

    private static final Pattern BEAN_REF = Pattern.compile("^\\s*(?:ref|\\w+Ref): (\\w+)\\s*$");

    @Test
    void everyBeanTheRoutesCallByNameIsRegisteredForReflection() throws Exception {
        Set<String> referenced = referencedBeans();
        Map<String, Class<?>> beanClasses = new HashMap<>();
        Set<String> producedNames = new TreeSet<>();
        for (Class<?> type : appClasses()) {
            Named named = type.getAnnotation(Named.class);
            if (named != null) {
                beanClasses.put(named.value(), type);
            }
            for (Method method : type.getDeclaredMethods()) {
                if (method.isAnnotationPresent(Produces.class) && method.isAnnotationPresent(Named.class)) {
                    producedNames.add(method.getAnnotation(Named.class).value());
                }
            }
        }
        assertTrue(referenced.size() >= 9, "route references found: " + referenced);

        List<String> unregistered = new ArrayList<>();
        for (String name : referenced) {
            Class<?> type = beanClasses.get(name);
            // produced objects (retry policies) are Camel's own types, which its extensions register
            assertTrue(type != null || producedNames.contains(name), "the routes refer to an unknown bean " + name);
            if (type != null && !type.isAnnotationPresent(RegisterForReflection.class)) {
                unregistered.add(name + " (" + type.getName() + ")");
            }
        }
        assertEquals(List.of(), unregistered, "beans called by name but not registered for reflection");
    }

    private static Set<String> referencedBeans() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> routes = Files.list(Path.of("src/main/resources/routes"))) {
            for (Path route : routes.toList()) {
                for (String line : Files.readAllLines(route)) {
                    Matcher ref = BEAN_REF.matcher(line);
                    if (ref.matches()) {
                        names.add(ref.group(1));
                    }
                }
            }
        }
        return names;
    }

    private static List<Class<?>> appClasses() throws Exception {
        Path root = Path.of("target/classes");
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root.resolve("org/greenhouse"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, NativeReadinessTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}
