"""Short human-readable text for tool results; the structured output carries the full data."""

from __future__ import annotations

from pathlib import Path

from mcp.types import CallToolResult, ContentBlock, ResourceLink, TextContent
from pydantic import BaseModel

from tools.models import ScoreJob

_VIDEO_TYPES = {
    ".mp4": "video/mp4",
    ".mov": "video/quicktime",
    ".mkv": "video/x-matroska",
    ".webm": "video/webm",
    ".avi": "video/x-msvideo",
}


def video_mime(path: str) -> str:
    """The MIME type of a scored video, from its container (the same as the input's)."""
    return _VIDEO_TYPES.get(Path(path).suffix.lower(), "application/octet-stream")


def _file_link(job_id: str, which: str, path: str, description: str) -> ResourceLink:
    """A link to a result file that resources/read serves (over stdio and HTTP alike); the text gives its path."""
    p = Path(path)
    mime = "audio/mpeg" if which == "audio" else video_mime(path)
    return ResourceLink(
        type="resource_link",
        uri=f"kling-v2a://jobs/{job_id}/{which}",
        name=p.name,
        mime_type=mime,
        description=f"{description}, at {p}",
    )


def job_text(job: ScoreJob) -> str:
    """One or two sentences on a job."""
    head = f"Job {job.job_id}: {job.status}"
    if job.status not in ("completed", "failed", "cancelled"):
        head += f" ({round(job.progress.fraction * 100)}%: {job.progress.message})"
    lines = [head + "."]
    if job.prompts_sent is not None:
        p = job.prompts_sent
        lines.append(
            f'Sent: sound_effect_prompt="{p.sound_effect_prompt}", '
            f'background_music_prompt="{p.background_music_prompt}", asmr_mode={str(p.asmr_mode).lower()}.'
        )
    for take in job.takes:
        sent = take.prompts_sent
        prompts = f' sfx="{sent.sound_effect_prompt}" music="{sent.background_music_prompt}"' if sent else ""
        where = f" -> {take.video_path}" if take.video_path else ""
        why = f" ({take.error.message})" if take.error else ""
        lines.append(f"Take {take.index}: {take.status}{prompts}{where}{why}")
    if job.video_path:
        lines.append(f"Video: {job.video_path}")
    if job.audio_path:
        lines.append(f"MP3: {job.audio_path}")
    if job.cost_usd or job.cached:
        lines.append("Cost: cached, no new charge." if job.cached else f"Cost: USD {job.cost_usd:.3f}.")
    if job.lint is not None and job.lint.findings:
        codes = ", ".join(sorted({f.rule for f in job.lint.findings}))
        lines.append(f"Prompt lint: {codes} (see lint in the structured result).")
    if job.error is not None:
        lines.append(f"Error [{job.error.code}]: {job.error.message} {job.error.hint}".strip())
    lines.append(job.next_step)
    return "\n".join(lines)


def job_result(job: ScoreJob) -> CallToolResult:
    """A ScoreJob as text, links to its files, and structured content."""
    content: list[ContentBlock] = [TextContent(type="text", text=job_text(job))]
    if job.video_path:
        content.append(
            _file_link(job.job_id, "video", job.video_path, "the original picture with the new soundtrack")
        )
    if job.audio_path:
        content.append(_file_link(job.job_id, "audio", job.audio_path, "the generated soundtrack"))
    return structured(job, content)


def structured(model: BaseModel, content: list[ContentBlock]) -> CallToolResult:
    """A CallToolResult with the model as structured content."""
    return CallToolResult(content=content, structured_content=model.model_dump(mode="json"))
