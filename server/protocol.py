"""Where this server answers the protocol differently from the SDK's MCPServer defaults.

- prompts/get of an unknown prompt or without a required argument is a -32602 (invalid params), not error code 0
  with a traceback in the log;
- a resource handler may name the MIME type of what it read (a scored video is MP4, MOV, MKV, WebM or AVI, like its
  input), so that resources/read says what the result's link says;
- tools/list carries compact output schemas (see server/schemas.py): the full ones cost an assistant 40 KB of
  context on every connection, and every result still validates against the compact ones;
- a tool error reads "[code] message hint", as README shows, without the SDK's "Error executing tool ..." prefix.
"""

from __future__ import annotations

import logging
from contextvars import ContextVar
from dataclasses import replace
from typing import Any

from mcp.server.lowlevel.helper_types import ReadResourceContents
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ResourceError
from mcp.shared.exceptions import MCPError
from mcp.types import CallToolResult, TextContent
from mcp.types import Tool as MCPTool

from server.schemas import compact_input_schema, compact_schema
from tools.errors import KlingError

log = logging.getLogger(__name__)

INVALID_PARAMS = -32602

# Set by a resource handler that knows the type of what it read; read_resource puts it on the contents. The
# handler must be async: it then runs in the reading task itself, so the value it sets is seen here.
_READ_MIME: ContextVar[str | None] = ContextVar("kling_v2a_read_mime", default=None)


def resource_mime(mime: str) -> None:
    """Call from an async resource handler: what it returns has this MIME type."""
    _READ_MIME.set(mime)


def tool_error(exc: KlingError) -> CallToolResult:
    """A tool result with is_error set: "[code] message hint", nothing more."""
    text = f"[{exc.code}] {exc.message} {exc.hint}".strip()
    log.info("tool call failed: %s", text)
    return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)


class KlingServer(MCPServer[Any]):
    """MCPServer with the answers above."""

    # Folders of the server's own (the data folder with the ledger) that no error may name: set when serving
    # over HTTP, where the people calling have no business with the server's disk.
    private_folders: tuple[str, ...] = ()

    def scrub(self, text: str) -> str:
        """Text with the server's own folders named by what they are, not by their paths."""
        for folder in sorted(self.private_folders, key=len, reverse=True):
            text = text.replace(folder, "the server's data folder")
        return text

    async def call_tool(
        self, name: str, arguments: dict[str, Any], context: Context[Any, Any] | None = None
    ) -> Any:
        result = await super().call_tool(name, arguments, context)
        if self.private_folders and isinstance(result, CallToolResult) and result.is_error:
            content = [
                c.model_copy(update={"text": self.scrub(c.text)}) if isinstance(c, TextContent) else c
                for c in result.content
            ]
            return result.model_copy(update={"content": content})
        return result

    async def list_tools(self) -> list[MCPTool]:
        tools = await super().list_tools()
        return [
            t.model_copy(
                update={
                    "input_schema": compact_input_schema(t.input_schema),
                    "output_schema": compact_schema(t.output_schema) if t.output_schema else None,
                }
            )
            for t in tools
        ]

    async def get_prompt(
        self, name: str, arguments: dict[str, Any] | None = None, context: Context[Any, Any] | None = None
    ) -> Any:
        prompts = {p.name: p for p in await self.list_prompts()}
        prompt = prompts.get(name)
        if prompt is None:
            offered = ", ".join(sorted(prompts)) or "none"
            raise MCPError(INVALID_PARAMS, f"Unknown prompt {name!r}. This server's prompts: {offered}.")
        given = arguments or {}
        missing = [a.name for a in prompt.arguments or [] if a.required and not given.get(a.name)]
        if missing:
            raise MCPError(
                INVALID_PARAMS, f"Prompt {name!r} needs the argument(s) {', '.join(missing)}: pass them."
            )
        return await super().get_prompt(name, arguments, context)

    async def read_resource(self, uri: Any, context: Context[Any, Any] | None = None) -> Any:
        token = _READ_MIME.set(None)
        try:
            results = await super().read_resource(uri, context)
            mime = _READ_MIME.get()
        except ResourceError as err:
            if not self.private_folders:
                raise
            raise type(err)(self.scrub(str(err))) from err.__cause__
        finally:
            _READ_MIME.reset(token)
        if mime is None or not isinstance(results, list):
            return results
        return [replace(r, mime_type=mime) if isinstance(r, ReadResourceContents) else r for r in results]
