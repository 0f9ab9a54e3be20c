"""Forms: only the core, yet the store imports them (a cycle made by folding web/)."""

from depot import core
