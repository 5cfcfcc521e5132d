package io.jfaas.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.crdv2.generator.CRDGenerator;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRD YAML is generated from {@link Function} on every build and must equal the copy the chart ships.
 * To refresh the copy after changing the classes: {@code ./mvnw -pl operator -am test -Dtest=CrdDriftTest
 * -Dsurefire.failIfNoSpecifiedTests=false -Dcrd.update=true}.
 */
class CrdDriftTest {

    static final String FILE = "functions.openfaas.com-v1.yml";

    @Test
    void committed_crd_equals_the_one_generated_from_the_classes(@TempDir Path dir) throws IOException {
        Path committed = Path.of(System.getProperty("crd.committed", "../charts/jfaas/crds/" + FILE));
        new CRDGenerator().inOutputDir(dir.toFile()).forCRDVersions("v1").customResourceClasses(Function.class)
                .withParallelGenerationEnabled(false).detailedGenerate();
        String generated = Files.readString(dir.resolve(FILE));
        if (Boolean.getBoolean("crd.update")) {
            Files.createDirectories(committed.getParent());
            Files.writeString(committed, generated);
        }
        assertThat(generated)
                .contains("group: \"openfaas.com\"", "kind: \"Function\"", "plural: \"functions\"", "scope: \"Namespaced\"")
                .contains("subresources:", "status: {}");
        assertThat(Files.exists(committed)).as("%s exists (run with -Dcrd.update=true to write it)", committed).isTrue();
        assertThat(Files.readString(committed))
                .as("%s is out of date: run CrdDriftTest with -Dcrd.update=true and commit the result", committed)
                .isEqualTo(generated);
    }
}
