"""What the MCP App player shows of one job: its files (checked), a playable rendition, its timeline, keeping a take."""
