package io.jfaas.images;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PlatformImagesTest {

    @Test
    void a_snapshot_is_tagged_with_the_release_it_leads_to_and_a_release_with_itself() {
        assertThat(PlatformImages.tagFor("0.1.0-SNAPSHOT")).isEqualTo("0.1.0");
        assertThat(PlatformImages.tagFor("1.2.3")).isEqualTo("1.2.3");
    }
}
