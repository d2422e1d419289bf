package io.gregor.controller;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DeferredRepliesTest {

    @Test
    void aReplyLeavesOnlyOnceItsRecordsCommit() {
        ControllerHarness h = new ControllerHarness();
        DeferredReplies<String> replies = new DeferredReplies<>();
        for (int b = 0; b < 3; b++) {
            ControllerResult<BrokerRegistrationReply> r = h.controller.registerBroker(new BrokerRegistrationRequest(b,
                    new UUID(b, 0), List.of(), Optional.empty()), 0);
            replies.add(r.commitOffset(), "broker " + b + " epoch " + r.response().brokerEpoch());
        }
        assertThat(replies.completeUpTo(h.controller.committedOffset())).isEmpty();
        h.log.commitNext(h.controller);
        h.log.commitNext(h.controller);
        assertThat(replies.completeUpTo(h.controller.committedOffset())).containsExactly("broker 0 epoch 0",
                "broker 1 epoch 1");
        h.controller.resign();
        assertThat(replies.failAll()).containsExactly("broker 2 epoch 2");
        assertThat(replies.size()).isZero();
    }

    @Test
    void aReplyNeedingAnEarlierOffsetWaitsBehindTheOneBeforeIt() {
        DeferredReplies<String> replies = new DeferredReplies<>();
        replies.add(5, "a");
        replies.add(4, "b"); // judged against state up to 4, but queued behind a reply waiting for 5
        assertThat(replies.completeUpTo(4)).isEmpty();
        assertThat(replies.completeUpTo(5)).containsExactly("a", "b");
    }
}
