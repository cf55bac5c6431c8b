import stat

import pytest

from tools.errors import ConfigError, InputError
from tools.people.scope import folder_name, person_folder, scoped_picture
from tools.people.store import PeopleStore, token_hash


def test_a_token_is_shown_once_and_only_its_hash_is_kept(tmp_path):
    store = PeopleStore(tmp_path / "tokens.json")
    assert not store.exists() and store.find("anything") is None
    token = store.add("alice", 2.5)
    text = store.path.read_text()
    assert token not in text and token_hash(token) in text
    assert stat.S_IMODE(store.path.stat().st_mode) == 0o600
    found = store.find(token)
    assert found is not None and (found.name, found.budget_usd) == ("alice", 2.5)
    assert store.find(token + "x") is None and store.find("") is None


def test_another_process_revoking_a_token_is_seen_on_the_next_lookup(tmp_path):
    server, cli = PeopleStore(tmp_path / "tokens.json"), PeopleStore(tmp_path / "tokens.json")
    token = cli.add("bob")
    assert server.find(token) is not None
    cli.revoke("bob")
    assert server.find(token) is None and server.exists() and server.people() == []
    with pytest.raises(InputError, match="Nobody named"):
        cli.revoke("bob")


@pytest.mark.parametrize("name", ["", "a b", "../x", ".hidden", "x" * 41, "team"])
def test_names_that_could_not_be_a_folder_or_clash_with_team_are_refused(tmp_path, name):
    with pytest.raises(InputError):
        PeopleStore(tmp_path / "tokens.json").add(name)
    assert not (tmp_path / "tokens.json").exists()


def test_a_person_cannot_be_added_twice_and_a_damaged_file_says_so(tmp_path):
    store = PeopleStore(tmp_path / "tokens.json")
    store.add("carol")
    with pytest.raises(InputError, match="already has a token"):
        store.add("carol")
    store.path.write_text("{not json")
    with pytest.raises(ConfigError, match="not a kling-v2a tokens file"):
        store.find("x")


def test_people_have_their_own_folders_and_keys(tmp_path):
    assert person_folder(tmp_path, None) == tmp_path
    assert person_folder(tmp_path, "alice") == tmp_path / "alice"
    odd = folder_name("auth0|5f/../x")
    assert "/" not in odd and odd.startswith("auth0-5f") and odd != folder_name("auth0|5f/../y")
    assert folder_name("..") not in (".", "..") and "/" not in folder_name("..")
    assert scoped_picture("abc", None) == "abc"
    assert len({scoped_picture("abc", None), scoped_picture("abc", "a"), scoped_picture("abc", "b")}) == 3
