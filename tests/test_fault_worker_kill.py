"""A task worker killed (SIGKILL) while its mail server hangs, mid-send:
another worker takes the send over once TASK_LEASE_SECONDS has passed and
the recipient gets the mail once, with the Message-ID of the first try
(bench/fault_worker_kill.py runs it and prints the figures, which this test
shows with -s).

Real processes on a database of their own: a temporary SQLite file, or, when
DATABASE_URL points at PostgreSQL (as in CI's second run), a throwaway
database on that server, dropped afterwards. The mail servers are threads of
this process: one that never answers, one that keeps what it is sent. With
the sweep of stranded tasks broken, the send is never taken over; with a
new Message-ID at each try, the copy could not be recognised. About 20 s
(a migrate, then the 6 s lease).
"""

import os

from bench.fault_worker_kill import report, run

DATABASE = "postgresql" if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) else "sqlite"
LEASE = 6


def test_a_worker_killed_mid_send_is_taken_over_after_the_lease_and_mails_once():
    result = run(DATABASE, lease=LEASE)
    print(report(result))

    # Worker A died on the silent server, before any DATA: it sent nothing and recorded nothing.
    assert result["issued_status"] == "queued"
    assert result["a_exit"] == -9
    assert result["silent_connections"] == 1
    assert result["left_by_a"] == {"status": "sending", "attempts": 1}

    # Worker B sent it once, after the lease, with the Message-ID made at the first try.
    delivery = result["delivery"]
    assert result["messages"] == 1, result["message_ids"]
    assert result["first_message_id"], "worker A's claim made no Message-ID"
    assert result["message_ids"] == [result["first_message_id"]] == [delivery["message_id"]]
    assert result["to"] == ["phongnn@example.gov.vn"]
    assert delivery["status"] == "sent" and delivery["error"] == ""
    assert delivery["attempts"] == 2
    assert delivery["interrupted_at"] and delivery["interrupted_is_first_claim"]
    assert not delivery["claimed_at"]
    # Not before the claim's lease had run out, and not long after.
    assert LEASE - result["killed_after"] - 0.5 < result["resent_after"] < LEASE + 2 * result["sweep_interval"] + 10

    # The task killed with its worker was claimed again and ended well. (If
    # worker B took the task back in the few ms before the delivery's own
    # lease ran out, that run found the send still claimed, and the sweep of
    # deliveries queued a second task, which sent it.)
    tasks = result["tasks"]
    assert 1 <= len(tasks) <= 2, tasks
    assert [t["status"] for t in tasks] == ["SUCCESSFUL"] * len(tasks), tasks
    assert tasks[0]["claims"] == 2 and tasks[-1]["returned"] == "sent", tasks
    assert result["log_b_tracebacks"] == 0
