"""The domain's sentences speak to an assistant calling MCP tools; in a terminal they name kling-v2a commands.

Every message, hint and next step the CLI shows (as text or in --json) goes through `for_cli`, so a new sentence
that names a tool, a tool parameter or the client's config reads right in a terminal without a change here.
"""

from __future__ import annotations

import re

from pydantic import BaseModel

# (pattern, replacement), applied in order: whole phrases first, then single names.
_PHRASES: list[tuple[str, str]] = [
    (
        r"call get_job with job_id '?(\w+)'? and wait_seconds \d+ to wait for it; "
        r"the job keeps running in the server in the meantime",
        r"run kling-v2a jobs wait \1 to wait for it; the job stays in the ledger in the meantime",
    ),
    (
        r"call get_job with (?:its )?job_id '?(\w+)'?(?: and wait_seconds[= ]\d+)?",
        r"run kling-v2a jobs wait \1",
    ),
    (r" \(pass this result's analysis[^)]*\)", ""),  # kling-v2a lint takes no inspection
    (r"call score_video again with reuse=false", "run kling-v2a score again with --no-reuse"),
    (r"pass reuse=false", "run again with --no-reuse"),
    (r"with reuse=false", "with --no-reuse"),
    (r"\bcall again\b", "run again"),
    (r"\bcall (?=(?:score_video|get_job|list_jobs|cancel_job|inspect_video|lint_prompt)\b)", "run "),
    (r"(?:retried|tried again) with score_video", "tried again with kling-v2a score"),
    (r'lint="fix"', "--lint fix"),
    (r"original_audio=['\"]?(replace|mix|duck)['\"]?", r"--original \1"),
    (r"(?<=[( ])'(replace|mix|duck)'", r"\1"),  # the other modes named after it: "(or 'mix')"
    (r"\bloudness_lufs\b", "--loudness"),
    # The CLI reads relative paths from the folder it runs in.
    (r"an absolute path, a path starting with ~, or a URL", "a path or a URL"),
    (r"an absolute path, or one starting with ~", "a path that exists"),
    (r"(?:pass |set )?another output_dir", "pass another --out folder"),
    (r"\boutput_dir\b", "--out"),
    (r"the server's environment", "this shell's environment"),
    (r"restart the client", "run kling-v2a doctor"),
]
_TOOLS = {
    "score_video": "kling-v2a score",
    "get_job": "kling-v2a jobs show",
    "list_jobs": "kling-v2a jobs list",
    "cancel_job": "kling-v2a jobs cancel",
    "inspect_video": "kling-v2a inspect",
    "lint_prompt": "kling-v2a lint",
}
_TOOL_NAME = re.compile(r"\b(" + "|".join(_TOOLS) + r")\b")


def for_cli(text: str) -> str:
    """A sentence for a terminal: tool calls become kling-v2a commands, tool parameters become flags."""
    if not text:
        return text
    for pattern, replacement in _PHRASES:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    text = _TOOL_NAME.sub(lambda m: _TOOLS[m.group(1)], text)
    # A sentence that now starts with one of the words put in stays capitalised.
    return re.sub(r"(^|[.!?]\s+)(run|pass) ", lambda m: m.group(1) + m.group(2).capitalize() + " ", text)


def model_for_cli(model: BaseModel) -> BaseModel:
    """A result model whose messages, hints and next steps read as CLI sentences (for --json)."""
    data = model.model_dump(mode="json")
    return type(model).model_validate(_rewrite(data))


_TEXT_KEYS = {"message", "hint", "next_step", "note"}


def _rewrite(value: object, key: str = "") -> object:
    if isinstance(value, dict):
        return {k: _rewrite(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_rewrite(v, key) for v in value]
    if isinstance(value, str) and key in _TEXT_KEYS:
        return for_cli(value)
    return value
