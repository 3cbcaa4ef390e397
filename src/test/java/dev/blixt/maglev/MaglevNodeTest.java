package dev.blixt.maglev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MaglevNodeTest {

    @Test
    void aValidNodeKeepsItsComponents() {
        MaglevNode node = new MaglevNode(1, "198.18.1.2:8080", 0);
        assertThat(node.id()).isEqualTo(1);
        assertThat(node.key()).isEqualTo("198.18.1.2:8080");
        assertThat(node.weight()).isZero();
    }

    @Test
    void anIdBelowOneIsRejected() {
        assertThatThrownBy(() -> new MaglevNode(0, "a", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0");
        assertThatThrownBy(() -> new MaglevNode(-5, "a", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got -5");
    }

    @Test
    void anEmptyKeyIsRejected() {
        assertThatThrownBy(() -> new MaglevNode(3, "", 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty").hasMessageContaining("3");
    }

    @Test
    void aNegativeWeightIsRejected() {
        assertThatThrownBy(() -> new MaglevNode(3, "10.0.0.1:80", -2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got -2").hasMessageContaining("10.0.0.1:80");
    }

    @Test
    void aNullKeyIsRejected() {
        assertThatThrownBy(() -> new MaglevNode(3, null, 1)).isInstanceOf(NullPointerException.class);
    }
}
