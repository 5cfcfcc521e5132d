package io.jfaas.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRD YAML is generated from {@link FunctionResource} on every build, completed with what fabric8's generator has no
 * annotation for ({@link #complete}), and must equal the copy the chart ships. To refresh the copy after changing the
 * classes: {@code ./mvnw -pl operator -am test -Dtest=CrdDriftTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dcrd.update=true}.
 */
class CrdDriftTest {

    static final String FILE = "functions.openfaas.com-v1.yml";
    static final String HEADER = "# Generated from io.jfaas.operator.crd.FunctionResource by fabric8's CRDGenerator"
            + " and completed by CrdDriftTest (required spec, list types); do not edit\n";
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));

    @Test
    void committed_crd_equals_the_one_generated_from_the_classes(@TempDir Path dir) throws IOException {
        Path committed = Path.of(System.getProperty("crd.committed", "../charts/jfaas/crds/" + FILE));
        new CRDGenerator().inOutputDir(dir.toFile()).forCRDVersions("v1").customResourceClasses(FunctionResource.class)
                .withParallelGenerationEnabled(false).detailedGenerate();
        String generated = HEADER + YAML.writeValueAsString(complete(YAML.readTree(dir.resolve(FILE).toFile())));
        if (Boolean.getBoolean("crd.update")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, generated);
        }
        assertThat(generated)
                .contains("group: \"openfaas.com\"", "kind: \"Function\"", "plural: \"functions\"", "scope: \"Namespaced\"")
                .contains("subresources:", "status: {}")
                .contains("rule: \"self.spec.name == self.metadata.name\"");
        assertThat(Files.exists(committed)).as("%s exists (run with -Dcrd.update=true to write it)", committed).isTrue();
        assertThat(Files.readString(committed))
                .as("%s is out of date: run CrdDriftTest with -Dcrd.update=true and commit the result", committed)
                .isEqualTo(generated);
    }

    /**
     * What the generator cannot say: a Function without {@code spec} is refused; {@code status.conditions} is a map
     * keyed by {@code type} (as Kubernetes' own conditions, so that writers merge per condition); {@code secrets} and
     * {@code constraints} are sets.
     */
    static JsonNode complete(JsonNode crd) {
        for (JsonNode version : crd.path("spec").path("versions")) {
            ObjectNode root = (ObjectNode) version.path("schema").path("openAPIV3Schema");
            root.putArray("required").add("spec");
            ObjectNode conditions = (ObjectNode) root.path("properties").path("status").path("properties")
                    .path("conditions");
            conditions.put("x-kubernetes-list-type", "map");
            conditions.putArray("x-kubernetes-list-map-keys").add("type");
            ((ObjectNode) conditions.path("items")).putArray("required").add("type").add("status");
            for (String set : new String[] {"secrets", "constraints"}) {
                ((ObjectNode) root.path("properties").path("spec").path("properties").path(set))
                        .put("x-kubernetes-list-type", "set");
            }
        }
        return crd;
    }
}
