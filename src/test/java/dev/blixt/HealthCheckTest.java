package dev.blixt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HealthCheck's values and validation. */
class HealthCheckTest {
    @Test
    void defaultsAndCopies() {
        HealthCheck c = HealthCheck.tcp();
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(c.timeout()).isEqualTo(Duration.ofSeconds(1));
        assertThat(c.rise()).isEqualTo(2);
        assertThat(c.fall()).isEqualTo(3);
        assertThat(c.port()).isZero();
        assertThat(c.namespace()).isEmpty();
        assertThat(c.onFailure()).isEqualTo(HealthCheck.Action.DRAIN);
        assertThat(c.allowAllDown()).isFalse();
        HealthCheck d = c.interval(Duration.ofMillis(100)).fall(5).port(9000).namespace("lb-ns");
        assertThat(c.interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(d.interval()).isEqualTo(Duration.ofMillis(100));
        assertThat(d.fall()).isEqualTo(5);
        assertThat(d.port()).isEqualTo(9000);
        assertThat(d.namespace()).contains("lb-ns");
        assertThat(d).isEqualTo(c.interval(Duration.ofMillis(100)).fall(5).port(9000).namespace("lb-ns"));
        assertThat(d.toString()).contains("tcp", "100 ms", "fall 5", "port 9000");
        HealthCheck h = HealthCheck.http("/healthz?deep=1").expectStatus(200, 204).host("web.example");
        assertThat(h.statusLo()).isEqualTo(200);
        assertThat(h.host()).contains("web.example");
        byte[] payload = {1, 2, 3};
        HealthCheck u = HealthCheck.udp(payload).expectReply(false);
        payload[0] = 9;
        assertThat(u.payload()).containsExactly(1, 2, 3);
        assertThat(u.expectsReply()).isFalse();
    }

    @Test
    void refusesBadArgumentsWithTheValue() {
        assertThatThrownBy(() -> HealthCheck.tcp().interval(Duration.ofMillis(5))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 10 ms").hasMessageContaining("PT0.005S");
        assertThatThrownBy(() -> HealthCheck.tcp().timeout(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HealthCheck.tcp().rise(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rise").hasMessageContaining("got 0");
        assertThatThrownBy(() -> HealthCheck.tcp().fall(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("fall");
        assertThatThrownBy(() -> HealthCheck.tcp().port(65536)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HealthCheck.tcp().namespace("a/b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HealthCheck.http("healthz")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'healthz'");
        assertThatThrownBy(() -> HealthCheck.http("/a b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HealthCheck.http("/a\r\nX: y")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HealthCheck.http("/").expectStatus(300, 200)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("300..200");
        assertThatThrownBy(() -> HealthCheck.http("/").host("a:80")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HealthCheck.tcp().expectStatus(200, 299)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HealthCheck.tcp().expectReply(false)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> HealthCheck.udp(new byte[65_508])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("65508");
    }
}
