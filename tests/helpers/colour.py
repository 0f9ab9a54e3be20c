"""WCAG 2 contrast of two colours, as a browser reports them (``rgb(r, g, b)``) or as CSS writes
them (``#rrggbb``): what the legibility tests measure labels and links against."""

from __future__ import annotations


def _channels(colour: str) -> list[float]:
    if colour.startswith("#"):
        return [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    return [int(c) / 255 for c in colour[colour.index("(") + 1:colour.index(")")].split(",")[:3]]


def luminance(colour: str) -> float:
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4
              for c in _channels(colour)]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
