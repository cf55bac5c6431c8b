"""The domain of kling-v2a-mcp, usable without MCP: engine, media, lint, inspection, jobs and config."""

__version__ = "0.1.0"
