"""Corporate parenting strategies as data: definitions, the action plan, RAG and scorecards.

See docs/strategies.md (using it) and docs/strategy-definitions.md (the file format).
"""
