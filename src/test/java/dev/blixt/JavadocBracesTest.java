package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every javadoc comment of the library has balanced braces: a stray {@code }} (as the {@link Dataplane}
 * class comment once had after its {@code {@snippet}}) is printed as text in the published docs, and
 * doclint does not catch it.
 */
class JavadocBracesTest {
    private static final Pattern JAVADOC = Pattern.compile("/\\*\\*(.*?)\\*/", Pattern.DOTALL);

    @Test
    void everyJavadocCommentHasBalancedBraces() throws IOException {
        List<String> unbalanced = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String src = Files.readString(f);
                Matcher m = JAVADOC.matcher(src);
                while (m.find()) {
                    int depth = 0;
                    boolean negative = false;
                    for (char ch : m.group(1).toCharArray()) {
                        if (ch == '{') depth++;
                        else if (ch == '}' && --depth < 0) negative = true;
                    }
                    if (depth != 0 || negative) {
                        long line = src.substring(0, m.start()).chars().filter(c -> c == '\n').count() + 1;
                        unbalanced.add(f + ":" + line);
                    }
                }
            }
        }
        assertThat(unbalanced).as("javadoc comments with unbalanced braces").isEmpty();
    }
}
