"""Helpers shared by the tests of more than one area; each module says which tests share it and why."""
