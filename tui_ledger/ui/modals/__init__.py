"""Screens shown over others: the failure message with what to do."""
