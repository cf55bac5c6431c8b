import os

import pytest

from tools.errors import BadUrl, InputNotFound, PathNotAllowed
from tools.paths import check_url, is_url, resolve_input, resolve_output_dir


@pytest.fixture
def allowed(tmp_path):
    root = tmp_path / "home"
    root.mkdir()
    return root


def test_a_file_inside_an_allowed_folder_resolves(allowed):
    clip = allowed / "clip.mp4"
    clip.write_bytes(b"x")
    assert resolve_input(str(clip), (allowed,)) == clip.resolve()


def test_a_file_outside_the_allowed_folders_is_refused(tmp_path, allowed):
    clip = tmp_path / "elsewhere.mp4"
    clip.write_bytes(b"x")
    with pytest.raises(PathNotAllowed) as err:
        resolve_input(str(clip), (allowed,))
    assert "KLING_V2A_ALLOWED_DIRS" in err.value.hint


def test_a_symlink_pointing_outside_is_refused(tmp_path, allowed):
    target = tmp_path / "secret.mp4"
    target.write_bytes(b"x")
    link = allowed / "innocent.mp4"
    os.symlink(target, link)
    with pytest.raises(PathNotAllowed):
        resolve_input(str(link), (allowed,))


def test_hidden_folders_are_never_read(allowed):
    hidden = allowed / ".ssh"
    hidden.mkdir()
    (hidden / "id.mp4").write_bytes(b"x")
    with pytest.raises(PathNotAllowed) as err:
        resolve_input(str(hidden / "id.mp4"), (allowed,))
    assert ".ssh" in err.value.message


def test_relative_and_missing_paths_say_what_to_pass(allowed):
    with pytest.raises(InputNotFound) as err:
        resolve_input("clip.mp4", (allowed,))
    assert "absolute" in err.value.hint
    with pytest.raises(InputNotFound):
        resolve_input(str(allowed / "nope.mp4"), (allowed,))


def test_output_dir_must_be_allowed_and_is_created(tmp_path, allowed):
    out = resolve_output_dir(str(allowed / "results"), (allowed,))
    assert out.is_dir()
    with pytest.raises(PathNotAllowed):
        resolve_output_dir(str(tmp_path / "outside"), (allowed,))


@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/a.mp4", "javascript:alert(1)"])
def test_only_http_urls_are_accepted(url):
    assert is_url(url)
    with pytest.raises(BadUrl):
        check_url(url)


def test_paths_are_not_mistaken_for_urls():
    assert not is_url("/home/me/clip.mp4")
    assert not is_url("~/clip.mp4")
    assert is_url("https://example.com/clip.mp4")
