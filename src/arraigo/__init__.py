"""arraigo: relocation-based local integration programmes for refugees."""

__version__ = "0.1.0"
