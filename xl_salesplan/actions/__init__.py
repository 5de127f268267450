"""The actions: one function per ribbon button and command (see docs/cli.md)."""
