"""People of a shared host: their tokens (only hashes are kept), their jobs, folders and daily budgets.

A person is named by a token made with `kling-v2a tokens add NAME`, by KLING_V2A_HTTP_TOKEN (the person `team`), or
by the subject of an OAuth access token. The local user (stdio, the CLI, a loopback server without tokens) is the
person without a name: `None` everywhere in this package.
"""
