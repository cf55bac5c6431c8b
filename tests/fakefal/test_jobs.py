"""The request lifecycle and fault bookkeeping of the fake, on a clock the test controls."""

from __future__ import annotations

import pytest

from tests.fakefal.faults import Faults
from tests.fakefal.jobs import Job


def _job(latency: float = 1.0, **changes: object) -> Job:
    job = Job(
        request_id="r1", arguments={}, effective={}, submitted_at=0.0, latency=latency, video_seconds=4.0
    )
    for name, value in changes.items():
        setattr(job, name, value)
    return job


def _statuses(job: Job, times: list[float]) -> list[str]:
    return [job.poll(now, with_logs=True)[1]["status"] for now in times]


def test_a_request_polled_late_still_reports_every_phase_in_order():
    assert _statuses(_job(latency=0.0), [5.0, 5.0, 5.0]) == ["IN_QUEUE", "IN_PROGRESS", "COMPLETED"]


def test_the_phases_follow_the_latency_clock():
    # latency 1.0: queued for the first 0.3 s, then running for 0.7 s.
    assert _statuses(_job(), [0.1, 0.2, 0.4, 0.9, 1.2]) == [
        "IN_QUEUE", "IN_QUEUE", "IN_PROGRESS", "IN_PROGRESS", "COMPLETED",
    ]  # fmt: skip


def test_queued_and_running_answer_202_and_completed_answers_200():
    job = _job(latency=0.0)
    assert [job.poll(1.0, with_logs=False)[0] for _ in range(3)] == [202, 202, 200]


def test_log_lines_accumulate_while_running_and_are_all_there_at_the_end():
    job = _job()
    job.poll(0.0, with_logs=True)
    counts = [len(job.poll(now, with_logs=True)[1]["logs"]) for now in (0.35, 0.7, 0.95, 2.0)]
    assert counts == sorted(counts)
    assert counts[0] >= 1 and counts[-1] == 4


def test_without_logs_the_logs_key_is_present_but_null():
    job = _job(latency=0.0)
    job.poll(0.0, with_logs=False)
    assert job.poll(0.0, with_logs=False)[1]["logs"] is None


def test_a_held_request_runs_until_released():
    job = _job(latency=0.0, hold=True)
    assert _statuses(job, [1.0, 50.0, 100.0]) == ["IN_QUEUE", "IN_PROGRESS", "IN_PROGRESS"]
    job.released = True
    assert _statuses(job, [100.0]) == ["COMPLETED"]
    assert job.charged


def test_a_slow_queue_counts_down_its_position_poll_by_poll():
    job = _job(latency=0.0, queue_polls=3)
    bodies = [job.poll(9.0, with_logs=False)[1] for _ in range(4)]
    assert [body.get("queue_position") for body in bodies] == [3, 2, 1, None]
    assert bodies[-1]["status"] == "IN_PROGRESS"


def test_a_cancelled_request_completes_at_once_with_a_client_cancelled_error():
    job = _job()
    job.poll(0.0, with_logs=True)
    assert job.cancel(0.1)
    code, body = job.poll(0.2, with_logs=True)
    assert (code, body["status"], body["error_type"]) == (200, "COMPLETED", "client_cancelled")
    assert not job.charged


def test_a_finished_request_cannot_be_cancelled():
    job = _job(latency=0.0)
    job.advance(1.0)
    job.advance(1.0)
    assert job.cancel(1.0) is False


def test_a_fault_with_times_switches_itself_off_after_that_many_uses():
    faults = Faults()
    faults.set("rate_limit_then_ok", times=2)
    assert [faults.take("rate_limit_then_ok") is not None for _ in range(3)] == [True, True, False]


def test_a_fault_aimed_at_one_call_leaves_other_calls_alone():
    faults = Faults()
    faults.set("infra_error", call="status")
    assert faults.take("infra_error", "submit") is None
    assert faults.take("infra_error", "status") is not None
    assert faults.active() == {}


@pytest.mark.parametrize("when", ["sometime", ""])
def test_drop_connection_accepts_only_before_or_after(when: str):
    with pytest.raises(ValueError):
        Faults().set("drop_connection", when=when)
