package io.jfaas.function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HeadersTest {

    @Test
    void looks_up_names_without_regard_to_case() {
        Headers headers = Headers.of("Content-Type", "text/plain");

        assertThat(headers.first("content-type")).contains("text/plain");
        assertThat(headers.first("CONTENT-TYPE")).contains("text/plain");
        assertThat(headers.all("content-TYPE")).containsExactly("text/plain");
        assertThat(headers.contains("cOnTeNt-TyPe")).isTrue();
        assertThat(headers.contains("Content-Length")).isFalse();
    }

    @Test
    void an_absent_header_has_no_values() {
        Headers headers = Headers.of("A", "1");

        assertThat(headers.first("B")).isEmpty();
        assertThat(headers.all("B")).isEmpty();
    }

    @Test
    void empty_has_no_headers() {
        assertThat(Headers.empty().isEmpty()).isTrue();
        assertThat(Headers.empty().names()).isEmpty();
        assertThat(Headers.of().isEmpty()).isTrue();
        assertThat(Headers.of("A", "1").isEmpty()).isFalse();
    }

    @Test
    void of_pairs_adds_repeated_names_in_order() {
        Headers headers = Headers.of("Accept", "a", "X-Id", "1", "accept", "b");

        assertThat(headers.all("ACCEPT")).containsExactly("a", "b");
        assertThat(headers.first("x-id")).contains("1");
    }

    @Test
    void of_pairs_rejects_an_odd_number_of_arguments() {
        assertThatIllegalArgumentException().isThrownBy(() -> Headers.of("A", "1", "B"));
    }

    @Test
    void with_replaces_every_value_and_leaves_the_original_unchanged() {
        Headers original = Headers.of("Accept", "a", "Accept", "b");

        Headers replaced = original.with("accept", "c");

        assertThat(replaced.all("Accept")).containsExactly("c");
        assertThat(original.all("Accept")).containsExactly("a", "b");
    }

    @Test
    void with_adds_a_new_header_and_leaves_the_original_unchanged() {
        Headers original = Headers.of("A", "1");

        Headers added = original.with("B", "2");

        assertThat(added.first("B")).contains("2");
        assertThat(added.first("A")).contains("1");
        assertThat(original.contains("B")).isFalse();
    }

    @Test
    void with_added_appends_and_leaves_the_original_unchanged() {
        Headers original = Headers.of("Accept", "a");

        Headers added = original.withAdded("ACCEPT", "b");

        assertThat(added.all("accept")).containsExactly("a", "b");
        assertThat(original.all("accept")).containsExactly("a");
    }

    @Test
    void without_removes_a_header_and_leaves_the_original_unchanged() {
        Headers original = Headers.of("A", "1", "B", "2");

        Headers removed = original.without("a");

        assertThat(removed.contains("A")).isFalse();
        assertThat(removed.first("B")).contains("2");
        assertThat(original.first("A")).contains("1");
    }

    @Test
    void without_an_absent_header_changes_nothing() {
        Headers original = Headers.of("A", "1");

        assertThat(original.without("B")).isEqualTo(original);
    }

    @Test
    void of_map_merges_names_that_differ_only_in_case() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("X-Forwarded-For", List.of("1.1.1.1"));
        map.put("x-forwarded-for", List.of("2.2.2.2", "3.3.3.3"));

        Headers headers = Headers.of(map);

        assertThat(headers.names()).hasSize(1);
        assertThat(headers.all("X-FORWARDED-FOR")).containsExactly("1.1.1.1", "2.2.2.2", "3.3.3.3");
    }

    @Test
    void of_map_skips_names_without_values() {
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("Empty", List.of());
        map.put("Null", null);
        map.put("Full", List.of("1"));

        Headers headers = Headers.of(map);

        assertThat(headers.names()).containsExactly("Full");
    }

    @Test
    void of_map_copies_the_map() {
        List<String> values = new ArrayList<>(List.of("1"));
        Map<String, List<String>> map = new LinkedHashMap<>();
        map.put("A", values);

        Headers headers = Headers.of(map);
        values.add("2");
        map.put("B", List.of("3"));

        assertThat(headers.all("A")).containsExactly("1");
        assertThat(headers.contains("B")).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\r\nInjected: yes", "a\nb", "a\rb"})
    void rejects_line_breaks_in_values(String value) {
        assertThatIllegalArgumentException().isThrownBy(() -> Headers.empty().with("X", value));
        assertThatIllegalArgumentException().isThrownBy(() -> Headers.empty().withAdded("X", value));
        assertThatIllegalArgumentException().isThrownBy(() -> Headers.of("X", value));
    }

    @Test
    void rejects_a_null_value() {
        assertThatIllegalArgumentException().isThrownBy(() -> Headers.empty().with("X", null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Bad Name", "Bad:Name", "Bad\tName", "Bäd", "X\r\nY", "Del\u007f"})
    void rejects_invalid_names(String name) {
        assertThatIllegalArgumentException().isThrownBy(() -> Headers.empty().with(name, "v"));
        assertThatIllegalArgumentException().isThrownBy(() -> Headers.empty().withAdded(name, "v"));
    }

    @Test
    void rejects_a_null_name() {
        assertThatIllegalArgumentException().isThrownBy(() -> Headers.empty().withAdded(null, "v"));
    }

    @Test
    void a_rejected_change_leaves_the_original_unchanged() {
        Headers original = Headers.of("X", "1");

        assertThatIllegalArgumentException().isThrownBy(() -> original.with("X", "a\nb"));

        assertThat(original.all("X")).containsExactly("1");
    }

    @Test
    void names_keep_the_spelling_first_given_in_the_order_they_came() {
        Headers headers = Headers.of("b-second", "1", "A-First", "2", "B-SECOND", "3", "c-third", "4");

        assertThat(headers.names()).containsExactly("b-second", "A-First", "c-third");
    }

    @Test
    void names_are_unmodifiable() {
        assertThat(Headers.of("A", "1").names()).isUnmodifiable();
    }

    @Test
    void for_each_and_as_map_give_every_header_with_all_values() {
        Headers headers = Headers.of("B", "2", "A", "1", "a", "11");
        Map<String, List<String>> seen = new LinkedHashMap<>();

        headers.forEach(seen::put);

        assertThat(seen).containsExactly(Map.entry("B", List.of("2")), Map.entry("A", List.of("1", "11")));
        assertThat(headers.asMap()).isEqualTo(seen).isUnmodifiable();
    }

    @Test
    void equal_headers_are_equal() {
        Headers one = Headers.of("A", "1", "B", "2");
        Headers two = Headers.empty().with("B", "2").with("A", "1");

        assertThat(one).isEqualTo(two).hasSameHashCodeAs(two);
        assertThat(one).isNotEqualTo(Headers.of("A", "1", "B", "3"));
        assertThat(one).isNotEqualTo(Headers.of("A", "1"));
        assertThat(Headers.of("A", "1", "A", "2")).isNotEqualTo(Headers.of("A", "2", "A", "1"));
    }

    @Test
    void headers_differing_only_in_name_case_are_equal_with_equal_hash_codes() {
        Headers upper = Headers.of("Content-Type", "text/plain");
        Headers lower = Headers.of("content-type", "text/plain");

        assertThat(upper).isEqualTo(lower);
        assertThat(upper.hashCode()).isEqualTo(lower.hashCode());
    }
}
