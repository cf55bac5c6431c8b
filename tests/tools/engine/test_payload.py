import pytest

from tools.engine.payload import build_arguments, log_lines, map_http_error, parse_result
from tools.errors import (
    FalAuthError,
    FalRateLimited,
    FalResultError,
    FalServerError,
    FalValidationError,
)


def test_both_prompts_are_always_sent_even_when_empty():
    args = build_arguments("https://x/v.mp4", "", "", False)
    assert args == {
        "video_url": "https://x/v.mp4",
        "sound_effect_prompt": "",
        "background_music_prompt": "",
        "asmr_mode": False,
    }


def test_a_result_unpacks_to_video_and_audio_urls():
    result = parse_result(
        {"video": {"url": "https://c/v.mp4", "file_size": 12}, "audio": {"url": "https://c/a.mp3"}}
    )
    assert result.video.url == "https://c/v.mp4" and result.video.file_size == 12
    assert result.audio.url == "https://c/a.mp3"


@pytest.mark.parametrize("body", [None, [], {"video": {"url": "x"}}, {"video": {}, "audio": {"url": "y"}}])
def test_a_malformed_result_is_a_result_error(body):
    with pytest.raises(FalResultError):
        parse_result(body)


def test_a_422_names_the_field_and_why():
    detail = [
        {
            "loc": ["body", "video_url"],
            "msg": "Video duration must be at least 3 seconds",
            "type": "value_error",
        }
    ]
    err = map_http_error(422, detail, None, during="submitting the request")
    assert isinstance(err, FalValidationError)
    assert "video_url: Video duration must be at least 3 seconds" in err.message


@pytest.mark.parametrize(
    ("status", "error_type", "kind"),
    [
        (401, None, FalAuthError),
        (403, None, FalAuthError),
        (429, None, FalRateLimited),
        (504, "request_timeout", FalServerError),
        (503, "runner_unavailable", FalServerError),
        (500, "internal_error", FalServerError),
    ],
)
def test_http_errors_map_to_errors_that_say_what_to_do(status, error_type, kind):
    err = map_http_error(status, "boom", error_type, during="submitting the request")
    assert isinstance(err, kind)
    assert err.hint


def test_an_expired_result_file_says_to_regenerate():
    err = map_http_error(404, "not found", None, during="downloading the result")
    assert isinstance(err, FalResultError) and "expired" in err.message and "reuse=false" in err.hint


def test_log_lines_keep_messages_in_order():
    assert log_lines([{"message": "a"}, {"message": ""}, {"x": 1}, {"message": " b "}]) == ["a", "b"]
    assert log_lines(None) == []


def test_a_server_error_on_the_result_means_the_model_failed():
    err = map_http_error(500, "crashed", "internal_server_error", during="fetching the result")
    assert isinstance(err, FalResultError) and "model failed" in err.message
