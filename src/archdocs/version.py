"""The archdocs version, in a module of its own so that every part can read it without importing the
package root (whose lazy ``setup`` imports the Sphinx extension)."""

__version__ = "0.1.0"
