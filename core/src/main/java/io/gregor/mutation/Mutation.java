package io.gregor.mutation;

import java.util.Locale;

/**
 * The catalogue of bug switches. Each names the rule it breaks and where the bug is known from; the rule's code
 * carries a one-line comment naming the same constant.
 */
public enum Mutation {

    /** Acknowledge an append before its fsync completed: a crash then loses an acknowledged write. */
    ACK_BEFORE_FSYNC("ack-before-fsync",
            "acknowledge an append before it is durable (fsync) — a crash loses acknowledged writes",
            "the durability contract of any log; cf. Kafka's flush vs. replication trade-off",
            Layer.LOG),

    /** Serve reads past the durable point: a crash can then change what an offset held. */
    READ_UNFLUSHED("read-unflushed",
            "serve reads past the recovery point of a single-copy log — a crash re-assigns read offsets",
            "Kafka serves only below the high watermark; a single copy's HW is its flushed offset",
            Layer.LOG),

    /** Advance the log's recovery point when a flush is issued instead of when its fsyncs complete. */
    RECOVERY_POINT_ON_SUBMIT("recovery-point-on-submit",
            "advance the log's recovery point when a flush is issued, not when it completes — undurable data is"
                    + " treated as durable: served, acknowledged, and skipped by recovery's scan",
            "Kafka's recovery point moves only after LogSegment.flush returns (UnifiedLog.flush)",
            Layer.LOG),

    /** Send a granted vote before the quorum state recording it is durable: a crash then lets a voter vote twice. */
    RAFT_VOTE_BEFORE_DURABLE("raft-vote-before-durable",
            "reply to a vote before the quorum-state file recording it is fsynced — a crash forgets the vote and the"
                    + " voter can vote again in the same epoch: two leaders in one epoch",
            "KIP-595 (the quorum-state file is written before the VoteResponse); Raft §5.2 persistent votedFor",
            Layer.RAFT),

    /** Grant a vote without comparing logs: a leader can be elected without a committed entry. */
    RAFT_VOTE_WITHOUT_LOG_CHECK("raft-vote-without-log-check",
            "grant a vote without checking that the candidate's log is at least as up to date — a new leader can"
                    + " lack committed entries and truncate them everywhere",
            "Raft §5.4.1 election restriction; KIP-595 VoteRequest lastOffsetEpoch/lastOffset",
            Layer.RAFT),

    /** Truncate a restarted follower's log to its (volatile, reset) high watermark instead of by epoch. */
    RAFT_TRUNCATE_BELOW_HW("raft-truncate-below-hw",
            "a follower truncates its log to its own high watermark when it starts following, which after a restart"
                    + " is 0 — below the quorum's high watermark, dropping committed entries a majority counted on",
            "KIP-101 (truncation by high watermark loses data; truncate by leader epoch instead)",
            Layer.RAFT),

    /** The leader never checks that a majority still fetches from it. */
    RAFT_NO_CHECK_QUORUM("raft-no-check-quorum",
            "a leader that hears no fetch from a majority within the fetch timeout stays leader — a partitioned"
                    + " leader keeps serving and clients keep waiting on it",
            "KIP-595 check-quorum (KAFKA-13421 style stale leader); Raft thesis §6.2",
            Layer.RAFT),

    /** A resigned leader keeps accepting appends and advancing the high watermark. */
    RAFT_RESIGNED_ACTS_AS_LEADER("raft-resigned-acts-as-leader",
            "a leader that resigned (EndQuorumEpoch sent) still accepts appends and answers fetches as leader",
            "KIP-595 ResignedState: the resigned leader stops appending and waits for the new epoch",
            Layer.RAFT),

    /** Count offsets toward the high watermark that are not yet durable on the voter reporting them. */
    RAFT_HW_ON_UNFLUSHED("raft-hw-on-unflushed",
            "advance the high watermark on offsets followers (and the leader) have appended but not fsynced — a"
                    + " correlated crash loses committed entries",
            "KIP-595 (followers flush before fetching again; the leader counts its own entry once flushed)",
            Layer.RAFT),

    /** Stand for election without asking for pre-votes first. */
    RAFT_NO_PRE_VOTE("raft-no-pre-vote",
            "a voter that stops hearing from the leader bumps the epoch and stands at once, without a pre-vote — a"
                    + " node cut off from the leader alone keeps deposing a healthy leader",
            "KIP-996 (pre-vote); Raft thesis §9.6",
            Layer.RAFT),

    /** Answer a fetch whose epoch ends below the leader's log start from the (trimmed) epoch cache. */
    RAFT_DIVERGE_BELOW_LOG_START("raft-diverge-below-log-start",
            "answer a fetch whose last epoch ends at or below the leader's log start with a divergence point guessed"
                    + " from the trimmed epoch cache, not with the snapshot — a divergent entry can survive"
                    + " (needs --snapshot-interval)",
            "KIP-630 (a follower below the log start fetches the snapshot)",
            Layer.RAFT),

    /** Elect a leader from outside the ISR although the topic does not allow unclean election. */
    CONTROLLER_UNCLEAN_ELECTION("controller-unclean-election",
            "when no ISR member is eligible, elect any live replica although the topic does not enable unclean"
                    + " leader election — a replica that may lack committed records becomes leader",
            "KIP-704 / unclean.leader.election.enable (off by default); Kafka's PartitionChangeBuilder",
            Layer.CONTROLLER),

    /** Accept an AlterPartition carrying a stale leader epoch or partition epoch. */
    CONTROLLER_STALE_ALTER_PARTITION("controller-stale-alter-partition",
            "accept an AlterPartition whose leader epoch or partition epoch is stale — a deposed leader, or one"
                    + " working from an old ISR, rewrites the ISR",
            "KIP-497 AlterPartition (FENCED_LEADER_EPOCH, INVALID_UPDATE_VERSION)",
            Layer.CONTROLLER),

    /** Remove a fenced broker even when it is the last member of an ISR. */
    CONTROLLER_FENCE_EMPTIES_ISR("controller-fence-empties-isr",
            "remove a fenced broker from an ISR even when it is the last member — the ISR empties and the replica"
                    + " that holds every committed record is forgotten",
            "KIP-841 (the last ISR member stays; the partition waits leaderless for it)",
            Layer.CONTROLLER),

    /** No eligible leader replicas: the last ISR member is elected again after it lost its unflushed tail. */
    CONTROLLER_NO_ELR("controller-no-elr",
            "keep no eligible leader replicas and ignore unclean shutdowns — a replica that left the ISR below"
                    + " min.insync.replicas is forgotten, and the last ISR member, restarted after a crash that took its"
                    + " unflushed tail, is elected again: the others truncate what it lost, acknowledged writes included",
            "KIP-966 (eligible leader replicas; a broker's unclean shutdown removes it from the ISR and ELR)",
            Layer.CONTROLLER),

    /** A new follower truncates to its high watermark and fetches without its last epoch (pre-KIP-101). */
    REPL_TRUNCATE_TO_HW("repl-truncate-to-hw",
            "a replica that becomes follower truncates its log to its high watermark and fetches without its last"
                    + " fetched epoch, so the leader never checks for divergence — committed records are lost or"
                    + " replicas diverge",
            "KIP-101 (truncation by high watermark, both scenarios); KIP-279",
            Layer.REPLICATION),

    /** Truncate to the leader's end offset in one step when the follower never had the leader's epoch. */
    REPL_KIP279_NO_REVALIDATION("repl-no-kip279-revalidation",
            "a follower that never had the leader's epoch truncates to the leader's answer in one step instead of to"
                    + " the end of its own largest earlier epoch and asking again — a divergent batch can survive",
            "KIP-279 (fast leader fail-over: truncation validated round by round)",
            Layer.REPLICATION),

    /** A new epoch of the same leader keeps the old fetch position without validating it. */
    REPL_SAME_LEADER_SKIPS_VALIDATION("repl-same-leader-skips-validation",
            "a follower told of a new leader epoch whose leader id is unchanged keeps fetching without validating its"
                    + " log against the new epoch — what the leader lost in between survives on the follower",
            "KAFKA-7164",
            Layer.REPLICATION),

    /** Take the leader's high watermark from a diverging fetch answer before truncating. */
    REPL_HW_BEFORE_TRUNCATION("repl-hw-before-truncation",
            "a follower takes the leader's high watermark before truncating to the divergence point, unclamped — its"
                    + " high watermark passes its log end, and what it serves below it is not committed",
            "KAFKA-14704",
            Layer.REPLICATION),

    /** Serve requests whatever leader epoch they carry. */
    REPL_NO_LEADER_EPOCH_FENCING("repl-no-epoch-fencing",
            "serve produce, fetch and OffsetsForLeaderEpoch whatever leader epoch the request carries — clients and"
                    + " followers working from a stale epoch are not told to refresh",
            "KIP-320",
            Layer.REPLICATION),

    /** acks=all answered without the min.insync.replicas checks. */
    REPL_ACKS_ALL_WITHOUT_MIN_ISR("repl-acks-all-without-min-isr",
            "accept and acknowledge acks=all writes whatever the ISR's size — an ISR of the leader alone acknowledges"
                    + " what one crash then loses",
            "Kafka's min.insync.replicas (NOT_ENOUGH_REPLICAS, NOT_ENOUGH_REPLICAS_AFTER_APPEND)",
            Layer.REPLICATION),

    /** A new leader starts without the idempotent producers' sequence state. */
    REPL_PRODUCER_STATE_LOST("repl-producer-state-lost",
            "a replica that becomes leader forgets the producers' sequence state — a producer's retry of a batch the"
                    + " old leader appended (its answer lost) is appended again: duplicates",
            "KIP-98 (the leader's producer state covers the log it inherits; Kafka rebuilds it from snapshots and the"
                    + " log)",
            Layer.REPLICATION),

    /** A replica assigns offsets to produced records without being the leader of the current epoch. */
    REPL_OFFSETS_BEFORE_LEADERSHIP("repl-offsets-before-leadership",
            "a replica that is not (or no longer) the leader still appends produced records and assigns them offsets"
                    + " — the same offset holds different records on different replicas",
            "Kafka's Partition.appendRecordsToLeader (only the leader of the current epoch assigns offsets)",
            Layer.REPLICATION);

    /** Which part of the system a switch breaks, and so which simulated job can find it. */
    public enum Layer {
        /** The partition log and the single-copy log server: the durability job ({@code --job durability}). */
        LOG,
        /** The KRaft quorum: the quorum job ({@code --job quorum}). */
        RAFT,
        /**
         * The controller's state machine: its property test ({@code ControllerPropertyTest}) and the simulated jobs
         * that run it ({@code --job controller}, {@code --job cluster}).
         */
        CONTROLLER,
        /** Partition replication: the cluster job ({@code --job cluster}). */
        REPLICATION
    }

    private final String cliName;
    private final String description;
    private final String source;
    private final Layer layer;

    Mutation(String cliName, String description, String source, Layer layer) {
        this.cliName = cliName;
        this.description = description;
        this.source = source;
        this.layer = layer;
    }

    /** The part of the system it breaks. */
    public Layer layer() {
        return layer;
    }

    /** The name used on the command line ({@code --mutation NAME}). */
    public String cliName() {
        return cliName;
    }

    /** One line: what the switch breaks and what goes wrong. */
    public String description() {
        return description;
    }

    /** Where the bug or the rule is known from. */
    public String source() {
        return source;
    }

    /** Looks a switch up by its command-line name (case-insensitive); {@code null} if there is none. */
    public static Mutation byCliName(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (Mutation m : values()) {
            if (m.cliName.equals(wanted)) {
                return m;
            }
        }
        return null;
    }
}
