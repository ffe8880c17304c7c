"""Full screens: Start (while the profile opens), Export, Help (F1) and Debug (F12)."""
