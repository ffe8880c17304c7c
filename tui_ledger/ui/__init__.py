"""The terminal UI: the only package that imports Textual. `launch.launch_app` is its entry point.

Where things are:
- `app.py`: the App, owner of all long-running work (`run_task`) and of the one failure handler.
- `launch.py`: what `tui-ledger` runs; opens the profile through `tui_ledger.wiring` after the first frame.
- `keymap.py`: every action with its id, default key and words; `[keys]` overrides are checked against it.
- `commands.py`: the command palette's list of those actions.
- `themes.py` + `themes/*.toml` at the repository root: theme files, validated; `glyphs.py`: the symbol tables.
- `screens/`: Start, Export, Help (F1), Debug (F12); `modals/`: the failure message; `widgets/`: their parts;
  `styles/`: one stylesheet for the shell and one per screen.
"""
