package io.jfaas.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.jfaas.operator.crd.FunctionResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What {@code faas-cli generate} prints is accepted by the operator. The input is faas-cli's golden file
 * {@code faas-cli/src/test/resources/generate/functions.yml}, which faas-cli's {@code GenerateCommandTest} checks the
 * command prints (the modules may not depend on each other, so the file is what they share): every field is one the
 * CRD's schema declares, with its type, and the operator reads it into a Function and builds its Deployment.
 */
class GeneratedFunctionsTest {

    private static final Path GENERATED = Path.of("../faas-cli/src/test/resources/generate/functions.yml");
    private static final Path CRD = Path.of("../charts/jfaas/crds/functions.openfaas.com-v1.yml");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static List<String> documents() throws Exception {
        return Arrays.stream(Files.readString(GENERATED).split("(?m)^---\\s*$"))
                .filter(document -> !document.isBlank())
                .toList();
    }

    @Test
    void every_generated_field_is_in_the_crds_schema_with_its_type() throws Exception {
        JsonNode schema = YAML.readTree(CRD.toFile()).at("/spec/versions/0/schema/openAPIV3Schema/properties");
        assertThat(schema.isMissingNode()).isFalse();
        List<String> checked = new ArrayList<>();
        for (String document : documents()) {
            JsonNode resource = YAML.readTree(document);
            assertThat(resource.path("apiVersion").asText()).isEqualTo("openfaas.com/v1");
            assertThat(resource.path("kind").asText()).isEqualTo("Function");
            assertThat(resource.at("/metadata/name").asText()).isNotBlank();
            assertThat(resource.at("/metadata/namespace").asText()).isNotBlank();
            checkAgainst(schema.path("spec"), resource.path("spec"), "spec", checked);
        }
        assertThat(checked).contains("spec.name", "spec.image", "spec.handler", "spec.environment", "spec.labels",
                "spec.annotations", "spec.secrets", "spec.limits.cpu", "spec.limits.memory", "spec.requests.cpu",
                "spec.requests.memory", "spec.constraints", "spec.readOnlyRootFilesystem");
    }

    private static void checkAgainst(JsonNode schema, JsonNode value, String path, List<String> checked) {
        String type = schema.path("type").asText();
        switch (type) {
            case "string" -> assertThat(value.isTextual()).as(path + " is a string").isTrue();
            case "boolean" -> assertThat(value.isBoolean()).as(path + " is a boolean").isTrue();
            case "array" -> {
                assertThat(value.isArray()).as(path + " is an array").isTrue();
                value.forEach(item -> checkAgainst(schema.path("items"), item, path + "[]", new ArrayList<>()));
            }
            case "object" -> {
                assertThat(value.isObject()).as(path + " is an object").isTrue();
                if (schema.has("additionalProperties")) {
                    value.properties().forEach(entry -> checkAgainst(schema.path("additionalProperties"),
                            entry.getValue(), path + "." + entry.getKey(), new ArrayList<>()));
                } else {
                    for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                        String name = names.next();
                        assertThat(schema.path("properties").has(name))
                                .as(path + "." + name + " is declared by the CRD").isTrue();
                        checkAgainst(schema.path("properties").path(name), value.get(name), path + "." + name,
                                checked);
                    }
                }
            }
            default -> throw new AssertionError(path + ": the CRD gives type \"" + type + "\", not handled here");
        }
        checked.add(path);
    }

    @Test
    void the_operator_reads_each_generated_function_and_builds_its_deployment() throws Exception {
        KubernetesSerialization serialization = new KubernetesSerialization();
        List<FunctionResource> functions = documents().stream()
                .map(document -> serialization.unmarshal(document, FunctionResource.class))
                .toList();
        assertThat(functions).extracting(f -> f.getMetadata().getName()).containsExactly("every-field", "minimal");

        FunctionResource everyField = functions.getFirst();
        everyField.getMetadata().setUid("uid-every-field");
        assertThat(everyField.getMetadata().getNamespace()).isEqualTo("team-a");
        Deployment deployment = DesiredDeployment.build(everyField, FunctionDefaults.OPENFAAS, null,
                Map.of("api-key", "Opaque", "db-password", "Opaque"));
        Container container = deployment.getSpec().getTemplate().getSpec().getContainers().getFirst();
        assertThat(container.getImage()).isEqualTo("ghcr.io/me/every-field:1.2");
        assertThat(container.getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(tuple("fprocess", "java -cp /home/app/app.jar function.Main"),
                        tuple("LEVEL", "debug"),
                        tuple("FROM_FILE", "yes"));
        assertThat(container.getResources().getLimits()).isEqualTo(Map.of("cpu", new Quantity("500m"),
                "memory", new Quantity("256Mi")));
        assertThat(container.getResources().getRequests()).isEqualTo(Map.of("cpu", new Quantity("100m"),
                "memory", new Quantity("128Mi")));
        assertThat(container.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(deployment.getSpec().getTemplate().getSpec().getNodeSelector()).isEqualTo(Map.of("disktype", "ssd"));
        assertThat(deployment.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.getMetadata().getAnnotations()).containsEntry("topic", "orders");

        FunctionResource minimal = functions.get(1);
        minimal.getMetadata().setUid("uid-minimal");
        assertThat(DesiredDeployment.build(minimal, FunctionDefaults.OPENFAAS, null, Map.of()).getMetadata()
                .getNamespace()).isEqualTo("openfaas-fn");
    }
}
