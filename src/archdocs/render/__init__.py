"""Renderers: model and analyses in, text out (Mermaid, Graphviz DOT, JSON, Markdown, plain text).
None of them imports Sphinx; the Sphinx extension wraps their output in docutils nodes."""
