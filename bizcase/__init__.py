"""bizcase: build a one-page business case for opening up social media to all staff."""

__version__ = "0.1.0"
