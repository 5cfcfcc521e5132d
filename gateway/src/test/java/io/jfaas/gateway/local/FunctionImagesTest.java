package io.jfaas.gateway.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.jfaas.imagestore.ImageRef;
import io.jfaas.imagestore.LocalImageStore;
import io.jfaas.model.FunctionDeployment;
import io.jfaas.provider.ProviderException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one decision of what a deployment runs, with a podman that is not installed (no container is started). */
class FunctionImagesTest {

    @TempDir
    Path dir;
    private LocalImageStore store;

    @BeforeEach
    void storeAJavaFunction() throws Exception {
        store = new LocalImageStore(dir.resolve("images"));
        Path jar = Files.writeString(dir.resolve("function.jar"), "not really a jar");
        store.store(ImageRef.parse("hello:latest"), List.of(jar));
    }

    private FunctionImages images(String runtime) {
        ContainerConfig config = ContainerConfig.fromEnv(Map.of("JFAAS_LOCAL_RUNTIME", runtime,
                "JFAAS_PODMAN", dir.resolve("no-podman").toString()));
        return new FunctionImages(store, new Podman(config, Map.of()));
    }

    @Test
    void a_java_function_of_the_store_runs_as_a_child_jvm_by_default() {
        assertThat(images("auto").resolve(FunctionDeployment.of("hello", "hello:latest")))
                .isInstanceOf(FunctionImage.Jvm.class);
    }

    @Test
    void an_image_outside_the_store_needs_podman_and_says_so() {
        assertThatThrownBy(() -> images("auto").resolve(FunctionDeployment.of("py", "ghcr.io/me/py:1")))
                .isInstanceOfSatisfying(ProviderException.class, e ->
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID))
                .hasMessageContaining("ghcr.io/me/py:1 is not in the local image store")
                .hasMessageContaining("is not installed (apt-get install podman runc");
    }

    @Test
    void the_annotation_or_the_setting_makes_a_store_function_a_container() {
        FunctionDeployment annotated = FunctionDeployment.of("hello", "hello:latest")
                .withAnnotations(Map.of("com.jfaas.runtime", "container"));
        assertThatThrownBy(() -> images("auto").resolve(annotated)).hasMessageContaining("cannot run as a container");
        assertThatThrownBy(() -> images("container").resolve(FunctionDeployment.of("hello", "hello:latest")))
                .hasMessageContaining("cannot run as a container");
        FunctionDeployment jvm = FunctionDeployment.of("hello", "hello:latest")
                .withAnnotations(Map.of("com.jfaas.runtime", "jvm"));
        assertThat(images("container").resolve(jvm)).isInstanceOf(FunctionImage.Jvm.class);
    }

    @Test
    void jvm_only_refuses_other_images_naming_the_store() {
        assertThatThrownBy(() -> images("jvm").resolve(FunctionDeployment.of("py", "ghcr.io/me/py:1")))
                .hasMessageContaining("ghcr.io/me/py:1 is not in the local image store")
                .hasMessageContaining("faas-cli build");
    }

    @Test
    void an_unknown_runtime_annotation_is_400_naming_it() {
        FunctionDeployment wrong = FunctionDeployment.of("hello", "hello:latest")
                .withAnnotations(Map.of("com.jfaas.runtime", "docker"));
        assertThatThrownBy(() -> images("auto").resolve(wrong))
                .isInstanceOfSatisfying(ProviderException.class, e ->
                        assertThat(e.kind()).isEqualTo(ProviderException.Kind.INVALID))
                .hasMessage("validation failed: annotation com.jfaas.runtime: \"docker\" is not one of auto,"
                        + " container, jvm");
    }
}
