import sqlite3

import pytest

from tools.jobs.cache import request_key, segment_key
from tools.jobs.ledger import Ledger
from tools.jobs.migrations import MIGRATIONS


def test_migrations_are_recorded_and_applied_once(tmp_path):
    Ledger.in_data_dir(tmp_path).close()
    ledger = Ledger.in_data_dir(tmp_path)
    ledger.close()
    db = sqlite3.connect(tmp_path / "ledger.sqlite3")
    names = [r[0] for r in db.execute("SELECT name FROM _migrations")]
    assert names == [name for name, _ in MIGRATIONS]
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_job_survives_reopening_the_ledger(tmp_path):
    ledger = Ledger.in_data_dir(tmp_path)
    ledger.create_job("job_1", input="/x/clip.mp4", output_dir="/x", cache_key="k")
    ledger.add_segment("job_1", 0, 0.0, 5.0)
    ledger.update_segment("job_1", 0, status="queued", request_id="req-1")
    ledger.update_job("job_1", status="queued")
    ledger.close()
    again = Ledger.in_data_dir(tmp_path)
    assert [r["id"] for r in again.unfinished_jobs()] == ["job_1"]
    assert again.segments("job_1")[0]["request_id"] == "req-1"
    assert again.job_by_cache_key("k", ("queued",))["id"] == "job_1"


def test_unknown_columns_are_refused(tmp_path):
    ledger = Ledger.in_data_dir(tmp_path)
    with pytest.raises(ValueError):
        ledger.create_job("j", input="x", output_dir="y", nonsense=1)


def test_spend_is_counted_per_day_and_per_job(tmp_path):
    ledger = Ledger.in_data_dir(tmp_path)
    ledger.create_job("a", input="x", output_dir="y")
    ledger.record_spend(0.035, job_id="a", request_id="r1")
    ledger.record_spend(0.035, job_id="a", request_id="r2")
    assert ledger.spent_today() == pytest.approx(0.07)
    assert ledger.job_cost("a") == pytest.approx(0.07)
    assert ledger.job_cost("b") == 0


def test_a_completed_segment_is_reusable_only_while_its_audio_exists(tmp_path):
    ledger = Ledger.in_data_dir(tmp_path)
    ledger.create_job("a", input="x", output_dir="y")
    audio = tmp_path / "a.mp3"
    audio.write_bytes(b"mp3")
    ledger.add_segment("a", 0, 0, 5, cache_key="seg", status="completed", audio_path=str(audio))
    assert ledger.completed_segment("seg")["job_id"] == "a"
    audio.unlink()
    assert ledger.completed_segment("seg") is None


def test_cache_keys_change_with_any_input():
    base = request_key("pic", "steps", "piano", False)
    assert base == request_key("pic", "steps", "piano", False)
    assert (
        len(
            {
                base,
                request_key("pic2", "steps", "piano", False),
                request_key("pic", "step", "piano", False),
                request_key("pic", "steps", "piano", True),
                request_key("pic", "steps", "", False),
            }
        )
        == 5
    )
    assert segment_key("p", 0, 20, "a", "b", False) != segment_key("p", 19, 39, "a", "b", False)


def test_a_job_held_by_a_live_process_cannot_be_claimed_by_another(tmp_path):
    ledger = Ledger.in_data_dir(tmp_path)
    ledger.create_job("a", input="x", output_dir="y")
    assert ledger.claim_job("a", "host:1:aa", stale_after_s=60, alive=lambda owner: True)
    assert not ledger.claim_job("a", "host:2:bb", stale_after_s=60, alive=lambda owner: True)
    # a holder that died, or stopped beating, loses the job
    assert ledger.claim_job("a", "host:2:bb", stale_after_s=60, alive=lambda owner: False)
    assert ledger.claim_job("a", "host:3:cc", stale_after_s=0, alive=lambda owner: True)
    ledger.release_jobs("host:3:cc")
    assert ledger.claim_job("a", "host:4:dd", stale_after_s=60, alive=lambda owner: True)


def test_a_migration_that_would_commit_early_is_refused_and_not_recorded(tmp_path, monkeypatch):
    from tools.jobs import migrations

    def sneaky(db):
        db.executescript("CREATE TABLE extra (x INTEGER);")  # commits the migrations' transaction

    monkeypatch.setattr(migrations, "MIGRATIONS", [*MIGRATIONS, ("999_sneaky", sneaky)])
    with pytest.raises(RuntimeError, match="999_sneaky"):
        Ledger.in_data_dir(tmp_path)
    db = sqlite3.connect(tmp_path / "ledger.sqlite3")
    assert "999_sneaky" not in {r[0] for r in db.execute("SELECT name FROM _migrations")}


def test_a_process_that_lost_its_lease_or_whose_job_was_cancelled_may_not_submit(tmp_path):
    ledger = Ledger.in_data_dir(tmp_path)
    ledger.create_job("a", input="x", output_dir="y")
    ledger.add_segment("a", 0, 0, 5)
    assert ledger.claim_job("a", "host:1:aa", stale_after_s=60, alive=lambda owner: True)
    # host:1 stopped renewing; host:2 takes the job up once the lease lapsed
    assert ledger.claim_job("a", "host:2:bb", stale_after_s=0, alive=lambda owner: True)
    assert not ledger.begin_submit("a", 0, "host:1:aa", upload_url="u", lead_s=0.0)
    assert ledger.segments("a")[0]["status"] == "preparing"
    assert ledger.heartbeat("host:1:aa") == set() and ledger.heartbeat("host:2:bb") == {"a"}
    ledger.update_job("a", status="cancelled")
    assert not ledger.begin_submit("a", 0, "host:2:bb", upload_url="u", lead_s=0.0)
    assert ledger.heartbeat("host:2:bb") == set()  # its server stops working on it


def test_a_failed_job_is_taken_up_again_only_when_its_paid_result_can_still_be_fetched(tmp_path):
    ledger = Ledger.in_data_dir(tmp_path)
    for job_id, code in (("kept", "result_not_fetched"), ("refused", "fal_validation")):
        ledger.create_job(
            job_id, input="x", output_dir="y", status="failed", error_json=f'{{"code":"{code}"}}'
        )
    reopen = frozenset({"result_not_fetched"})
    assert not ledger.claim_job("refused", "h:1:a", stale_after_s=8, alive=lambda o: True, reopen=reopen)
    assert ledger.claim_job("kept", "h:1:a", stale_after_s=8, alive=lambda o: True, reopen=reopen)
    assert ledger.job("kept")["status"] == "running" and ledger.job("kept")["error_json"] is None
    # a second live process does not take it up as well
    assert not ledger.claim_job("kept", "h:2:b", stale_after_s=8, alive=lambda o: True, reopen=reopen)
