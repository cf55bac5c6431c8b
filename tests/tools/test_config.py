import os
import re
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
        "KLING_V2A_MAX_INPUT_SECONDS": "90",
        "KLING_V2A_HTTP_TOKEN": "t-456",
        "KLING_V2A_HTTP_ALLOWED_HOSTS": "v2a.example.org, other.example.org",
        "KLING_V2A_LOUDNESS_LUFS": "-14",
        "KLING_V2A_INPUTS_CAP_MB": "500",
        "KLING_V2A_UPLINK_MBPS": "12.5",
        "KLING_V2A_HTTP_TOKENS_FILE": str(tmp_path / "people.json"),
        "KLING_V2A_OAUTH_ISSUER": "https://id.example.org",
        "KLING_V2A_OAUTH_JWKS_URL": "https://id.example.org/keys",
        "KLING_V2A_OAUTH_RESOURCE": "https://v2a.example.org/mcp",
        "KLING_V2A_OAUTH_AUDIENCE": "kling-v2a",
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
    assert config.max_input_seconds == 90
    assert config.uplink_mbps == 12.5
    assert config.http_token == "t-456"
    assert config.http_allowed_hosts == ("v2a.example.org", "other.example.org")
    assert config.loudness_lufs == -14
    assert config.inputs_cap_mb == 500
    assert config.http_tokens_file == tmp_path / "people.json"
    assert config.oauth is not None and config.oauth.jwks_url == "https://id.example.org/keys"
    assert (config.oauth.issuer, config.oauth.audience) == ("https://id.example.org", "kling-v2a")
    assert set(config.describe()) == set(env)


@pytest.mark.parametrize("raw", ["loud", "-3", "-60"])
def test_a_loudness_target_out_of_range_names_the_targets_people_use(raw):
    with pytest.raises(ConfigError) as caught:
        load_config({"KLING_V2A_LOUDNESS_LUFS": raw})
    assert "KLING_V2A_LOUDNESS_LUFS" in caught.value.message and "-14" in (caught.value.hint or "")


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


# The variables DESIGN.md's configuration table names: the contract README and clients rely on.
DESIGN_VARIABLES = {
    "FAL_KEY",
    "KLING_V2A_OUTPUT_DIR",
    "KLING_V2A_ALLOWED_DIRS",
    "KLING_V2A_DATA_DIR",
    "KLING_V2A_FAL_URL",
    "KLING_V2A_WAIT_SECONDS",
    "KLING_V2A_DAILY_BUDGET_USD",
    "KLING_V2A_MAX_CONCURRENCY",
}


def readme_variables() -> set[str]:
    """The variables in the first column of README's Configuration table."""
    text = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = text.split("\n## Configuration\n", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `([A-Z][A-Z0-9_]+)` \|", section, flags=re.M))


def test_readme_documents_exactly_the_variables_the_config_reads():
    documented = readme_variables()
    assert documented >= DESIGN_VARIABLES
    assert documented == set(load_config({}).describe())


def test_the_default_folders_are_named_after_the_project():
    config = load_config({})
    assert config.output_dir.name == "kling-v2a" and config.data_dir.name == "kling-v2a"


def test_an_identity_provider_needs_its_issuer_keys_and_resource_together():
    with pytest.raises(ConfigError) as missing:
        load_config({"KLING_V2A_OAUTH_ISSUER": "https://id.example.org"})
    assert "KLING_V2A_OAUTH_JWKS_URL" in missing.value.message
    with pytest.raises(ConfigError):
        load_config(
            {
                "KLING_V2A_OAUTH_ISSUER": "https://id.example.org",
                "KLING_V2A_OAUTH_JWKS_URL": "file:///etc/keys",
                "KLING_V2A_OAUTH_RESOURCE": "https://v2a.example.org/mcp",
            }
        )
    with pytest.raises(ConfigError, match="plain http"):
        load_config(
            {
                "KLING_V2A_OAUTH_ISSUER": "https://id.example.org",
                "KLING_V2A_OAUTH_JWKS_URL": "http://id.example.org/keys",
                "KLING_V2A_OAUTH_RESOURCE": "https://v2a.example.org/mcp",
            }
        )
    oauth = load_config(
        {
            "KLING_V2A_OAUTH_ISSUER": "https://id.example.org",
            "KLING_V2A_OAUTH_JWKS_URL": "https://id.example.org/keys",
            "KLING_V2A_OAUTH_RESOURCE": "https://v2a.example.org/mcp",
        }
    ).oauth
    assert oauth is not None and oauth.audience == "https://v2a.example.org/mcp"
