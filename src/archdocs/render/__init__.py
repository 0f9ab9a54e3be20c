"""Renderers: model and analyses in, text out (Mermaid, Graphviz DOT, JSON, Markdown, plain text).
None of them imports Sphinx; the Sphinx extension wraps their output in docutils nodes."""

#: The modules other stages may import; the rest are this stage's own (tests/test_house.py).
__all__ = ["chart", "diagram", "dot", "explorer", "json_", "layers", "mermaid", "migrations",
           "prcomment", "sarif", "text"]
