"""The MCP surface of kling-v2a-mcp: registration, progress, transports and entry points. Thin: logic lives in tools/."""
