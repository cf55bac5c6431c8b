import os
from pathlib import Path

import pytest

from tools.config import load_config
from tools.errors import ConfigError


def test_defaults_apply_when_the_environment_is_empty():
    config = load_config({})
    assert config.fal_key is None and not config.has_key
    assert config.wait_seconds == 40
    assert config.daily_budget_usd == 5
    assert config.max_concurrency == 4
    assert config.allowed_dirs == (Path.home(),)


def test_every_variable_is_read(tmp_path):
    env = {
        "FAL_KEY": "k-123",
        "KLING_V2A_OUTPUT_DIR": str(tmp_path / "out"),
        "KLING_V2A_ALLOWED_DIRS": os.pathsep.join([str(tmp_path / "a"), str(tmp_path / "b")]),
        "KLING_V2A_DATA_DIR": str(tmp_path / "data"),
        "KLING_V2A_FAL_URL": "http://127.0.0.1:9/",
        "KLING_V2A_WAIT_SECONDS": "0",
        "KLING_V2A_DAILY_BUDGET_USD": "1.5",
        "KLING_V2A_MAX_CONCURRENCY": "2",
    }
    config = load_config(env)
    assert config.fal_key == "k-123"
    assert config.output_dir == tmp_path / "out"
    assert config.allowed_dirs == (tmp_path / "a", tmp_path / "b")
    assert config.data_dir == tmp_path / "data"
    assert config.fal_url == "http://127.0.0.1:9"
    assert config.wait_seconds == 0
    assert config.daily_budget_usd == 1.5
    assert config.max_concurrency == 2


def test_key_id_and_secret_make_a_key():
    assert load_config({"FAL_KEY_ID": "id", "FAL_KEY_SECRET": "secret"}).fal_key == "id:secret"


def test_the_key_never_shows_in_repr_or_description():
    config = load_config({"FAL_KEY": "super-secret-value"})
    assert "super-secret-value" not in repr(config)
    assert "super-secret-value" not in str(config.describe())
    assert config.describe()["FAL_KEY"] == "set"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("KLING_V2A_WAIT_SECONDS", "soon"),
        ("KLING_V2A_MAX_CONCURRENCY", "0"),
        ("KLING_V2A_FAL_URL", "ftp://x"),
    ],
)
def test_a_bad_variable_names_itself(name, value):
    with pytest.raises(ConfigError) as err:
        load_config({name: value})
    assert name in str(err.value)
