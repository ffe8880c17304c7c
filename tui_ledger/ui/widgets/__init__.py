"""Widgets the screens are built from: the shell header, the filter bar, progress, result sections."""
