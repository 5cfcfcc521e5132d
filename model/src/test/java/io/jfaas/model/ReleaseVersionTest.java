package io.jfaas.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;
import org.junit.jupiter.api.Test;

class ReleaseVersionTest {

    @Test
    void the_sha_is_the_commit_the_build_wrote() {
        assertThat(ReleaseVersion.sha(properties("0123456789abcdef0123456789abcdef01234567")))
                .isEqualTo("0123456789abcdef0123456789abcdef01234567");
    }

    @Test
    void a_build_made_outside_git_says_unknown() {
        assertThat(ReleaseVersion.sha(properties("${git.commit.id}"))).isEqualTo("unknown");
        assertThat(ReleaseVersion.sha(properties(""))).isEqualTo("unknown");
        assertThat(ReleaseVersion.sha(new Properties())).isEqualTo("unknown");
    }

    @Test
    void a_class_without_version_properties_is_dev_and_unknown() {
        assertThat(ReleaseVersion.of(ReleaseVersionTest.class)).isEqualTo("dev");
        assertThat(ReleaseVersion.sha(ReleaseVersionTest.class)).isEqualTo("unknown");
    }

    private static Properties properties(String sha) {
        Properties properties = new Properties();
        properties.setProperty("version", "1.2.3");
        properties.setProperty("sha", sha);
        return properties;
    }
}
