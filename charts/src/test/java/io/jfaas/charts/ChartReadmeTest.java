package io.jfaas.charts;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart README's table names every value of values.yaml (a map value such as {@code gateway.resources} at once). */
class ChartReadmeTest {

    @Test
    void theChartReadmeDocumentsEveryValue() throws Exception {
        JsonNode values = new ObjectMapper(new YAMLFactory()).readTree(RenderedChart.CHART.resolve("values.yaml").toFile());
        String readme = Files.readString(RenderedChart.CHART.resolve("README.md"));
        List<String> leaves = new ArrayList<>();
        collect(values, "", leaves);
        assertThat(leaves).hasSizeGreaterThan(30);
        List<String> undocumented = leaves.stream().filter(path -> !documented(path, readme)).toList();
        assertThat(undocumented).as("values missing from charts/jfaas/README.md").isEmpty();
    }

    /** A value is documented when it, or a map holding it, is named in a table row. */
    private static boolean documented(String path, String readme) {
        for (String prefix = path; !prefix.isEmpty(); prefix = prefix.contains(".")
                ? prefix.substring(0, prefix.lastIndexOf('.')) : "") {
            if (readme.contains("| `" + prefix + "`") || readme.contains("`" + prefix + "`, ")
                    || readme.contains(", `" + prefix + "` |")) {
                return true;
            }
        }
        return false;
    }

    private static void collect(JsonNode node, String path, List<String> leaves) {
        if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(e -> collect(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(),
                    leaves));
        } else {
            leaves.add(path);
        }
    }
}
