"""The workflows, as async functions that emit typed progress events. No Textual imports here."""
