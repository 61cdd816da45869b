package io.jube.agent.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void normalizesLikeDocker() {
        assertThat(ImageRef.normalize("nginx")).isEqualTo("docker.io/library/nginx:latest");
        assertThat(ImageRef.normalize("nginx:1.27")).isEqualTo("docker.io/library/nginx:1.27");
        assertThat(ImageRef.normalize("bitnami/redis")).isEqualTo("docker.io/bitnami/redis:latest");
        assertThat(ImageRef.normalize("registry.k8s.io/pause:3.10")).isEqualTo("registry.k8s.io/pause:3.10");
        assertThat(ImageRef.normalize("localhost:5000/app")).isEqualTo("localhost:5000/app:latest");
        assertThat(ImageRef.normalize("busybox@sha256:abc")).isEqualTo("docker.io/library/busybox@sha256:abc");
        assertThat(ImageRef.repository("localhost:5000/app:v1")).isEqualTo("localhost:5000/app");
    }
}
