package org.greenhouse.query;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The read-only gate every query passes before an engine sees it: exactly one statement, a SELECT or a WITH, and
 * none of the words that write, load or change settings outside string literals, quoted identifiers and
 * comments (a column named like one must be quoted). It reads the text as SQL's lexer does, so a keyword inside a
 * string cannot hide a second statement, and a quote left open is refused rather than guessed at.
 */
public final class ReadOnlySql {

    public static final int MAX_LENGTH = 100_000;

    private static final Set<String> WRITING = Set.of("insert", "update", "delete", "merge", "create", "drop",
            "alter", "truncate", "copy", "attach", "detach", "pragma", "install", "load", "call", "export", "import",
            "unload", "grant", "revoke", "vacuum", "checkpoint", "execute", "prepare", "deallocate", "msck");

    /** The statement as checked (without a trailing semicolon), and every bare word in it, lower case. */
    public record Statement(String sql, Set<String> words) {
    }

    private ReadOnlySql() {
    }

    public static Statement check(String sql) {
        if (sql == null || sql.isBlank()) {
            throw new QueryRefused("no SQL: send one SELECT or WITH statement");
        }
        if (sql.length() > MAX_LENGTH) {
            throw new QueryRefused("the SQL has " + sql.length() + " characters; at most " + MAX_LENGTH
                    + " are taken");
        }
        Set<String> words = new LinkedHashSet<>();
        String first = null;
        int end = -1; // where a semicolon ended the statement
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                if (close < 0) {
                    throw new QueryRefused("a /* comment is not closed");
                }
                i = close + 2;
            } else if (Character.isWhitespace(c)) {
                i++;
            } else if (end >= 0) {
                throw new QueryRefused("one statement only: there is more after the ';' at character " + (end + 1));
            } else if (c == '\'' || c == '"' || c == '`') {
                i = closing(sql, i, c);
            } else if (c == '$' && dollarTag(sql, i) != null) {
                String tag = dollarTag(sql, i);
                int close = sql.indexOf(tag, i + tag.length());
                if (close < 0) {
                    throw new QueryRefused("a " + tag + " string is not closed");
                }
                i = close + tag.length();
            } else if (c == ';') {
                end = i;
                i++;
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_'
                        || sql.charAt(i) == '$')) {
                    i++;
                }
                String word = sql.substring(start, i).toLowerCase(Locale.ROOT);
                if (first == null) {
                    first = word;
                }
                if (WRITING.contains(word)) {
                    throw new QueryRefused("only reading is allowed: '" + word.toUpperCase(Locale.ROOT)
                            + "' is refused (quote it if it names a column)");
                }
                words.add(word);
            } else {
                if (first == null && c != '(') {
                    first = String.valueOf(c);
                }
                i++;
            }
        }
        if (first == null) {
            throw new QueryRefused("no SQL: send one SELECT or WITH statement");
        }
        if (!first.equals("select") && !first.equals("with")) {
            throw new QueryRefused("only a SELECT or WITH statement is allowed, not one starting with '"
                    + (first.length() > 40 ? first.substring(0, 40) : first) + "'");
        }
        String statement = (end >= 0 ? sql.substring(0, end) : sql).strip();
        return new Statement(statement, Set.copyOf(words));
    }

    /** The index after the quote that closes the one at {@code open}; a doubled quote is part of the text. */
    private static int closing(String sql, int open, char quote) {
        int i = open + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        throw new QueryRefused("a " + quote + " quote opened at character " + (open + 1) + " is not closed");
    }

    /** {@code $$} or {@code $tag$} opening a dollar-quoted string (DuckDB), else null. */
    private static String dollarTag(String sql, int at) {
        int i = at + 1;
        while (i < sql.length() && (Character.isLetterOrDigit(sql.charAt(i)) || sql.charAt(i) == '_')) {
            i++;
        }
        if (i < sql.length() && sql.charAt(i) == '$' && (i == at + 1 || Character.isLetter(sql.charAt(at + 1)))) {
            return sql.substring(at, i + 1);
        }
        return null;
    }
}
