package io.jfaas.operator.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class MergePatchTest {

    final ObjectMapper json = new ObjectMapper();

    @Test
    void a_merge_patch_replaces_arrays_merges_objects_and_removes_nulls_as_rfc_7386_says() throws Exception {
        String target = """
                {"status":{"conditions":[{"type":"Healthy","status":"False"}],"replicas":1,"autoscaler":{"reason":"x"}},
                 "spec":{"image":"a","gone":1}}""";
        String patch = """
                {"status":{"conditions":[{"type":"Healthy","status":"True"}],"replicas":2},"spec":{"gone":null}}""";

        assertThat(AuthorizingDispatcher.merge(json.readTree(target), json.readTree(patch))).isEqualTo(json.readTree("""
                {"status":{"conditions":[{"type":"Healthy","status":"True"}],"replicas":2,"autoscaler":{"reason":"x"}},
                 "spec":{"image":"a"}}"""));
    }
}
