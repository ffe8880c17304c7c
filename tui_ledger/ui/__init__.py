"""The terminal UI: the only package that imports Textual. `launch.launch_app` is its entry point."""
