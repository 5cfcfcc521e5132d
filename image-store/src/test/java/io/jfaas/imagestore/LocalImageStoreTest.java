package io.jfaas.imagestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalImageStoreTest {

    private static final ImageRef HELLO = ImageRef.parse("hello:1");

    @TempDir
    Path tmp;

    private LocalImageStore store;
    private Path sources;

    @BeforeEach
    void setUp() throws IOException {
        store = new LocalImageStore(tmp.resolve("store"));
        sources = Files.createDirectories(tmp.resolve("src"));
    }

    private Path jar(String name, String content) throws IOException {
        Path dir = Files.createDirectories(sources.resolve(Integer.toString(content.hashCode())));
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    private List<Path> blobDirs() throws IOException {
        Path blobs = store.root().resolve("blobs").resolve("sha256");
        if (!Files.isDirectory(blobs)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(blobs)) {
            return list.toList();
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    @Test
    void finds_stored_jars_by_ref_with_the_same_digest_and_classpath_in_order() throws IOException {
        LocalImage stored = store.store(HELLO, List.of(jar("function.jar", "fn"), jar("lib.jar", "library")));

        LocalImage found = store.find(HELLO).orElseThrow();

        assertThat(found.digest()).isEqualTo(stored.digest()).matches("sha256:[0-9a-f]{64}");
        assertThat(found.ref()).isEqualTo(HELLO);
        assertThat(found.classpath()).isEqualTo(stored.classpath());
        assertThat(found.classpath()).extracting(path -> path.getFileName().toString())
                .containsExactly("function.jar", "lib.jar");
        assertThat(found.classpath()).allSatisfy(path -> {
            assertThat(path).isAbsolute().isRegularFile();
            assertThat(path).startsWith(found.root());
        });
        assertThat(read(found.classpath().get(0))).isEqualTo("fn");
        assertThat(read(found.classpath().get(1))).isEqualTo("library");
        assertThat(found.created()).isEqualTo(stored.created());
    }

    @Test
    void lists_the_tags_sorted_by_name_up_to_a_bound() throws IOException {
        assertThat(store.tags(10)).as("an empty store").isEmpty();
        store.store(ImageRef.parse("zeta:1"), List.of(jar("function.jar", "z")));
        store.store(ImageRef.parse("ghcr.io/team/hello:2"), List.of(jar("function.jar", "h")));
        store.store(ImageRef.parse("alpha"), List.of(jar("function.jar", "a")));
        Files.writeString(tmp.resolve("store/refs/alpha/_tags/.ref1.tmp"), "half written");

        assertThat(store.tags(10)).extracting(ImageRef::toString)
                .containsExactly("alpha:latest", "ghcr.io/team/hello:2", "zeta:1");
        assertThat(store.tags(2)).extracting(ImageRef::toString).containsExactly("alpha:latest", "ghcr.io/team/hello:2");
    }

    @Test
    void keeps_the_jar_order_given() throws IOException {
        LocalImage stored = store.store(HELLO, List.of(jar("z.jar", "z"), jar("a.jar", "a"), jar("m.jar", "m")));

        assertThat(stored.classpath()).extracting(path -> path.getFileName().toString())
                .containsExactly("z.jar", "a.jar", "m.jar");
    }

    @Test
    void storing_identical_content_twice_keeps_one_copy() throws IOException {
        LocalImage first = store.store(HELLO, List.of(jar("function.jar", "fn")));
        LocalImage second = store.store(ImageRef.parse("other:2"), List.of(jar("function.jar", "fn")));

        assertThat(second.digest()).isEqualTo(first.digest());
        assertThat(second.root()).isEqualTo(first.root());
        assertThat(second.created()).isEqualTo(first.created());
        assertThat(blobDirs()).hasSize(1);
        assertThat(store.find(ImageRef.parse("other:2")).orElseThrow().digest()).isEqualTo(first.digest());
    }

    @Test
    void different_content_gets_a_different_digest() throws IOException {
        LocalImage first = store.store(HELLO, List.of(jar("function.jar", "one")));
        LocalImage renamed = store.store(HELLO, List.of(jar("other.jar", "one")));
        LocalImage changed = store.store(HELLO, List.of(jar("function.jar", "two")));

        assertThat(List.of(first.digest(), renamed.digest(), changed.digest())).doesNotHaveDuplicates();
        assertThat(blobDirs()).hasSize(3);
    }

    @Test
    void storing_new_content_moves_the_tag_but_the_old_content_stays_findable_by_digest() throws IOException {
        LocalImage old = store.store(HELLO, List.of(jar("function.jar", "version one")));
        LocalImage current = store.store(HELLO, List.of(jar("function.jar", "version two")));

        assertThat(current.digest()).isNotEqualTo(old.digest());
        LocalImage tagged = store.find(HELLO).orElseThrow();
        assertThat(tagged.digest()).isEqualTo(current.digest());
        assertThat(read(tagged.classpath().get(0))).isEqualTo("version two");

        LocalImage kept = store.findByDigest(HELLO, old.digest()).orElseThrow();
        assertThat(kept.digest()).isEqualTo(old.digest());
        assertThat(kept.classpath()).allSatisfy(path -> assertThat(path).isRegularFile());
        assertThat(read(kept.classpath().get(0))).isEqualTo("version one");
    }

    @Test
    void stored_content_does_not_follow_changes_to_the_source_jar() throws IOException {
        Path source = jar("function.jar", "original");
        LocalImage stored = store.store(HELLO, List.of(source));

        Files.writeString(source, "changed", StandardCharsets.UTF_8);

        assertThat(read(store.findByDigest(HELLO, stored.digest()).orElseThrow().classpath().get(0)))
                .isEqualTo("original");
    }

    @Test
    void tags_are_kept_apart() throws IOException {
        LocalImage one = store.store(ImageRef.parse("hello:1"), List.of(jar("function.jar", "one")));
        LocalImage two = store.store(ImageRef.parse("hello:2"), List.of(jar("function.jar", "two")));

        assertThat(store.find(ImageRef.parse("hello:1")).orElseThrow().digest()).isEqualTo(one.digest());
        assertThat(store.find(ImageRef.parse("hello:2")).orElseThrow().digest()).isEqualTo(two.digest());
    }

    @Test
    void stores_under_a_registry_with_a_port() throws IOException {
        ImageRef ref = ImageRef.parse("localhost:5000/me/hello:dev");
        LocalImage stored = store.store(ref, List.of(jar("function.jar", "fn")));

        assertThat(store.find(ref).orElseThrow().digest()).isEqualTo(stored.digest());
        assertThat(store.find(ImageRef.parse("me/hello:dev"))).isEmpty();
    }

    @Test
    void keeps_a_tag_and_a_nested_repository_of_the_same_name_apart() throws IOException {
        // Both are valid image names: "a" tagged "b", and "a/b" tagged "latest".
        ImageRef tagged = ImageRef.parse("a:b");
        ImageRef nested = ImageRef.parse("a/b:latest");
        LocalImage first = store.store(tagged, List.of(jar("function.jar", "one")));

        LocalImage second = store.store(nested, List.of(jar("function.jar", "two")));

        assertThat(store.find(tagged).orElseThrow().digest()).isEqualTo(first.digest());
        assertThat(store.find(nested).orElseThrow().digest()).isEqualTo(second.digest());
    }

    @Test
    void finds_nothing_for_an_unknown_ref() throws IOException {
        assertThat(store.find(HELLO)).isEmpty();

        store.store(HELLO, List.of(jar("function.jar", "fn")));

        assertThat(store.find(ImageRef.parse("hello:2"))).isEmpty();
        assertThat(store.find(ImageRef.parse("goodbye:1"))).isEmpty();
    }

    @Test
    void finds_nothing_for_an_unknown_digest() {
        assertThat(store.findByDigest(HELLO, "sha256:" + "0".repeat(64))).isEmpty();
    }

    @Test
    void rejects_something_that_is_not_a_digest() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.findByDigest(HELLO, "sha256:../../etc"))
                .withMessageContaining("sha256:../../etc");
        assertThatIllegalArgumentException().isThrownBy(() -> store.findByDigest(HELLO, "md5:abc"));
    }

    @Test
    void rejects_two_jars_with_the_same_file_name_and_leaves_nothing_behind() throws IOException {
        Path one = jar("function.jar", "one");
        Path two = jar("function.jar", "two");

        assertThatIllegalArgumentException()
                .isThrownBy(() -> store.store(HELLO, List.of(one, two)))
                .withMessageContaining("function.jar");

        assertThat(store.find(HELLO)).isEmpty();
        assertThat(blobDirs()).isEmpty();
        Path staging = store.root().resolve("tmp");
        if (Files.isDirectory(staging)) {
            try (Stream<Path> left = Files.list(staging)) {
                assertThat(left).isEmpty();
            }
        }
    }

    @Test
    void leaves_no_staging_directories_after_storing() throws IOException {
        store.store(HELLO, List.of(jar("function.jar", "fn")));
        store.store(HELLO, List.of(jar("function.jar", "fn")));

        try (Stream<Path> left = Files.list(store.root().resolve("tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void a_second_store_on_the_same_root_sees_what_the_first_stored() throws IOException {
        LocalImage stored = store.store(HELLO, List.of(jar("function.jar", "fn")));

        LocalImageStore other = new LocalImageStore(tmp.resolve("store"));

        LocalImage found = other.find(HELLO).orElseThrow();
        assertThat(found.digest()).isEqualTo(stored.digest());
        assertThat(found.created()).isEqualTo(stored.created());
    }

    @Test
    void the_root_is_absolute_and_normalized() {
        LocalImageStore relative = new LocalImageStore(Path.of("a/../images"));

        assertThat(relative.root()).isAbsolute().isEqualTo(Path.of("images").toAbsolutePath());
    }

    @Test
    void default_root_honours_jfaas_image_store() {
        assertThat(LocalImageStore.defaultRoot(Map.of("JFAAS_IMAGE_STORE", "/srv/images", "HOME", "/home/ada")))
                .isEqualTo(Path.of("/srv/images"));
    }

    @Test
    void default_root_is_under_home_otherwise() {
        assertThat(LocalImageStore.defaultRoot(Map.of("HOME", "/home/ada")))
                .isEqualTo(Path.of("/home/ada", ".jfaas", "images"));
        assertThat(LocalImageStore.defaultRoot(Map.of("JFAAS_IMAGE_STORE", " ", "HOME", "/home/ada")))
                .isEqualTo(Path.of("/home/ada/.jfaas/images"));
    }

    @Test
    void default_root_falls_back_to_the_user_home_property_without_home() {
        assertThat(LocalImageStore.defaultRoot(Map.of()))
                .isEqualTo(Path.of(System.getProperty("user.home"), ".jfaas", "images"));
    }
}
