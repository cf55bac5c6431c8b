"""The cold-start floor: a bare MCPServer with one tool, served over stdio.

The benchmark spawns it with the same Python and the same client as kling-v2a-mcp, so the difference between
the two is the project's own start-up cost. Run: `python tests/bench/floor_server.py` (speaks MCP on stdio).
"""

from mcp.server.mcpserver import MCPServer

mcp = MCPServer("bench-floor")


@mcp.tool()
def echo(text: str) -> str:
    """Return the text unchanged."""
    return text


if __name__ == "__main__":
    mcp.run("stdio")
