package io.gregor.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientRequestIdsTest {

    @Test
    void aReplyIsRoutedToTheInstanceThatNumberedItsRequest() {
        ClientRequestIds seven = new ClientRequestIds(7);
        ClientRequestIds eight = new ClientRequestIds(8);
        long a = seven.next();
        long b = eight.next();
        assertThat(ClientRequestIds.clientIndexOf(a)).isEqualTo(7);
        assertThat(ClientRequestIds.clientIndexOf(b)).isEqualTo(8);
        assertThat(a).isEqualTo((7L << 40) | 1);
        assertThat(seven.owns(a)).isTrue();
        assertThat(seven.owns(b)).isFalse();
        assertThat(seven.next()).isEqualTo(a + 1);
    }

    @Test
    void indexZeroStillNeverIssuesIdZero() {
        assertThat(new ClientRequestIds(0).next()).isEqualTo(1);
        assertThatThrownBy(() -> new ClientRequestIds(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClientRequestIds(ClientRequestIds.MAX_CLIENT_INDEX + 1))
                .hasMessageContaining("clientIndex");
    }
}
